"""How much a birth date far off counts against a pair is counted among records that share an
identity document, when there are enough of them. Names and numbers are fictional."""

import copy

import pytest

from izdeu.matching import linking
from izdeu.matching.default_model import default_model
from izdeu.matching.records import prepare


def _tables(pairs: int, far_off_every: int):
    """`pairs` people on a station list and in court, with the same ID card number; one in
    `far_off_every` has a birth date on the court's row decades from the station's."""
    station, court = [], []
    for number in range(pairs):
        card = f"N{10_000_000 + number}"
        station.append(prepare({"id": f"s{number}", "full_name": "Сейтқали Ербол", "birth_date": "12.03.1992",
                                "document_number": card}))  # fmt: skip
        written = "05.07.1961" if number % far_off_every == 0 else "12.03.1992"
        court.append(prepare({"id": f"c{number}", "full_name": "СЕЙТКАЛИ Ербол", "birth_date": written,
                              "document_number": card}))  # fmt: skip
    return [linking.table(station), linking.table(court)]


def _birth(model):
    comparison = next(c for c in model["comparisons"] if c["output_column_name"] == "birth")
    return {level["label_for_charts"]: level for level in comparison["comparison_levels"]
            if not level.get("is_null_level")}  # fmt: skip


def test_the_rate_is_counted_among_records_sharing_a_document():
    assert linking.birth_error_rate(_tables(400, far_off_every=20)) == pytest.approx(0.05)


def test_too_few_shared_documents_leave_the_fixed_rate():
    assert linking.birth_error_rate(_tables(50, far_off_every=20)) is None
    model = copy.deepcopy(default_model())
    assert linking.with_birth_errors(model, None) == default_model()


def test_the_counted_rate_replaces_the_fixed_one_and_the_levels_still_add_up():
    levels = _birth(linking.with_birth_errors(copy.deepcopy(default_model()), 0.05))
    assert levels["different"]["m_probability"] == pytest.approx(0.05)
    assert sum(level["m_probability"] for level in levels.values()) == pytest.approx(1.0)


def test_a_rate_of_nothing_is_raised_to_the_floor():
    levels = _birth(linking.with_birth_errors(copy.deepcopy(default_model()), 0.0))
    assert levels["different"]["m_probability"] == pytest.approx(linking.M_FLOOR)
