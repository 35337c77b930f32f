"""How long `izdeu link` takes for 20,000 search requests against 1,000,000 list entries
(target: 180 s and 8 GB peak RSS), and how well it matches there.

The data (about 60 s to generate, 115 MB) is kept in bench/.data/matching/scale/ and reused
while its parameters are unchanged.
"""

import json
import os

from matching import DATA, run_izdeu
from matching_data import Dataset, write_scale
from matching_eval import evaluate, read_schemes

ENTRIES = 1_000_000
REQUESTS = 20_000
TARGETS = {"seconds": 180, "peak_rss_mb": 8192}


def scale_data(entries: int = ENTRIES, requests: int = REQUESTS) -> Dataset:
    """The scale dataset, generated once and reused while its parameters are the same."""
    folder = DATA / "scale"
    stamp = folder / "dataset.json"
    params = {"entries": entries, "requests": requests}
    if stamp.exists():
        saved = json.loads(stamp.read_text())
        if saved["params"] == params and all((folder / name).exists() for name in ("left.csv", "right.csv", "truth.csv")):
            return Dataset(**(saved["dataset"] | {k: folder / f"{k}.csv" for k in ("left", "right", "truth")}))
    stamp.unlink(missing_ok=True)
    dataset = write_scale(folder, entries, requests)
    sizes = {"name": dataset.name, "left_rows": dataset.left_rows, "right_rows": dataset.right_rows,
             "true_pairs": dataset.true_pairs}
    stamp.write_text(json.dumps({"params": params, "dataset": sizes}))
    return dataset


def run() -> dict:
    dataset = scale_data()
    out = dataset.left.parent / "out_izdeu.csv"
    out.unlink(missing_ok=True)
    try:
        izdeu = run_izdeu(dataset.left, dataset.right, out, os.cpu_count(), timeout=3600)
    except RuntimeError as error:
        izdeu = {"error": str(error)}
    else:
        izdeu |= evaluate(out, dataset.truth, read_schemes(dataset.left))
        izdeu["targets_met"] = {key: izdeu[key] <= limit for key, limit in TARGETS.items()}
    return {
        "left_rows": dataset.left_rows,
        "right_rows": dataset.right_rows,
        "true_pairs": dataset.true_pairs,
        "threads": os.cpu_count(),
        "izdeu": izdeu,
        "targets": TARGETS,
    }
