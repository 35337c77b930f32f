"""How long the demo world takes to generate and to load into a fresh SQLite database."""

import os
import resource
import subprocess
import sys
import tempfile
import time


def _izdeu(data_dir: str, *args: str) -> float:
    env = {**os.environ, "IZDEU_DATA_DIR": data_dir}
    env.pop("DATABASE_URL", None)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "izdeu", *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def run() -> dict:
    from izdeu.demoworld import generate

    started = time.perf_counter()
    world = generate(seed=2022, scale=1.0)
    generation_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as data_dir:
        _izdeu(data_dir, "migrate", "--noinput", "--verbosity", "0")
        load_s = _izdeu(data_dir, "demo", "--seed", "2022", "--scale", "1.0")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "generation_seconds": round(generation_s, 2),
        "demo_command_seconds_sqlite": round(load_s, 2),
        "demo_command_peak_rss_mb": round(peak_mb),
        "target_seconds": 60,
        "world": world.counts(),
    }
