"""How long `izdeu import` takes for a 100,000-row Windows-1251 police list into a fresh SQLite
database (target: 30 s and 500 MB)."""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from list_reading import _write_csv


def _izdeu(env: dict, *args: str) -> str:
    return subprocess.run([sys.executable, "-m", "izdeu", *args], env=env, check=True,
                          capture_output=True, text=True).stdout


def run() -> dict:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "IZDEU_DATA_DIR": folder, "LANG": "en_US.UTF-8"}
        env.pop("DATABASE_URL", None)
        _izdeu(env, "migrate", "--noinput", "--verbosity", "0")
        _izdeu(env, "shell", "-c", (
            "from izdeu.accounts.models import Organisation, User; "
            "o = Organisation.objects.create(name='Almaty Legal Aid Network'); "
            "User.objects.create_user(username='aigerim', role='volunteer', organisation=o)"
        ))
        path = Path(folder) / "up_almaly_2022-01-07.csv"
        _write_csv(path, 100_000)
        started = time.perf_counter()
        summary = json.loads(_izdeu(
            env, "import", str(path), "--source", "УП Алмалинского района", "--kind", "police",
            "--organisation", "Almaty Legal Aid Network", "--as", "aigerim", "--json",
        ))
        seconds = time.perf_counter() - started
    return {
        "rows": summary["rows"],
        "imported": summary["imported"],
        "quarantined": summary["quarantined"],
        "seconds_sqlite": round(seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "targets": {"seconds": 30, "peak_rss_mb": 500},
    }
