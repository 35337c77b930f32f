"""Linking and deduplicating whole files: what `izdeu link`, `izdeu dedupe` and `izdeu explain` run.

Plain Python around ``linking``: read and prepare the records (reporting progress), train the
model on them, then score, cluster or explain.
"""

import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from izdeu.matching import linking
from izdeu.matching.files import read_rows
from izdeu.matching.reasons import describe_all, reasons
from izdeu.matching.records import prepare

DEFAULT_REVIEW_THRESHOLD = 0.05
MATCH_THRESHOLD = 0.5


class Progress:
    """Stages and a bar on stderr, for runs long enough to wonder about; silent when quiet."""

    def __init__(self, out: TextIO | None = sys.stderr):
        self.out, self.started = out, time.monotonic()

    def stage(self, text: str) -> None:
        if self.out is not None:
            self.out.write(f"[{time.monotonic() - self.started:7.1f}s] {text}\n")
            self.out.flush()

    def bar(self, done: int, total: int, label: str) -> None:
        if self.out is None or not self.out.isatty():
            return
        width = 30
        filled = width * done // max(total, 1)
        self.out.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            self.out.write("\n")
        self.out.flush()


def prepared(path: str | Path, progress: Progress) -> list[dict[str, Any]]:
    rows = read_rows(path)
    records = []
    for number, row in enumerate(rows, start=1):
        records.append(prepare(row))
        if number % 10_000 == 0 or number == len(rows):
            progress.bar(number, len(rows), f"preparing {Path(path).name}")
    progress.stage(f"{len(records)} records read from {path}")
    return records


def trained(tables: list, link_type: linking.LinkType, engine: linking.Engine, threads: int | None,
            progress: Progress):  # fmt: skip
    progress.stage(f"training the model on {engine}")
    model = linking.train(linking.build(tables, link_type, engine, threads))
    return linking.trained_linker(tables, model, engine, threads)


def link(left: str | Path, right: str | Path, *, threshold: float = DEFAULT_REVIEW_THRESHOLD,
         engine: linking.Engine = "duckdb", threads: int | None = None,
         progress: Progress | None = None) -> Iterator[tuple[str, str, float, str]]:  # fmt: skip
    """(left_id, right_id, match_probability, reasons) for every pair at or above `threshold`."""
    progress = progress or Progress(None)
    left_records, right_records = prepared(left, progress), prepared(right, progress)
    linker = trained([linking.table(left_records), linking.table(right_records)], "link_only", engine, threads,
                     progress)  # fmt: skip
    progress.stage("scoring the pairs")
    lefts = {record["unique_id"]: record for record in left_records}
    rights = {record["unique_id"]: record for record in right_records}
    for pair in linking.predict(linker, threshold):
        # Splink orders a pair by its input tables; the left file's record is always first here.
        left_id, right_id = pair.left_id, pair.right_id
        if left_id not in lefts:
            left_id, right_id = right_id, left_id
        found = reasons(pair.levels, lefts[left_id], rights[right_id])
        yield left_id, right_id, round(pair.match_probability, 6), describe_all(found)


Consumer = Callable[[str], None]
