"""One new request against 1,000,000 list entries, as the service matches it when it arrives
(target: p95 at most 20 ms): the index of ``izdeu.matching.index`` holds every entry, and each
request is prepared, looked up, scored and its candidates weighed against each other. Also how long it takes to add an entry.

The model is learned once from the requests and a sample of the entries, as the service learns
it from its data; the index then holds all entries.
"""

import gc
import random
import statistics
import time

from matching_scale import scale_data

from izdeu.matching import linking
from izdeu.matching.batch import REVIEW_QUEUE_THRESHOLD as REVIEW_THRESHOLD
from izdeu.matching.files import read_rows
from izdeu.matching.index import Index
from izdeu.matching.model import Model
from izdeu.matching.one_person import weigh
from izdeu.matching.records import prepare

REQUESTS_TIMED = 2_000
TRAINING_SAMPLE = 100_000
TARGETS = {"p95_ms": 20}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run() -> dict:
    dataset = scale_data()
    rng = random.Random(2022)
    requests = read_rows(dataset.left)
    started = time.perf_counter()
    entries = [prepare(row) for row in read_rows(dataset.right)]
    prepared_seconds = time.perf_counter() - started
    sample = rng.sample(entries, TRAINING_SAMPLE)
    tables = [linking.table([prepare(row) for row in requests]), linking.table(sample)]
    model = Model(linking.train(linking.build(tables, "link_only", "duckdb")))
    started = time.perf_counter()
    index = Index(model, entries)
    gc.freeze()  # as the service's worker does once its index is built
    indexed_seconds = time.perf_counter() - started
    timings, found = [], 0
    for row in rng.sample(requests, REQUESTS_TIMED):
        began = time.perf_counter()
        matches = index.match(prepare(row), REVIEW_THRESHOLD)
        # As the service does: the request's candidates weighed against each other.
        weigh({m.id: m.scored for m in matches}, index.records, model, index.frequencies, REVIEW_THRESHOLD)
        timings.append((time.perf_counter() - began) * 1000)
        found += bool(matches)
    additions = []
    for number, entry in enumerate(rng.sample(entries, 1_000)):
        copy = entry | {"unique_id": f"new-{number}"}
        began = time.perf_counter()
        index.add(copy)
        additions.append((time.perf_counter() - began) * 1000)
    return {
        "entries": len(entries),
        "requests_timed": REQUESTS_TIMED,
        "requests_with_candidates": found,
        "prepare_entries_seconds": round(prepared_seconds, 1),
        "build_index_seconds": round(indexed_seconds, 1),
        "match_ms": {"p50": round(statistics.median(timings), 2), "p95": round(_percentile(timings, 0.95), 2),
                     "p99": round(_percentile(timings, 0.99), 2), "max": round(max(timings), 2)},
        "add_entry_ms": {"p50": round(statistics.median(additions), 3), "p95": round(_percentile(additions, 0.95), 3)},
        "targets": TARGETS,
        "targets_met": {"p95_ms": _percentile(timings, 0.95) <= TARGETS["p95_ms"]},
    }
