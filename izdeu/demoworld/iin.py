"""Kazakhstan's individual identification number (IIN, ЖСН), as ``research/r4_names.md`` §2 describes it.

Digits 1–6 are the birth date (YYMMDD), digit 7 the century and sex (3/4 for a man/woman born
in the 1900s, 5/6 in the 2000s), digits 8–11 a serial number and digit 12 a check digit.
"""

import random
from datetime import date

FIRST_WEIGHTS = tuple(range(1, 12))
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def check_digit(first_eleven: str) -> int | None:
    """The check digit, or None when both weightings give 10 (such numbers are never issued)."""
    digits = [int(d) for d in first_eleven]
    for weights in (FIRST_WEIGHTS, SECOND_WEIGHTS):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def century_sex_digit(birth: date, sex: str) -> int:
    if not 1800 <= birth.year < 2100:
        raise ValueError("IINs cover births from 1800 to 2099")
    base = {18: 1, 19: 3, 20: 5}[birth.year // 100]
    return base if sex == "male" else base + 1


def make_iin(birth: date, sex: str, serial: int) -> str | None:
    """The IIN for a birth date, sex and 4-digit serial, or None if no check digit exists."""
    first = f"{birth:%y%m%d}{century_sex_digit(birth, sex)}{serial:04d}"
    check = check_digit(first)
    return None if check is None else first + str(check)


def is_valid(iin: str) -> bool:
    if len(iin) != 12 or not iin.isdigit():
        return False
    return check_digit(iin[:11]) == int(iin[11])


def birth_date_of(iin: str) -> date:
    century = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}[iin[6]]
    return date(century + int(iin[:2]), int(iin[2:4]), int(iin[4:6]))


def sex_of(iin: str) -> str:
    return "male" if int(iin[6]) % 2 else "female"


class IinRegistry:
    """Hands out unique IINs: draws serials until the number is new and has a check digit."""

    def __init__(self) -> None:
        self.issued: set[str] = set()

    def issue(self, birth: date, sex: str, rng: random.Random) -> str:
        while True:
            iin = make_iin(birth, sex, rng.randrange(10000))
            if iin is not None and iin not in self.issued:
                self.issued.add(iin)
                return iin
