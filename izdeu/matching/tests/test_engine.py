"""The matching engine on a small demo world: Splink and the one-at-a-time index agree, the
model learned from the data finds relatives' requests in official lists, and its reasons say why.

The demo world is fictional; its requests are written as relatives write them (eight spelling
schemes, ages instead of dates) and its lists as stations and hospitals write them.
"""

import pytest

from izdeu.demoworld.benchmark import benchmark
from izdeu.matching import linking
from izdeu.matching.comparisons import COMPARISONS
from izdeu.matching.default_model import default_model
from izdeu.matching.index import Index, keys
from izdeu.matching.model import Model
from izdeu.matching.reasons import describe_all, reasons
from izdeu.matching.records import prepare


@pytest.fixture(scope="module")
def world():
    data = benchmark(scale=0.1, seed=7)
    left = [prepare(row) for row in data.left]
    right = [prepare(row) for row in data.right]
    tables = [linking.table(left), linking.table(right)]
    model = linking.train(linking.build(tables, "link_only", "duckdb", threads=2))
    predicted = {(p.left_id, p.right_id): p for p in linking.predict(linking.trained_linker(tables, model, "duckdb"), 0.01)}
    return {"left": left, "right": right, "truth": set(data.truth), "model": model, "predicted": predicted}


def index_results(world, threshold=0.01):
    model = Model(world["model"])
    index = Index(model, world["right"])
    # A whole-list run counts value frequencies over both files: so does the index here.
    for record in world["left"]:
        index.frequencies.add(record, model.tf_columns)
    found = {}
    for record in world["left"]:
        index.frequencies.add(record, model.tf_columns, sign=-1)
        for match in index.match(record, threshold):
            found[(record["unique_id"], match.id)] = match.scored
        index.frequencies.add(record, model.tf_columns)
    return found


def test_the_index_and_splink_find_the_same_pairs_with_the_same_weights(world):
    found = index_results(world)
    predicted = world["predicted"]
    assert found.keys() == predicted.keys()
    for pair, scored in found.items():
        assert scored.match_weight == pytest.approx(predicted[pair].match_weight, abs=1e-9)
        assert {name: level for name, (level, _w) in scored.levels.items()} == {
            name: level for name, (level, _w) in predicted[pair].levels.items()
        }


def test_requests_are_found_in_the_lists_and_namesakes_mostly_kept_apart(world):
    matched = {pair for pair, p in world["predicted"].items() if p.match_probability >= 0.5}
    truth = world["truth"]
    precision = len(matched & truth) / len(matched)
    recall = len(matched & truth) / len(truth)
    # The benchmark (make bench) holds the full-size figures; this small world guards against
    # a change that breaks matching outright.
    assert precision > 0.9 and recall > 0.85, (precision, recall)


def test_every_pair_comes_with_reasons_that_quote_both_records(world):
    by_id = {r["unique_id"]: r for r in world["left"] + world["right"]}
    pair, predicted = max(world["predicted"].items(), key=lambda item: item[1].match_probability)
    found = reasons(predicted.levels, by_id[pair[0]], by_id[pair[1]])
    text = describe_all(found)
    assert found and "surname" in text and " ~ " in text
    # Every reason's weight counts; only "no sign of father and child", near zero, goes unsaid.
    assert sum(reason.weight for reason in found) == pytest.approx(
        predicted.match_weight - Model(world["model"]).prior_weight, abs=0.05
    )


def test_a_record_added_to_the_index_is_found_and_a_removed_one_is_not(world):
    model = Model(world["model"])
    index = Index(model, world["right"][:500])
    request = prepare({"id": "R-new", "full_name": "Nurlan Zagghiparov", "birth_date": "30 лет"})
    entry = prepare({"id": "E-new", "full_name": "ЗАГИПАРОВ Нурлан Серикович", "birth_date": "12.03.1992"})
    assert "E-new" not in {match.id for match in index.match(request, 0.01)}
    index.add(entry)
    assert [match.id for match in index.match(request, 0.01)][:1] == ["E-new"]
    index.remove("E-new")
    assert "E-new" not in {match.id for match in index.match(request, 0.01)}
    assert len(index) == 500 and not any("E-new" in posting for posting in index.postings.values())


@pytest.mark.parametrize("written, listed, level", [
    # Given name first, as people write in Latin letters; the list gives the surname and initials.
    ("Jandos Tolegen", "ТОЛЕГЕН Ж.А.", ("surname", "other_order_initial")),
    ("MURAT AKHMET", "АХМЕТОВ М.", ("surname", "other_order_initial")),
    # A name Soviet papers spelled with Дж-: its key begins with zh, the clerk's initial is Д.
    ("Лесина Джессика Алексеевна", "ЛЕСИНА Д.А.", ("given_initial", "soviet_dzh")),
    # The other order and a typo in the given name: in Latin letters, the order was not certain.
    ("ABDIRAKHMNA SULEYMEN", "СУЛЕЙМЕНОВ Абдирахман Сагиндыкулы", ("surname", "other_order_typo")),
    # Neither word is known to be the surname, and the given name lost a letter.
    ("Александ Бездетко", "БЕЗДЕТКО Александр Алексеевич", ("surname", "other_order_typo")),
])  # fmt: skip
def test_a_name_in_the_other_order_or_another_spelling_is_found_and_compared_as_such(written, listed, level):
    left, right = _records(written, listed)
    assert Index(Model(default_model()), [right]).candidates(left) == {"b"}
    comparison = next(c for c in COMPARISONS if c.name == level[0])
    assert comparison.level_of(left, right) == level[1]


def test_every_blocking_key_of_a_record_is_built_from_known_values():
    record = prepare({"id": "1", "full_name": "ЗАГИПАРОВ Нурлан Серикович", "birth_date": "12.03.1992",
                      "phone": "8 701 555 01 42, 8 727 255 55 55"})  # fmt: skip
    found = list(keys(record))
    assert all(None not in key for key in found)
    phone_rule = [rule.columns for rule in linking.RULES].index(("phones",))
    assert sorted(key[1] for key in found if key[0] == phone_rule) == ["+77015550142", "+77272555555"]


@pytest.mark.parametrize("copied", ["043518727", "043158726", "04358726", "0435187266"])
def test_a_document_number_copied_with_one_slip_still_finds_the_person(copied):
    """A clerk's slip in a passport number (a digit wrong, two swapped, one lost or doubled), and
    the mother gave her daughter's married name where the list has the passport's: the number
    alone must bring the two together."""
    request = prepare({"id": "a", "full_name": "Omarova Aigerim", "document_number": "N 043518726"})
    listed = prepare({"id": "b", "full_name": "СЕЙТҚАЛИЕВА Айгерим", "document_number": f"№ N{copied}"})
    stranger = prepare({"id": "c", "full_name": "ОМАРОВА Д.", "document_number": "N 043518999"})
    assert Index(Model(default_model()), [listed, stranger]).candidates(request) == {"b"}
    document = next(c for c in COMPARISONS if c.name == "document")
    assert document.level_of(request, listed) == "one_typo"


@pytest.mark.parametrize("written, listed, level", [
    ("Загипаров Нурлан Серикович", "Загипаров Серик", ("generation", "father_and_child")),  # son and father
    ("Асан Болатұлы 12.03.1992", "Үсен Болатұлы 12.03.1992", ("given_name", "two_names")),  # twins
    ("Сулейменов Айдар", "Сулейменова Айдана", ("given_name", "two_names")),  # siblings
    ("Жумабаев Ерлан", "Жумабеков Ерлан", ("surname", "different_families")),
    ("Ахметов Нурлан Серикович 1985", "Ахметов Нурлан Болатович 1992", ("father", "two_names")),
    # Each surname is the other's given name with -ов: Мурат's son Ержан and Ержан's son Мурат.
    ("YERZHANOV MURAT", "МУРАТОВ Ержан Абдирасилулы", ("given_name", "two_names")),
    ("YERZHANOV MURAT", "МУРАТОВ Ержан Абдирасилулы", ("surname", "different_families")),
    ("Ержанов Мурат", "МУРАТОВ Е.", ("surname", "different_families")),
])  # fmt: skip
def test_hard_non_matches_meet_a_level_that_tells_them_apart(written, listed, level):
    left, right = _records(written, listed)
    comparison = next(c for c in COMPARISONS if c.name == level[0])
    assert comparison.level_of(left, right) == level[1]


@pytest.mark.parametrize("written, listed, level", [
    ("Мраат Ахметов", "АХМЕТОВ Марат", ("given_name", "typo")),  # two letters swapped in a short name
    ("Тлгат Сапаров", "САПАРОВ Талгат", ("given_name", "typo")),  # a vowel left out
    ("Смат Нуриев", "НУРИЕВ Самат", ("given_name", "typo")),
    ("Кенесов Ерлан 06.08.2002", "КЕНЕСОВ Ерлан 18.11.2003", ("birth", "different")),  # two whole dates
    ("Кенесов Ерлан 2002", "КЕНЕСОВ Ерлан 18.11.2003", ("birth", "year_apart")),  # a year only: a slip
])  # fmt: skip
def test_a_slip_of_the_pen_meets_a_level_that_forgives_it_and_two_dates_do_not(written, listed, level):
    left, right = _records(written, listed)
    comparison = next(c for c in COMPARISONS if c.name == level[0])
    assert comparison.level_of(left, right) == level[1]


def _records(written: str, listed: str):
    def split(text: str) -> dict[str, str]:
        words = text.split()
        birth = words.pop() if words[-1][0].isdigit() else ""
        return {"full_name": " ".join(words), "birth_date": birth}

    return prepare({"id": "a", **split(written)}), prepare({"id": "b", **split(listed)})


def test_the_default_model_fits_the_comparisons_of_this_version():
    saved = {c["output_column_name"]: [lv["label_for_charts"] for lv in c["comparison_levels"]]
             for c in default_model()["comparisons"]}  # fmt: skip
    assert saved == {comparison.name: comparison.level_names for comparison in COMPARISONS}
    assert 0 < default_model()["probability_two_random_records_match"] < 0.01


def test_the_prior_counted_from_the_expected_matches_is_nearer_the_truth_than_ems(world):
    tables = [linking.table(world["left"]), linking.table(world["right"])]
    truth = len(world["truth"]) / (len(world["left"]) * len(world["right"]))
    learned = world["model"]["probability_two_random_records_match"]
    counted = linking.with_counted_prior(world["model"], tables, threads=2)["probability_two_random_records_match"]
    assert abs(counted - truth) < abs(learned - truth)
    assert counted == pytest.approx(truth, rel=0.1)
