"""The list pages: load, see what became of every row, fix a row set aside. Every name is fictional."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from izdeu.lists.importing import import_file
from izdeu.lists.models import ListEntry, QuarantinedRow, Source, SourceKind
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


def post_upload(client, data=None):
    return client.post("/ru/lists/", {
        "file": SimpleUploadedFile("список.csv", data or cp1251_list(), content_type="text/csv"),
        "name": "УП Алмалинского района", "kind": SourceKind.POLICE_STATION, "list_date": "2022-01-07",
        "reliability": "unconfirmed", "provided_by": "",
    })  # fmt: skip


def test_a_list_is_loaded_checked_and_fixed(client, volunteer):
    client.force_login(volunteer)
    response = post_upload(client)
    assert response.status_code == 302
    source = Source.objects.get()
    assert response["Location"] == f"/ru/lists/{source.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert ">3</dd>" in page and ">2</dd>" in page and ">1</dd>" in page
    assert "92031230****" in page and "920312300127" not in page

    quarantine = client.get(f"/ru/lists/{source.pk}/quarantine/").content.decode()
    assert "Последняя цифра ИИН" in quarantine or "ИИН" in quarantine
    row = QuarantinedRow.objects.get()
    prefix = f"r{row.pk}"
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


def test_the_quarantine_gives_its_reasons_in_russian(client, volunteer):
    client.force_login(volunteer)
    post_upload(client)
    source = Source.objects.get()
    from django.utils import translation

    from izdeu.lists.problems import describe

    with translation.override("ru"):
        reason = describe(QuarantinedRow.objects.get().problems[0]["code"])
    page = client.get(f"/ru/lists/{source.pk}/quarantine/").content.decode()
    assert reason in page


def test_loading_the_same_file_again_changes_nothing(client, volunteer):
    client.force_login(volunteer)
    post_upload(client)
    response = post_upload(client, cp1251_list())
    assert Source.objects.count() == 1
    page = client.get(response["Location"]).content.decode()
    with __import__("django.utils.translation", fromlist=["override"]).override("ru"):
        from django.utils.translation import gettext

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
