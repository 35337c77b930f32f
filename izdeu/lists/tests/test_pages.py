"""The list pages: load, see what became of every row, fix a row set aside. Every name is fictional."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext

from izdeu.lists.importing import import_file
from izdeu.lists.models import ImportJob, JobStatus, ListEntry, QuarantinedRow, Source, SourceKind
from izdeu.lists.views import mask_iin

ROWS = [
    "1;ЗАГИПАРОВ Нурлан Серикович;12.03.1992;920312300127;м;",
    "2;Сейткалиева Айгерим Болатовна;05.11.1998;;ж;",
    "3;Жумабаев Асет;;920312300128;;",  # check digit wrong
]


def cp1251_list() -> bytes:
    lines = ["Список задержанных", "УП Алмалинского района г. Алматы, 07.01.2022", "",
             "№;ФИО;Дата рождения;ИИН;Пол;Статья", *ROWS]  # fmt: skip
    return ("\r\n".join(lines) + "\r\n").encode("cp1251")


def post_upload(client, data=None, name="УП Алмалинского района", filename="список.csv", lang="ru"):
    return client.post(f"/{lang}/lists/", {
        "file": SimpleUploadedFile(filename, data or cp1251_list(), content_type="text/csv"),
        "name": name, "kind": SourceKind.POLICE_STATION, "list_date": "2022-01-07",
        "reliability": "unconfirmed", "provided_by": "",
    })  # fmt: skip


def accept_mapping(client, job: ImportJob, changes: dict[str, str] | None = None, lang="ru", leave_out=()):
    """Post the mapping screen as shown (the guesses kept), with `changes` {"s0-c3": field}."""
    data = {}
    for number, sheet in enumerate(job.sheets):
        if sheet["sheet"] not in leave_out and len(job.sheets) > 1:
            data[f"s{number}-load"] = "on"
        for column in sheet["columns"]:
            data[f"s{number}-c{column['index']}"] = column["field"] or ""
    data.update(changes or {})
    return client.post(f"/{lang}/lists/loading/{job.pk}/", data)


def load(client, data=None, **kwargs):
    """Upload, accept the columns, and land on the list's page, as a volunteer in a hurry does."""
    response = post_upload(client, data, **kwargs)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.latest("pk")
    assert response["Location"] == f"/ru/lists/loading/{job.pk}/"
    assert accept_mapping(client, job).status_code == 302
    response = client.get(f"/ru/lists/loading/{job.pk}/")
    job.refresh_from_db()
    assert response["Location"] == f"/ru/lists/{job.source_id}/"
    return job


def test_a_list_is_loaded_checked_and_fixed(client, volunteer):
    client.force_login(volunteer)
    post_upload(client)
    job = ImportJob.objects.get()
    mapping = client.get(f"/ru/lists/loading/{job.pk}/").content.decode()
    # The guesses are shown with the first values under each column.
    assert '<option value="full_name" selected>' in mapping and "ЗАГИПАРОВ Нурлан Серикович" in mapping
    assert accept_mapping(client, job).status_code == 302
    source = Source.objects.get()
    response = client.get(f"/ru/lists/loading/{job.pk}/")
    assert response["Location"] == f"/ru/lists/{source.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert ">3</dd>" in page and ">2</dd>" in page and ">1</dd>" in page
    assert "92031230****" in page and "920312300127" not in page
    job.refresh_from_db()
    assert job.status == JobStatus.FINISHED and all("samples" not in sheet for sheet in job.sheets)

    quarantine = client.get(f"/ru/lists/{source.pk}/quarantine/").content.decode()
    row = QuarantinedRow.objects.get()
    prefix = f"r{row.pk}"
    # The form comes filled with what the row says: fixing a typo is one keystroke.
    assert f'name="{prefix}-full_name" value="Жумабаев Асет"' in quarantine
    assert f'name="{prefix}-iin" value="920312300128"' in quarantine
    bad = client.post(f"/ru/lists/{source.pk}/quarantine/{row.pk}/fix/",
                      {f"{prefix}-full_name": "Жумабаев Асет", f"{prefix}-iin": "920312300128"})  # fmt: skip
    assert bad.status_code == 400
    assert QuarantinedRow.objects.get().status == "open"
    good = client.post(f"/ru/lists/{source.pk}/quarantine/{row.pk}/fix/",
                       {f"{prefix}-full_name": "Жумабаев Асет", f"{prefix}-iin": "920312300127",
                        f"{prefix}-birth": "12.03.1992", f"{prefix}-sex": "male"})  # fmt: skip
    assert good.status_code == 302
    row.refresh_from_db()
    assert row.status == "fixed"
    entry = ListEntry.objects.get(pk=row.fixed_entry_id)
    assert (entry.surname, entry.iin, entry.row_number, entry.raw) == ("Жумабаев", "920312300127", row.row_number, row.raw)
    assert "Жумабаев Асет" in client.get(f"/ru/lists/{source.pk}/quarantine/").content.decode()


def test_a_dismissed_row_can_be_checked_again(client, volunteer):
    client.force_login(volunteer)
    job = load(client)
    row = QuarantinedRow.objects.get()
    client.post(f"/ru/lists/{job.source_id}/quarantine/{row.pk}/dismiss/", {f"d{row.pk}-reason": "unreadable"})
    assert QuarantinedRow.objects.get().status == "dismissed"
    page = client.get(f"/ru/lists/{job.source_id}/quarantine/").content.decode()
    assert f"/quarantine/{row.pk}/reopen/" in page
    client.post(f"/ru/lists/{job.source_id}/quarantine/{row.pk}/reopen/")
    row.refresh_from_db()
    assert row.status == "open" and [p["code"] for p in row.problems][-2:] == ["dismissed", "reopened"]


def test_the_quarantine_gives_its_reasons_in_russian(client, volunteer):
    client.force_login(volunteer)
    job = load(client)
    from django.utils import translation

    from izdeu.lists.problems import describe

    with translation.override("ru"):
        reason = describe(QuarantinedRow.objects.get().problems[0]["code"])
    page = client.get(f"/ru/lists/{job.source_id}/quarantine/").content.decode()
    assert reason in page


def test_loading_the_same_file_again_changes_nothing(client, volunteer):
    client.force_login(volunteer)
    load(client)
    response = post_upload(client, cp1251_list())
    assert Source.objects.count() == 1 and ImportJob.objects.count() == 1
    page = client.get(response["Location"]).content.decode()
    with translation.override("ru"):
        assert gettext("This file was already loaded into this list: nothing changed.") in page


def test_a_refused_file_shows_the_form_again_with_its_reasons(client, volunteer):
    client.force_login(volunteer)
    response = client.post("/en/lists/", {
        "file": SimpleUploadedFile("empty.csv", b"", content_type="text/csv"), "name": "x",
        "kind": SourceKind.COURT, "reliability": "unconfirmed",
    })  # fmt: skip
    assert response.status_code == 400


def test_a_pasted_chat_list_is_loaded(client, volunteer):
    client.force_login(volunteer)
    response = client.post("/en/lists/", {
        "text": "Список УП Алмалинского:\r\n1. Загипаров Нурлан Серикович, 1992 г.р. — УП Алмалинского района\r\n"
                "2. Сейтқали Айгерим Болатқызы 30 жаста — ИВС ДП г. Алматы\r\n3. Ким Сергей 05.11.1985\r\n",
        "name": "Чат", "kind": SourceKind.VOLUNTEER_REPORT, "reliability": "unconfirmed",
    })  # fmt: skip
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert [c["field"] for c in job.sheets[0]["columns"]] == ["row_number", "chat_line"]
    accept_mapping(client, job, lang="en")
    assert ListEntry.objects.count() == 3


def test_a_lawyer_cannot_load_a_list(client, lawyer):
    client.force_login(lawyer)
    assert post_upload(client).status_code == 403
    assert not Source.objects.exists()


@pytest.mark.parametrize("suffix", ["", "quarantine/"])
def test_another_organisations_list_is_not_found(client, volunteer, other_organisation, suffix):
    from izdeu.conftest import make_user

    stranger = make_user(other_organisation, "coordinator")
    summary = import_file(cp1251_list(), "x.csv", source_name="x", kind=SourceKind.COURT,
                          organisation=other_organisation, user=stranger)  # fmt: skip
    client.force_login(volunteer)
    assert client.get(f"/en/lists/{summary.source_id}/{suffix}").status_code == 404


def test_an_iin_is_masked():
    assert mask_iin("920312300127") == "92031230****"
    assert mask_iin("") == ""
