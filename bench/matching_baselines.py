"""Two baselines for `izdeu link`, each reading the same LEFT/RIGHT CSVs and writing the same
output (left_id, right_id, match_probability, reasons):

- ``splink_baseline``: Splink 5 on DuckDB as its tutorial teaches it (link_only, NameComparison
  on surname and given name, DateOfBirthComparison, exact or edit-distance comparisons of the
  other shared columns, blocking on surname, given name and birth year, u by random sampling,
  m by EM). The only cleaning is lower-casing and trimming; a full name is split naively
  (first word surname, second word given name); no transliteration.
- ``rapidfuzz_baseline``: rapidfuzz ``token_sort_ratio`` of the full names, all against all.

Both return their wall time in seconds.
"""

import csv
import logging
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from matching_data import birth_year
from matching_eval import REVIEW

OUTPUT_COLUMNS = ["left_id", "right_id", "match_probability", "reasons"]
DATE_FORMATS = ("%d.%m.%Y", "%Y%m%d", "%Y-%m-%d", "%d/%m/%Y")
# Compared exactly or by edit distance when both files have them.
IDENTIFIERS = ("iin", "document_number")
CATEGORIES = ("sex",)
TEXTS = ("address", "city")


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def full_names(frame: pd.DataFrame) -> pd.Series:
    """The name as one string: ``full_name`` where given, else the parts joined."""
    parts = [c for c in ("surname", "given_name", "patronymic") if c in frame.columns]
    joined = frame[parts].agg(" ".join, axis=1).str.split().str.join(" ") if parts else pd.Series("", frame.index)
    if "full_name" not in frame.columns:
        return joined
    return frame["full_name"].where(frame["full_name"].str.strip() != "", joined)


# --- Splink ---------------------------------------------------------------------------------


def _splink_frame(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Lower-cased, trimmed columns; surname and given name from the parts or the first two words."""
    words = full_names(frame).str.lower().str.split()
    out = pd.DataFrame({"id": frame["id"]})
    for position, column in enumerate(("surname", "given_name")):
        value = words.str[position].fillna("")
        if column in frame.columns:
            stated = frame[column].str.strip().str.lower()
            value = stated.where(stated != "", value)
        out[column] = value
    out["birth_date"] = frame.get("birth_date", pd.Series("", frame.index)).str.strip()
    out["birth_year"] = out["birth_date"].map(birth_year)
    for column in columns:
        out[column] = frame[column].str.strip().str.lower()
    return out.replace("", None)


def _date_format(values: pd.Series) -> str:
    """The birth-date format most values are in, as a user reading their data would pick."""
    def parses(fmt: str, text: str) -> bool:
        try:
            datetime.strptime(text, fmt)
        except ValueError:
            return False
        return True

    sample = values.dropna().head(5000)
    return max(DATE_FORMATS, key=lambda fmt: sum(parses(fmt, text) for text in sample))


def splink_baseline(left_csv: Path, right_csv: Path, out_csv: Path, review_threshold: float = REVIEW) -> float:
    """Splink 5 with the tutorial's settings and training; pairs ≥ review_threshold written."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)  # its training chatter is not a result
    started = time.perf_counter()
    left_raw, right_raw = _read(left_csv), _read(right_csv)
    shared = [c for c in (*IDENTIFIERS, *CATEGORIES, *TEXTS)
              if c in left_raw.columns and c in right_raw.columns
              and (left_raw[c] != "").any() and (right_raw[c] != "").any()]
    left, right = _splink_frame(left_raw, shared), _splink_frame(right_raw, shared)
    date_format = _date_format(pd.concat([left["birth_date"], right["birth_date"]]))
    comparisons = [
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison("birth_date", input_is_string=True, datetime_format=date_format),
    ]
    comparisons += [cl.DamerauLevenshteinAtThresholds(c, [1, 2]) for c in shared if c in IDENTIFIERS]
    comparisons += [cl.ExactMatch(c) for c in shared if c in CATEGORIES]
    comparisons += [cl.JaroWinklerAtThresholds(c, [0.9, 0.7]) for c in shared if c in TEXTS]
    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=[block_on("surname"), block_on("given_name"), block_on("birth_year")],
    )
    db_api = DuckDBAPI()
    tables = [db_api.register(left, dataset_display_name="left_file"),
              db_api.register(right, dataset_display_name="right_file")]
    linker = Linker(tables, settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("surname", "given_name", "birth_date")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname", "given_name"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    predictions = linker.inference.predict(threshold_match_probability=review_threshold).as_pandas_dataframe()
    swapped = predictions["source_dataset_l"] != "left_file"
    out = pd.DataFrame({
        "left_id": predictions["id_l"].where(~swapped, predictions["id_r"]),
        "right_id": predictions["id_r"].where(~swapped, predictions["id_l"]),
        "match_probability": predictions["match_probability"].round(4),
        "reasons": "splink",
    })
    out.to_csv(out_csv, index=False, columns=OUTPUT_COLUMNS)
    return time.perf_counter() - started


# --- rapidfuzz ------------------------------------------------------------------------------

# Birth years, where both rows state one: a small bonus when they agree, a penalty when they
# differ by more than a year (relatives misremember by one). Ages are ignored: they need the
# date they were written on, which is more than a simple baseline should know.
YEAR_BONUS = 5
YEAR_PENALTY = 15
RAPIDFUZZ_CUTOFF = 50
CHUNK = 256


def _years(frame: pd.DataFrame) -> np.ndarray:
    texts = frame["birth_date"] if "birth_date" in frame.columns else pd.Series("", frame.index)
    return pd.to_numeric(texts.map(birth_year), errors="coerce").fillna(0).astype(np.int32).to_numpy()


def rapidfuzz_baseline(left_csv: Path, right_csv: Path, out_csv: Path, review_threshold: float = REVIEW) -> float:
    """token_sort_ratio of full names (lower-cased, punctuation dropped), all pairs, both cores.

    score = ratio (+5 same birth year, −15 years more than one apart), probability = score/100;
    only pairs scoring at least 50 (and the review threshold) are written, to keep files small.
    """
    from rapidfuzz import fuzz, process, utils

    started = time.perf_counter()
    left, right = _read(left_csv), _read(right_csv)
    left_ids, right_ids = left["id"].to_numpy(), right["id"].to_numpy()
    left_names = [utils.default_process(n) for n in full_names(left)]
    right_names = [utils.default_process(n) for n in full_names(right)]
    left_years, right_years = _years(left), _years(right)
    cutoff = max(RAPIDFUZZ_CUTOFF, round(review_threshold * 100))
    with out_csv.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(OUTPUT_COLUMNS)
        for start in range(0, len(left_names), CHUNK):
            scores = process.cdist(left_names[start:start + CHUNK], right_names, scorer=fuzz.token_sort_ratio,
                                   score_cutoff=cutoff - YEAR_BONUS, dtype=np.int16, workers=-1)
            rows, cols = np.nonzero(scores)
            score = scores[rows, cols].astype(np.int32)
            a, b = left_years[start + rows], right_years[cols]
            known = (a > 0) & (b > 0)
            score += np.where(known & (a == b), YEAR_BONUS, 0) - np.where(known & (abs(a - b) > 1), YEAR_PENALTY, 0)
            keep = score >= cutoff
            probability = np.minimum(score[keep], 100) / 100
            writer.writerows(zip(left_ids[start + rows[keep]], right_ids[cols[keep]], probability,
                                 ["token_sort_ratio"] * int(keep.sum()), strict=True))
    return time.perf_counter() - started
