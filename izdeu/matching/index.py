"""One record against everyone, at once: an index that grows with each record, never rebuilt.

The index keeps every record under the keys of the blocking rules (``linking.BLOCKING_COLUMNS``),
so a new request finds its candidates among a million list entries by a few dictionary looks,
and scores them with the same model and comparisons as the whole-list run (``model.Model``).
Adding or removing a record updates the keys and the value frequencies in place.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import product
from typing import Any

from izdeu.matching.comparisons import GIVEN_INITIAL
from izdeu.matching.linking import INITIALS_FROM, LIST_COLUMNS, RULES
from izdeu.matching.model import Frequencies, Model, Scored

Record = dict[str, Any]


def keys(record: Record) -> Iterator[tuple]:
    """The record's blocking keys: one per rule whose columns are all known (more for lists).
    Keys of rules for initials end with whether the record gives only an initial."""
    for number, rule in enumerate(RULES):
        values = []
        for column in rule.columns:
            value = record.get(column)
            if value is None:
                break
            values.append(value if column in LIST_COLUMNS else (value,))
        else:
            flag = (record["given_key"] is None,) if rule.initial_only else ()
            for combination in product(*values):
                yield (number, *combination, *flag)


def _wanted(key: tuple) -> tuple[tuple, ...]:
    """The keys a record looks up for one of its keys: for initials, a record with a given name
    meets only records with just an initial, and a record with just an initial meets all."""
    if not RULES[key[0]].initial_only:
        return (key,)
    only_initial = key[-1]
    return ((*key[:-1], True), (*key[:-1], False)) if only_initial else ((*key[:-1], True),)


@dataclass(frozen=True)
class Match:
    id: str
    scored: Scored


class Index:
    def __init__(self, model: Model, records: Iterable[Record] = ()):
        self.model = model
        self.records: dict[str, Record] = {}
        self.postings: dict[tuple, set[str]] = defaultdict(set)
        self.frequencies = Frequencies()
        for record in records:
            self.add(record)

    def __len__(self) -> int:
        return len(self.records)

    def add(self, record: Record) -> None:
        """Index a record (a record with the same id is replaced)."""
        identifier = record["unique_id"]
        if identifier in self.records:
            self.remove(identifier)
        self.records[identifier] = record
        for key in keys(record):
            self.postings[key].add(identifier)
        self.frequencies.add(record, self.model.tf_columns)

    def remove(self, identifier: str) -> None:
        record = self.records.pop(identifier)
        for key in keys(record):
            posting = self.postings.get(key)
            if posting is not None:
                posting.discard(identifier)
                if not posting:
                    del self.postings[key]
        self.frequencies.add(record, self.model.tf_columns, sign=-1)

    def candidates(self, record: Record) -> set[str]:
        found: set[str] = set()
        for key in keys(record):
            for wanted in _wanted(key):
                found.update(self.postings.get(wanted, ()))
        found.discard(record["unique_id"])
        return found

    def match(self, record: Record, threshold: float, among: Callable[[str], bool] | None = None) -> list[Match]:
        """The indexed records that may be this one, most likely first, at or above `threshold`
        (a pair of a record giving only initials from `linking.INITIALS_FROM` of it, as
        ``linking.predict`` finds them); only those whose id passes `among`, when given
        (requests against entries, say).

        Value frequencies count the indexed records and, as in a whole-list run where both
        sides are counted, the new record too."""
        candidates = [i for i in self.candidates(record) if among is None or among(i)]
        counted = record["unique_id"] not in self.records
        if counted:
            self.frequencies.add(record, self.model.tf_columns)
        try:
            plan = self.model.plan_for(record, threshold, self.frequencies)
            # Most candidates write their names out; only those that give initials are scored further down.
            initials = plan.at(threshold * INITIALS_FROM)
            scored = [
                Match(i, self.model.score(record, self.records[i], self.frequencies,
                                          initials if _initials_only(record, self.records[i]) else plan))
                for i in candidates
            ]  # fmt: skip
        finally:
            if counted:
                self.frequencies.add(record, self.model.tf_columns, sign=-1)
        kept = [m for m in scored if m.scored is not None and _kept(m.scored, threshold)]
        return sorted(kept, key=lambda match: -match.scored.match_probability)


def _initials_only(record: Record, other: Record) -> bool:
    """Whether one of the two gives only initials, which the initial comparison then weighs."""
    return record["given_key"] is None or other["given_key"] is None


def _kept(scored: Scored, threshold: float) -> bool:
    # The initial is compared only when one side gives nothing more than an initial.
    return scored.match_probability >= threshold or GIVEN_INITIAL.name in scored.levels
