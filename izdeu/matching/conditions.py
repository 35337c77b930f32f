"""Conditions on a pair of prepared records, each written once and run two ways.

A comparison level says when it applies with these small conditions. Each one tests a pair of
record dicts in Python (one new record against the index, at once) and renders itself as a
Splink comparison level (SQL on DuckDB or Spark, for whole lists), so the two paths cannot drift
apart: ``tests/test_conditions.py`` checks them against each other on real pairs.
"""

from dataclasses import dataclass
from typing import Any, Protocol

import splink.comparison_level_library as cll
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

Record = dict[str, Any]


class Condition(Protocol):
    def test(self, left: Record, right: Record) -> bool: ...

    def level(self) -> ComparisonLevelCreator: ...


def _sql(condition: str) -> cll.CustomLevel:
    """A level from SQL written once, in DuckDB's dialect; Splink translates it for Spark.
    Every condition is false when a value it needs is NULL, as the Python test is."""
    return cll.CustomLevel(condition, base_dialect_str="duckdb")


def _known(value: Any) -> bool:
    # Prepared records hold None, never an empty list or string, for what is unknown.
    return value is not None


@dataclass(frozen=True)
class Missing:
    """The column is unknown on either side (all columns unknown on one side, when several)."""

    columns: tuple[str, ...]

    def test(self, left: Record, right: Record) -> bool:
        # Called for every comparison of every candidate pair: plain loops, no generators.
        for side in (left, right):
            for column in self.columns:
                if side[column] is not None:
                    break
            else:
                return True
        return False

    def level(self):
        side = lambda suffix: " AND ".join(f'"{c}{suffix}" IS NULL' for c in self.columns)  # noqa: E731
        return _sql(f"(({side('_l')}) OR ({side('_r')}))")


@dataclass(frozen=True)
class NoInitialAlone:
    """Neither side gives only an initial for the name: both write it out, or either gives
    nothing. Initials are compared on their own only when one side has nothing more."""

    initial: str
    name: str

    @property
    def columns(self) -> tuple[str, ...]:
        # What a record must give for the comparison to apply (``Model.plan_for``).
        return (self.initial,)

    def test(self, left: Record, right: Record) -> bool:
        i, n = self.initial, self.name
        return left[i] is None or right[i] is None or (left[n] is not None and right[n] is not None)

    def level(self):
        i, n = self.initial, self.name
        return _sql(f'("{i}_l" IS NULL OR "{i}_r" IS NULL OR ("{n}_l" IS NOT NULL AND "{n}_r" IS NOT NULL))')


@dataclass(frozen=True)
class Same:
    column: str

    def test(self, left: Record, right: Record) -> bool:
        return _known(left[self.column]) and left[self.column] == right[self.column]

    def level(self):
        return cll.ExactMatchLevel(self.column)


@dataclass(frozen=True)
class Differs:
    """Known on both sides, and different."""

    column: str

    def test(self, left: Record, right: Record) -> bool:
        a, b = left[self.column], right[self.column]
        return _known(a) and _known(b) and a != b

    def level(self):
        return _sql(f'("{self.column}_l" <> "{self.column}_r")')


@dataclass(frozen=True)
class Crossed:
    """One side's `first` is the other side's `second` (a father's name and a son's given name)."""

    first: str
    second: str

    def test(self, left: Record, right: Record) -> bool:
        a, b = self.first, self.second
        return (_known(left[a]) and left[a] == right[b]) or (_known(left[b]) and left[b] == right[a])

    def level(self):
        a, b = self.first, self.second
        return _sql(f'("{a}_l" = "{b}_r" OR "{b}_l" = "{a}_r")')


@dataclass(frozen=True)
class InitialsCrossed:
    """Each side's surname begins with the other side's given initial ("Elan Esen", "Есенов
    Ерлан"): a cheap test that lets most pairs skip the costlier ones after it."""

    def test(self, left: Record, right: Record) -> bool:
        a, b = left["surname_key"], right["surname_key"]
        return (_known(a) and _known(b) and a[:1] == right["given_initial"] and b[:1] == left["given_initial"])

    def level(self):
        return _sql('(SUBSTR("surname_key_l", 1, 1) = "given_initial_r" AND SUBSTR("surname_key_r", 1, 1) = "given_initial_l")')


@dataclass(frozen=True)
class Similar:
    """Jaro-Winkler similarity at least `threshold` (computed by characters, not bytes)."""

    column: str
    threshold: float

    def test(self, left: Record, right: Record) -> bool:
        a, b = left[self.column], right[self.column]
        return _known(a) and _known(b) and JaroWinkler.similarity(a, b) >= self.threshold

    def level(self):
        return cll.JaroWinklerLevel(self.column, self.threshold)


@dataclass(frozen=True)
class Edits:
    """At most `edits` insertions, deletions, substitutions or swaps of neighbours apart."""

    column: str
    edits: int

    def test(self, left: Record, right: Record) -> bool:
        a, b = left[self.column], right[self.column]
        return _known(a) and _known(b) and DamerauLevenshtein.distance(a, b) <= self.edits

    def level(self):
        return cll.DamerauLevenshteinLevel(self.column, self.edits)


@dataclass(frozen=True)
class Long:
    """The column has at least `letters` letters on both sides."""

    column: str
    letters: int

    def test(self, left: Record, right: Record) -> bool:
        a, b = left[self.column], right[self.column]
        return _known(a) and _known(b) and min(len(a), len(b)) >= self.letters

    def level(self):
        c, n = self.column, self.letters
        return _sql(f'(LENGTH("{c}_l") >= {n} AND LENGTH("{c}_r") >= {n})')


@dataclass(frozen=True)
class Shares:
    """Two lists (phone numbers, name orders) have an element in common."""

    column: str

    def test(self, left: Record, right: Record) -> bool:
        return (
            bool(left[self.column])
            and bool(right[self.column])
            and not set(left[self.column]).isdisjoint(right[self.column])
        )

    def level(self):
        return cll.ArrayIntersectLevel(self.column, 1)


@dataclass(frozen=True)
class DayMonthSwapped:
    """Two ISO dates with the same year whose day and month are each other's (03.12 / 12.03)."""

    column: str

    def test(self, left: Record, right: Record) -> bool:
        a, b = left[self.column], right[self.column]
        return _known(a) and _known(b) and a != b and a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]

    def level(self):
        c = self.column
        return _sql(
            f'(SUBSTR("{c}_l", 1, 4) = SUBSTR("{c}_r", 1, 4) AND SUBSTR("{c}_l", 6, 2) = SUBSTR("{c}_r", 9, 2) '
            f'AND SUBSTR("{c}_l", 9, 2) = SUBSTR("{c}_r", 6, 2) AND "{c}_l" <> "{c}_r")'
        )


@dataclass(frozen=True)
class YearApartSameDay:
    """Two ISO dates on the same day and month, a year apart: a mistyped or misremembered year."""

    column: str

    def test(self, left: Record, right: Record) -> bool:
        a, b = left[self.column], right[self.column]
        return _known(a) and _known(b) and a[4:] == b[4:] and abs(int(a[:4]) - int(b[:4])) == 1

    def level(self):
        c = self.column
        return _sql(
            f'(SUBSTR("{c}_l", 5, 6) = SUBSTR("{c}_r", 5, 6) '
            f'AND ABS(CAST(SUBSTR("{c}_l", 1, 4) AS INTEGER) - CAST(SUBSTR("{c}_r", 1, 4) AS INTEGER)) = 1)'
        )


@dataclass(frozen=True)
class RangesMeet:
    """Two ranges [low, high] overlap once each is widened by `slack`."""

    low: str
    high: str
    slack: int = 0

    def test(self, left: Record, right: Record) -> bool:
        if not (_known(left[self.low]) and _known(right[self.low])):
            return False
        s = self.slack
        return left[self.low] - s <= right[self.high] and right[self.low] - s <= left[self.high]

    def level(self):
        lo, hi, s = self.low, self.high, self.slack
        return _sql(f'("{lo}_l" - {s} <= "{hi}_r" AND "{lo}_r" - {s} <= "{hi}_l")')


@dataclass(frozen=True)
class Flag:
    """A true/false column: true on both sides; or false on both (`on_neither`); or true on
    at least one side (`either`)."""

    column: str
    on_neither: bool = False
    either: bool = False

    def test(self, left: Record, right: Record) -> bool:
        a, b = bool(left[self.column]), bool(right[self.column])
        if self.on_neither:
            return not (a or b)
        return (a or b) if self.either else (a and b)

    def level(self):
        c = self.column
        if self.on_neither:
            return _sql(f'(NOT "{c}_l" AND NOT "{c}_r")')
        return _sql(f'("{c}_l" {"OR" if self.either else "AND"} "{c}_r")')


@dataclass(frozen=True)
class All:
    parts: tuple[Condition, ...]

    def test(self, left: Record, right: Record) -> bool:
        for part in self.parts:
            if not part.test(left, right):
                return False
        return True

    def level(self):
        return cll.And(*(part.level() for part in self.parts))


@dataclass(frozen=True)
class Any_:
    parts: tuple[Condition, ...]

    def test(self, left: Record, right: Record) -> bool:
        for part in self.parts:
            if part.test(left, right):
                return True
        return False

    def level(self):
        return cll.Or(*(part.level() for part in self.parts))


@dataclass(frozen=True)
class Not:
    part: Condition

    def test(self, left: Record, right: Record) -> bool:
        return not self.part.test(left, right)

    def level(self):
        return cll.Not(self.part.level())
