import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from izdeu.accounts.models import Role
from izdeu.audit.log import AuditAction, record
from izdeu.audit.models import AuditAlert, AuditEntry
from izdeu.conftest import make_user

pytestmark = pytest.mark.django_db


def url(name: str = "audit:log", *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def titles(response) -> list[str]:
    """The entries listed, as 'action record-type ids', in the order shown."""
    return [f"{row.entry.action} {row.entry.object_type} {','.join(row.entry.object_ids)}" for row in response.context["rows"]]


@pytest.fixture
def log(coordinator, lawyer, volunteer, other_organisation) -> None:
    stranger = make_user(other_organisation, Role.COORDINATOR, "shymkent-coordinator")
    record(volunteer, AuditAction.CREATE, "searches.searchrequest", [1])
    record(lawyer, AuditAction.READ, "people.person", [12, 15, 19, 21, 22, 23, 24], fields=["full_name", "birth_date"])
    record("task:purge", AuditAction.ERASE, "searches.requester", [4], detail="retention:request_closed", organisation_id=coordinator.organisation_id)
    record(stranger, AuditAction.READ, "people.person", [99])
    record(coordinator, AuditAction.EXPORT, "cases.case", [], detail="count=40")


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.LAWYER, Role.ADMINISTRATOR])
def test_only_coordinators_open_the_audit_log(client, users_by_role, role):
    client.force_login(users_by_role[role])
    assert client.get(url()).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(url())
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_a_coordinator_sees_their_organisations_entries_newest_first(client, coordinator, log):
    client.force_login(coordinator)
    response = client.get(url())
    assert response.status_code == 200
    assert titles(response) == [
        f"sign_in accounts.user {coordinator.pk}",
        "export cases.case ",
        "erase searches.requester 4",
        "read people.person 12,15,19,21,22,23,24",
        "create searches.searchrequest 1",
    ]
    page = response.content.decode()
    assert "99" not in titles(response) and "shymkent-coordinator" not in page
    assert "Full name as written" in page or "full name as written" in page
    assert "and 2 more" in page


def test_filters_narrow_the_log_by_who_what_and_type(client, coordinator, lawyer, log):
    client.force_login(coordinator)
    assert titles(client.get(url(), {"actor": lawyer.pk})) == ["read people.person 12,15,19,21,22,23,24"]
    assert titles(client.get(url(), {"actor": "none"})) == ["erase searches.requester 4"]
    assert titles(client.get(url(), {"action": "create"})) == ["create searches.searchrequest 1"]
    assert titles(client.get(url(), {"object_type": "cases.case"})) == ["export cases.case "]


def test_dates_filter_the_log_by_day(client, coordinator, log, monkeypatch):
    last_week = timezone.now() - dt.timedelta(days=7)
    monkeypatch.setattr(timezone, "now", lambda: last_week)
    record(coordinator, AuditAction.SIGN_IN, "accounts.user", [coordinator.pk])
    monkeypatch.undo()
    client.force_login(coordinator)
    day = timezone.localdate(last_week).isoformat()
    assert titles(client.get(url(), {"date_from": day, "date_to": day})) == [f"sign_in accounts.user {coordinator.pk}"]
    today = timezone.localdate().isoformat()
    assert len(titles(client.get(url(), {"date_from": today}))) == 5  # the log's four, and this sign-in


def test_a_reversed_date_range_is_explained_not_ignored(client, coordinator, log):
    client.force_login(coordinator)
    with translation.override("en"):
        response = client.get(url(), {"date_from": "2022-01-10", "date_to": "2022-01-05"})
    assert titles(response) == []
    assert "The start date is after the end date." in response.content.decode()


def test_the_log_is_split_into_pages(client, coordinator):
    for n in range(55):
        record(coordinator, AuditAction.EXPORT, "cases.case", [n])
    client.force_login(coordinator)
    first = client.get(url())
    second = client.get(url(), {"page": 2, "action": "export"})
    assert len(first.context["rows"]) == 50 and len(second.context["rows"]) == 5
    assert "page=2" in first.content.decode()


@pytest.fixture
def alert(lawyer) -> AuditAlert:
    return AuditAlert.objects.create(
        user=lawyer, organisation=lawyer.organisation, window_start=timezone.now().replace(minute=0, second=0, microsecond=0),
        records_read=240,
    )


def test_open_alerts_are_shown_on_top_and_can_be_acknowledged(client, coordinator, alert):
    client.force_login(coordinator)
    with translation.override("en"):
        page = client.get(url()).content.decode()
        assert "read 240 records about people." in page
        response = client.post(url("audit:acknowledge", alert.pk))
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.acknowledged_by, alert.acknowledged_at is not None) == (coordinator, True)
    [entry] = AuditEntry.objects.filter(action=AuditAction.ALERT_ACKNOWLEDGED)
    assert (entry.user_id, entry.object_ids) == (coordinator.pk, [str(alert.pk)])
    assert "read 240 records" not in client.get(url()).content.decode()


def test_acknowledging_twice_is_recorded_once(client, coordinator, alert):
    client.force_login(coordinator)
    client.post(url("audit:acknowledge", alert.pk))
    client.post(url("audit:acknowledge", alert.pk))
    assert AuditEntry.objects.filter(action=AuditAction.ALERT_ACKNOWLEDGED).count() == 1


def test_another_organisations_alerts_are_neither_shown_nor_acknowledged(client, other_organisation, alert):
    stranger = make_user(other_organisation, Role.COORDINATOR, "shymkent-coordinator")
    client.force_login(stranger)
    assert "240" not in client.get(url()).content.decode()
    assert client.post(url("audit:acknowledge", alert.pk)).status_code == 404
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_acknowledging_needs_a_post(client, coordinator, alert):
    client.force_login(coordinator)
    assert client.get(url("audit:acknowledge", alert.pk)).status_code == 405


def test_coordinators_find_the_log_in_the_menu(client, coordinator, lawyer):
    client.force_login(coordinator)
    assert url() in client.get(url("web:dashboard")).content.decode()
    client.logout()
    client.force_login(lawyer)
    assert url() not in client.get(url("web:dashboard")).content.decode()
