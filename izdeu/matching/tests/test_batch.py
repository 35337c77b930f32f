"""Whole files: large files are prepared by worker processes, and nothing about the result
may depend on how many there were or how the file was cut into chunks."""

import csv

import pytest

from izdeu.demoworld.benchmark import benchmark
from izdeu.matching import batch, linking
from izdeu.matching.index import Index
from izdeu.matching.model import Frequencies, Model
from izdeu.matching.default_model import default_model
from izdeu.matching.records import prepare

COLUMNS = ("id", "full_name", "birth_date", "sex", "iin", "document_number", "phone", "address", "city")


@pytest.fixture(scope="module")
def world():
    return benchmark(scale=0.1, seed=2022)


@pytest.fixture(scope="module")
def rows(world):
    """About 200 requests as relatives wrote them: Cyrillic and Latin names, ages, typos."""
    return [{column: row.get(column, "") for column in COLUMNS} for row in world.left]


def _csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def requests_csv(tmp_path, rows):
    return _csv(tmp_path / "requests.csv", rows)


@pytest.fixture
def entries_csv(tmp_path, world):
    """The list rows about the people sought, and as many others (namesakes among them)."""
    sought = {right_id for _, right_id in world.truth}
    about = [row for row in world.right if row["id"] in sought]
    others = [row for row in world.right if row["id"] not in sought][: len(about)]
    return _csv(tmp_path / "entries.csv", about + others)


def test_a_file_prepared_in_chunks_by_worker_processes_is_the_file_prepared_at_once(
    requests_csv, rows, monkeypatch
):
    monkeypatch.setattr(batch, "CHUNK", 37)
    in_workers = batch.prepared(requests_csv, batch.Progress(None), threads=2)
    assert in_workers.equals(linking.table([prepare(row) for row in rows]))


def test_linking_in_worker_processes_writes_what_one_process_writes(requests_csv, entries_csv, monkeypatch):
    alone = list(batch.link(requests_csv, entries_csv, threads=1))
    monkeypatch.setattr(batch, "CHUNK", 150)
    monkeypatch.setattr(batch, "WEIGHING_CHUNK", 20)
    assert list(batch.link(requests_csv, entries_csv, threads=2)) == alone
    assert len({left_id for left_id, *_ in alone}) > 100


def test_records_come_back_from_the_table_as_they_were_prepared(rows):
    records = [prepare(row) for row in rows]
    table = linking.table(records)
    wanted = {records[3]["unique_id"], records[-1]["unique_id"]}
    assert linking.records(table, wanted) == {record["unique_id"]: record for record in records if
                                              record["unique_id"] in wanted}  # fmt: skip
    assert list(linking.records(table).values()) == records


def test_name_frequencies_counted_on_tables_are_those_counted_record_by_record(rows):
    records = [prepare(row) for row in rows]
    model = Model(default_model())
    halves = [linking.table(records[:90]), linking.table(records[90:])]
    by_arrow, by_record = linking.frequencies(halves, model.tf_columns), model.frequencies(records)
    assert by_arrow.totals == by_record.totals
    assert {column: dict(counts) for column, counts in by_arrow.counts.items()} == {
        column: dict(counts) for column, counts in by_record.counts.items()
    }
    assert by_arrow.totals["surname_key"] > 150


def test_a_morgue_row_giving_only_initials_is_written_when_the_persons_row_lifts_it(tmp_path):
    # Alone, a surname and two initials are under the review threshold; the station's row of
    # the same man, with his patronymic, says those initials are probably his.
    request = {"id": "R1", "full_name": "Еркебулан Дуйсенов", "birth_date": "28.06.1981"}
    station = {"id": "E1", "full_name": "ДУЙСЕНОВ Еркебулан Болатович", "birth_date": "28.06.1981"}
    morgue = {"id": "E2", "full_name": "ДУЙСЕНОВ Е. Б."}
    review = 0.1
    alone = Model(default_model()).score(prepare(request), prepare(morgue), Frequencies())
    assert alone.match_probability < review

    requests_csv, entries_csv = _csv(tmp_path / "requests.csv", [request]), _csv(tmp_path / "entries.csv", [station, morgue])
    morgue_row = next(row for row in batch.link(requests_csv, entries_csv, threshold=review) if row[1] == "E2")
    assert morgue_row[2] >= review
    assert "may be the same person as a stronger candidate (E1)" in morgue_row[3]
    index = Index(Model(default_model()), [prepare(station), prepare(morgue)])
    assert {match.id for match in index.match(prepare(request), review)} == {"E1", "E2"}
