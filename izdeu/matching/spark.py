"""Splink on a local Spark session: `izdeu link --engine spark` on one machine.

``spark_database(threads)`` gives a Splink ``SparkAPI`` used exactly like the DuckDB one in
``linking.database``: ``register`` takes the Arrow tables of prepared records as they are (Spark 4
builds a DataFrame from a ``pyarrow.Table``, list<string> columns, booleans and NULL ints
included), and ``Linker`` runs izdeu's comparisons as Spark SQL.

The session is local (``local[threads]``), quiet (no UI, log level WARN), sized for one machine
(few shuffle partitions), and has Splink's similarity functions (damerau_levenshtein and the
rest) from the jar bundled in Splink's wheel: nothing is downloaded. Splink breaks long query
plans by writing intermediate tables as Parquet (its default outside Databricks) to a scratch
folder that is removed when the process ends. One session serves the whole process.

Jaro-Winkler is the exception. The jar's ``jaro_winkler`` counts half a transposition where
DuckDB and rapidfuzz (izdeu's one-record path) round down, so about one name pair in 25 scores
differently ("ahmadi"/"ahmediar": 0.883 on the jar, 0.903 on DuckDB), a few across the 0.90 of a
typo. Spark's ``jaro_winkler`` is therefore rapidfuzz's, the very function of
``conditions.Similar.test``, as a vectorised (Arrow) Python function.

A model learned on DuckDB (Splink's JSON settings) holds DuckDB's SQL, which Spark would misread
("surname_key_l" is a column there, a string here). ``spark_model`` gives the same model with each
level's condition rendered for Spark by izdeu's own comparisons, every learned number kept.
"""

import atexit
import copy
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pyspark.sql import SparkSession
from pyspark.sql.functions import pandas_udf
from pyspark.sql.types import DoubleType
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.process import cpdist
from splink.backends.spark import SparkAPI, similarity_jar_location

from izdeu.matching.comparisons import COMPARISONS

# Where Spark writes its shuffles and Splink its Parquet checkpoints; overridable for big runs.
SCRATCH_ENV = "IZDEU_SPARK_DIR"
# The driver's heap (in local mode the driver does all the work): e.g. "8g". Default: half the RAM.
MEMORY_ENV = "IZDEU_SPARK_MEMORY"

_scratch: Path | None = None


def spark_database(threads: int | None = None) -> SparkAPI:
    """Splink's connection to a local Spark session with `threads` cores (all, if None).

    Each connection is a session of its own on the process's one Spark context (one JVM, one
    set of cores): its tables ("records_0", ...) and functions are its own, as each DuckDB
    connection's are, so training and then scoring the same files in one process do not collide."""
    spark = spark_session(threads).newSession()
    db_api = SparkAPI(
        spark_session=spark,
        # Splink's default outside Databricks, said explicitly: intermediate tables are written
        # to Parquet in the checkpoint folder and read back, which cuts their lineage and frees
        # memory (persist keeps everything in the driver's heap).
        break_lineage_method="parquet",
        num_partitions_on_repartition=_cores(threads),
    )
    # After SparkAPI, which registers the jar's functions, the jar's jaro_winkler among them.
    spark.udf.register("jaro_winkler", _jaro_winkler)
    _check_similarity_functions(spark)
    return db_api


def spark_session(threads: int | None = None) -> SparkSession:
    """The process's local Spark session, created on first use with Splink's jar on its classpath.

    A session that already exists (Spark allows one per process) is reused as it is, whatever
    `threads` says; if it was started without Splink's jar, the jar is added to it."""
    jar = similarity_jar_location()
    active = SparkSession.getActiveSession()
    if active is not None:
        _add_jar(active, jar)
        _checkpoints(active)
        return active
    cores = _cores(threads)
    scratch = _scratch_dir()
    # Python functions (jaro_winkler) run in this interpreter, with its packages, rather than in
    # whatever python3 is first on PATH; PySpark reads only the environment for this.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("izdeu")
        .config("spark.jars", jar)
        .config("spark.driver.memory", os.environ.get(MEMORY_ENV) or _half_the_memory())
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        # One machine: a few partitions per core, not Spark's 200 (adaptive execution merges
        # small ones further).
        .config("spark.sql.shuffle.partitions", str(2 * cores))
        .config("spark.default.parallelism", str(2 * cores))
        .config("spark.local.dir", str(scratch / "local"))
        .config("spark.sql.warehouse.dir", str(scratch / "warehouse"))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("WARN")
    # py4j tells every connection it closes at INFO, down to the last one at exit.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    _checkpoints(spark)
    return spark


def _cores(threads: int | None) -> int:
    return max(1, threads or os.cpu_count() or 1)


def _half_the_memory() -> str:
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return "2g"
    return f"{max(1, total // 2**31)}g"


def _scratch_dir() -> Path:
    """A folder of this process's own for Spark's files, removed at exit."""
    global _scratch
    if _scratch is None:
        parent = os.environ.get(SCRATCH_ENV) or None
        if parent:
            Path(parent).mkdir(parents=True, exist_ok=True)
        _scratch = Path(tempfile.mkdtemp(prefix="izdeu-spark-", dir=parent))
        atexit.register(shutil.rmtree, _scratch, ignore_errors=True)
    return _scratch


def _add_jar(spark: SparkSession, jar: str) -> None:
    """Put Splink's jar on a session that was started without it (a no-op when it has it)."""
    jars = spark.sparkContext.getConf().get("spark.jars", "")
    if Path(jar).name in jars:
        return
    spark.sql(f"ADD JAR '{jar}'")


def _checkpoints(spark: SparkSession) -> None:
    """A folder for Splink's Parquet checkpoints, unless the session has one already."""
    if spark.sparkContext.getCheckpointDir() is None:
        spark.sparkContext.setCheckpointDir(str(_scratch_dir() / "checkpoints"))


@pandas_udf(DoubleType())
def _jaro_winkler(left: pd.Series, right: pd.Series) -> pd.Series:
    """Jaro-Winkler similarity as DuckDB and rapidfuzz compute it; NULL when either side is.

    (NULL, not NaN: Spark orders NaN above every number, so NaN >= 0.9 would be true.)"""
    known = (left.notna() & right.notna()).to_numpy()
    result = pd.Series(pd.NA, index=left.index, dtype="Float64")
    if known.any():
        result[known] = cpdist(left[known].tolist(), right[known].tolist(), scorer=JaroWinkler.similarity,
                               dtype=np.float64)  # fmt: skip
    return result


def _check_similarity_functions(spark: SparkSession) -> None:
    """Fail now, and clearly, rather than halfway through a link, if the similarity functions are missing."""
    try:
        row = spark.sql("SELECT jaro_winkler('ahmadi', 'ahmediar') AS jw, damerau_levenshtein('ab', 'ba') AS dl").first()
    except Exception as error:
        raise RuntimeError(
            "izdeu's similarity functions do not run in this Spark session. They need Splink's jar "
            f"(spark.jars={similarity_jar_location()}) and Python workers running this interpreter "
            f"(PYSPARK_PYTHON={sys.executable}, not {spark.sparkContext.pythonExec}), both set before "
            f"Spark starts. Spark said: {str(error).strip().splitlines()[-1]}"
        ) from error
    if abs(row.jw - JaroWinkler.similarity("ahmadi", "ahmediar")) > 1e-12 or row.dl != 1:
        raise RuntimeError(f"Spark's jaro_winkler or damerau_levenshtein is not DuckDB's: {row}")


def spark_model(model: dict[str, Any]) -> dict[str, Any]:
    """The model (Splink's JSON settings, saved on any engine) with its SQL in Spark's dialect.

    Each comparison level's condition is rendered again for Spark by izdeu's comparisons, the
    same SQL a model trained on Spark would have; m and u probabilities, the prior and
    everything else are kept. The saved conditions must be the ones izdeu renders for the
    model's own dialect, so that no learned number lands on another level: a model saved by
    another version of the comparisons has to be trained again. Blocking rules carry their
    dialect, and Splink translates them itself. A model already in Spark's dialect is returned
    as it is."""
    dialect = model.get("sql_dialect", "duckdb")
    if dialect == "spark":
        return model
    model = copy.deepcopy(model)
    ours = {comparison.name: comparison.splink() for comparison in COMPARISONS}
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        saved = [level["sql_condition"] for level in comparison["comparison_levels"]]
        creator = ours.get(name)
        if creator is None or saved != _conditions(creator, dialect):
            raise ValueError(
                f"The model's comparison {name!r} is not izdeu's {name!r} of this version, so it cannot be "
                f"moved from {dialect} to Spark: train the model again."
            )
        for level, condition in zip(comparison["comparison_levels"], _conditions(creator, "spark"), strict=True):
            level["sql_condition"] = condition
    model["sql_dialect"] = "spark"
    return model


def _conditions(creator, dialect: str) -> list[str]:
    return [level["sql_condition"] for level in creator.create_comparison_dict(dialect)["comparison_levels"]]
