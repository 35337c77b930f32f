"""Linking and deduplicating whole files: what `izdeu link`, `izdeu dedupe` and `izdeu explain` run.

Plain Python around ``linking``: read and prepare the records (reporting progress), train the
model on them, then score, cluster or explain.
"""

import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa

from izdeu.matching import linking
from izdeu.matching.files import BadInput, read_rows
from izdeu.matching.model import Frequencies, Model, Scored
from izdeu.matching.one_person import weigh
from izdeu.matching.reasons import Reason, describe_all, one_person_reasons, reasons
from izdeu.matching.records import prepare

# `izdeu link` writes pairs from here unless told otherwise: its documented, stable contract.
DEFAULT_REVIEW_THRESHOLD = 0.05
# The service's review queue reaches further down. On the demo world, pairs from 0.03 hold 99.6%
# of the true pairs at 1.1 pairs per true pair, pairs from 0.05 hold 99.4%: a person missed costs
# a family more than a reviewer's look at a few more unlikely rows (most likely first).
REVIEW_QUEUE_THRESHOLD = 0.03
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


def in_workers(work: Callable[[Any], Any], chunks: list, threads: int | None, progress: Progress,
               label: str) -> Iterator:  # fmt: skip
    """work(chunk) for every chunk, in order: by one process per thread when there are at least
    two chunks for each, else here. `work` must be a module-level function (it is pickled)."""
    workers = min(threads or os.cpu_count() or 1, len(chunks) // 2)
    if workers > 1:
        # Spawned, not forked: the caller may be a service with open connections and threads.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            yield from _counted(pool.map(work, chunks), len(chunks), progress, label)
    else:
        yield from _counted(map(work, chunks), len(chunks), progress, label)


def _counted(results: Iterator, count: int, progress: Progress, label: str) -> Iterator:
    for done, result in enumerate(results, start=1):
        progress.bar(done, count, label)
        yield result


# Preparing a record is Python, some 70 µs: a million take over a minute on one core. They are
# prepared in chunks, on every thread, each chunk coming back as an Arrow table: the run never
# holds a million records as Python dicts.
CHUNK = 20_000


def prepared(path: str | Path, progress: Progress, threads: int | None = None) -> pa.Table:
    """The file's records, prepared (``records.prepare``), as the engine's table."""
    rows = read_rows(path)
    chunks = [rows[start : start + CHUNK] for start in range(0, len(rows), CHUNK)]
    del rows
    tables = list(in_workers(_prepared_chunk, chunks, threads, progress, f"preparing {Path(path).name}"))
    table = pa.concat_tables(tables) if tables else linking.table([])
    progress.stage(f"{table.num_rows} records read from {path}")
    return table


def _prepared_chunk(rows: list[dict[str, str]]) -> pa.Table:
    return linking.table([prepare(row) for row in rows])


def trained(tables: list, link_type: linking.LinkType, engine: linking.Engine, threads: int | None,
            progress: Progress):  # fmt: skip
    """A linker on `engine` with the model learned from these records. The model is always
    learned on DuckDB, which samples alike everywhere: both engines then score with one model."""
    progress.stage("learning the model from the records")
    model, learned = linking.model_for(tables, link_type, threads)
    if not learned:
        progress.stage("too few records, or too alike, to learn from: using the model learned on the demo world")
    return linking.trained_linker(tables, model, engine, threads), model


# Requests weighed together in one process (a worker's share of the work, with what it needs).
WEIGHING_CHUNK = 500


def link(left: str | Path, right: str | Path, *, threshold: float = DEFAULT_REVIEW_THRESHOLD,
         engine: linking.Engine = "duckdb", threads: int | None = None,
         progress: Progress | None = None) -> Iterator[tuple[str, str, float, str]]:  # fmt: skip
    """(left_id, right_id, match_probability, reasons) for every pair at or above `threshold`.

    Each left record is taken to seek one person (``one_person``): its candidates at or above
    the threshold are weighed against each other before they are written."""
    progress = progress or Progress(None)
    tables = [prepared(left, progress, threads), prepared(right, progress, threads)]
    progress.stage("records ready for the engine")
    linker, parameters = trained(tables, "link_only", engine, threads, progress)
    model = Model(parameters)
    frequencies = linking.frequencies(tables, model.tf_columns)
    lefts = linking.records(tables[0])
    progress.stage(f"scoring the pairs on {engine}")
    by_left: dict[str, list[linking.Pair]] = {}
    for pair in linking.predict(linker, threshold):
        # Splink orders a pair by its input tables; the left file's record is always first here.
        if pair.left_id not in lefts:
            pair = replace(pair, left_id=pair.right_id, right_id=pair.left_id)
        by_left.setdefault(pair.left_id, []).append(pair)
    # Weighing is Python too, a few thousand candidates a second: requests are weighed in chunks,
    # on every thread, each chunk with the model and the few records it needs.
    left_ids = sorted(by_left)
    chunks = []
    for start in range(0, len(left_ids), WEIGHING_CHUNK):
        chosen = {left_id: by_left.pop(left_id) for left_id in left_ids[start : start + WEIGHING_CHUNK]}
        needed = {pair.right_id for pairs in chosen.values() for pair in pairs}
        chunks.append(_Weighing(parameters, frequencies, {i: lefts[i] for i in chosen}, chosen,
                                linking.records(tables[1], needed), threshold))  # fmt: skip
    progress.stage("weighing each record's candidates against each other")
    for written in in_workers(_weighed_chunk, chunks, threads, progress, "weighing"):
        yield from written


@dataclass(frozen=True)
class _Weighing:
    """What weighing a chunk of left records needs: the model, and their candidates' records."""

    parameters: dict[str, Any]
    frequencies: Frequencies
    lefts: dict[str, dict[str, Any]]
    pairs: dict[str, list[linking.Pair]]
    rights: dict[str, dict[str, Any]]
    threshold: float


def _weighed_chunk(chunk: _Weighing) -> list[tuple[str, str, float, str]]:
    """The chunk's written pairs, in the order of the ids, each record's candidates most likely
    first: the same files give the same output."""
    model, written = Model(chunk.parameters), []
    for left_id, pairs in chunk.pairs.items():
        weighed = weigh({pair.right_id: pair for pair in pairs}, chunk.rights, model, chunk.frequencies, chunk.threshold)
        for pair in sorted(pairs, key=lambda pair: (-weighed[pair.right_id].probability, pair.right_id)):
            found = weighed[pair.right_id]
            if found.probability >= chunk.threshold:
                why = reasons(pair.levels, chunk.lefts[left_id], chunk.rights[pair.right_id]) + one_person_reasons(found)
                written.append((left_id, pair.right_id, round(found.probability, 6), describe_all(why)))
    return written


def dedupe(path: str | Path, *, threshold: float = MATCH_THRESHOLD, engine: linking.Engine = "duckdb",
           threads: int | None = None, progress: Progress | None = None) -> Iterator[tuple[str, str]]:  # fmt: skip
    """(id, cluster_id) for every record: records at or above `threshold` with each other, directly
    or through others, share a cluster (named by its smallest id)."""
    progress = progress or Progress(None)
    table = prepared(path, progress, threads)
    linker, _model = trained([table], "dedupe_only", engine, threads, progress)
    progress.stage(f"scoring and clustering on {engine}")
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    found = {str(row["unique_id"]): str(row["cluster_id"]) for row in clusters.as_record_list()}
    for identifier in table["unique_id"].to_pylist():
        yield identifier, found.get(identifier, identifier)


def explain(left: str | Path, right: str | Path, left_id: str, right_id: str, *, threads: int | None = None,
            progress: Progress | None = None) -> tuple[Scored, list[Reason]]:  # fmt: skip
    """The probability and reasons for one pair, with the model `link` would learn from these files."""
    progress = progress or Progress(None)
    tables = [prepared(left, progress, threads), prepared(right, progress, threads)]
    lefts, rights = linking.records(tables[0], {left_id}), linking.records(tables[1], {right_id})
    for identifier, records, path in ((left_id, lefts, left), (right_id, rights, right)):
        if identifier not in records:
            raise BadInput(f"{path}: no record with id {identifier}")
    progress.stage("learning the model from the records")
    model = Model(linking.model_for(tables, "link_only", threads)[0])
    scored = model.score(lefts[left_id], rights[right_id], linking.frequencies(tables, model.tf_columns))
    return scored, reasons(scored.levels, lefts[left_id], rights[right_id])
