"""How well and how fast `izdeu link` matches, against two baselines, on two datasets.

``demo``: the demo world's 2,000 search requests, written by relatives in 8 spelling schemes,
against its 56,015 list entries. ``febrl4``: the FEBRL4 benchmark (5,000 × 5,000). Engines:
izdeu (the CLI, as a subprocess), plain Splink as its tutorial configures it, and rapidfuzz
token-sort similarity. Scratch files stay in bench/.data/matching/ (not committed); to see
an engine's worst mistakes: python bench/matching_eval.py OUT.csv TRUTH.csv LEFT.csv RIGHT.csv
"""

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from matching_baselines import rapidfuzz_baseline, splink_baseline
from matching_data import Dataset, write_demo, write_febrl4
from matching_eval import REVIEW, evaluate, read_schemes

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data" / "matching"
IZDEU = Path(sys.executable).with_name("izdeu")
TARGETS = {
    "precision": 0.97,
    "recall": 0.97,
    "candidate_recall": 0.995,
    "pairs_per_true_pair": 3,
    "febrl4_f1": 0.999,
}


def run_izdeu(left: Path, right: Path, out: Path, threads: int | None = None, timeout: float = 1800) -> dict:
    """Run `izdeu link LEFT RIGHT -o OUT --threads N`, writing the pairs the service's review
    queue would hold; its wall time and peak RSS.

    The peak RSS is that of the izdeu process (or of its largest child process, if bigger),
    read from ``wait4`` so that other subprocesses of the benchmark run do not count.
    Raises RuntimeError with the end of its stderr when the command fails.
    """
    command = [str(IZDEU), "link", str(left), str(right), "-o", str(out), "--threads", str(threads or os.cpu_count()),
               "--review-threshold", str(REVIEW)]  # fmt: skip
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        status, usage = _wait(process, timeout)
        seconds = time.perf_counter() - started
        if status != 0:
            stderr.seek(0)
            tail = stderr.read().decode("utf-8", errors="replace").strip().splitlines()[-3:]
            raise RuntimeError(f"exit status {status}: {' / '.join(tail)}"[:400])
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024)}


def _wait(process: subprocess.Popen, timeout: float):
    """Wait for the process with wait4, which gives its own resource usage; kill it at timeout."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage
        if time.monotonic() > deadline:
            process.kill()
            os.wait4(process.pid, 0)
            process.returncode = -9
            raise RuntimeError(f"timed out after {timeout:.0f} s")
        time.sleep(0.2)


def _timed(baseline: Callable[[Path, Path, Path], float]) -> Callable[[Path, Path, Path], dict]:
    return lambda left, right, out: {"seconds": round(baseline(left, right, out), 1)}


ENGINES: dict[str, Callable[[Path, Path, Path], dict]] = {
    "izdeu": run_izdeu,
    "splink": _timed(splink_baseline),
    "rapidfuzz": _timed(rapidfuzz_baseline),
}


def bench_engine(name: str, dataset: Dataset) -> dict:
    """One engine on one dataset: its timing and its scores, or the error that stopped it."""
    out = dataset.left.parent / f"out_{name}.csv"
    out.unlink(missing_ok=True)
    print(f"  {dataset.name}: {name} …", flush=True)
    try:
        timing = ENGINES[name](dataset.left, dataset.right, out)
    except Exception as error:  # a failing engine must not stop the others
        return {"error": f"{type(error).__name__}: {error}"[:400]}
    return timing | evaluate(out, dataset.truth, read_schemes(dataset.left))


def targets_met(figures: dict, dataset: str) -> dict[str, bool]:
    """Which targets an engine's figures meet on a dataset."""
    if "error" in figures:
        return {}
    if dataset == "febrl4":
        return {"f1": (figures["f1"] or 0) >= TARGETS["febrl4_f1"]}
    return {
        "precision": (figures["precision"] or 0) >= TARGETS["precision"],
        "recall": (figures["recall"] or 0) >= TARGETS["recall"],
        "candidate_recall": (figures["candidate_recall"] or 0) >= TARGETS["candidate_recall"],
        "pairs_per_true_pair": (figures["pairs_per_true_pair"] or 0) <= TARGETS["pairs_per_true_pair"],
    }


def run() -> dict:
    datasets = [write_demo(DATA / "demo"), write_febrl4(DATA / "febrl4")]
    figures: dict = {}
    for dataset in datasets:
        engines = {name: bench_engine(name, dataset) for name in ENGINES}
        for result in engines.values():
            if "error" not in result:
                result["targets_met"] = targets_met(result, dataset.name)
        figures[dataset.name] = {
            "left_rows": dataset.left_rows,
            "right_rows": dataset.right_rows,
            "true_pairs": dataset.true_pairs,
            "engines": engines,
        }
    figures["review_threshold"] = REVIEW
    figures["match_threshold"] = 0.5
    figures["threads"] = os.cpu_count()
    figures["targets"] = TARGETS
    return figures
