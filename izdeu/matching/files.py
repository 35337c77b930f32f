"""The CSV files of `izdeu link`, `izdeu dedupe` and `izdeu explain`: a stable contract.

Input: UTF-8 CSV with a header; `id` required and unique; `full_name` or any of `surname`,
`given_name`, `patronymic`; optional `birth_date` (free text), `sex`, `iin`, `document_number`,
`phone`, `address`, `city`. Other columns are ignored.
"""

import csv
from collections.abc import Iterable
from pathlib import Path


NAME_COLUMNS = ("full_name", "surname", "given_name", "patronymic")


class BadInput(ValueError):
    """The file breaks the contract; the message says where and how, for the person running the command."""


def read_rows(path: str | Path) -> list[dict[str, str]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip() for name in reader.fieldnames or []]
            _check_header(path, header)
            reader.fieldnames = header
            rows = list(reader)
    except UnicodeDecodeError as error:
        raise BadInput(f"{path}: not UTF-8 (byte {error.start}); save it as UTF-8 CSV") from error
    except OSError as error:
        raise BadInput(f"{path}: {error.strerror}") from error
    _check_ids(path, rows)
    return rows


def _check_header(path: str | Path, header: list[str]) -> None:
    if "id" not in header:
        raise BadInput(f"{path}: no `id` column in the header ({', '.join(header) or 'empty file'})")
    if not any(column in header for column in NAME_COLUMNS):
        raise BadInput(f"{path}: no name column; give `full_name` or `surname`, `given_name`, `patronymic`")


def _check_ids(path: str | Path, rows: list[dict[str, str]]) -> None:
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        identifier = (row.get("id") or "").strip()
        if not identifier:
            raise BadInput(f"{path}, line {line}: empty `id`")
        if identifier in seen:
            raise BadInput(f"{path}, line {line}: `id` {identifier} appears twice")
        seen.add(identifier)


def write_pairs(path: str | Path, rows: Iterable[tuple[str, str, float, str]]) -> int:
    """`left_id,right_id,match_probability,reasons`, one line a pair; returns how many."""
    return _write(path, ("left_id", "right_id", "match_probability", "reasons"), rows)


def write_clusters(path: str | Path, rows: Iterable[tuple[str, str]]) -> int:
    return _write(path, ("id", "cluster_id"), rows)


def _write(path: str | Path, header: tuple[str, ...], rows: Iterable[tuple]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count

