"""`izdeu serve` is what `make run` and a production server run: check it really serves."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def izdeu(env, *args):
    subprocess.run([sys.executable, "-m", "izdeu", *args], env=env, check=True, capture_output=True)


def fetch(url: str, deadline: float) -> tuple[int, str]:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture
def data_dir_env(tmp_path):
    env = {**os.environ, "IZDEU_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    izdeu(env, "migrate", "--noinput")
    izdeu(env, "collectstatic", "--noinput")
    return env


def test_serve_answers_in_kazakh_with_its_own_static_files_and_a_worker(data_dir_env):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "izdeu", "serve", "--port", str(port), "--with-worker"],
        env={**data_dir_env, "IZDEU_LANGUAGE": "en", "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(server.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 30
        status, body = fetch(f"http://127.0.0.1:{port}/health/", deadline)
        assert status == 200 and '"ok"' in body
        status, page = fetch(f"http://127.0.0.1:{port}/kk/", deadline)
        assert "Ұсталған, жараланған немесе хабарсыз кеткен адамдарды табу" in page
        stylesheet = page.split('rel="stylesheet" href="')[1].split('"')[0]
        assert fetch(f"http://127.0.0.1:{port}{stylesheet}", deadline)[0] == 200
        while not any("izdeu worker is waiting for queued work." in line for line in output):
            assert time.monotonic() < deadline, "".join(output)
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)
    # The output ends only when the worker child has exited too.
    reader.join(timeout=30)
    assert not reader.is_alive()
