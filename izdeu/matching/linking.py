"""Whole lists at once: Splink on DuckDB (one machine) or Spark (many), with izdeu's comparisons.

Records are prepared in Python (``records.prepare``), handed to Splink as an Arrow table, and
compared by the SQL of ``comparisons.COMPARISONS``; Splink blocks, learns the model from the
data (no labels), scores the pairs and clusters them. Both engines get the same SQL and the
same trained model, so they give the same pairs.
"""

import copy
import logging
import os
import random
from collections import Counter
from contextlib import contextmanager
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pyarrow as pa
import pyarrow.compute as pc
from splink import Linker, SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule
from splink.internals import comparison_level
from splink.internals.exceptions import SplinkException

from izdeu.matching.comparisons import BIRTH, COMPARISONS, GIVEN_INITIAL
from izdeu.matching.default_model import default_model
from izdeu.matching.model import Frequencies

logger = logging.getLogger(__name__)

Engine = Literal["duckdb", "spark"]
LinkType = Literal["link_only", "dedupe_only"]

# Pairs are only scored if they agree on one of these rules: every true pair must meet at least
# one, so they cover names in any order and spelling, typos in either name, initials, and
# identity numbers. The same rules give the keys of the one-at-a-time index (``index.py``).


@dataclass(frozen=True)
class Rule:
    """Pairs that agree on all these columns are scored. `initial_only` rules also need one side
    to give only an initial for the given name ("Хакимов Р.С."): a surname and an initial alone
    would pair every Ахметов A. with every Ахметов Асхат, Айдар and Арман."""

    columns: tuple[str, ...]
    initial_only: bool = False

    def splink(self):
        exploded = [column for column in self.columns if column in LIST_COLUMNS] or None
        if not self.initial_only:
            return block_on(*self.columns, arrays_to_explode=exploded)
        agree = " AND ".join(f"l.{column} = r.{column}" for column in self.columns)
        return CustomRule(f"{agree} AND (l.given_key IS NULL OR r.given_key IS NULL)", arrays_to_explode=exploded)


RULES: tuple[Rule, ...] = (
    Rule(("name_typos",)),
    Rule(("surname_skeleton", "given_skeleton")),
    Rule(("initials_orders",), initial_only=True),
    Rule(("surname_skeleton", "given_initial", "birth_years")),
    Rule(("surname_stem", "given_initial", "birth_years")),
    Rule(("given_key", "father_key", "birth_years")),
    Rule(("surname_stem", "father_key")),
    Rule(("given_key", "birth_date")),
    Rule(("surname_key", "birth_date")),
    Rule(("birth_date",)),
    Rule(("given_key", "city")),
    Rule(("surname_key", "city")),
    Rule(("iin",)),
    Rule(("document_typos",)),
    Rule(("phones",)),
)
# Columns holding lists: a pair agrees when the lists share an element.
LIST_COLUMNS = frozenset({"name_typos", "initials_orders", "birth_years", "document_typos", "phones"})
BLOCKING = tuple(rule.splink() for rule in RULES)

# Pairs so alike that they are almost surely one person, for the estimate of how many pairs match.
DETERMINISTIC = (
    block_on("iin"),
    block_on("surname_key", "given_key", "father_key", "birth_date"),
    block_on("document"),
)
# Blocking of the training sessions: each leaves the comparisons it blocks on to the others.
TRAINING = (
    block_on("birth_date"),
    block_on("surname_key", "given_key"),
)

# The columns of a prepared record, typed for Arrow (and so for DuckDB and Spark).
SCHEMA = pa.schema([
    ("unique_id", pa.string()),
    *((name, pa.string()) for name in (
        "surname_key", "surname_reduced", "surname_stem", "surname_skeleton", "given_key", "given_reduced",
        "given_initial", "given_initial_dzh", "given_skeleton", "given_as_father", "father_key", "father_reduced", "father_initial", "birth_date", "sex",
        "iin", "document", "city", "address", "surname_written_display", "given_written_display",
        "patronymic_written_display", "written_birth",
    )),
    *((name, pa.bool_()) for name in ("surname_stem_known", "surname_marked", "given_known", "father_known", "birth_has_day",
                                      "birth_from_age")),
    ("birth_year_min", pa.int32()),
    ("birth_year_max", pa.int32()),
    ("birth_years", pa.list_(pa.int32())),
    ("name_orders", pa.list_(pa.string())),
    ("initials_orders", pa.list_(pa.string())),
    ("name_typos", pa.list_(pa.string())),
    ("document_typos", pa.list_(pa.string())),
    ("phones", pa.list_(pa.string())),
])  # fmt: skip


@dataclass(frozen=True)
class Pair:
    left_id: str
    right_id: str
    match_probability: float
    match_weight: float
    # {comparison: (level name, weight in bits)}, the comparisons that were not missing.
    levels: dict[str, tuple[str, float]]


def settings(link_type: LinkType) -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,
        comparisons=[comparison.splink() for comparison in COMPARISONS],
        blocking_rules_to_generate_predictions=list(BLOCKING),
        # Levels (gamma_*) and weights (mw_*) of every comparison come back with each pair, for
        # its reasons; ``predict`` reads only those out of the engine.
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
    )


def table(records: Sequence[dict[str, Any]]) -> pa.Table:
    """The records as an Arrow table, built column by column (a million records in seconds)."""
    return pa.table({name: [record.get(name) for record in records] for name in SCHEMA.names}, schema=SCHEMA)


def records(table: pa.Table, ids: set[str] | None = None) -> dict[str, dict[str, Any]]:
    """{id: prepared record} for the table's records with these ids (all, without ids)."""
    if ids is not None:
        table = table.filter(pc.is_in(table["unique_id"], value_set=pa.array(sorted(ids), pa.string())))
    return {record["unique_id"]: record for record in table.to_pylist()}


def frequencies(tables: Sequence[pa.Table], columns: Sequence[str]) -> Frequencies:
    """How often each value of these columns occurs in the tables (``Model.frequencies``, counted by Arrow)."""
    found = Frequencies()
    for column in columns:
        counts: Counter = Counter()
        for table in tables:
            for item in pc.value_counts(table[column].drop_null()).to_pylist():
                counts[item["values"]] += item["counts"]
        found.counts[column], found.totals[column] = counts, sum(counts.values())
    return found


def database(engine: Engine, threads: int | None = None):
    """Splink's connection to the engine: an in-memory DuckDB, or a local Spark session."""
    if engine == "duckdb":
        import duckdb
        from splink import DuckDBAPI

        connection = duckdb.connect(config={"threads": threads or os.cpu_count() or 1})
        return DuckDBAPI(connection)
    from izdeu.matching.spark import spark_database

    return spark_database(threads)


def build(tables: Sequence[pa.Table], link_type: LinkType, engine: Engine, threads: int | None = None) -> Linker:
    db_api = database(engine, threads)
    frames = [db_api.register(t, dataset_display_name=f"records_{n}") for n, t in enumerate(tables)]
    return Linker(frames, settings(link_type), log_level=logging.ERROR)


# No level is ever impossible: a true match can have a mistyped surname, a wrong sex or a date
# off by more than a typo, and a random pair can share an IIN by a typo. Probabilities the data
# puts at (nearly) zero are raised to these floors, so one disagreement never outweighs all the
# rest of the evidence, and a level the data never showed keeps a neutral weight.
M_FLOOR = 1e-3
U_FLOOR = 1e-6


# EM needs thousands of record pairs to learn from: with fewer records than this, the model
# learned on the demo world (``default_model``) serves instead.
LEARN_FROM_RECORDS = 2_000


def model_for(tables: Sequence[pa.Table], link_type: LinkType, threads: int | None = None) -> tuple[dict[str, Any], bool]:
    """The model to score these records with, and whether it was learned from them."""
    if sum(table.num_rows for table in tables) >= LEARN_FROM_RECORDS:
        try:
            model = with_birth_errors(train(build(tables, link_type, "duckdb", threads)), birth_error_rate(tables))
            return with_counted_prior(model, tables, threads) if link_type == "link_only" else model, True
        except SplinkException as error:
            # Records too alike, or too few pairs on some rule, for EM: say so and go on.
            logger.warning("learning the matching model failed (%s); the default model serves", type(error).__name__)
    model = copy.deepcopy(default_model())
    model["link_type"] = link_type
    # How common a name is cannot be told from a few records (model.FEW_VALUES): no adjustment.
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            level.pop("tf_adjustment_column", None)
            level.pop("tf_adjustment_weight", None)
    return model, False


def train(linker: Linker, seed: int = 2022) -> dict[str, Any]:
    """Learn the model from the records themselves: how often each level occurs among random
    pairs (u), then among true pairs and how often two records match (m and the prior, by EM).
    Returns the model (Splink's JSON settings), floors applied."""
    linker.training.estimate_probability_two_random_records_match(list(DETERMINISTIC), recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    with _em_may_reach_nothing():
        for rule in TRAINING:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, populate_probability_two_random_records_match_from_trained_values=True
            )
    return with_floors(linker.misc.save_model_to_json())


# EM learns the prior from its training blocks, and there it runs low: a fifth under the truth
# on the demo world, which keeps true pairs near 0.5 under it. Once m and u are learned, the
# expected number of matches among the candidates of a sample of the left records measures it
# better (1.4% over the truth on the demo world): one M-step for the prior, over every candidate
# rather than over a training block's pairs.
PRIOR_SAMPLE = 2_000
# Fewer left records than this say too little about how many of them are found.
PRIOR_SAMPLE_MIN = 200
# Pairs below this add almost nothing to the expected count (0.02% on the demo world).
PRIOR_FROM = 0.001


def with_counted_prior(model: dict[str, Any], tables: Sequence[pa.Table], threads: int | None = None,
                       seed: int = 2022) -> dict[str, Any]:  # fmt: skip
    """A link model with its prior re-estimated from the expected number of matches: the sum of
    the match probabilities of a sample of the left records' candidates, over their pairs."""
    left, right = tables
    if left.num_rows < PRIOR_SAMPLE_MIN or not right.num_rows:
        return model
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample, so that explain and link agree
    chosen = sorted(rng.sample(range(left.num_rows), min(PRIOR_SAMPLE, left.num_rows)))
    sample = left.take(chosen)
    frame = trained_linker([sample, right], model, "duckdb", threads).inference.predict(
        threshold_match_probability=PRIOR_FROM
    )
    expected = frame.query_sql("SELECT sum(match_probability) AS expected FROM {this}").as_record_list()[0]["expected"]
    if not expected:
        return model
    return model | {"probability_two_random_records_match": expected / (sample.num_rows * right.num_rows)}


@contextmanager
def _em_may_reach_nothing():
    """Let EM take a level's m or u down to (almost) nothing. A level seen only among clearly
    different pairs gets an m below 1e-300 within a few iterations (their match probabilities
    underflow), and Splink 5 refuses such a value outright; the floors (``with_floors``) raise
    it afterwards, so a small list trains instead of failing."""
    strict = comparison_level._validate_m_u_probability

    def lenient(value, *args) -> None:
        if not (isinstance(value, float) and 0 <= value < comparison_level.M_U_CLAMP_MIN):
            strict(value, *args)

    comparison_level._validate_m_u_probability = lenient
    try:
        yield
    finally:
        comparison_level._validate_m_u_probability = strict


# How often one person's records give birth dates further apart than a typo, a swap or a year
# cannot be learned by EM: namesakes born years apart fill its pairs. It is counted instead
# among pairs that share an IIN or a document number, which are one person whatever their
# names say; with fewer such pairs than this, the rate fixed in ``comparisons.BIRTH`` stands.
ANCHOR_PAIRS = 200
# A number shared by more records than this is a dummy written for many people, not one person's.
ANCHOR_GROUP = 10


def birth_error_rate(tables: Sequence[pa.Table]) -> float | None:
    """The share of anchor pairs (same IIN or document) whose birth dates differ beyond a typo."""
    columns = ["iin", "document", "birth_date", "birth_year_min", "birth_year_max", "birth_has_day", "birth_from_age"]
    # Only records with a number can pair; a million rows are not turned into dicts for nothing.
    numbered = [table.filter(pc.or_(pc.is_valid(table["iin"]), pc.is_valid(table["document"]))) for table in tables]
    sides = [table.select(columns).to_pylist() for table in numbered]
    left, right = (sides[0], sides[1]) if len(sides) == 2 else (sides[0], sides[0])
    counts = {"all": 0, "different": 0}
    for column in ("iin", "document"):
        groups: dict[str, list[dict]] = {}
        for record in left:
            if record[column] is not None:
                groups.setdefault(record[column], []).append(record)
        for record in right:
            group = groups.get(record[column]) if record[column] is not None else None
            if not group or len(group) > ANCHOR_GROUP:
                continue
            for other in group:
                if other is record:
                    continue
                level = BIRTH.level_of(other, record)
                if level != "missing":
                    counts["all"] += 1
                    counts["different"] += level == BIRTH.else_name
    return counts["different"] / counts["all"] if counts["all"] >= ANCHOR_PAIRS else None


def with_birth_errors(model: dict[str, Any], rate: float | None) -> dict[str, Any]:
    """The model with the birth comparison's "different" level at the rate counted (floored),
    the other levels' m scaled to make room; unchanged when there was nothing to count."""
    if rate is None:
        return model
    rate = max(rate, M_FLOOR)
    birth = next(c for c in model["comparisons"] if c["output_column_name"] == BIRTH.name)
    levels = [level for level in birth["comparison_levels"] if not level.get("is_null_level")]
    different = next(level for level in levels if level["label_for_charts"] == BIRTH.else_name)
    others = sum(level["m_probability"] for level in levels if level is not different)
    for level in levels:
        level["m_probability"] = rate if level is different else level["m_probability"] / others * (1 - rate)
    return model


def with_floors(model: dict[str, Any]) -> dict[str, Any]:
    """Raise learned probabilities to the floors; fixed ones stay as they were set."""
    for comparison in model["comparisons"]:
        levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
        for key, floor in (("m_probability", M_FLOOR), ("u_probability", U_FLOOR)):
            learned = [level for level in levels if not level.get(f"fix_{key}")]
            fixed_total = sum(level[key] for level in levels if level.get(f"fix_{key}"))
            values = [max(level.get(key) or 0.0, floor) for level in learned]
            total = sum(values)
            for level, value in zip(learned, values, strict=True):
                level[key] = value / total * (1 - fixed_total)
    return model


def trained_linker(tables: Sequence[pa.Table], model: dict[str, Any], engine: Engine,
                   threads: int | None = None) -> Linker:  # fmt: skip
    """A linker with a model already learned (or saved with the data): no training. A model's SQL
    is DuckDB's; on Spark its levels are rebuilt in Spark's SQL, with the same numbers."""
    db_api = database(engine, threads)
    # A model saved by an earlier version carries that version's blocking rules: candidates are
    # always found by today's rules, the ones the index (``index.py``) finds them by.
    model = model | {"blocking_rules_to_generate_predictions": _blocking_rules(model.get("sql_dialect", "duckdb"))}
    if engine == "spark":
        from izdeu.matching.spark import spark_model

        model = spark_model(model)
    frames = [db_api.register(t, dataset_display_name=f"records_{n}") for n, t in enumerate(tables)]
    return Linker(frames, model, log_level=logging.ERROR)


def _blocking_rules(dialect: str) -> list[dict[str, Any]]:
    return [rule.get_blocking_rule(dialect).as_dict() for rule in BLOCKING]


# A row that gives only initials ("ДУЙСЕНОВ Е. Б.", a morgue's list) says too little to reach the
# review threshold alone, but may be the same person as a stronger candidate, which lifts it
# (``one_person``): such rows are weighed from this fraction of the threshold.
INITIALS_FROM = 0.1


def predict(linker: Linker, threshold: float) -> Iterator[Pair]:
    """Pairs at or above `threshold`, and pairs of a row giving only initials from `INITIALS_FROM` of it."""
    frame = linker.inference.predict(threshold_match_probability=threshold * INITIALS_FROM)
    columns = ["unique_id_l", "unique_id_r", "match_probability", "match_weight"]
    # A model without term frequencies (the default one, for a few records) has no adjustments.
    present = {column.unquote().name for column in frame.columns}
    for comparison in COMPARISONS:
        columns += [f"gamma_{comparison.name}", f"mw_{comparison.name}"]
        if f"mw_tf_adj_{comparison.name}" in present:
            columns.append(f"mw_tf_adj_{comparison.name}")
    # The column names are izdeu's own comparison names, never input.
    # Splink numbers the missing level -1: the initial is compared only when one side gives nothing more.
    selected = frame.query_sql(
        f"SELECT {', '.join(columns)} FROM {{this}} "  # noqa: S608
        f"WHERE match_probability >= {threshold!r} OR gamma_{GIVEN_INITIAL.name} <> -1"
    )
    for batch in selected.as_pyarrow_table().to_batches(max_chunksize=50_000):
        yield from (_pair(row) for row in batch.to_pylist())


def _pair(row: dict[str, Any]) -> Pair:
    levels = {}
    for comparison in COMPARISONS:
        gamma = row[f"gamma_{comparison.name}"]
        if gamma == -1:
            continue
        names = comparison.level_names
        # Splink numbers levels from the bottom: "else" is 0, the missing level -1.
        name = names[len(names) - 1 - gamma]
        levels[comparison.name] = (name, _weight(row, comparison.name))
    return Pair(str(row["unique_id_l"]), str(row["unique_id_r"]), float(row["match_probability"]),
                float(row["match_weight"]), levels)  # fmt: skip


def _weight(row: dict[str, Any], name: str) -> float:
    """The level's weight in bits, term-frequency adjustment included."""
    return float(row[f"mw_{name}"]) + float(row.get(f"mw_tf_adj_{name}") or 0.0)
