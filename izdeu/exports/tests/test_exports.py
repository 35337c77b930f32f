"""A file of personal data leaves izdeu only with two people's consent, and names them both."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from izdeu.accounts import reauth
from izdeu.audit.models import AuditEntry
from izdeu.exports.files import safe_cell
from izdeu.exports.models import Export, ExportStatus
from izdeu.tests.factory import refuses

REASON = "Список для омбудсмена: кого ещё не нашли"


def confirmed_recently(client):
    session = client.session
    session[reauth.SESSION_KEY] = timezone.now().timestamp()
    session.save()


@pytest.fixture
def as_user(client):
    def sign_in(user, reauthenticated=True):
        client.force_login(user)
        if reauthenticated:
            confirmed_recently(client)
        return client

    return sign_in


def ask(as_user, coordinator):
    response = as_user(coordinator).post("/en/exports/request/", {"kind": "cases", "reason": REASON})
    assert response.status_code == 302
    return Export.objects.get()


def approve(as_user, administrator, export):
    as_user(administrator).post(f"/en/exports/{export.pk}/decide/", {"approve": "on"})
    export.refresh_from_db()


def download(as_user, coordinator, export):
    response = as_user(coordinator).post(f"/en/exports/{export.pk}/download/")
    body = b"".join(response.streaming_content).decode("utf-8-sig") if response.status_code == 200 else ""
    return response, list(csv.reader(io.StringIO(body)))


def test_an_approved_export_is_downloaded_once_with_both_names_on_every_row(as_user, factory, coordinator, administrator):
    factory.case(person=factory.person(surname="=HYPERLINK(\"http://evil\")", given_name="Нурлан"))
    factory.case(person=factory.person(surname="Сулейменова", given_name="Айгерім", sex="female"))
    export = ask(as_user, coordinator)
    assert export.status == ExportStatus.REQUESTED
    approve(as_user, administrator, export)
    assert export.status == ExportStatus.APPROVED and export.decided_by == administrator

    response, rows = download(as_user, coordinator, export)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="izdeu-export-{export.pk}.csv"'
    watermark = rows[0][0]
    assert coordinator.username in watermark and administrator.username in watermark
    records = rows[2:]
    assert len(records) == 2
    assert all(row[0] == watermark for row in records)
    assert {row[5] for row in records} == {"Нурлан", "Айгерім"}
    assert "'=HYPERLINK(\"http://evil\")" in {row[4] for row in records}, "formulas are kept as text"

    again, _rows = download(as_user, coordinator, export)
    assert again.status_code == 302
    export.refresh_from_db()
    assert export.status == ExportStatus.DOWNLOADED and export.rows == 2
    assert AuditEntry.objects.filter(action="export", object_ids=[str(export.pk)]).count() == 1


def test_nothing_leaves_without_approval(as_user, factory, coordinator):
    factory.case()
    export = ask(as_user, coordinator)
    response, rows = download(as_user, coordinator, export)
    assert response.status_code == 302 and rows == []


def test_a_refused_export_cannot_be_downloaded(as_user, factory, coordinator, administrator):
    export = ask(as_user, coordinator)
    as_user(administrator).post(f"/en/exports/{export.pk}/decide/", {"refusal_reason": "Нет основания"})
    export.refresh_from_db()
    assert export.status == ExportStatus.REFUSED and export.refusal_reason == "Нет основания"
    assert download(as_user, coordinator, export)[0].status_code == 302


def test_an_old_approval_has_expired(as_user, factory, coordinator, administrator):
    export = ask(as_user, coordinator)
    approve(as_user, administrator, export)
    Export.objects.filter(pk=export.pk).update(decided_at=timezone.now() - dt.timedelta(days=2))
    assert download(as_user, coordinator, export)[0].status_code == 302


def test_only_the_coordinator_who_asked_downloads_and_only_an_administrator_approves(
    as_user, factory, coordinator, administrator, lawyer
):
    export = ask(as_user, coordinator)
    as_user(coordinator).post(f"/en/exports/{export.pk}/decide/", {"approve": "on"})
    export.refresh_from_db()
    assert export.status == ExportStatus.REQUESTED, "a coordinator cannot approve"
    approve(as_user, administrator, export)
    assert as_user(administrator).post(f"/en/exports/{export.pk}/download/").status_code == 403
    assert as_user(lawyer).get("/en/exports/").status_code == 403


def test_the_database_refuses_an_export_approved_by_the_one_who_asked(coordinator):
    refuses(
        lambda: Export.objects.create(
            organisation=coordinator.organisation, kind="cases", reason=REASON, requested_by=coordinator,
            status=ExportStatus.APPROVED, decided_by=coordinator, decided_at=timezone.now(),
        )
    )


def test_asking_approving_and_downloading_need_the_password_again(as_user, coordinator):
    response = as_user(coordinator, reauthenticated=False).post("/en/exports/request/", {"kind": "cases", "reason": REASON})
    assert response.status_code == 302 and "/accounts/confirm/" in response["Location"]
    assert not Export.objects.exists()


def test_other_organisations_exports_are_invisible(as_user, coordinator, other_organisation):
    from izdeu.conftest import make_user

    stranger = make_user(other_organisation, "coordinator", "шымкент")
    ask(as_user, stranger)
    assert "#" not in as_user(coordinator).get("/en/exports/").content.decode().split("<h2>")[-1]


@pytest.mark.parametrize("text", ["=1+1", "+77015550142", "-2", "@SUM(A1)", "\tcmd"])
def test_cells_that_spreadsheets_would_run_are_neutralised(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell("Загипаров") == "Загипаров"
