"""Scores a linkage output (left_id, right_id, match_probability, …) against the truth.

Pair-level figures at the match threshold 0.5 (precision, recall, F1, TP/FP/FN), how much of
the truth the review list holds ("candidate recall": true pairs written at or above the review
threshold, over all true pairs) and at what cost (written pairs per true pair), and recall per
spelling scheme. Diagnosis (`worst_errors`) prints names to stdout only, never to results files.

Usage: python bench/matching_eval.py OUT.csv TRUTH.csv LEFT.csv RIGHT.csv [N]
"""

import sys
from pathlib import Path

import pandas as pd

from izdeu.matching.batch import REVIEW_QUEUE_THRESHOLD

MATCH = 0.5
# Candidates are counted as the service's review queue holds them.
REVIEW = REVIEW_QUEUE_THRESHOLD
IDS = {"left_id": str, "right_id": str}


def read_output(path: Path) -> pd.DataFrame:
    """The output's pairs, one row per pair (highest probability kept if a pair repeats)."""
    out = pd.read_csv(path, usecols=["left_id", "right_id", "match_probability"], dtype=IDS, keep_default_na=False)
    out["match_probability"] = pd.to_numeric(out["match_probability"])
    return out.sort_values("match_probability", ascending=False).drop_duplicates(["left_id", "right_id"])


def read_truth(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=IDS, keep_default_na=False).drop_duplicates()


def read_schemes(left_csv: Path) -> dict[str, str] | None:
    """Each left row's spelling scheme, when the LEFT file has a ``scheme`` column."""
    left = pd.read_csv(left_csv, dtype=str, keep_default_na=False, nrows=0)
    if "scheme" not in left.columns:
        return None
    left = pd.read_csv(left_csv, usecols=["id", "scheme"], dtype=str, keep_default_na=False)
    return dict(zip(left["id"], left["scheme"], strict=True))


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if not precision or not recall:
        return 0.0 if precision is not None and recall is not None else None
    return round(2 * precision * recall / (precision + recall), 4)


def scored(output: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    """Every written pair and every true pair, with ``is_true`` and probability (0 if not written)."""
    merged = output.merge(truth.assign(is_true=True), on=["left_id", "right_id"], how="outer")
    merged["is_true"] = merged["is_true"].astype("boolean").fillna(False).astype(bool)
    merged["written"] = merged["match_probability"].notna()
    merged["match_probability"] = merged["match_probability"].fillna(0.0)
    return merged


def evaluate(output_csv: Path, truth_csv: Path, schemes: dict[str, str] | None = None,
             review_threshold: float = REVIEW) -> dict:
    """The figures for one engine's output on one dataset (all ratios rounded to 4 places)."""
    pairs = scored(read_output(output_csv), read_truth(truth_csv))
    true_pairs = int(pairs["is_true"].sum())
    matched = pairs["match_probability"] >= MATCH
    review = pairs["written"] & (pairs["match_probability"] >= review_threshold)
    tp = int((matched & pairs["is_true"]).sum())
    fp = int((matched & ~pairs["is_true"]).sum())
    fn = true_pairs - tp
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, true_pairs)
    figures = {
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "true_pairs": true_pairs,
        "written_pairs": int(review.sum()),
        "candidate_recall": _ratio(int((review & pairs["is_true"]).sum()), true_pairs),
        "pairs_per_true_pair": _ratio(int(review.sum()), true_pairs),
        "left_recall": _left_recall(pairs[pairs["is_true"]], matched[pairs["is_true"]]),
        "missed_behind_another_person": _behind_another_person(pairs, matched),
        "best_f1": best_f1(pairs, true_pairs),
    }
    if schemes:
        figures["recall_by_scheme"] = _recall_by_scheme(pairs[pairs["is_true"]], matched[pairs["is_true"]], schemes)
    return figures


def _left_recall(true: pd.DataFrame, matched: pd.Series) -> float | None:
    """Share of left rows with a true partner for which at least one true partner is matched.

    For a family this is what counts: whether the person is found at all, not in how many lists.
    """
    found = matched.groupby(true["left_id"]).any()
    return _ratio(int(found.sum()), len(found))


def _behind_another_person(pairs: pd.DataFrame, matched: pd.Series) -> int:
    """False negatives whose left record has a row of another person written at least as likely.

    Such a request cannot tell its person from the other one ("Оразов Нурлан, 1978" when two
    Оразов Нурлан born in 1978 are listed): an engine that gives honest probabilities leaves both
    under 0.5, and only a relative's further detail or a reviewer can decide."""
    wrong = pairs[~pairs["is_true"] & pairs["written"]].groupby("left_id")["match_probability"].max()
    missed = pairs[pairs["is_true"] & ~matched]
    rival = missed["left_id"].map(wrong).fillna(0.0)
    return int(((rival > 0) & (rival >= missed["match_probability"])).sum())


def _recall_by_scheme(true: pd.DataFrame, matched: pd.Series, schemes: dict[str, str]) -> dict[str, float | None]:
    scheme = true["left_id"].map(schemes).fillna("?")
    totals = matched.groupby(scheme).agg(["sum", "count"])
    return {name: _ratio(int(row["sum"]), int(row["count"])) for name, row in totals.sort_index().iterrows()}


def best_f1(pairs: pd.DataFrame, true_pairs: int) -> dict:
    """The threshold with the best F1, so that an uncalibrated baseline is judged fairly too."""
    written = pairs[pairs["written"]].sort_values("match_probability", ascending=False)
    if written.empty or not true_pairs:
        return {"threshold": None, "precision": None, "recall": None, "f1": None}
    tp = written["is_true"].cumsum().to_numpy()
    n = pd.RangeIndex(1, len(written) + 1).to_numpy()
    # Only the last row of each run of equal probabilities is a threshold one can choose.
    last = ~written["match_probability"].duplicated(keep="last").to_numpy()
    f1 = 2 * tp / (n + true_pairs)
    best = int((f1 * last).argmax())
    return {
        "threshold": round(float(written["match_probability"].iloc[best]), 4),
        "precision": _ratio(int(tp[best]), int(n[best])),
        "recall": _ratio(int(tp[best]), true_pairs),
        "f1": round(float(f1[best]), 4),
    }


def worst_errors(output_csv: Path, truth_csv: Path, left_csv: Path, right_csv: Path, n: int = 20) -> None:
    """Print the n most confident false positives and the n least confident false negatives.

    Stdout only: the rows' names are for a person diagnosing the engine, not for results files.
    """
    pairs = scored(read_output(output_csv), read_truth(truth_csv))
    left = _names(left_csv)
    right = _names(right_csv)
    false_pos = pairs[~pairs["is_true"] & (pairs["match_probability"] >= MATCH)].nlargest(n, "match_probability")
    false_neg = pairs[pairs["is_true"] & (pairs["match_probability"] < MATCH)].nsmallest(n, "match_probability")
    for title, rows in (("false positives (most confident first)", false_pos),
                        ("false negatives (least confident first)", false_neg)):
        print(f"--- {len(rows)} {title}")
        for row in rows.itertuples():
            print(f"{row.match_probability:.3f}  {row.left_id}: {left.get(row.left_id, '?')}"
                  f"  ⇄  {row.right_id}: {right.get(row.right_id, '?')}")


def _names(path: Path) -> dict[str, str]:
    """id → "name | birth" for printing, whatever name columns the file has."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    name_columns = [c for c in ("full_name", "surname", "given_name", "patronymic") if c in frame.columns]
    name = frame["full_name"] if "full_name" in frame.columns else frame[name_columns].agg(" ".join, axis=1)
    if "full_name" in frame.columns and len(name_columns) > 1:
        parts = frame[[c for c in name_columns if c != "full_name"]].agg(" ".join, axis=1).str.strip()
        name = name.where(name != "", parts)
    birth = frame["birth_date"] if "birth_date" in frame.columns else ""
    return dict(zip(frame["id"], name + " | " + birth, strict=True))


if __name__ == "__main__":
    out, truth, left_file, right_file = (Path(a) for a in sys.argv[1:5])
    print(evaluate(out, truth, read_schemes(left_file)))
    worst_errors(out, truth, left_file, right_file, int(sys.argv[5]) if len(sys.argv) > 5 else 20)
