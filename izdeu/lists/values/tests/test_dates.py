import datetime as dt

import pytest

from izdeu.lists.values.dates import Birth, parse_birth
from izdeu.lists.values.problems import Problem

MARCH_12 = dt.date(1992, 3, 12)


@pytest.mark.parametrize("text", [
    "12.03.1992", "12.3.1992", "12.03.92", "1992-03-12", "12/03/92", "12/03/1992", "12 03 1992",
    "12 марта 1992", "12 марта 1992 г.", "12-го марта 1992 года", "12 МАРТА 1992", "12 мар. 1992",
    "12 наурыз 1992", "12-наурыз 1992", "наурыздың 12 1992", "1992 жылғы 12 наурыз", "12 наурызда 1992",
    "March 12, 1992", "12 March 1992", "12th of March 1992", "Mar 12 1992",
    "33675", "33675.0", "1992-03-12 00:00:00", "д.р. 12.03.1992", " 12.03.1992 ", "12031992", "19920312",
])  # fmt: skip
def test_a_day_in_every_common_writing(text):
    birth = parse_birth(text)
    assert isinstance(birth, Birth)
    assert (birth.date, birth.year, birth.precision) == (MARCH_12, 1992, "day")


@pytest.mark.parametrize("text, month", [
    ("5 қаңтар 1990", 1), ("5 ақпан 1990", 2), ("5 сәуір 1990", 4), ("5 сауир 1990", 4), ("5 мамыр 1990", 5),
    ("5 маусым 1990", 6), ("5 шілде 1990", 7), ("5 тамыз 1990", 8), ("5 қыркүйек 1990", 9),
    ("5 кыркуйек 1990", 9), ("5 қазан 1990", 10), ("5 қараша 1990", 11), ("5 желтоқсан 1990", 12),
    ("5 мая 1990", 5), ("5 июня 1990", 6), ("5 июля 1990", 7), ("5 сентября 1990", 9), ("5 дек. 1990", 12),
    ("5 May 1990", 5), ("5 September 1990", 9), ("5 января 1990", 1),
])  # fmt: skip
def test_month_names_in_kazakh_russian_and_english(text, month):
    assert parse_birth(text).date == dt.date(1990, month, 5)


@pytest.mark.parametrize("text", [
    "1992 г.р.", "1992 г. р.", "г.р. 1992", "1992 ж.т.", "1992 жылы туған", "1992", "1992г.", "1992 года рождения",
    "92 г.р.", "born 1992",
])  # fmt: skip
def test_a_year_of_birth(text):
    birth = parse_birth(text)
    assert (birth.date, birth.year, birth.precision) == (None, 1992, "year")


def test_a_month_and_year_without_the_day_keeps_the_year():
    assert parse_birth("март 1992") == Birth(date=None, year=1992, precision="year", notes=("month_only",))


@pytest.mark.parametrize("text, low, high, approximate", [
    ("30 лет", 30, 30, False), ("30 л.", 30, 30, False), ("30 года", 30, 30, False), ("32 года", 32, 32, False),
    ("30 жаста", 30, 30, False), ("30 жас", 30, 30, False), ("30 y.o.", 30, 30, False), ("30 years old", 30, 30, False),
    ("30", 30, 30, False), ("about 30", 30, 30, True), ("около 30", 30, 30, True), ("~30", 30, 30, True),
    ("~ 30 лет", 30, 30, True), ("шамамен 30 жаста", 30, 30, True), ("30?", 30, 30, True),
    ("30-35 лет", 30, 35, False), ("30–35", 30, 35, False), ("35-30 лет", 30, 35, False), ("17 лет", 17, 17, False),
])  # fmt: skip
def test_ages(text, low, high, approximate):
    birth = parse_birth(text)
    assert (birth.age_min, birth.age_max, birth.precision, birth.age_on) == (low, high, "age", dt.date(2022, 1, 7))
    assert ("approximate" in birth.notes) is approximate


def test_an_age_is_counted_on_the_reference_day():
    assert parse_birth("30 лет", reference=dt.date(2022, 1, 10)).age_on == dt.date(2022, 1, 10)


@pytest.mark.parametrize("text, code", [
    ("31.02.1992", "impossible_date"), ("12.13.1992", "impossible_date"), ("1992-13-01", "impossible_date"),
    ("00.03.1992", "impossible_date"), ("30 февраля 1992", "impossible_date"), ("29.02.1991", "impossible_date"),
    ("12.03.2091", "future_date"), ("2091", "future_date"),
    ("150 лет", "implausible_age"), ("1850", "implausible_age"), ("01.01.1900", "implausible_age"),
    ("12.03.2023", "implausible_age"),
    ("", "unreadable_date"), ("   ", "unreadable_date"), ("не знаю", "unreadable_date"),
    ("12 марта", "unreadable_date"),
    ("99999", "unreadable_date"), ("1992 Алматы", "unreadable_date"), ("12.03.199", "unreadable_date"),
])  # fmt: skip
def test_problems_are_codes_with_the_text_as_typed(text, code):
    assert parse_birth(text) == Problem(code, text)


def test_an_excel_serial_only_when_it_gives_a_plausible_birth():
    assert parse_birth("33675").notes == ("excel_serial",)
    assert parse_birth("44900") == Problem("unreadable_date", "44900")  # December 2022: after the events


def test_two_digit_years_put_the_person_between_0_and_110_years_old():
    assert parse_birth("12.03.92").date == MARCH_12
    assert parse_birth("12.03.15").date == dt.date(2015, 3, 12)
    assert parse_birth("12.03.22").date == dt.date(1922, 3, 12)  # 2022-03-12 is after 7 January 2022
    assert parse_birth("01.01.05").notes == ("two_digit_year",)
    assert parse_birth("12.03.22", reference=dt.date(2022, 6, 1)).date == dt.date(2022, 3, 12)


def test_day_first_unless_only_the_american_order_makes_sense():
    assert parse_birth("12/03/1992").date == MARCH_12
    american = parse_birth("03/25/1992")
    assert (american.date, american.notes) == (dt.date(1992, 3, 25), ("month_first",))
    # With dots, the Kazakh and Russian way, month 25 is a typo, not another order.
    assert parse_birth("03.25.1992") == Problem("impossible_date", "03.25.1992")


@pytest.mark.parametrize("text, swapped", [
    ("03.04.1992", True), ("12.03.1992", True), ("13.03.1992", False), ("05.05.1992", False),
    ("1992-03-04", False), ("3 апреля 1992", False), ("33675", False),
])  # fmt: skip
def test_the_matcher_is_told_when_day_and_month_could_be_swapped(text, swapped):
    assert parse_birth(text).day_month_swapped_possible is swapped


def test_03_04_is_read_as_the_third_of_april():
    assert parse_birth("03.04.1992").date == dt.date(1992, 4, 3)


def test_anything_typed_gives_a_birth_or_a_problem():
    for text in ["", "-", "0", "00.00.0000", "1.1.1", "лет", "~", "30 - лет", "г.р.", "12..03..1992", "½", "٣٠"]:
        assert isinstance(parse_birth(text), Birth | Problem)
