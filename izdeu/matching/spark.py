"""Splink on a local Spark session: `izdeu link --engine spark` on one machine.

``spark_database(threads)`` gives a Splink ``SparkAPI`` used exactly like the DuckDB one in
``linking.database``: ``register`` takes the Arrow tables of prepared records as they are (Spark 4
builds a DataFrame from a ``pyarrow.Table``, list<string> columns, booleans and NULL ints
included), and ``Linker`` runs izdeu's comparisons as Spark SQL.

The session is local (``local[threads]``), quiet (no UI, log level WARN), sized for one machine
(few shuffle partitions), and has Splink's similarity functions (jaro_winkler,
damerau_levenshtein) from the jar bundled in Splink's wheel: nothing is downloaded. Splink breaks
long query plans by writing intermediate tables as Parquet (its default outside Databricks) to a
scratch folder that is removed when the process ends. One session serves the whole process.
"""

import atexit
import logging
import os
import shutil
import tempfile
from pathlib import Path

from pyspark.sql import SparkSession
from splink.backends.spark import SparkAPI, similarity_jar_location

logger = logging.getLogger(__name__)

# Where Spark writes its shuffles and Splink its Parquet checkpoints; overridable for big runs.
SCRATCH_ENV = "IZDEU_SPARK_DIR"
# The driver's heap (in local mode the driver does all the work): e.g. "8g". Default: half the RAM.
MEMORY_ENV = "IZDEU_SPARK_MEMORY"

_scratch: Path | None = None


def spark_database(threads: int | None = None) -> SparkAPI:
    """Splink's connection to a local Spark session with `threads` cores (all, if None)."""
    spark = spark_session(threads)
    db_api = SparkAPI(
        spark_session=spark,
        # Splink's default outside Databricks, said explicitly: intermediate tables are written
        # to Parquet in the checkpoint folder and read back, which cuts their lineage and frees
        # memory (persist keeps everything in the driver's heap).
        break_lineage_method="parquet",
        num_partitions_on_repartition=_cores(threads),
    )
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
        return active
    cores = _cores(threads)
    scratch = _scratch_dir()
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
    _add_jar(spark, jar)
    if spark.sparkContext.getCheckpointDir() is None:
        spark.sparkContext.setCheckpointDir(str(scratch / "checkpoints"))
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
    # A session that existed before us may have no checkpoint folder for Splink's Parquet files.
    if spark.sparkContext.getCheckpointDir() is None:
        spark.sparkContext.setCheckpointDir(str(_scratch_dir() / "checkpoints"))


def _check_similarity_functions(spark: SparkSession) -> None:
    """Fail now, and clearly, rather than halfway through a link, if the jar's functions are missing."""
    try:
        spark.sql("SELECT jaro_winkler('a', 'a'), damerau_levenshtein('ab', 'ba')").collect()
    except Exception as error:
        raise RuntimeError(
            f"Splink's similarity functions are not available in this Spark session ({error}). "
            f"Start Spark with spark.jars={similarity_jar_location()}"
        ) from error
