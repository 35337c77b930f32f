"""One record against everyone, at once: an index that grows with each record, never rebuilt.

The index keeps every record under the keys of the blocking rules (``linking.BLOCKING_COLUMNS``),
so a new request finds its candidates among a million list entries by a few dictionary looks,
and scores them with the same model and comparisons as the whole-list run (``model.Model``).
Adding or removing a record updates the keys and the value frequencies in place.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import product
from typing import Any

from izdeu.matching.linking import LIST_COLUMNS, RULES
from izdeu.matching.model import Frequencies, Model, Scored

Record = dict[str, Any]


def keys(record: Record) -> Iterator[tuple]:
    """The record's blocking keys: one per rule whose columns are all known (more for lists)."""
    for number, rule in enumerate(RULES):
        values = []
        for column in rule.columns:
            value = record.get(column)
            if value is None:
                break
            values.append(value if column in LIST_COLUMNS else (value,))
        else:
            for combination in product(*values):
                yield (number, *combination)


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
            rule = RULES[key[0]]
            posting = self.postings.get(key, ())
            if rule.initial_only:
                posting = [i for i in posting if rule.admits(record, self.records[i])]
            found.update(posting)
        found.discard(record["unique_id"])
        return found

    def match(self, record: Record, threshold: float) -> list[Match]:
        """The indexed records that may be this one, most likely first, at or above `threshold`.

        Value frequencies count the indexed records and, as in a whole-list run where both
        sides are counted, the new record too."""
        self.frequencies.add(record, self.model.tf_columns)
        try:
            scored = [Match(i, self.model.score(record, self.records[i], self.frequencies))
                      for i in self.candidates(record)]  # fmt: skip
        finally:
            self.frequencies.add(record, self.model.tf_columns, sign=-1)
        kept = [match for match in scored if match.scored.match_probability >= threshold]
        return sorted(kept, key=lambda match: -match.scored.match_probability)
