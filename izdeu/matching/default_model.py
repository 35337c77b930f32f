"""The model izdeu starts from, before its own data can teach it: learned from the demo world.

A new installation has too few records for EM to learn from (it needs thousands of pairs), so
matching starts from parameters learned on the demo world's requests and lists, whose mistakes
are modelled on real ones (research/r4_names.md). Once the service has enough records,
`izdeu.review.matching.relink` learns a model from them and saves it with the data.

Regenerate after changing the comparisons: ``python -m izdeu.matching.default_model``; a test
fails when the saved model no longer fits them.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

PATH = Path(__file__).with_name("default_model.json")


@cache
def default_model() -> dict[str, Any]:
    return json.loads(PATH.read_text(encoding="utf-8"))


def _learn() -> dict[str, Any]:
    from izdeu.demoworld.benchmark import benchmark
    from izdeu.matching import linking
    from izdeu.matching.records import prepare

    data = benchmark(scale=1.0, seed=2022)
    tables = [linking.table([prepare(row) for row in data.left]), linking.table([prepare(row) for row in data.right])]
    return linking.with_counted_prior(linking.train(linking.build(tables, "link_only", "duckdb")), tables)


if __name__ == "__main__":
    PATH.write_text(json.dumps(_learn(), indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {PATH}")
