"""DuckDB and Spark give the same pairs: one model, learned once on DuckDB, scored on both.

The data is a small slice of the demo world in the CSV contract of `izdeu link`: its search
requests as relatives wrote them (LEFT) against list rows as volunteers received them (RIGHT),
Kazakh and Russian names in Cyrillic and Latin, ages for dates, typos, namesakes. Every row about a
sought person is kept. A few list rows also carry a phone, an address, an identity card or a town,
as some lists do, so that every comparison is computed on both sides of some pair.

Spark runs in local mode, one session for the module; without Java its tests are skipped.
"""

import copy
import itertools
import random
import re
import shutil

import pytest

from izdeu.demoworld.benchmark import benchmark
from izdeu.matching import linking
from izdeu.matching.records import prepare

SEED = 2022
ENTRIES = 2_000
THRESHOLD = 0.05
TOLERANCE = 1e-9

needs_spark = pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java, and java is not on PATH")


def _with_contacts(left: list[dict], right: list[dict], truth: list[tuple[str, str]]) -> None:
    """Give some rows what the demo lists leave out: the same phone, address or identity card as
    the request about the same person (an address cut short, a card number mistyped), or another
    person's card; a birth day mistyped by a digit; and a town on both sides now and then."""
    requests = {row["id"]: row for row in left}
    request_of = {}
    for left_id, right_id in truth:
        request_of.setdefault(right_id, requests[left_id])
    for number, row in enumerate(left):
        row["document_number"] = f"{100_000_000 + 7_919 * number}" if number % 2 == 0 else ""
        row["city"] = "г. Алматы" if number % 3 == 0 else ""
    for number, row in enumerate(right):
        request = request_of.get(row["id"])
        row["city"] = "Алматы" if number % 7 == 0 else ""
        if request is None:
            row["document_number"] = f"{200_000_000 + number}" if number % 10 == 0 else ""
            continue
        _mistype_day(row, number)
        kind, digits = number % 5, re.sub(r"\D", "", request["phone"])
        if kind == 0 and digits:
            row["phone"] = "8" + digits[1:]
        elif kind == 1:
            row["address"] = request["address"]
        elif kind == 2:
            row["address"] = request["address"][:-1]
        elif kind == 3:
            row["document_number"] = request["document_number"]
        elif kind == 4 and request["document_number"]:
            row["document_number"] = request["document_number"][:-1] + "0"


def _mistype_day(row: dict, number: int) -> None:
    """Every eleventh row's "12.03.1992" becomes "13.03.1992" (a day that exists in every month)."""
    written = re.fullmatch(r"(\d)(\d)(\.\d\d\.\d{4})", row["birth_date"])
    if number % 11 == 0 and written and int(written[1] + written[2]) < 27 and written[2] < "8":
        row["birth_date"] = f"{written[1]}{int(written[2]) + 1}{written[3]}"


@pytest.fixture(scope="module")
def tables():
    """~200 requests and ~2,000 list rows, prepared as `izdeu link` prepares them."""
    data = benchmark(scale=0.1, seed=SEED)
    about_sought = {right_id for _, right_id in data.truth}
    others = [row for row in data.right if row["id"] not in about_sought]
    kept = {row["id"] for row in random.Random(SEED).sample(others, max(0, ENTRIES - len(about_sought)))}  # noqa: S311
    right = [row for row in data.right if row["id"] in about_sought or row["id"] in kept]
    _with_contacts(data.left, right, data.truth)
    return [linking.table([prepare(row) for row in data.left]), linking.table([prepare(row) for row in right])]


@pytest.fixture(scope="module")
def model(tables):
    return linking.train(linking.build(tables, "link_only", "duckdb", threads=2))


def _scored(tables, model, engine) -> dict[tuple[str, str], linking.Pair]:
    if engine == "spark":
        # The DuckDB model's SQL rendered for Spark (a no-op if linking has done it already).
        from izdeu.matching.spark import spark_model

        model = spark_model(model)
    linker = linking.trained_linker(tables, copy.deepcopy(model), engine, threads=2)
    pairs = {}
    for pair in linking.predict(linker, THRESHOLD):
        key = (pair.left_id, pair.right_id)
        assert key not in pairs, f"{key} scored twice on {engine}"
        pairs[key] = pair
    return pairs


@pytest.fixture(scope="module")
def on_duckdb(tables, model):
    return _scored(tables, model, "duckdb")


@pytest.fixture(scope="module")
def spark():
    """The local Spark session, stopped after the module if the module started it."""
    pytest.importorskip("pyspark", reason="Spark is an optional engine (pip install 'izdeu[spark]')")
    from pyspark.sql import SparkSession

    from izdeu.matching.spark import spark_session

    started = SparkSession.getActiveSession() is None
    session = spark_session(threads=2)
    yield session
    if started:
        session.stop()


def test_the_data_makes_every_comparison_meet_values_on_both_sides(on_duckdb):
    seen = {(name, level) for pair in on_duckdb.values() for name, (level, _) in pair.levels.items()}
    assert len(on_duckdb) >= 500
    assert {("phone", "shared"), ("place", "same_address"), ("place", "similar_address"), ("place", "same_city"),
            ("document", "same"), ("document", "one_typo"), ("iin", "same"), ("surname", "typo"),
            ("given_name", "typo"), ("birth", "one_typo"), ("birth", "day_month_swapped"),
            ("birth", "year_apart_same_day"), ("given_initial", "same"), ("father_initial", "same")} <= seen  # fmt: skip
    probabilities = [pair.match_probability for pair in on_duckdb.values()]
    assert min(probabilities) < 0.5 < max(probabilities)


def test_spark_model_renders_the_same_levels_for_spark(model):
    pytest.importorskip("pyspark", reason="Spark is an optional engine (pip install 'izdeu[spark]')")
    from izdeu.matching.spark import spark_model

    moved = spark_model(model)
    assert moved["sql_dialect"] == "spark" and model["sql_dialect"] == "duckdb"
    assert spark_model(moved) is moved
    for duck, spark in zip(model["comparisons"], moved["comparisons"], strict=True):
        for a, b in zip(duck["comparison_levels"], spark["comparison_levels"], strict=True):
            assert {k: v for k, v in a.items() if k != "sql_condition"} == {
                k: v for k, v in b.items() if k != "sql_condition"
            }
    conditions = " ".join(level["sql_condition"] for c in moved["comparisons"] for level in c["comparison_levels"])
    assert '"' not in conditions  # Spark reads "surname_key_l" as a string, not a column
    assert "jaro_winkler(" in conditions and "ARRAY_INTERSECT(" in conditions

    tampered = copy.deepcopy(model)
    tampered["comparisons"][0]["comparison_levels"][1]["sql_condition"] = '"surname_stem_l" = "surname_stem_r"'
    with pytest.raises(ValueError, match="train the model again"):
        spark_model(tampered)


@needs_spark
def test_similarity_functions_agree_with_duckdb(tables, spark):
    """Splink's jar scores Jaro-Winkler its own way; izdeu's Spark session must score it as DuckDB."""
    import duckdb
    import pyarrow as pa

    from izdeu.matching.spark import spark_database

    session = spark_database(threads=2).spark  # a session with izdeu's functions registered
    keys = sorted({key for table in tables for column in ("surname_key", "given_key") for key in
                   table.column(column).to_pylist() if key})[:150]  # fmt: skip
    pairs = [*itertools.combinations(keys, 2), ("ahmadi", "ahmediar"), ("Ахметов", "Ахмедов"), ("abc", "ca"),
             (None, "a"), ("a", None)]  # fmt: skip
    table = pa.table({"a": [a for a, _ in pairs], "b": [b for _, b in pairs]})
    sql = "SELECT a, b, {jw}(a, b) AS jw, damerau_levenshtein(a, b) <= 1 AS typo FROM pairs"
    connection = duckdb.connect()
    connection.register("pairs", table)
    on_duckdb = {(a, b): (jw, typo) for a, b, jw, typo in connection.sql(sql.format(jw="jaro_winkler_similarity")).fetchall()}
    session.createDataFrame(table).createOrReplaceTempView("pairs")
    on_spark = {(row.a, row.b): (row.jw, row.typo) for row in session.sql(sql.format(jw="jaro_winkler")).collect()}

    assert on_spark.keys() == on_duckdb.keys()
    for pair, (jw, typo) in on_duckdb.items():
        assert (on_spark[pair][0] is None) == (jw is None), pair
        assert on_spark[pair][0] == pytest.approx(jw, abs=1e-12), pair
        # DuckDB says NULL for a NULL side, the jar 100: no match either way.
        assert bool(on_spark[pair][1]) == bool(typo), pair


@needs_spark
def test_spark_gives_the_same_pairs_as_duckdb(tables, model, on_duckdb, spark):
    on_spark = _scored(tables, model, "spark")

    assert on_spark.keys() == on_duckdb.keys(), (
        f"only on DuckDB: {sorted(on_duckdb.keys() - on_spark.keys())[:10]}; "
        f"only on Spark: {sorted(on_spark.keys() - on_duckdb.keys())[:10]}"
    )
    for key, duck in on_duckdb.items():
        pair = on_spark[key]
        assert pair.match_probability == pytest.approx(duck.match_probability, abs=TOLERANCE), key
        assert pair.match_weight == pytest.approx(duck.match_weight, abs=TOLERANCE), key
        assert {name: level for name, (level, _) in pair.levels.items()} == {
            name: level for name, (level, _) in duck.levels.items()
        }, key
        for name, (_, weight) in duck.levels.items():
            assert pair.levels[name][1] == pytest.approx(weight, abs=TOLERANCE), (key, name)


def test_a_model_saved_with_other_blocking_rules_finds_candidates_by_todays(tables, model, on_duckdb):
    """An organisation's model saved by an earlier version still meets every candidate the index would."""
    saved = copy.deepcopy(model)
    saved["blocking_rules_to_generate_predictions"] = [
        {"blocking_rule": 'l."iin" = r."iin"', "sql_dialect": "duckdb"},
    ]
    assert _scored(tables, saved, "duckdb").keys() == on_duckdb.keys()
