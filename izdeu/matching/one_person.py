"""A request seeks one person: its candidates are weighed against each other, not only alone.

Scored one by one, a request for "Кетебай Зулфия, 2002" matches the row of the Зулфия Кетебай
it seeks (born 2002) and, almost as well, a namesake's row that gives no birth date; and a
court's row "КЕТЕБАЙ З.Е." of the right person matches only weakly. Among a request's
candidates, rows are compared with each other by the same model:

- a row that is the same person as a stronger candidate takes that candidate's strength
  (support: the court's initials are the station row's person);
- a row that is clearly another person than a stronger candidate competes with it: the request
  can be about one of them, or neither (P = o / (1 + o + o_other) for exclusive hypotheses).

The change to each candidate's weight is given as a reason, so the numbers still add up.
"""

import math
from dataclasses import dataclass

from izdeu.matching.model import Frequencies, Model

# Two rows at or above this are one person; at or below DIFFERENT, clearly two.
SAME = 0.5
DIFFERENT = 0.01
# A rival whose odds are below this changes a candidate's weight by less than 0.002 bits.
NO_RIVAL = 0.001


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


def weigh(candidates: dict[str, float], rows: dict[str, dict], model: Model,
          frequencies: Frequencies) -> dict[str, Weighed]:  # fmt: skip
    """{row id: probability alone} for one request → {row id: Weighed}; `rows` are prepared records.

    Each row looks at the others from the strongest down, and stops once the rest cannot change
    it: the first "same person" stronger than itself is its support, the first "clearly another
    person" is its strongest rival (rivals this weak change nothing)."""
    ranked = sorted(candidates, key=lambda row: -candidates[row])
    same: dict[tuple[str, str], float] = {}

    def same_person(first: str, second: str) -> float:
        key = (first, second) if first < second else (second, first)
        if key not in same:
            same[key] = model.score(rows[first], rows[second], frequencies).match_probability
        return same[key]

    weighed = {}
    for row in ranked:
        own = _odds(candidates[row])
        support, support_from, rival, rival_from = own, "", 0.0, ""
        for other in ranked:
            odds = _odds(candidates[other])
            if odds <= support and (rival_from or odds < NO_RIVAL):
                break
            if other == row:
                continue
            probability = same_person(row, other)
            if probability >= SAME and odds > support:
                support, support_from = odds, other
            elif probability <= DIFFERENT and not rival_from:
                rival, rival_from = odds, other
        adjusted = support / (1 + rival)
        weighed[row] = Weighed(
            probability=adjusted / (1 + adjusted),
            support=math.log2(support / own), support_from=support_from,
            competition=-math.log2(1 + rival), competition_from=rival_from,
        )  # fmt: skip
    return weighed
