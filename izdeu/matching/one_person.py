"""A request seeks one person: its candidates are weighed against each other, not only alone.

Scored one by one, a request for "Кетебай Зулфия, 2002" matches the row of the Зулфия Кетебай
it seeks (born 2002) and, almost as well, a namesake's row that gives no birth date; and a
court's row "КЕТЕБАЙ З.Е." of the right person matches only weakly. Among a request's
candidates, rows are compared with each other by the same model:

- a row that may be the same person as a stronger candidate is lifted by the chance that it
  is: p(stronger) × p(same) (support: the court's initials are probably the station row's
  person). Taking the stronger row's whole strength instead would make a namesake's
  "ХАБИБУЛЛИН Ринат", with no date, as sure as the row that gives the request's date. A row
  is not lifted where it disagrees with the request (a court row with another birth date,
  beside a station row that gives none), nor where it falls short of the request and the
  stronger row does not (another day of the request's year, beside the row of its day);
- a row that is clearly another person than a stronger candidate competes with it: the request
  can be about one of them, or neither (P = o / (1 + o + o_other) for exclusive hypotheses).
  So does a row that disagrees with the request where a stronger candidate agrees (a namesake
  born in 2003 beside the station's row with the request's date of 1990), however alike the
  two rows' names make them.

The change to each candidate's weight is given as a reason, so the numbers still add up.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from izdeu.matching.model import Frequencies, Model, Plan

# Two rows at or below this are clearly two people.
DIFFERENT = 0.01
# A rival whose odds are below this changes a candidate's weight by less than 0.002 bits.
NO_RIVAL = 0.001
# A row is weighed against this many of the strongest rows, no more. A request with hundreds of
# candidates names a common name and little else ("Исмаилов Ильхам", no date); the strongest rows
# are those that can lift or rival a row most, and weighing every row against every other would
# take a second per such request.
CONSIDERED = 100
# A row under the review threshold is lifted, if at all, by one of the strongest rows.
SUPPORTERS = 5
# A comparison weighing this much or less against a row is a disagreement with the request
# (a birth date or an age far off, another patronymic); a year apart is not.
CONTRADICTION = -4.0


def disagreements(levels: dict[str, tuple[str, float]]) -> frozenset[str]:
    """The comparisons ({comparison: (level, weight)}) on which a candidate disagrees with the request."""
    return frozenset(name for name, (_level, weight) in levels.items() if weight <= CONTRADICTION)


def agreements(levels: dict[str, tuple[str, float]]) -> frozenset[str]:
    return frozenset(name for name, (_level, weight) in levels.items() if weight > 0)


def shortfalls(levels: dict[str, tuple[str, float]]) -> frozenset[str]:
    """The comparisons that count, however little, against the request (another day of its year)."""
    return frozenset(name for name, (_level, weight) in levels.items() if weight < 0)


@dataclass(frozen=True)
class Weighed:
    probability: float
    # Bits added to the candidate's weight, and the id of the row that caused it ("" for none).
    support: float
    support_from: str
    competition: float
    competition_from: str


def _odds(probability: float) -> float:
    return probability / (1 - probability) if probability < 1 else 1e15


def _written(record: dict) -> tuple:
    """What a prepared record says, without its id."""
    return tuple(tuple(value) if isinstance(value, list) else value
                 for column, value in record.items() if column != "unique_id")  # fmt: skip


class Scored(Protocol):
    """A candidate scored alone (``model.Scored``, ``linking.Pair``)."""

    match_probability: float
    levels: dict[str, tuple[str, float]]


def weigh(scored: Mapping[str, Scored], rows: dict[str, dict], model: Model,
          frequencies: Frequencies, shown_from: float = 0.0) -> dict[str, Weighed]:  # fmt: skip
    """{row id: the candidate scored alone} for one request → {row id: Weighed}; `rows` are prepared records.

    Each row looks at the others from the strongest down, and stops once the rest cannot change
    it: the stronger row that lifts it most is its support, the first "clearly another person"
    is its strongest rival (rivals this weak change nothing).

    Rows below `shown_from` (the review threshold; rows giving only initials are scored from a
    tenth of it, ``linking.INITIALS_FROM``) neither lift nor rival the others, as if they had
    not been found, and look for support only among the `SUPPORTERS` strongest rows: a common
    surname's initials can number hundreds."""
    candidates = {row: found.match_probability for row, found in scored.items()}
    disagree = {row: disagreements(found.levels) for row, found in scored.items()}
    agree = {row: agreements(found.levels) for row, found in scored.items()}
    short = {row: shortfalls(found.levels) for row, found in scored.items()}
    # Equally strong rows in the order of their ids, so that a run's support does not depend on the engine's order.
    ranked = sorted(candidates, key=lambda row: (-candidates[row], row))
    shown = [row for row in ranked if candidates[row] >= shown_from]
    # A person is often written alike on several lists: rows written alike are compared once.
    written = {row: _written(rows[row]) for row in candidates}
    same: dict[tuple[tuple, tuple], float] = {}
    plans: dict[tuple, Plan] = {}

    def same_person(first: str, second: str) -> float:
        one, other = written[first], written[second]
        key = (one, other) if hash(one) <= hash(other) else (other, one)
        if key not in same:
            if one not in plans:
                plans[one] = model.plan_for(rows[first], DIFFERENT, frequencies)
            # Most pairs of candidates are namesakes told apart early: scoring gives up on them
            # once they cannot reach DIFFERENT, and then they are clearly two people.
            scored = model.score(rows[first], rows[second], frequencies, plans[one])
            same[key] = 0.0 if scored is None else scored.match_probability
        return same[key]

    weighed = {}
    for row in ranked:
        own = _odds(candidates[row])
        support, support_from, rival, rival_from = own, "", 0.0, ""
        for other in shown[: CONSIDERED if candidates[row] >= shown_from else SUPPORTERS]:
            odds = _odds(candidates[other])
            if odds <= support and (rival_from or odds < NO_RIVAL):
                break
            if other == row:
                continue
            if not rival_from and disagree[row] & agree[other]:
                rival, rival_from = odds, other  # it fits where this row does not
                continue
            probability = same_person(row, other)
            if probability <= DIFFERENT:
                if not rival_from:
                    rival, rival_from = odds, other
                continue
            lifted = _odds(candidates[other] * probability)
            if lifted > support and not disagree[row] and not short[row] & agree[other]:
                support, support_from = lifted, other
        adjusted = support / (1 + rival)
        weighed[row] = Weighed(
            probability=adjusted / (1 + adjusted),
            support=math.log2(support / own), support_from=support_from,
            competition=-math.log2(1 + rival), competition_from=rival_from,
        )  # fmt: skip
    return weighed
