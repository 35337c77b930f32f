"""The Fellegi–Sunter model in Python: score one pair exactly as Splink would, in microseconds.

The model is Splink's own JSON (learned by ``linking.train``) plus the frequencies of the values
its term-frequency levels look at; ``Model.score`` combines the prior and every comparison's level
weight, adjusted for common values, into a match weight and a probability. Tests hold it to
Splink's numbers on real pairs.
"""

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from izdeu.matching.comparisons import COMPARISONS

Record = dict[str, Any]


@dataclass(frozen=True)
class Scored:
    match_probability: float
    match_weight: float
    # {comparison: (level name, weight in bits)} for every comparison that was not missing.
    levels: dict[str, tuple[str, float]]


@dataclass
class _Level:
    m: float
    u: float
    tf_column: str | None
    tf_minimum_u: float

    @property
    def weight(self) -> float:
        """The level's weight before any adjustment; 0 for a level the data never showed (it says nothing)."""
        return math.log2(self.m / self.u) if self.m and self.u else 0.0


# Below this many values in a column, how common a name is cannot be told from the data (two
# Загипаровs among four records say nothing about Загипаровs); the level's learned u serves.
FEW_VALUES = 1_000


@dataclass
class Frequencies:
    """How often each value of a column occurs among the records; kept up to date as records come."""

    counts: dict[str, Counter] = field(default_factory=dict)
    totals: Counter = field(default_factory=Counter)

    def add(self, record: Record, columns: Iterable[str], sign: int = 1) -> None:
        for column in columns:
            value = record.get(column)
            if value is None:
                continue
            self.counts.setdefault(column, Counter())[value] += sign
            self.totals[column] += sign

    def of(self, column: str, value: Any) -> float | None:
        total = self.totals[column]
        if total < FEW_VALUES:
            return None
        count = self.counts.get(column, {}).get(value, 0)
        return count / total if count else None


@dataclass(frozen=True)
class Plan:
    skipped: frozenset[int]
    most_from: list[float]
    threshold_weight: float

    def at(self, threshold: float) -> "Plan":
        """The same plan for another threshold."""
        return replace(self, threshold_weight=math.log2(threshold / (1 - threshold)))


class Model:
    def __init__(self, splink_model: dict[str, Any]):
        self.json = splink_model
        self.prior = float(splink_model["probability_two_random_records_match"])
        self.prior_weight = math.log2(self.prior / (1 - self.prior))
        self.levels: dict[str, dict[str, _Level]] = {}
        for comparison in splink_model["comparisons"]:
            self.levels[comparison["output_column_name"]] = {
                level["label_for_charts"]: _Level(
                    float(level.get("m_probability") or 0.0), float(level.get("u_probability") or 0.0),
                    level.get("tf_adjustment_column"), float(level.get("tf_minimum_u_value") or 0.0),
                )
                for level in comparison["comparison_levels"] if not level.get("is_null_level")
            }  # fmt: skip
        self.tf_columns = sorted({lv.tf_column for levels in self.levels.values() for lv in levels.values()
                                  if lv.tf_column})  # fmt: skip

        # Scoring runs millions of times: each level's weight is worked out once, with the level
        # when its weight is adjusted for how common the value is.
        self._weights = {
            name: {label: (level.weight, level if level.tf_column and level.m and level.u else None)
                   for label, level in levels.items()}
            for name, levels in self.levels.items()
        }  # fmt: skip
        # For plans: each comparison's best weight that no frequency changes, and its levels that one may.
        self._best = {
            name: (max([0.0, *(lv.weight for lv in levels.values() if lv.m and lv.u and not lv.tf_column)]),
                   [lv for lv in levels.values() if lv.m and lv.u and lv.tf_column])
            for name, levels in self.levels.items()
        }  # fmt: skip

    def frequencies(self, records: Iterable[Record]) -> Frequencies:
        found = Frequencies()
        for record in records:
            found.add(record, self.tf_columns)
        return found

    def score(self, left: Record, right: Record, frequencies: Frequencies, plan: "Plan | None" = None) -> Scored | None:
        """The pair's weight and probability. With a `plan` for `left` (``plan_for``), comparisons
        `left` has no values for are skipped (they would be missing), and the pair is given up,
        returning None, as soon as it cannot reach the plan's threshold: most candidates of a
        common name are namesakes, told apart by the first comparisons."""
        total = self.prior_weight
        levels = {}
        for number, comparison in enumerate(COMPARISONS):
            if plan is not None:
                if total + plan.most_from[number] < plan.threshold_weight:
                    return None
                if number in plan.skipped:
                    continue
            name = comparison.level_of(left, right)
            if name == "missing":
                continue
            weight = self._weight(comparison.name, name, left, right, frequencies)
            levels[comparison.name] = (name, weight)
            total += weight
        probability = 1 / (1 + 2 ** -total) if total > -1000 else 0.0
        return Scored(probability, total, levels)

    def plan_for(self, record: Record, threshold: float, frequencies: Frequencies) -> "Plan":
        """How to score this record against many: the comparisons it cannot take part in, and from
        each comparison on, the most the rest can add. A level adjusted for a common value can
        add at most what agreeing on this record's own value adds."""
        skipped = frozenset(
            number for number, comparison in enumerate(COMPARISONS)
            if comparison.levels[0].name == "missing"
            and all(record.get(column) is None for column in comparison.levels[0].condition.columns)
        )  # fmt: skip
        most = [0.0 if n in skipped else self._most(c.name, record, frequencies) for n, c in enumerate(COMPARISONS)]
        most_from = [sum(most[n:]) for n in range(len(most))]
        return Plan(skipped, most_from, math.log2(threshold / (1 - threshold)))

    def _most(self, comparison: str, record: Record, frequencies: Frequencies) -> float:
        best, adjusted = self._best[comparison]
        for level in adjusted:
            found = frequencies.of(level.tf_column, record.get(level.tf_column))
            best = max(best, level.weight if found is None else math.log2(level.m / max(found, level.tf_minimum_u)))
        return best

    def _weight(self, comparison: str, name: str, left: Record, right: Record, frequencies: Frequencies) -> float:
        weight, adjusted = self._weights[comparison][name]
        if adjusted is not None:
            weight += self._tf_adjustment(adjusted, left, right, frequencies)
        return weight

    @staticmethod
    def _tf_adjustment(level: _Level, left: Record, right: Record, frequencies: Frequencies) -> float:
        """A common value agrees by chance more often than the level's u says: Splink's
        adjustment, log2(u / frequency), with the greater of the two sides' frequencies."""
        column = level.tf_column
        on_left, on_right = frequencies.of(column, left.get(column)), frequencies.of(column, right.get(column))
        if on_left is None and on_right is None:
            return 0.0
        highest = on_left if on_right is None else on_right if on_left is None else max(on_left, on_right)
        return math.log2(level.u / max(highest, level.tf_minimum_u))
