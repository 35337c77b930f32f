"""Why the engine thinks two records are one person: one reason a comparison, with its weight.

A reason names the comparison, the level that applied, what each record says, and the level's
weight in bits (positive for, negative against). `describe()` writes it in English for files
and the command line; the pages translate the comparison and level names themselves.
"""

from dataclasses import dataclass
from typing import Any

from izdeu.matching.comparisons import COMPARISONS
from izdeu.matching.one_person import Weighed

_SHOWS = {comparison.name: comparison.shows for comparison in COMPARISONS}

LEVEL_WORDS = {
    "same": "same",
    "other_order": "same names in the other order",
    "crossed": "one's surname is the other's given name",
    "other_order_initial": "the surname and the initial in the other order",
    "soviet_dzh": "the initial of the name as spelled with Дж-",
    "other_order_typo": "the names in the other order, one mistyped",
    "close_variant": "a close variant",
    "different_families": "different families",
    "typo": "a likely typo",
    "same_root": "same root (one form without -ov/-ev)",
    "two_names": "two different names",
    "father_and_child": "one is named after the other's father",
    "no_sign": "no sign of father and child",
    "same_day": "same day",
    "day_month_swapped": "day and month swapped",
    "year_apart_same_day": "same day, the year one apart",
    "one_typo": "one digit mistyped",
    "same_year_other_day": "same year, another day",
    "same_year": "same year",
    "fits_age": "fits the age given",
    "year_apart": "a year apart",
    "shared": "a number in common",
    "same_address": "same address",
    "similar_address": "similar address",
    "same_city": "same town",
    "different": "different",
    "same_person_as_stronger": "may be the same person as a stronger candidate",
    "another_person_fits": "another person fits as well or better",
}
# Changes of weight smaller than this are not worth a reason.
NEGLIGIBLE = 0.05


@dataclass(frozen=True)
class Reason:
    comparison: str
    level: str
    left: str
    right: str
    weight: float


def reasons(levels: dict[str, tuple[str, float]], left: dict[str, Any], right: dict[str, Any]) -> list[Reason]:
    """The reasons for one pair, strongest first (by the size of their weight)."""
    found = [
        Reason(name, level, _shown(left, _SHOWS[name]), _shown(right, _SHOWS[name]), weight)
        for name, (level, weight) in levels.items()
        if level != "no_sign"
    ]
    return sorted(found, key=lambda reason: -abs(reason.weight))


def one_person_reasons(weighed: Weighed) -> list[Reason]:
    """Why weighing the candidates against each other moved this one (``one_person``)."""
    found = []
    if weighed.support > NEGLIGIBLE:
        found.append(Reason("one_person", "same_person_as_stronger", "", weighed.support_from, weighed.support))
    if weighed.competition < -NEGLIGIBLE:
        found.append(Reason("one_person", "another_person_fits", "", weighed.competition_from, weighed.competition))
    return found


def _shown(record: dict[str, Any], columns: tuple[str, ...]) -> str:
    values = []
    for column in columns:
        value = record.get(column)
        if isinstance(value, list):
            value = ", ".join(value)
        if value not in (None, ""):
            values.append(str(value))
    return " ".join(values)


def describe(reason: Reason) -> str:
    """ "surname: same (Zagghiparov ~ ЗАГИПАРОВ) +6.1" """
    words = LEVEL_WORDS.get(reason.level, reason.level.replace("_", " "))
    if reason.comparison == "one_person":
        return f"one person: {words} ({reason.right}) {reason.weight:+.1f}"
    shown = f" ({reason.left} ~ {reason.right})" if reason.left or reason.right else ""
    return f"{reason.comparison.replace('_', ' ')}: {words}{shown} {reason.weight:+.1f}"


def describe_all(found: list[Reason]) -> str:
    return "; ".join(describe(reason) for reason in found)
