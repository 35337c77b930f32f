"""DuckDB and Spark give the same pairs: one model, learned once, scored on both engines.

The data is a small slice of the demo world in the CSV contract of `izdeu link` (the benchmark's
own row writers in bench/matching_data.py): its search requests, as relatives wrote them, against
list entries as volunteers received them, Kazakh and Russian names in Cyrillic and Latin.
Every entry about a sought person is kept, so the pairs include true matches, typos and namesakes.

Spark runs in local mode and needs Java; without it the Spark test is skipped.
"""

import copy
import importlib.util
import random
import shutil
from pathlib import Path

import pytest

from izdeu.matching import linking
from izdeu.matching.records import prepare

BENCH_DATA = Path(__file__).resolve().parents[3] / "bench" / "matching_data.py"
SEED = 2022
REQUESTS = 200
ENTRIES = 2_000
THRESHOLD = 0.05
TOLERANCE = 1e-9


def _bench_data():
    if not BENCH_DATA.exists():
        pytest.skip(f"the demo benchmark's row writers are not here ({BENCH_DATA})")
    spec = importlib.util.spec_from_file_location("izdeu_bench_matching_data", BENCH_DATA)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tables():
    """~200 requests (LEFT) and ~2,000 list entries (RIGHT), prepared as `izdeu link` prepares them."""
    from izdeu.demoworld import generate

    bench = _bench_data()
    world = generate(seed=SEED, scale=0.1)
    rng = random.Random(SEED)  # noqa: S311 - reproducible fictional data
    requests = world.requests[:REQUESTS]
    sought = {request.person for request in requests}
    entries = [(f"E{number:07d}", source, entry) for number, (source, entry) in enumerate(world.entries(), start=1)]
    about_sought = [item for item in entries if item[2].person in sought]
    others = [item for item in entries if item[2].person not in sought]
    chosen = about_sought + rng.sample(others, max(0, ENTRIES - len(about_sought)))
    left = [prepare(bench.request_row(request, rng)) for request in requests]
    right = [prepare(bench.entry_row(row_id, source, entry)) for row_id, source, entry in chosen]
    return [linking.table(left), linking.table(right)]


@pytest.fixture(scope="module")
def model(tables):
    return linking.train(linking.build(tables, "link_only", "duckdb", threads=2))


def _scored(tables, model, engine) -> dict[tuple[str, str], linking.Pair]:
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


def test_duckdb_finds_pairs(on_duckdb):
    # The comparison is only worth something if there is something to compare.
    assert len(on_duckdb) >= 50
    assert any(pair.match_probability > 0.99 for pair in on_duckdb.values())
    assert any(pair.match_probability < 0.5 for pair in on_duckdb.values())


@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java (java is not on PATH)")
def test_spark_gives_the_same_pairs_as_duckdb(tables, model, on_duckdb):
    pytest.importorskip("pyspark", reason="Spark is an optional engine (pip install izdeu[spark])")
    on_spark = _scored(tables, model, "spark")

    assert on_spark.keys() == on_duckdb.keys(), (
        f"only on DuckDB: {sorted(on_duckdb.keys() - on_spark.keys())[:10]}; "
        f"only on Spark: {sorted(on_spark.keys() - on_duckdb.keys())[:10]}"
    )
    for key, duck in on_duckdb.items():
        spark = on_spark[key]
        assert spark.match_probability == pytest.approx(duck.match_probability, abs=TOLERANCE), key
        assert spark.match_weight == pytest.approx(duck.match_weight, abs=TOLERANCE), key
        assert {name: level for name, (level, _) in spark.levels.items()} == {
            name: level for name, (level, _) in duck.levels.items()
        }, key
        for name, (_, weight) in duck.levels.items():
            assert spark.levels[name][1] == pytest.approx(weight, abs=TOLERANCE), (key, name)
