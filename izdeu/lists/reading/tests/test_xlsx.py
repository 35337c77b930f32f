"""XLSX files as spreadsheets leave them: IINs that lost their leading 0, sheets damaged part-way."""

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from izdeu.lists.importing import ImportRefused, import_file
from izdeu.lists.models import ListEntry, QuarantinedRow, SourceKind
from izdeu.lists.reading import read, stream
from izdeu.lists.values import check_digit

LIMIT = 10 * 1024 * 1024
HEADER = ["№", "ФИО", "Дата рождения", "ИИН"]


def valid_iin(born: dt.date, century_and_sex: int, serial: int = 1) -> str:
    while True:
        first11 = f"{born:%y%m%d}{century_and_sex}{serial:04d}"
        if (digit := check_digit(first11)) is not None:
            return f"{first11}{digit}"
        serial += 1


def workbook_bytes(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "УП"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def people(count: int) -> list[list]:
    return [[n, f"Загипаров{n} Нурлан", "12.03.1992", ""] for n in range(1, count + 1)]


def cut_sheet(data: bytes, keep: float) -> bytes:
    """The same workbook with `xl/worksheets/sheet1.xml` cut off after `keep` of its length."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: int(len(content) * keep)]
            target.writestr(item, content)
    return buffer.getvalue()


def load(data: bytes, user, organisation):
    return import_file(data, "up.xlsx", source_name="УП Алмалинского района", kind=SourceKind.POLICE_STATION,
                       organisation=organisation, user=user, list_date=dt.date(2022, 1, 7))  # fmt: skip


# IINs without their leading 0 ---------------------------------------------------------------------


def test_a_numeric_iin_cell_is_read_as_its_digits():
    iin = valid_iin(dt.date(1992, 3, 12), 3)
    result = read(workbook_bytes([[1, "Загипаров Нурлан", "12.03.1992", int(iin)]]), "up.xlsx", LIMIT)
    assert result.tables[0].rows[0].cells[3] == iin


def test_an_iin_that_lost_its_leading_zero_gets_it_back_and_says_so(volunteer, organisation):
    iin = valid_iin(dt.date(2005, 3, 12), 5)
    assert iin.startswith("0")
    data = workbook_bytes([[1, "Сериков Ерлан", "12.03.2005", int(iin)], [2, "Ким Сергей", "1985", ""]])
    summary = load(data, volunteer, organisation)
    assert (summary.imported, summary.quarantined) == (2, 0)
    entry = ListEntry.objects.get(source_id=summary.source_id, surname="Сериков")
    assert (entry.iin, entry.birth_date) == (iin, dt.date(2005, 3, 12))
    [note] = [p for p in summary.problems if p["code"] == "iin_leading_zero_restored"]
    assert (note["row"], note["detail"]["count"], note["detail"]["rows"]) == (2, 1, [2])


def test_eleven_digits_that_would_make_someone_born_in_the_1900s_stay_wrong(volunteer, organisation):
    # 0 put back would give someone born in 1905: far likelier a mistyped number than a 117-year-old.
    iin = valid_iin(dt.date(1905, 3, 12), 3)
    summary = load(workbook_bytes([[1, "Сериков Ерлан", "", int(iin)]]), volunteer, organisation)
    assert (summary.imported, summary.quarantined) == (0, 1)
    [row] = QuarantinedRow.objects.all()
    assert [p["code"] for p in row.problems] == ["iin_wrong_length"]
    assert not [p for p in summary.problems if p["code"] == "iin_leading_zero_restored"]


# Sheets damaged part-way --------------------------------------------------------------------------


def test_a_sheet_cut_off_part_way_keeps_the_rows_before_the_damage():
    data = cut_sheet(workbook_bytes(people(200)), keep=0.5)
    result = stream(data, "up.xlsx", LIMIT)
    numbers = [row.number for row in result.tables[0].iter_rows()]
    assert 50 < len(numbers) < 150
    assert numbers == list(range(2, len(numbers) + 2))
    [broken] = [p for p in result.problems if p.code == "broken_xlsx"]
    assert broken.row == numbers[-1] + 1
    assert broken.detail["sheet"] == "УП"


def test_an_import_of_a_damaged_sheet_loads_the_rows_before_and_reports_it(volunteer, organisation):
    data = cut_sheet(workbook_bytes(people(200)), keep=0.5)
    summary = load(data, volunteer, organisation)
    assert 50 < summary.imported < 150 and summary.imported == summary.rows
    assert ListEntry.objects.filter(source_id=summary.source_id).count() == summary.imported
    [broken] = [p for p in summary.problems if p["code"] == "broken_xlsx"]
    assert broken["row"] == summary.rows + 2  # the header is row 1
    assert broken["detail"] == {"sheet": "УП"}


def test_a_sheet_cut_off_before_its_first_row_is_refused_as_damaged(volunteer, organisation):
    data = cut_sheet(workbook_bytes(people(3)), keep=0.05)
    assert [p.code for p in read(data, "up.xlsx", LIMIT).problems] == ["broken_xlsx"]
    with pytest.raises(ImportRefused) as refused:
        load(data, volunteer, organisation)
    assert refused.value.codes == ["broken_xlsx"]
