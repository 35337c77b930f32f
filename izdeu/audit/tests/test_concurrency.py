"""Web threads and the worker append at the same moment; the chain must never fork.

Each writer is a separate izdeu process on a database of its own (committed data, real locks),
on the same kind of database the suite runs on.
"""

import os
import secrets
import subprocess
import sys

import psycopg
import pytest
from django.db import connection
from psycopg import sql

WRITERS = 3
APPENDS = 150
SCRIPT = f"""
from izdeu.audit.log import record
for n in range({APPENDS}):
    record("task:concurrency", "read", "people.person", [n])
"""


def izdeu(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "izdeu", *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def _postgres_server(settings) -> dict:
    database = settings.DATABASES["default"]
    return {
        "host": database["HOST"], "port": database["PORT"], "user": database["USER"],
        "password": database["PASSWORD"], "dbname": "postgres", "autocommit": True,
    }


@pytest.fixture
def own_database(tmp_path, settings):
    env = {**os.environ, "IZDEU_DATA_DIR": str(tmp_path), "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8"}
    env.pop("DATABASE_URL", None)
    if connection.vendor != "postgresql":
        yield env
        return
    server = _postgres_server(settings)
    name = f"izdeu_audit_{secrets.token_hex(4)}"
    with psycopg.connect(**server) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    password = f":{server['password']}" if server["password"] else ""
    env["DATABASE_URL"] = f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    try:
        yield env
    finally:
        with psycopg.connect(**server) as admin:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def test_writers_appending_at_once_leave_one_unbroken_chain(own_database):
    assert izdeu(own_database, "migrate", "--noinput").returncode == 0
    writers = [
        subprocess.Popen([sys.executable, "-m", "izdeu", "shell", "-c", SCRIPT], env=own_database, stderr=subprocess.PIPE, text=True)
        for _ in range(WRITERS)
    ]
    for writer in writers:
        _out, errors = writer.communicate(timeout=300)
        assert writer.returncode == 0, errors
    verified = izdeu(own_database, "audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert f"{WRITERS * APPENDS} entries, chain intact." in verified.stdout
