import datetime as dt

import pytest

from izdeu.lists.values.dates import parse_birth
from izdeu.lists.values.iin import FALLBACK_WEIGHTS, WEIGHTS, Iin, check_digit, cross_check, parse_iin
from izdeu.lists.values.problems import Problem

# Fictional people. The twelfth digit is computed, so these round-trip through parse_iin.
PEOPLE = [
    (dt.date(1992, 3, 12), "male", 1900), (dt.date(1992, 3, 12), "female", 1900),
    (dt.date(1965, 12, 31), "male", 1900), (dt.date(2004, 2, 29), "female", 2000),
    (dt.date(2005, 1, 1), "male", 2000), (dt.date(1899, 7, 4), "female", 1800),
]  # fmt: skip
CENTURY_DIGIT = {(1800, "male"): 1, (1800, "female"): 2, (1900, "male"): 3, (1900, "female"): 4,
                 (2000, "male"): 5, (2000, "female"): 6}  # fmt: skip


def make_iin(born: dt.date, sex: str, serial: int = 123) -> str | None:
    first11 = f"{born:%y%m%d}{CENTURY_DIGIT[(born.year // 100 * 100, sex)]}{serial:04d}"
    digit = check_digit(first11)
    return None if digit is None else first11 + str(digit)


def _weighted(first11: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(first11, weights, strict=True)) % 11


@pytest.mark.parametrize("born, sex, century", PEOPLE)
def test_valid_iins_give_back_birth_date_sex_and_century(born, sex, century):
    for serial in range(40):
        value = make_iin(born, sex, serial)
        if value is not None:
            assert parse_iin(value) == Iin(value=value, birth_date=born, sex=sex, century=century)


def test_the_check_digit_of_a_known_number():
    # 9·1+2·2+0·3+3·4+1·5+2·6+3·7+0·8+0·9+1·10+2·11 = 117 ≡ 7 (mod 11)
    assert check_digit("92031230012") == 7
    assert parse_iin("920312300127").birth_date == dt.date(1992, 3, 12)


def test_the_fallback_weights_when_the_first_sum_gives_10():
    first11 = "92031230090"
    assert _weighted(first11, WEIGHTS) == 10
    assert _weighted(first11, FALLBACK_WEIGHTS) == 2
    assert check_digit(first11) == 2
    assert parse_iin("920312300902").sex == "male"


def test_a_number_that_gives_10_twice_was_never_issued():
    first11 = "92031230094"
    assert _weighted(first11, WEIGHTS) == _weighted(first11, FALLBACK_WEIGHTS) == 10
    assert check_digit(first11) is None
    assert all(parse_iin(first11 + str(d)) == Problem("iin_bad_check_digit", first11 + str(d)) for d in range(10))


@pytest.mark.parametrize("first11", ["92031230012", "12", "", "9203123001x", "920312300127"])
def test_check_digit_needs_exactly_eleven_digits(first11):
    assert (check_digit(first11) is None) is (len(first11) != 11 or not first11.isdigit())


def test_a_typo_in_the_eleventh_digit_is_never_detected():
    # Weight 11 ≡ 0 (mod 11): documented in iin.py, the matcher must allow for it.
    assert {check_digit(f"9203123001{d}") for d in range(10)} == {check_digit("92031230012")}


def test_a_typo_elsewhere_is_usually_detected():
    assert parse_iin("920312300227").code == "iin_bad_check_digit"  # tenth digit 1 → 2
    assert parse_iin("920312300172").code == "iin_bad_check_digit"  # the last two digits swapped


@pytest.mark.parametrize(
    "text",
    ["920312 300127", "920312-300127", " 9203 1230 0127 ", "ИИН: 920312300127", "ЖСН 920312300127", "IIN 920312300127"],
)
def test_spaces_dashes_and_labels_are_ignored(text):
    assert parse_iin(text).value == "920312300127"


@pytest.mark.parametrize("text, code", [
    ("92031230012", "iin_wrong_length"), ("9203123001277", "iin_wrong_length"), ("", "iin_not_digits"),
    ("92031230012O", "iin_not_digits"), ("9.20312E+11", "iin_not_digits"), ("не помню", "iin_not_digits"),
    ("920312300128", "iin_bad_check_digit"),
])  # fmt: skip
def test_problems(text, code):
    assert parse_iin(text) == Problem(code, text)


def _with_check_digit(first11: str) -> str:
    return first11 + str(check_digit(first11))


@pytest.mark.parametrize("first11", [
    "92023130012",  # 31 February
    "92133130012",  # month 13
    "92031200012",  # century digit 0
    "92031270012",  # century digit 7
    "30031250012",  # born in 2030
])  # fmt: skip
def test_a_valid_check_digit_on_an_impossible_date(first11):
    value = _with_check_digit(first11)
    assert parse_iin(value) == Problem("iin_impossible_date", value)


IIN = parse_iin("920312300127")  # a man born 12 March 1992


@pytest.mark.parametrize("birth_text, sex, codes", [
    ("12.03.1992", "male", []), ("1992", None, []), ("1992 г.р.", "male", []), ("33675", "male", []),
    ("12.03.92", None, []), ("29 лет", None, []), ("30 лет", None, []), ("28 лет", None, []),
    ("25-28 лет", None, []), ("30-35", None, []), ("03.12.1992", None, []),
    ("13.03.1992", None, ["iin_contradicts_birth_date"]), ("1993", None, ["iin_contradicts_birth_date"]),
    ("12.03.1993", None, ["iin_contradicts_birth_date"]), ("31 год", None, ["iin_contradicts_birth_date"]),
    ("20-25 лет", None, ["iin_contradicts_birth_date"]), ("12.03.1992", "female", ["iin_contradicts_sex"]),
    ("1990", "female", ["iin_contradicts_birth_date", "iin_contradicts_sex"]),
])  # fmt: skip
def test_cross_check_against_the_row(birth_text, sex, codes):
    assert [p.code for p in cross_check(IIN, parse_birth(birth_text), sex)] == codes


def test_cross_check_with_nothing_to_compare():
    assert cross_check(IIN, None, None) == []


def test_the_iin_settles_the_century_of_a_two_digit_year():
    old_man = parse_iin(_with_check_digit("15031230012"))
    assert old_man.birth_date == dt.date(1915, 3, 12)
    assert cross_check(old_man, parse_birth("12.03.15"), "male") == []


def test_a_swap_only_passes_when_the_row_could_have_been_read_either_way():
    swapped = parse_iin(_with_check_digit("92040330012"))  # 3 April 1992
    assert cross_check(swapped, parse_birth("04.03.1992"), None) == []
    assert cross_check(swapped, parse_birth("4 марта 1992"), None)[0].code == "iin_contradicts_birth_date"
