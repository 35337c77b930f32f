"""Linking and deduplicating whole files: what `izdeu link`, `izdeu dedupe` and `izdeu explain` run.

Plain Python around ``linking``: read and prepare the records (reporting progress), train the
model on them, then score, cluster or explain.
"""

import sys
import time
from dataclasses import replace
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from izdeu.matching import linking
from izdeu.matching.files import BadInput, read_rows
from izdeu.matching.model import Model, Scored
from izdeu.matching.one_person import weigh
from izdeu.matching.reasons import Reason, describe_all, one_person_reasons, reasons
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
    """A linker on `engine` with the model learned from these records. The model is always
    learned on DuckDB, which samples alike everywhere: both engines then score with one model."""
    progress.stage("learning the model from the records")
    model, learned = linking.model_for(tables, link_type, threads)
    if not learned:
        progress.stage("too few records, or too alike, to learn from: using the model learned on the demo world")
    return linking.trained_linker(tables, model, engine, threads), model


def link(left: str | Path, right: str | Path, *, threshold: float = DEFAULT_REVIEW_THRESHOLD,
         engine: linking.Engine = "duckdb", threads: int | None = None,
         progress: Progress | None = None) -> Iterator[tuple[str, str, float, str]]:  # fmt: skip
    """(left_id, right_id, match_probability, reasons) for every pair at or above `threshold`.

    Each left record is taken to seek one person (``one_person``): its candidates at or above
    the threshold are weighed against each other before they are written."""
    progress = progress or Progress(None)
    left_records, right_records = prepared(left, progress), prepared(right, progress)
    tables = [linking.table(left_records), linking.table(right_records)]
    progress.stage("records ready for the engine")
    linker, parameters = trained(tables, "link_only", engine, threads, progress)
    model = Model(parameters)
    frequencies = model.frequencies([*left_records, *right_records])
    lefts = {record["unique_id"]: record for record in left_records}
    rights = {record["unique_id"]: record for record in right_records}
    del left_records, right_records
    progress.stage(f"scoring the pairs on {engine}")
    by_left: dict[str, list[linking.Pair]] = {}
    for pair in linking.predict(linker, threshold):
        # Splink orders a pair by its input tables; the left file's record is always first here.
        if pair.left_id not in lefts:
            pair = replace(pair, left_id=pair.right_id, right_id=pair.left_id)
        by_left.setdefault(pair.left_id, []).append(pair)
    progress.stage("weighing each record's candidates against each other")
    for left_id, pairs in by_left.items():
        weighed = weigh({pair.right_id: pair for pair in pairs}, rights, model, frequencies)
        for pair in pairs:
            found = weighed[pair.right_id]
            if found.probability >= threshold:
                why = reasons(pair.levels, lefts[left_id], rights[pair.right_id]) + one_person_reasons(found)
                yield left_id, pair.right_id, round(found.probability, 6), describe_all(why)


def dedupe(path: str | Path, *, threshold: float = MATCH_THRESHOLD, engine: linking.Engine = "duckdb",
           threads: int | None = None, progress: Progress | None = None) -> Iterator[tuple[str, str]]:  # fmt: skip
    """(id, cluster_id) for every record: records at or above `threshold` with each other, directly
    or through others, share a cluster (named by its smallest id)."""
    progress = progress or Progress(None)
    records = prepared(path, progress)
    linker, _model = trained([linking.table(records)], "dedupe_only", engine, threads, progress)
    progress.stage(f"scoring and clustering on {engine}")
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    found = {str(row["unique_id"]): str(row["cluster_id"]) for row in clusters.as_record_list()}
    for record in records:
        yield record["unique_id"], found.get(record["unique_id"], record["unique_id"])


def explain(left: str | Path, right: str | Path, left_id: str, right_id: str, *, threads: int | None = None,
            progress: Progress | None = None) -> tuple[Scored, list[Reason]]:  # fmt: skip
    """The probability and reasons for one pair, with the model `link` would learn from these files."""
    progress = progress or Progress(None)
    left_records, right_records = prepared(left, progress), prepared(right, progress)
    lefts = {record["unique_id"]: record for record in left_records}
    rights = {record["unique_id"]: record for record in right_records}
    for identifier, records, path in ((left_id, lefts, left), (right_id, rights, right)):
        if identifier not in records:
            raise BadInput(f"{path}: no record with id {identifier}")
    progress.stage("learning the model from the records")
    tables = [linking.table(left_records), linking.table(right_records)]
    model = Model(linking.model_for(tables, "link_only", threads)[0])
    scored = model.score(lefts[left_id], rights[right_id], model.frequencies([*left_records, *right_records]))
    return scored, reasons(scored.levels, lefts[left_id], rights[right_id])
