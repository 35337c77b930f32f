"""A request seeks one person: its candidates are weighed against each other. Names are fictional."""

import pytest

from izdeu.matching.default_model import default_model
from izdeu.matching.model import Frequencies, Model
from izdeu.matching.one_person import weigh
from izdeu.matching.reasons import describe, one_person_reasons
from izdeu.matching.records import prepare

REQUEST = {"id": "R1", "full_name": "Кетебай Зульфия", "birth_date": "12.03.2002"}
ROWS = {
    # The person sought, on the station's list, then on the court's list by initials and age.
    "station": {"id": "station", "full_name": "КЕТЕБАЙ Зульфия Ержановна", "birth_date": "12.03.2002"},
    "court": {"id": "court", "full_name": "КЕТЕБАЙ З.Е.", "birth_date": "19 лет"},
    # A namesake, born twenty years earlier, with another father.
    "namesake": {"id": "namesake", "full_name": "Кетебай Зульфия Болатовна", "birth_date": "05.07.1982"},
}


@pytest.fixture
def scored():
    model = Model(default_model())
    request = prepare(REQUEST)
    rows = {key: prepare(row) for key, row in ROWS.items()}
    scored = {key: model.score(request, row, Frequencies()) for key, row in rows.items()}
    alone = {key: found.match_probability for key, found in scored.items()}
    return model, rows, alone, weigh(scored, rows, model, Frequencies())


def test_a_row_that_is_probably_the_same_person_as_a_stronger_one_is_lifted_by_it(scored):
    _model, _rows, alone, weighed = scored
    assert alone["court"] < weighed["court"].probability
    assert weighed["court"].support_from == "station" and weighed["court"].support > 0


def test_a_namesake_competes_with_the_person_who_fits_better(scored):
    _model, _rows, alone, weighed = scored
    assert weighed["namesake"].probability < alone["namesake"]
    assert weighed["namesake"].competition_from == "station" and weighed["namesake"].competition < 0
    assert weighed["station"].probability >= 0.5 > weighed["namesake"].probability


def test_the_change_is_given_as_a_reason_with_its_weight(scored):
    _model, _rows, _alone, weighed = scored
    found = one_person_reasons(weighed["namesake"])
    assert [reason.level for reason in found] == ["another_person_fits"]
    assert describe(found[0]).startswith("one person: another person fits as well or better (station) -")


def test_a_lone_candidate_keeps_its_probability():
    model = Model(default_model())
    row = prepare(ROWS["station"])
    alone = model.score(prepare(REQUEST), row, Frequencies())
    weighed = weigh({"station": alone}, {"station": row}, model, Frequencies())
    assert weighed["station"].probability == pytest.approx(alone.match_probability)


def _weighed(request: dict, rows: dict[str, dict]):
    model = Model(default_model())
    rows = {key: prepare({"id": key, **row}) for key, row in rows.items()}
    scored = {key: model.score(prepare({"id": "R", **request}), row, Frequencies()) for key, row in rows.items()}
    alone = {key: found.match_probability for key, found in scored.items()}
    return alone, weigh(scored, rows, model, Frequencies())


def test_a_row_that_may_be_the_same_person_is_lifted_by_that_chance():
    # The court's initials may be the station's Ерлан Бекович, or another Е. Б. Муканов.
    alone, weighed = _weighed({"full_name": "Муканов Ерлан"}, {
        "station": {"full_name": "МУКАНОВ Ерлан Бекович", "birth_date": "14.02.1995"},
        "court": {"full_name": "Муканов Е.Б."},
    })  # fmt: skip
    assert alone["court"] < weighed["court"].probability < alone["station"]
    assert weighed["court"].support_from == "station"


def test_a_row_of_another_day_is_not_lifted_by_the_row_of_the_requests_day():
    # The rows share the name and the patronymic, but only the station gives the day the mother
    # wrote: the other day is more likely a namesake's.
    alone, weighed = _weighed({"full_name": "Аюпов Данияр", "birth_date": "03.05.1998"}, {
        "station": {"full_name": "АЮПОВ Данияр Маратович", "birth_date": "03.05.1998"},
        "other_day": {"full_name": "Аюпов Данияр Маратович", "birth_date": "17.10.1998"},
    })  # fmt: skip
    assert weighed["other_day"].probability == pytest.approx(alone["other_day"]) and alone["other_day"] < 0.5
    assert weighed["other_day"].support_from == ""
