"""`izdeu link`, `izdeu dedupe` and `izdeu explain`: the command-line contract of the matcher.

Files are written the way the README documents them; the people are the demo world's (fictional).
"""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from izdeu.demoworld.benchmark import benchmark

LEFT_COLUMNS = ["id", "full_name", "birth_date", "sex", "iin", "phone", "address"]
RIGHT_COLUMNS = ["id", "full_name", "surname", "given_name", "patronymic", "birth_date", "sex", "iin"]


def write(path, columns, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("matching")
    data = benchmark(scale=0.1, seed=7)
    return {
        "left": write(folder / "requests.csv", LEFT_COLUMNS, data.left),
        "right": write(folder / "lists.csv", RIGHT_COLUMNS, data.right),
        "truth": set(data.truth),
        "folder": folder,
    }


def test_link_writes_every_pair_above_the_review_threshold_with_its_reasons(files):
    out = files["folder"] / "pairs.csv"
    call_command("link", str(files["left"]), str(files["right"]), "-o", str(out), "--review-threshold", "0.1",
                 stderr=io.StringIO())  # fmt: skip
    with open(out, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["left_id", "right_id", "match_probability", "reasons"]
    assert all(0.1 <= float(row["match_probability"]) <= 1 for row in rows)
    assert all(row["left_id"].startswith("R") and row["right_id"].startswith("E") for row in rows)
    matches = {(row["left_id"], row["right_id"]) for row in rows if float(row["match_probability"]) >= 0.5}
    assert len(matches & files["truth"]) / len(files["truth"]) > 0.85
    best = max(rows, key=lambda row: float(row["match_probability"]))
    assert "surname: " in best["reasons"] and " ~ " in best["reasons"]


def test_explain_gives_the_probability_and_the_reasons_of_one_pair(files):
    left_id, right_id = sorted(files["truth"])[0]
    out = io.StringIO()
    call_command("explain", str(files["left"]), str(files["right"]), left_id, right_id, stdout=out)
    text = out.getvalue()
    assert text.startswith(f"{left_id} ~ {right_id}: match probability ")
    assert "  surname: " in text or "  given name: " in text


def test_dedupe_puts_one_persons_rows_of_several_lists_in_one_cluster(files):
    out = files["folder"] / "clusters.csv"
    call_command("dedupe", str(files["right"]), "-o", str(out), stderr=io.StringIO())
    with open(out, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["id", "cluster_id"]
    with open(files["right"], encoding="utf-8") as handle:
        assert len(rows) == sum(1 for _ in csv.DictReader(handle))
    clusters = {}
    for row in rows:
        clusters.setdefault(row["cluster_id"], []).append(row["id"])
    # Each person appears in several lists (station, then ИВС, then court): fewer clusters than rows.
    assert len(clusters) < 0.6 * len(rows)


@pytest.mark.parametrize("content, message", [
    ("full_name,birth_date\nЗагипаров Нурлан,1992\n", "no `id` column"),
    ("id,birth_date\n1,1992\n", "no name column"),
    ("id,full_name\n1,Загипаров Нурлан\n1,Ким Сергей\n", "`id` 1 appears twice"),
    ("id,full_name\n,Загипаров Нурлан\n", "line 2: empty `id`"),
])  # fmt: skip
def test_a_file_that_breaks_the_contract_is_refused_with_the_reason(tmp_path, content, message):
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("link", str(bad), str(bad), "-o", str(tmp_path / "out.csv"))


def test_a_file_not_in_utf8_is_refused(tmp_path):
    bad = tmp_path / "cp1251.csv"
    bad.write_bytes("id,full_name\n1,Загипаров Нурлан\n".encode("cp1251"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("dedupe", str(bad), "-o", str(tmp_path / "out.csv"))


def test_files_too_small_to_learn_from_are_matched_with_the_default_model(tmp_path):
    left = write(tmp_path / "one.csv", LEFT_COLUMNS, [{"id": "R1", "full_name": "Nurlan Zagghiparov", "birth_date": "30 лет"}])
    right = write(tmp_path / "two.csv", RIGHT_COLUMNS, [
        {"id": "E1", "full_name": "ЗАГИПАРОВ Нурлан Серикович", "birth_date": "12.03.1992"},
        {"id": "E2", "full_name": "Ким Сергей Александрович", "birth_date": "05.11.1985"},
    ])  # fmt: skip
    err = io.StringIO()
    call_command("link", str(left), str(right), "-o", str(tmp_path / "out.csv"), stderr=err)
    assert "too few records" in err.getvalue()
    with open(tmp_path / "out.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["left_id"], row["right_id"]) for row in rows] == [("R1", "E1")]
