"""`make bench`: measure izdeu's speed on this machine and write the figures to bench/results/.

Each benchmark is a module in this folder with a ``run() -> dict`` function. Results are
written as JSON, one file per benchmark, with the machine they were measured on.
"""

import importlib
import json
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["demo_load", "list_reading", "list_import", "matching", "matching_scale", "matching_online"]


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def main(names: list[str]) -> None:
    sys.path.insert(0, str(HERE))
    (HERE / "results").mkdir(exist_ok=True)
    for name in names or BENCHMARKS:
        print(f"bench {name} …", flush=True)
        figures = importlib.import_module(name).run()
        result = {"benchmark": name, "machine": machine(), "figures": figures}
        (HERE / "results" / f"{name}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        for key, value in figures.items():
            print(f"  {key}: {value}")


if __name__ == "__main__":
    main(sys.argv[1:])
