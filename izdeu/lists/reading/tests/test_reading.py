import io
import json
import zipfile

import pytest

from izdeu.lists.reading import apply_mapping, guess_fields, mapping_of, mapping_to_json, read, stream
from izdeu.lists.reading.detect import guess_single_byte

from . import fixtures

LIMIT = 10 * 1024 * 1024


def codes(result):
    return [problem.code for problem in result.problems]


def fields(table):
    return [column.field for column in table.columns]


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_a_single_byte_police_list_with_a_title_block_is_read_with_its_header(encoding):
    # KOI8-R has no "№", so those lists are typed with "N".
    data = fixtures.police_list_text(";").replace("№", "N").encode(encoding)
    result = read(data, "УП Алмалинского.csv", LIMIT)
    assert (result.kind, result.encoding) == ("csv", encoding)
    [table] = result.tables
    assert table.header_row == 4
    assert table.title == [fixtures.TITLE, fixtures.SENTENCE]
    assert fields(table) == ["row_number", "full_name", "birth_date", "iin", "place", "article"]
    assert [row.cells for row in table.rows] == fixtures.PEOPLE
    assert [row.number for row in table.rows] == [5, 6, 7]
    assert result.blank_rows == 1
    assert result.problems == []


def test_cp1251_and_koi8_r_are_told_apart_on_a_single_sentence():
    for encoding in ("cp1251", "koi8_r"):
        assert guess_single_byte(fixtures.SENTENCE.encode(encoding)) == encoding


def test_excel_unicode_text_in_utf16_with_tabs_is_read():
    data = fixtures.police_list_text("\t").encode("utf-16")
    result = read(data, "list.txt", LIMIT)
    assert result.encoding == "utf-16"
    assert [row.cells for row in result.tables[0].rows] == fixtures.PEOPLE


def test_utf8_with_a_bom_loses_the_bom_and_keeps_the_header():
    result = read(fixtures.police_list_text(",").encode("utf-8-sig"), "list.csv", LIMIT)
    assert result.encoding == "utf-8-sig"
    assert result.tables[0].columns[0].header == "№"
    assert len(result.tables[0].rows) == 3


def test_cp1251_lines_inside_a_utf8_file_are_decoded_and_reported():
    lines = fixtures.police_list_text(";").splitlines(keepends=True)
    data = b"".join(line.encode("cp1251" if number in (5, 7) else "utf-8") for number, line in enumerate(lines, 1))
    result = read(data, "list.csv", LIMIT)
    assert [row.cells for row in result.tables[0].rows] == fixtures.PEOPLE
    [problem] = result.problems
    assert problem.code == "mixed_encoding"
    assert problem.detail["lines"] == [5, 7]
    assert problem.detail["other"] == ["cp1251"]


def test_a_chat_paste_gives_one_row_per_numbered_line_with_the_number_apart():
    result = read(fixtures.chat_paste(40).encode(), "chat.txt", LIMIT)
    assert result.kind == "chat"
    [table] = result.tables
    assert fields(table) == ["row_number", "chat_line"]
    assert table.title == ["Список по УП Алмалинского, кого видели:"]
    assert len(table.rows) == 40
    assert table.rows[11].cells == ["12", "Сулейменова12 Айгерім 30 жаста"]
    assert table.rows[12].cells == ["13", "ЗАГИПАРОВ13 Нурлан Серикович, 1992 г.р. — УП Алмалинского р-на"]
    assert table.rows[0].number == 3


def test_kazakh_headers_are_recognised():
    text = "Аты-жөні,Туған күні,ЖСН\nСерикбаев Дәулет,03.02.1990,900203300784\n"
    result = read(text.encode(), "тізім.csv", LIMIT)
    assert fields(result.tables[0]) == ["full_name", "birth_date", "iin"]


def test_headers_are_matched_through_case_punctuation_and_latin_look_alikes():
    guesses = guess_fields(["ф. и. о.", "ФИO", "Дата рождения (дд.мм.гггг)", "Место рождения", "г.р.", "Ерунда"])
    assert [field for field, _ in guesses] == ["full_name", "full_name", "birth_date", "birth_place", "birth_year", None]
    assert guesses[0][1] == guesses[1][1] == 0.9 and guesses[2][1] == 0.7


def test_an_xlsx_offers_every_sheet_with_merged_headers_dates_and_text_kept_as_written(tmp_path):
    path = tmp_path / "список.csv"  # wrong extension on purpose: the content decides
    fixtures.detention_workbook(path)
    result = read(path, path.name, LIMIT)
    assert result.kind == "xlsx"
    police, custody = result.tables
    assert (police.sheet, custody.sheet) == ("УП", "ИВС")
    assert police.title == ["Список задержанных УП Алмалинского района"]
    assert police.header_row == 2
    assert [c.header for c in police.columns[:5]] == ["№", "ФИО Фамилия", "ФИО Имя", "ФИО Отчество", "Дата рождения"]
    assert fields(police)[:7] == ["row_number", "surname", "given_name", "patronymic", "birth_date", "phone", "note"]
    first, second, third, fourth = police.rows
    assert first.cells[:7] == ["1", "Загипаров", "Нурлан", "Серикович", "1992-03-12", "+77015550142", "-"]
    assert second.cells[5:8] == ["@aigerim", "=A2&B2 (текст)", "=A2&B2"]
    assert third.cells[6:] == ["переведён", "в ИВС", "7 января"]
    # An Excel serial number typed into a date column stays as typed; no spurious ".0".
    assert fourth.cells[4:7] == ["33950", "87015550000", "2.5"]
    assert fourth.number == 8 and result.blank_rows == 1
    assert [c.header for c in police.columns[7:]] == ["extra_1", "extra_2"]
    assert fields(custody) == ["full_name", "birth_date", "iin"]
    assert custody.rows[0].cells == ["Серикбаев Дәулет", "1990-02-03", "900203300784"]
    formula = next(p for p in result.problems if p.code == "formula_cell")
    assert (formula.row, formula.detail["formula"]) == (5, "=A2&B2")
    assert [(p.code, p.row) for p in result.problems if p.code == "ragged_row"] == [("ragged_row", 5), ("ragged_row", 6)]


def test_streaming_an_xlsx_yields_rows_one_by_one(tmp_path):
    path = tmp_path / "list.xlsx"
    fixtures.detention_workbook(path)
    result = stream(path, path.name, LIMIT)
    rows = result.tables[0].iter_rows()
    assert next(rows).number == 4
    assert not isinstance(result.tables[0].rows, list)
    assert len(list(rows)) == 3


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    result = read(buffer.getvalue(), "list.xlsx", LIMIT)
    assert codes(result) == ["zip_bomb"]
    assert result.tables == []


def test_an_empty_file_is_reported_as_empty():
    for data in (b"", b"\r\n \r\n", b"\xef\xbb\xbf"):
        assert codes(read(data, "list.csv", LIMIT)) == ["empty_file"]


def test_random_binary_named_csv_is_not_a_table():
    assert codes(read(fixtures.random_junk(), "list.csv", LIMIT)) == ["not_a_table"]


def test_an_old_binary_xls_asks_for_xlsx_or_csv():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    assert codes(read(data, "list.xls", LIMIT)) == ["unsupported_xls"]


def test_a_file_over_the_limit_is_refused_with_its_size():
    result = read(b"x" * 101, "list.csv", 100)
    assert codes(result) == ["too_large"]
    assert result.problems[0].detail["size"] == 101


def test_a_list_without_a_header_keeps_every_row_as_data():
    text = "Иванов Иван;1990;УП-1\nПетрова Анна;1985;ИВС\n"
    result = read(text.encode("cp1251"), "list.csv", LIMIT)
    table = result.tables[0]
    assert [column.header for column in table.columns] == ["column_1", "column_2", "column_3"]
    assert len(table.rows) == 2
    assert codes(result) == ["no_header"]


def test_duplicate_headers_are_both_kept_and_reported():
    text = "ФИО;Примечание;Примечание\nИванов Иван;задержан;избит\n"
    result = read(text.encode(), "list.csv", LIMIT)
    assert result.tables[0].rows[0].cells == ["Иванов Иван", "задержан", "избит"]
    assert codes(result) == ["duplicate_header"]
    assert result.problems[0].detail["columns"] == [1, 2]


def test_short_rows_are_padded_and_long_rows_keep_their_extra_cells():
    text = "ФИО,Год рождения,Место\nИванов Иван\nПетров Пётр,1990,УП-1,переведён в ИВС\n"
    result = read(text.encode(), "list.csv", LIMIT)
    short, long = result.tables[0].rows
    assert short.cells == ["Иванов Иван", "", "", ""]
    assert long.cells == ["Петров Пётр", "1990", "УП-1", "переведён в ИВС"]
    assert codes(result) == ["ragged_row"]


def test_a_volunteers_mapping_overrides_the_guess_and_survives_json():
    result = read("ФИО;Учреждение\nИванов Иван;УП-1\n".encode(), "list.csv", LIMIT)
    table = result.tables[0]
    apply_mapping(table, json.loads(mapping_to_json({1: "note"})))
    assert fields(table) == ["full_name", "note"]
    assert json.loads(json.dumps(mapping_of(table))) == {"0": "full_name", "1": "note"}
    with pytest.raises(ValueError):
        apply_mapping(table, {0: "favourite_colour"})
