"""A record prepared for matching: flat columns computed once, compared many times.

Everything clever about names, dates and numbers happens here, per record, in Python; the
comparisons (``comparisons.py``) then only test equality, ranges and string similarity between
two prepared records, which is what lets the same comparisons run as SQL on DuckDB or Spark
(Splink, for whole lists) and in Python (one new request against everyone, at once).

A prepared record is a plain dict, JSON- and Arrow-friendly: None for anything unknown (an empty
list too, so that SQL's IS NULL and Python agree on what is missing).
"""

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from collections.abc import Mapping
from typing import Any

from izdeu.lists.values import Birth, Iin, normalise_phones, parse_birth, parse_iin, parse_sex
from izdeu.lists.values.phones import Phone
from izdeu.matching.names import (
    PatronymicForm, PersonName, given_name_sex, parse_name, reduced_key, skeleton_key, surname_stem, token_key,
)

# The columns a caller may give (the `izdeu link` CSV contract); anything else is ignored.
INPUT_COLUMNS = (
    "id", "full_name", "surname", "given_name", "patronymic", "birth_date", "sex", "iin",
    "document_number", "phone", "address", "city",
)  # fmt: skip

ARCHIVE_REFERENCE = dt.date(1950, 1, 1)
# Relatives give ages from memory: candidates are looked for a year either side of an age,
# and an IIN's date fills in for an age that far off.
AGE_SLACK_YEARS = 1


def prepare(raw: Mapping[str, Any], reference: dt.date | None = None) -> dict[str, Any]:
    """The record's matching columns; `reference` is the day its ages speak of (a list's date)."""
    text = {key: _clean(raw.get(key)) for key in INPUT_COLUMNS}
    name = parse_name(text["full_name"], surname=text["surname"], given_name=text["given_name"],
                      patronymic=text["patronymic"])  # fmt: skip
    record: dict[str, Any] = {"unique_id": text["id"]}
    record |= _name_columns(name)
    iin = _iin(text["iin"])
    record |= _birth_columns(_birth(text["birth_date"], reference), iin)
    record["sex"] = parse_sex(text["sex"]) or (iin.sex if iin else None) or (name.sex if name.sex_is_firm else None)
    record["iin"] = iin.value if iin else _digits(text["iin"]) or None
    record["document"] = _document(text["document_number"])
    record["document_typos"] = _document_typos(record["document"])
    record["phones"] = _phones(text["phone"])
    record["city"] = _place_key(text["city"])
    record["address"] = _place_key(text["address"])
    # As written, for the reasons shown to people; never compared.
    record["written_birth"] = text["birth_date"] or None
    return record


def _clean(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def _name_columns(name: PersonName) -> dict[str, Any]:
    surname, stem, given = name.surname_key or None, name.surname_stem or None, name.given_key or None
    # A patronymic does not say whether the father's name ended in -й (Юрьевич: Юрий), so the
    # father's key, and a given name compared with it, drop a final i.
    father = name.father_key.rstrip("i") or None
    father_initial, patronymic = name.patronymic_initial or None, name.patronymic or None
    lone_kazakh = surname is None and name.patronymic_form == PatronymicForm.KAZAKH
    dzh = _dzh_initial(name.given_name) if given else None
    if lone_kazakh:
        # "Данияр Абилулы": many Kazakhs carry -ұлы/-қызы as their surname, and an official
        # list then writes "АБИЛУЛЫ Данияр Мусаевич". A lone -ұлы word is read as the surname;
        # it says nothing sure about the father, so it is not compared as a patronymic.
        surname, stem = "".join(token_key(word) for word in name.patronymic.split()), father
        father = father_initial = patronymic = None
    return {
        "surname_key": surname,
        "surname_reduced": reduced_key(surname) if surname else None,
        "surname_stem": stem,
        # The root is itself a given name (Жумабай-ев): then two roots a letter apart are two families.
        "surname_stem_known": bool(stem and given_name_sex(stem)),
        "surname_marked": _marked(surname, stem, given),
        "surname_skeleton": skeleton_key(surname) if surname else None,
        "given_key": given,
        "given_reduced": reduced_key(given) if given else None,
        "given_known": name.given_known,
        "given_initial": name.given_initial or None,
        "given_initial_dzh": dzh,
        "given_skeleton": skeleton_key(given) if given else None,
        "given_as_father": given.rstrip("i") if given else None,
        "father_key": father,
        "father_reduced": reduced_key(father) if father else None,
        "father_known": bool(father and given_name_sex(name.father_key)),
        "father_initial": father_initial,
        "name_orders": _orders(stem, given),
        "initials_orders": _initials_orders(stem, given, name.given_initial or None, dzh),
        "name_typos": _name_typos(stem, given, either_order=_either_order(name)),
        "surname_written_display": (name.surname or name.patronymic if lone_kazakh else name.surname) or None,
        "given_written_display": name.given_name or None,
        "patronymic_written_display": patronymic,
    }


def _marked(surname: str | None, stem: str | None, given: str | None) -> bool:
    """Whether the words themselves say which is the surname: it has a surname's ending
    (Ержанов, Ахметұлы) and the given name has none. Two records marked so, with their names in
    the other order (YERZHANOV Murat, МУРАТОВ Ержан), are a father's and a son's families, not
    one person written the other way round."""
    return bool(surname and stem != surname and (given is None or surname_stem(given) == given))


def _orders(stem: str | None, given: str | None) -> list[str] | None:
    """Both orders of the two names, always: when nothing said which word is the surname
    ("Нурлан Ерлан"), and when a form's fields were filled the wrong way round. Surnames by
    their root, so that "Арыстан Жанбулат" meets "ЖАНБУЛАТОВ Арыстан"."""
    if not (stem and given):
        return None
    return [f"{stem} {given}", f"{surname_stem(given)} {stem}"]


def _initials_orders(stem: str | None, given: str | None, initial: str | None, dzh: str | None) -> list[str] | None:
    """A surname's root and the other name's initial, in both orders when both names are
    written: "Толеген Ж." finds "Жандос Толегенов" and "Толегенов Жандос" alike, and "ЛЕСИНА Д."
    finds "Лесина Джессика"."""
    if not stem or not initial:
        return None
    orders = [f"{stem} {initial}"]
    if given:
        orders.append(f"{surname_stem(given)} {stem[:1]}")
        if dzh:
            orders.append(f"{stem} {dzh}")
    return orders


def _dzh_initial(written: str | None) -> str | None:
    """The initial of a name written with Soviet Дж- (Джессика, Dzhamila): its key begins with
    zh, as Жамиля's does, but a clerk copying it writes "Д."."""
    return "d" if written and written.lower().startswith(("дж", "dzh", "dj")) else None


def _name_typos(stem: str | None, given: str | None, either_order: bool = False) -> list[str] | None:
    """Keys for finding the same two names with one typo in either: the surname by its root,
    each name also with one letter left out, and the names in the other order as written.
    Two names one typo apart share a key (Муканов Бекзат and Мукаов Бекзат share "mukaov
    bekzat", Муканво shares "mukano bekzat"). With `either_order`, the other order has its
    typo keys too ("ABDIRAKHMNA SULEYMEN" finds "СУЛЕЙМЕНОВ Абдирахман")."""
    if not (stem and given):
        return None
    keys = set(_orders(stem, given) or ())
    orders = [(stem, given), (surname_stem(given), stem)] if either_order else [(stem, given)]
    for surname, name in orders:
        keys.update(f"{variant} {name}" for variant in _one_left_out(surname))
        keys.update(f"{surname} {variant}" for variant in _one_left_out(name))
    return sorted(keys)


def _either_order(name: PersonName) -> bool:
    """Whether a name's two words may be in either order: nothing fixed it, and it is written in
    Latin letters, as relatives write, putting the given name first as often as not. Lists in
    Cyrillic write the surname first; typo keys in both orders for a million of their rows
    would cost a tenth of the linking time for a handful of pairs."""
    return not name.order_certain and any(_LATIN.search(token) for token in name.tokens)


_LATIN = re.compile(r"[A-Za-z]")


def _one_left_out(key: str) -> set[str]:
    # Short names (Ли, Ан, Ким) would lose too much of what they say; they are matched as written.
    return {key[:i] + key[i + 1 :] for i in range(len(key))} if len(key) > 3 else set()


@lru_cache(maxsize=100_000)
def _birth(text: str, reference: dt.date | None) -> Birth | None:
    """The list importer refuses a date that makes someone over 110 today; the matcher still
    compares it (an archive's records, a typo in the century), read against an earlier day."""
    if not text:
        return None
    birth = parse_birth(text, reference)
    if not isinstance(birth, Birth) and birth.code == "implausible_age":
        again = parse_birth(text, ARCHIVE_REFERENCE)
        return again if isinstance(again, Birth) and again.precision in ("day", "year") else None
    return birth if isinstance(birth, Birth) else None


def _iin(text: str) -> Iin | None:
    if not text:
        return None
    iin = parse_iin(text)
    return iin if isinstance(iin, Iin) else None


def _birth_columns(birth: Birth | Any, iin: Iin | None) -> dict[str, Any]:
    """A day when one is known, and always the range of possible birth years.

    A valid IIN carries the birth date; it fills in a record that gave only a year or an age,
    but never overrides a date the record wrote (the comparison will see the disagreement)."""
    columns = {"birth_date": None, "birth_has_day": False, "birth_year_min": None, "birth_year_max": None,
               "birth_years": None, "birth_from_age": False}  # fmt: skip
    if not isinstance(birth, Birth):
        birth = None
    if birth is not None and birth.date is not None:
        day = birth.date
    elif iin is not None and (birth is None or _fits(iin.birth_date.year, birth)):
        day = iin.birth_date
    else:
        day = None
    if day is not None:
        return columns | _years(day.year, day.year) | {"birth_date": day.isoformat(), "birth_has_day": True}
    if birth is None:
        return columns
    if birth.year is not None:
        return columns | _years(birth.year, birth.year)
    on = birth.age_on or dt.date.today()
    low, high = on.year - birth.age_max - 1, on.year - birth.age_min
    return columns | _years(low, high, slack=AGE_SLACK_YEARS) | {"birth_from_age": True}


# A range wider than this ("40–50 years old") is too loose to find candidates by.
BLOCKING_YEARS = 8


def _years(low: int, high: int, slack: int = 0) -> dict[str, Any]:
    """The range of birth years, and as keys for finding candidates, each year in it or `slack`
    years beyond (a relative's "about 29" finds the row that says 31)."""
    low_key, high_key = low - slack, high + slack
    years = list(range(low_key, high_key + 1)) if high_key - low_key < BLOCKING_YEARS else None
    return {"birth_year_min": low, "birth_year_max": high, "birth_years": years}


def _fits(year: int, birth: Birth) -> bool:
    if birth.year is not None:
        return birth.year == year
    on = birth.age_on or dt.date.today()
    return on.year - birth.age_max - 1 - AGE_SLACK_YEARS <= year <= on.year - birth.age_min + AGE_SLACK_YEARS


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _document(text: str) -> str | None:
    """Passport and ID card numbers as letters and digits only, Cyrillic look-alikes read as Latin."""
    folded = text.upper().translate(str.maketrans("АВЕКМНОРСТХ", "ABEKMHOPCTX"))
    return re.sub(r"[^0-9A-Z]", "", folded) or None


def _document_typos(document: str | None) -> list[str] | None:
    """Keys for finding a document number copied with one digit wrong, missing, added or two
    swapped: the number itself and the number with each character left out. Short numbers
    would meet too many others this way; they are found as written."""
    if not document:
        return None
    return sorted({document} | (_one_left_out(document) if len(document) >= DOCUMENT_TYPO_LENGTH else set()))


# Passport and ID card numbers are 8 or 9 characters, older documents 7.
DOCUMENT_TYPO_LENGTH = 7


def _phones(text: str) -> list[str] | None:
    numbers = sorted({phone.e164 for phone in normalise_phones(text) if isinstance(phone, Phone)}) if text else []
    return numbers or None


def _place_key(text: str) -> str | None:
    """A town or address in any script, keyed like a name: "г. Алматы" = "Almaty" = "АЛМАТЫ"."""
    words = re.findall(r"[^\W_]+", text.casefold())
    words = [w for w in words if w not in _PLACE_NOISE]
    return " ".join(token_key(w) for w in words) or None


# Words that say what kind of place follows, not which one.
_PLACE_NOISE = frozenset({
    "г", "город", "гор", "қ", "қала", "қаласы", "city", "обл", "область", "облысы", "р", "н", "район",
    "ауданы", "ул", "улица", "көшесі", "д", "дом", "кв", "пр", "проспект", "мкр", "микрорайон", "шағын",
})  # fmt: skip
