"""Birth dates and ages as volunteers type them into lists and relatives into requests.

`parse_birth` reads one cell of a "date of birth / year of birth / age" column and returns a
`Birth` or a `Problem`; it never raises on data.
"""

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from izdeu.lists.values.problems import Problem

# The arrests of January 2022: ages written in lists are ages on these days.
EVENTS = dt.date(2022, 1, 7)
MAX_AGE = 110
# Excel counts days from 1899-12-30 (it believes 1900 was a leap year; serials after February
# 1900 are right from this origin).
EXCEL_ORIGIN = dt.date(1899, 12, 30)

Precision = Literal["day", "year", "age"]


@dataclass(frozen=True)
class Birth:
    """What a cell says about when someone was born.

    precision "day": `date` and `year` are set. "year": only `year`. "age": `age_min`..`age_max`
    years old on `age_on`. `notes` records guesses the matcher may want to weigh:
    "two_digit_year" (century chosen by the 0..110 years rule), "month_first" (read as MM/DD/YYYY
    because the day-first reading is impossible), "excel_serial", "approximate" (about/~/?:
    the age is kept as typed, widening it is the matcher's decision), "month_only" (a month and a
    year without the day).
    """

    date: dt.date | None
    year: int | None
    age_min: int | None = None
    age_max: int | None = None
    age_on: dt.date | None = None
    precision: Precision = "day"
    # 03.04.1992 can be 3 April or 4 March: the matcher should accept both.
    day_month_swapped_possible: bool = False
    notes: tuple[str, ...] = ()


MONTH_STEMS: dict[str, int] = {
    # Russian, full and abbreviated, in any case ("марта", "мая", "сент.").
    "январ": 1, "янв": 1, "феврал": 2, "фев": 2, "март": 3, "мар": 3, "апрел": 4, "апр": 4,
    "май": 5, "мая": 5, "июн": 6, "июл": 7, "август": 8, "авг": 8, "сентябр": 9, "сен": 9,
    "октябр": 10, "окт": 10, "ноябр": 11, "ноя": 11, "декабр": 12, "дек": 12,
    # Kazakh; the case endings ("наурызда", "сәуірдің") follow the stem.
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7,
    "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
    # English.
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

# Kazakh typed on a Russian keyboard loses its letters: "наурыз" survives, "сәуір" becomes "сауир".
_FOLD = str.maketrans("әғқңөұүһі", "агкноуухи")
MONTH_STEMS |= {stem.translate(_FOLD): month for stem, month in MONTH_STEMS.items()}

# Words that say "this number is a birth year" ("1992 г.р.", "92 ж.т.", "born 1992").
BIRTH_MARKERS = frozenset(
    {"г", "гр", "р", "рожд", "рождения", "ж", "т", "жт", "туған", "туган", "туылған", "туылган", "жылы",
     "born", "b", "yob", "dob"}
)  # fmt: skip
# Words that may surround a date without changing it ("12-го марта 1992 года", "March 12th").
FILLERS = BIRTH_MARKERS | {
    "год", "года", "жыл", "жылғы", "жылгы", "д", "др", "дата", "род", "родился", "родилась", "күні",
    "куни", "th", "st", "nd", "rd", "of", "on", "го", "ое",
}  # fmt: skip

_TIME = re.compile(r"[ t]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")  # "1992-03-12 00:00:00" from a spreadsheet
_NUMERIC = re.compile(
    r"^(?P<pre>\D*?)(?P<a>\d{1,4})\s*(?P<sep>[./\-\s])\s*(?P<b>\d{1,2})\s*[./\-\s]\s*(?P<c>\d{2,4})(?P<post>\D*)$"
)
_EXCEL = re.compile(r"^\d{5}(\.0+)?$")
_COMPACT = re.compile(r"^(?P<digits>\d{8})(?P<post>\D*)$")
_TOKENS = re.compile(r"\d+|[^\W\d_]+")
_AGE = re.compile(
    r"^(?:(?P<approx>about|around|approx|approximately|ca|circa|около|примерно|приблизительно|ок|шамамен)\s+"
    r"|(?P<tilde>[~≈])\s*)?"
    r"(?P<lo>\d{1,3})(?:\s*(?:-|–|—|до|to)\s*(?P<hi>\d{1,3}))?\s*"
    r"(?:лет|л|года|год|жаста|жасар|жасында|жас|y o|yo|years old|year old|years|yrs|y)?\s*"
    r"(?P<after>шамасында|примерно|\?)?$"
)


def parse_birth(text: str, reference: dt.date | None = None) -> Birth | Problem:
    """Read a birth date, birth year or age; `reference` is the day the list speaks of.

    Bare numbers of one to three digits are ages ("30", "30?"); four digits are a year; five
    digits are an Excel serial only when they give someone 0..110 years old.
    """
    reference = reference or EVENTS
    clean = _TIME.sub("", " ".join(str(text).lower().replace("ё", "е").split()))
    if not clean:
        return Problem("unreadable_date", str(text))
    words = " ".join(re.sub(r"[.,:;()]", " ", clean).split())
    for attempt in (_excel(clean, reference), _numeric(clean, reference), _compact(clean, reference),
                    _worded(words, reference),
                    _year(words, reference), _age(words, reference)):  # fmt: skip
        if attempt is not None:
            return attempt if isinstance(attempt, Birth) else Problem(attempt.code, str(text))
    return Problem("unreadable_date", str(text))


def _excel(clean: str, reference: dt.date) -> Birth | None:
    if not _EXCEL.match(clean):
        return None
    day = EXCEL_ORIGIN + dt.timedelta(days=int(float(clean)))
    if not _plausible(day, reference):
        return None
    return Birth(date=day, year=day.year, notes=("excel_serial",))


def _compact(clean: str, reference: dt.date) -> Birth | Problem | None:
    """Eight digits without separators, as some registers print them: 12031992 (day first, the
    Kazakh and Russian order) or 19920312 (year first, when only that reading is a date)."""
    match = _COMPACT.match(clean)
    if not match or not _only_fillers(match["post"]):
        return None
    digits = match["digits"]
    year_first = (int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    if 1900 <= year_first[0] <= reference.year and 1 <= year_first[1] <= 12 and 1 <= year_first[2] <= 31:
        return _day_birth(*year_first, reference, two_digit=False)
    return _day_birth(int(digits[4:]), int(digits[2:4]), int(digits[:2]), reference, two_digit=False)


def _numeric(clean: str, reference: dt.date) -> Birth | Problem | None:
    match = _NUMERIC.match(clean)
    if not match or not (_only_fillers(match["pre"]) and _only_fillers(match["post"])):
        return None
    a, b, c = match["a"], int(match["b"]), match["c"]
    if len(a) == 4:  # ISO order, never ambiguous
        return _day_birth(int(a), b, int(c), reference, two_digit=False) if len(c) <= 2 else None
    if len(c) == 3:
        return None
    day, month, year = int(a), b, int(c)
    two_digit = len(c) == 2
    # Slashes are how American spreadsheets write dates: 03/25/1992 is 25 March. With dots or
    # dashes (Kazakhstan, Russia) a month of 13 is a typo, not another order.
    if match["sep"] == "/" and month > 12 and day <= 12:
        return _day_birth(year, day, month, reference, two_digit, ("month_first",))
    swapped = day != month and day <= 12 and month <= 12
    return _day_birth(year, month, day, reference, two_digit, swapped=swapped)


def _worded(words: str, reference: dt.date) -> Birth | Problem | None:
    tokens = _TOKENS.findall(words)
    months = [month for month in map(_month, tokens) if month]
    others = [t for t in tokens if not t.isdigit() and not _month(t)]
    if len(months) != 1 or any(t not in FILLERS for t in others):
        return None
    numbers = [t for t in tokens if t.isdigit()]
    years = [n for n in numbers if len(n) == 4]
    if len(years) == 1 and len(numbers) == 1:
        return _year_birth(int(years[0]), reference, two_digit=False, notes=("month_only",))
    if len(numbers) != 2 or any(len(n) == 3 for n in numbers):
        return Problem("unreadable_date")
    # Day before year unless the year has four digits ("1992 жылғы 12 наурыз").
    day, year = (numbers[1], numbers[0]) if len(numbers[0]) == 4 else (numbers[0], numbers[1])
    return _day_birth(int(year), months[0], int(day), reference, two_digit=len(year) == 2)


def _year(words: str, reference: dt.date) -> Birth | Problem | None:
    tokens = _TOKENS.findall(words)
    numbers = [t for t in tokens if t.isdigit()]
    others = {t for t in tokens if not t.isdigit()}
    if len(numbers) != 1 or not others <= FILLERS:
        return None
    number = numbers[0]
    # "30 года" is an age; "92 г.р." a year: two digits need a word that speaks of birth.
    if len(number) == 4 or (len(number) == 2 and others & BIRTH_MARKERS):
        return _year_birth(int(number), reference, two_digit=len(number) == 2)
    return None


def _age(words: str, reference: dt.date) -> Birth | Problem | None:
    match = _AGE.match(words)
    if not match:
        return None
    low = int(match["lo"])
    high = int(match["hi"]) if match["hi"] else low
    low, high = min(low, high), max(low, high)
    if high > MAX_AGE:
        return Problem("implausible_age")
    approximate = bool(match["approx"] or match["tilde"] or match["after"])
    return Birth(date=None, year=None, age_min=low, age_max=high, age_on=reference, precision="age",
                 notes=("approximate",) if approximate else ())  # fmt: skip


@lru_cache(maxsize=4096)
def _month(token: str) -> int | None:
    """The month a word names by its longest known stem ("наурыздың" → 3); words repeat, so it is cached."""
    stems = [stem for stem in MONTH_STEMS if token.startswith(stem)]
    return MONTH_STEMS[max(stems, key=len)] if stems else None


def _only_fillers(text: str) -> bool:
    return all(token in FILLERS for token in _TOKENS.findall(text))


def _day_birth(year: int, month: int, day: int, reference: dt.date, two_digit: bool,
               notes: tuple[str, ...] = (), swapped: bool = False) -> Birth | Problem:  # fmt: skip
    years = [2000 + year, 1900 + year, 1800 + year] if two_digit else [year]
    days = [d for d in (valid_date(y, month, day) for y in years) if d]
    if not days:
        return Problem("impossible_date")
    plausible = [d for d in days if _plausible(d, reference)]
    if not plausible:
        return Problem("future_date" if days[0] > dt.date.today() else "implausible_age")
    notes = notes + (("two_digit_year",) if two_digit else ())
    return Birth(date=plausible[0], year=plausible[0].year, day_month_swapped_possible=swapped, notes=notes)


def _year_birth(year: int, reference: dt.date, two_digit: bool, notes: tuple[str, ...] = ()) -> Birth | Problem:
    years = [2000 + year, 1900 + year, 1800 + year] if two_digit else [year]
    plausible = [y for y in years if 0 <= reference.year - y <= MAX_AGE]
    if not plausible:
        return Problem("future_date" if years[0] > dt.date.today().year else "implausible_age")
    notes = notes + (("two_digit_year",) if two_digit else ())
    return Birth(date=None, year=plausible[0], precision="year", notes=notes)


def valid_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when the calendar has no such day (31.02, month 13)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _plausible(day: dt.date, reference: dt.date) -> bool:
    return day <= reference and age_on(day, reference) <= MAX_AGE


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years of age on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
