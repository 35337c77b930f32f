"""Loading list files: nothing lost, nothing twice, all or nothing. Every name here is fictional."""

import datetime as dt
import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from izdeu.lists import importing
from izdeu.lists.importing import ImportRefused, import_file
from izdeu.lists.models import ImportRun, ListEntry, QuarantinedRow, Source, SourceKind, Upload
from izdeu.people.models import Sex

LIST_DATE = dt.date(2022, 1, 7)
HEADER = "№;ФИО;Дата рождения;ИИН;Пол;Статья"
GOOD_ROWS = [
    "1;ЗАГИПАРОВ Нурлан Серикович;12.03.1992;920312300127;м;272 ч.2",
    "2;Сейткалиева Айгерим Болатовна;05.11.1998;;ж;",
    "3;Ким Сергей;1985 г.р.;;;",
    "4;Мусин Ерлан;30 лет;;;",
]
BAD_ROWS = [
    "5;Абенов Данияр;30.02.1990;;м;",  # no 30 February
    "6;Жумабаев Асет;;920312300128;;",  # check digit wrong
    "7;Оспанова Динара;12.03.1992;920312300127;ж;",  # the IIN is a man's
    "8;;1990;;;",  # no name
]


def cp1251_list(rows: list[str]) -> bytes:
    """A police list as it comes from an old Windows machine: a title block, then the table."""
    lines = ["Список задержанных", "УП Алмалинского района г. Алматы, 07.01.2022", "", HEADER, *rows]
    return ("\r\n".join(lines) + "\r\n").encode("cp1251")


def load(data, user, organisation, name="УП Алмалинского района", kind=SourceKind.POLICE_STATION, **options):
    return import_file(data, "список_задержанных.csv", source_name=name, kind=kind, organisation=organisation,
                       user=user, list_date=LIST_DATE, **options)  # fmt: skip


@pytest.fixture
def good_and_bad(tmp_path):
    path = tmp_path / "список_задержанных.csv"
    path.write_bytes(cp1251_list([*GOOD_ROWS, GOOD_ROWS[0], *BAD_ROWS]))
    return path


def test_every_row_is_an_entry_a_quarantined_row_or_a_duplicate(good_and_bad, volunteer, organisation):
    summary = load(good_and_bad, volunteer, organisation)
    assert (summary.rows, summary.imported, summary.quarantined, summary.duplicates) == (9, 4, 4, 1)
    assert summary.rows == summary.imported + summary.quarantined + summary.duplicates
    run = ImportRun.objects.get(pk=summary.run_ids[0])
    assert (run.rows, run.imported, run.quarantined, run.duplicates, run.status) == (9, 4, 4, 1, "finished")
    assert ListEntry.objects.filter(source_id=summary.source_id).count() == 4


def test_rows_are_read_into_fields(good_and_bad, volunteer, organisation):
    summary = load(good_and_bad, volunteer, organisation)
    entries = {e.surname: e for e in ListEntry.objects.filter(source_id=summary.source_id)}
    first = entries["ЗАГИПАРОВ"]
    assert (first.given_name, first.patronymic, first.birth_date, first.sex) == (
        "Нурлан", "Серикович", dt.date(1992, 3, 12), Sex.MALE,
    )  # fmt: skip
    assert first.iin == "920312300127"
    assert first.raw["ФИО"] == "ЗАГИПАРОВ Нурлан Серикович"
    assert first.file_sha256 == hashlib.sha256(good_and_bad.read_bytes()).hexdigest()
    assert entries["Сейткалиева"].sex == Sex.FEMALE  # from the column
    assert entries["Ким"].birth_year == 1985 and entries["Ким"].sex == Sex.UNKNOWN
    assert (entries["Мусин"].age_min, entries["Мусин"].age_on, entries["Мусин"].sex) == (30, LIST_DATE, Sex.MALE)


def test_quarantine_keeps_the_row_and_its_reasons_but_no_values(good_and_bad, volunteer, organisation):
    load(good_and_bad, volunteer, organisation)
    rows = {row.raw["№"]: row for row in QuarantinedRow.objects.all()}
    assert {n: [p["code"] for p in row.problems] for n, row in rows.items()} == {
        "5": ["impossible_date"],
        "6": ["iin_bad_check_digit"],
        "7": ["iin_contradicts_sex"],
        "8": ["no_name"],
    }
    assert rows["6"].raw["ФИО"] == "Жумабаев Асет"
    assert rows["6"].status == "open" and rows["6"].fixed_entry is None
    assert "920312300128" not in json.dumps([row.problems for row in rows.values()])


def test_an_invalid_iin_never_reaches_an_entry(good_and_bad, volunteer, organisation):
    load(good_and_bad, volunteer, organisation)
    assert ListEntry.objects.filter_encrypted(iin="920312300128").count() == 0
    assert not ListEntry.objects.filter(surname__in=["Жумабаев", "Оспанова"]).exists()


def test_the_same_file_twice_changes_nothing_and_says_so(good_and_bad, volunteer, organisation):
    first = load(good_and_bad, volunteer, organisation)
    counts = (Source.objects.count(), ListEntry.objects.count(), ImportRun.objects.count(), Upload.objects.count())
    again = load(good_and_bad, volunteer, organisation)
    assert again.already_imported and not first.already_imported
    assert (again.source_id, again.run_ids, again.imported) == (first.source_id, first.run_ids, first.imported)
    assert counts == (Source.objects.count(), ListEntry.objects.count(), ImportRun.objects.count(),
                      Upload.objects.count())  # fmt: skip


def test_the_raw_file_is_kept_encrypted_with_its_fingerprint(good_and_bad, volunteer, organisation, settings):
    summary = load(good_and_bad, volunteer, organisation)
    upload = Upload.objects.get(pk=summary.upload_id)
    original = good_and_bad.read_bytes()
    assert upload.sha256 == hashlib.sha256(original).hexdigest() == summary.sha256
    assert upload.original_name == "список_задержанных.csv" and upload.size == len(original)
    assert (upload.detected_kind, upload.encoding) == ("csv", "cp1251")
    on_disk = (settings.MEDIA_ROOT / upload.file.name).read_bytes()
    assert "Загипаров".encode("cp1251") not in on_disk and "ЗАГИПАРОВ".encode("cp1251") not in on_disk
    assert "задержанных" not in upload.file.name
    with upload.file.open("rb") as handle:
        assert handle.read() == original


def test_a_failure_half_way_leaves_nothing(tmp_path, volunteer, organisation, monkeypatch):
    rows = [f"{n};Тестов{n} Арман Болатович;1990;;м;" for n in range(1, 5001)]
    path = tmp_path / "big.csv"
    path.write_bytes(cp1251_list(rows))
    real, batches = importing.create_entries, []

    def fail_on_third(batch):
        batches.append(len(batch))
        if len(batches) == 3:
            raise RuntimeError("disk full")
        real(batch)

    monkeypatch.setattr(importing, "create_entries", fail_on_third)
    with pytest.raises(RuntimeError):
        load(path, volunteer, organisation)
    assert batches == [2000, 2000, 1000]
    assert (ListEntry.objects.count(), ImportRun.objects.count(), Source.objects.count()) == (0, 0, 0)
    assert Upload.objects.count() == 1  # kept, and reused by the run that follows
    monkeypatch.setattr(importing, "create_entries", real)
    summary = load(path, volunteer, organisation)
    assert (summary.imported, Upload.objects.count()) == (5000, 1)


def test_a_new_version_says_who_appeared_and_who_disappeared(volunteer, organisation):
    first = load(cp1251_list(GOOD_ROWS), volunteer, organisation)
    second_rows = [GOOD_ROWS[0].replace("ЗАГИПАРОВ", "Загипаров"), GOOD_ROWS[2], "9;Нурланов Тимур;1999;;;"]
    second = load(cp1251_list(second_rows), volunteer, organisation)
    assert second.source_id != first.source_id and second.previous_source_id == first.source_id
    assert Source.objects.get(pk=second.source_id).previous_version_id == first.source_id
    assert (second.appeared, second.disappeared) == (1, 2)
    gone = ListEntry.objects.filter(pk__in=second.disappeared_entry_ids)
    assert sorted(gone.values_list("surname", flat=True)) == ["Мусин", "Сейткалиева"]
    assert second.changed == 0


def test_a_new_version_says_whose_row_changed(volunteer, organisation):
    load(cp1251_list(GOOD_ROWS), volunteer, organisation)
    second_rows = [
        "1;ЗАГИПАРОВ Нурлан Серикович;12.03.1992;920312300127;м;272 ч.2 и 293",  # a second charge
        "2;Сейткалиева Айгерим Болатовна;05.11.1997;;ж;",  # the year corrected
        GOOD_ROWS[2], GOOD_ROWS[3],
    ]
    second = load(cp1251_list(second_rows), volunteer, organisation)
    assert (second.appeared, second.disappeared, second.changed) == (0, 0, 2)
    by_surname = {ListEntry.objects.get(pk=c["after"]).surname: c["fields"] for c in second.changed_entries}
    assert by_surname == {"ЗАГИПАРОВ": ["article"], "Сейткалиева": ["birth_year", "birth_date"]}


def test_a_new_version_reuses_the_mapping_a_volunteer_chose(volunteer, organisation):
    # The volunteer said column 5 ("Статья") is a note; the next version has the same headers.
    load(cp1251_list(GOOD_ROWS), volunteer, organisation, mappings={"": {5: "note"}})
    second = load(cp1251_list(GOOD_ROWS[:2]), volunteer, organisation)
    entry = ListEntry.objects.get(source_id=second.source_id, surname="ЗАГИПАРОВ")
    assert (entry.note, entry.article) == ("272 ч.2", "")
    assert ImportRun.objects.get(pk=second.run_ids[0]).mapping["5"] == "note"


def test_a_chat_paste_gives_names_birth_and_place(volunteer, organisation):
    paste = (
        "Список УП Алмалинского:\n"
        "1. Загипаров Нурлан Серикович, 1992 г.р. — УП Алмалинского района\n"
        "2. Сейтқали Айгерим Болатқызы 30 жаста — ИВС ДП г. Алматы\n"
        "3. Ким Сергей 05.11.1985\n"
    ).encode()
    summary = load(paste, volunteer, organisation, kind=SourceKind.VOLUNTEER_REPORT, name="чат адвоката")
    entries = {e.surname: e for e in ListEntry.objects.filter(source_id=summary.source_id)}
    assert summary.imported == 3
    first = entries["Загипаров"]
    assert (first.given_name, first.patronymic, first.birth_year, first.place_text, first.sex) == (
        "Нурлан", "Серикович", 1992, "УП Алмалинского района", Sex.MALE,
    )  # fmt: skip
    assert first.full_name == "Загипаров Нурлан Серикович"
    second = entries["Сейтқали"]
    assert (second.given_name, second.age_min, second.place_text, second.sex) == (
        "Айгерим", 30, "ИВС ДП г. Алматы", Sex.FEMALE,
    )  # fmt: skip
    assert entries["Ким"].birth_date == dt.date(1985, 11, 5)


def test_an_xlsx_with_separate_name_columns(tmp_path, volunteer, organisation):
    book = Workbook()
    sheet = book.active
    sheet.title = "ИВС"
    sheet.append(["Тізім: уақытша ұстау изоляторы"])
    sheet.append(["Тегі", "Аты", "Әкесінің аты", "Туған жылы", "ЖСН"])
    sheet.append(["Нұрланов", "Тимур", "Ерланұлы", 1999, ""])
    sheet.append(["Сүлейменова", "Әйгерім", "", dt.datetime(2001, 5, 4), ""])
    path = tmp_path / "ivs.xlsx"
    book.save(path)
    summary = import_file(path, "ivs.xlsx", source_name="ИВС", kind=SourceKind.TEMPORARY_DETENTION,
                          organisation=organisation, user=volunteer)  # fmt: skip
    assert (summary.rows, summary.imported) == (2, 2)
    entries = {e.surname: e for e in ListEntry.objects.filter(source_id=summary.source_id)}
    assert entries["Нұрланов"].birth_year == 1999 and entries["Нұрланов"].sheet == "ИВС"
    assert entries["Сүлейменова"].birth_date == dt.date(2001, 5, 4)
    assert entries["Сүлейменова"].full_name == "Сүлейменова Әйгерім"


def test_an_unreadable_file_is_refused_and_nothing_is_kept(volunteer, organisation, settings):
    with pytest.raises(ImportRefused) as refused:
        load(b"", volunteer, organisation)
    assert refused.value.codes == ["empty_file"]
    settings.MAX_UPLOAD_MB = 0
    with pytest.raises(ImportRefused) as refused:
        load(cp1251_list(GOOD_ROWS), volunteer, organisation)
    assert refused.value.codes == ["too_large"]
    assert (Upload.objects.count(), Source.objects.count()) == (0, 0)


def run_command(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_one_json_object(good_and_bad, volunteer, organisation):
    out, _err = run_command(str(good_and_bad), "--source", "УП Алмалы", "--kind", "police", "--list-date",
                            "07.01.2022", "--organisation", organisation.name, "--as", volunteer.username, "--json")  # fmt: skip
    summary = json.loads(out)
    assert list(summary)[:5] == ["rows", "imported", "quarantined", "duplicates", "source_id"]
    assert (summary["rows"], summary["imported"], summary["quarantined"], summary["duplicates"]) == (9, 4, 4, 1)
    source = Source.objects.get(pk=summary["source_id"])
    assert (source.kind, source.list_date) == (SourceKind.POLICE_STATION, LIST_DATE)


def test_the_command_speaks_to_a_person(good_and_bad, volunteer, organisation):
    args = [str(good_and_bad), "--source", "УП Алмалы", "--kind", "police", "--organisation", organisation.name,
            "--as", volunteer.username]  # fmt: skip
    assert "4 loaded, 4 set aside to check, 1 repeated" in run_command(*args)[0]
    assert "already loaded" in run_command(*args)[0]


def test_the_command_matches_a_facility_in_any_language(good_and_bad, volunteer, organisation, factory):
    facility = factory.facility()
    base = [str(good_and_bad), "--source", "УП", "--kind", "police", "--organisation", organisation.name,
            "--as", volunteer.username, "--json"]  # fmt: skip
    out, _err = run_command(*base, "--facility", "алматы қаласы алмалы ауданының пб")
    assert Source.objects.get(pk=json.loads(out)["source_id"]).facility == facility
    with pytest.raises(CommandError, match="No facility"):
        run_command(*base, "--facility", "ОП Медеуского района")


@pytest.mark.parametrize("change, message", [
    ({"file": "/nonexistent/list.csv"}, "No file"),
    ({"organisation": "Nobody"}, "No organisation"),
    ({"username": "nobody"}, "No active account"),
    ({"list_date": "7 января"}, "is not a date"),
])  # fmt: skip
def test_the_command_refuses_clearly(good_and_bad, volunteer, organisation, change, message):
    values = {"file": str(good_and_bad), "organisation": organisation.name, "username": volunteer.username,
              "list_date": "2022-01-07"} | change  # fmt: skip
    with pytest.raises(CommandError, match=message):
        run_command(values["file"], "--source", "УП", "--kind", "police", "--organisation", values["organisation"],
                    "--as", values["username"], "--list-date", values["list_date"])  # fmt: skip


def test_the_command_refuses_a_file_too_large(good_and_bad, volunteer, organisation, settings):
    settings.MAX_UPLOAD_MB = 0
    with pytest.raises(CommandError, match="larger than the largest upload"):
        run_command(str(good_and_bad), "--source", "УП", "--kind", "police", "--organisation", organisation.name,
                    "--as", volunteer.username)  # fmt: skip


def test_phone_numbers_in_a_row_are_kept_normalised_and_a_bad_one_is_noted(volunteer, organisation):
    rows = ["ФИО;Телефон родственников", "Сейткали Болат;8 701 555 01 42, 8(727)255-55-55", "Омарова Жулдыз;звонить"]
    summary = load("\r\n".join(rows).encode("cp1251"), volunteer, organisation)
    assert (summary.imported, summary.quarantined) == (2, 0)
    assert ListEntry.objects.get(surname="Сейткали").phones == "+77015550142, +77272555555"
    assert [p["code"] for p in summary.problems] == ["phone_not_a_number"]
