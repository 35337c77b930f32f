"""The Kazakh individual identification number (IIN, ЖСН, ИИН), 12 digits.

d1–6 birth date YYMMDD; d7 century and sex (1/2 = 1800s, 3/4 = 1900s, 5/6 = 2000s; odd = male);
d8–11 serial; d12 check digit = Σ dᵢ·i mod 11 over d1–11, recomputed with the weights
3,4,5,6,7,8,9,10,11,1,2 when it gives 10; a number for which both give 10 is never issued.

Known blind spot: d11 has weight 11 ≡ 0 (mod 11) in the first pass, so a typo in the 11th digit
is never detected. Two IINs that differ only there may be one person mistyped, not two people;
the matcher must not treat a valid check digit as proof that the number was copied right.
"""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from izdeu.lists.values.dates import Birth, age_on, valid_date
from izdeu.lists.values.problems import Problem

WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
FALLBACK_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
CENTURIES = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}

# Cells arrive as "ИИН: 920312 300 127" or "920312-300127".
_LABEL = re.compile(r"^\s*(иин|жсн|iin)\s*[:№#]?", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s\-‐‑–—.]")


@dataclass(frozen=True)
class Iin:
    value: str
    birth_date: dt.date
    sex: Literal["male", "female"]
    century: int  # 1800, 1900 or 2000


def check_digit(first11: str) -> int | None:
    """The 12th digit for these 11, or None if they are not 11 digits or were never issued."""
    if len(first11) != 11 or not first11.isascii() or not first11.isdigit():
        return None
    digits = [int(c) for c in first11]
    for weights in (WEIGHTS, FALLBACK_WEIGHTS):
        result = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if result != 10:
            return result
    return None


def parse_iin(text: str) -> Iin | Problem:
    """Read an IIN; spaces, dashes and an "ИИН:" label are ignored, anything else must be 12 digits."""
    value = _SEPARATORS.sub("", _LABEL.sub("", str(text)))
    if not (value.isascii() and value.isdigit()):
        return Problem("iin_not_digits", str(text))
    if len(value) != 12:
        return Problem("iin_wrong_length", str(text))
    if check_digit(value[:11]) != int(value[11]):
        return Problem("iin_bad_check_digit", str(text))
    century = CENTURIES.get(int(value[6]))
    born = valid_date(century + int(value[:2]), int(value[2:4]), int(value[4:6])) if century else None
    if born is None or born > dt.date.today():
        return Problem("iin_impossible_date", str(text))
    return Iin(value=value, birth_date=born, sex="male" if int(value[6]) % 2 else "female", century=century)


def cross_check(iin: Iin, birth: Birth | None, sex: str | None) -> list[Problem]:
    """What the rest of the row says against the IIN: birth date or age, then sex."""
    problems = []
    if birth is not None and not _birth_agrees(iin.birth_date, birth):
        problems.append(Problem("iin_contradicts_birth_date", iin.value))
    if sex in ("male", "female") and sex != iin.sex:
        problems.append(Problem("iin_contradicts_sex", iin.value))
    return problems


def _birth_agrees(born: dt.date, birth: Birth) -> bool:
    if birth.precision == "age":
        # Ages are guessed and lists are dated loosely: one year either side is not a contradiction.
        age = age_on(born, birth.age_on)
        return birth.age_min - 1 <= age <= birth.age_max + 1
    two_digit = "two_digit_year" in birth.notes
    if birth.precision == "year":
        return _same_year(born.year, birth.year, two_digit)
    typed = birth.date
    # The IIN settles what the row left open: 03.04 read as 3 April when it meant 4 March, or
    # "12.03.15" read as 2015 when it meant 1915.
    readings = {(typed.month, typed.day)}
    if birth.day_month_swapped_possible:
        readings.add((typed.day, typed.month))
    return (born.month, born.day) in readings and _same_year(born.year, typed.year, two_digit)


def _same_year(born: int, typed: int, two_digit: bool) -> bool:
    return born % 100 == typed % 100 if two_digit else born == typed
