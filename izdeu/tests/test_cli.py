import os
import subprocess
import sys

import pytest

from izdeu.__main__ import operator_language


@pytest.mark.parametrize(
    "environment,expected",
    [
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "kk_KZ.UTF-8"}, "kk"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "ru_RU.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, None),
        ({}, None),
    ],
)
def test_the_command_speaks_the_terminals_language(monkeypatch, environment, expected):
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert operator_language() == expected


@pytest.mark.parametrize("command", ["serve", "worker", "demo", "createuser", "createtoken", "rotatekey"])
def test_every_operator_command_explains_itself(tmp_path, command):
    env = {**os.environ, "IZDEU_DATA_DIR": str(tmp_path), "LANG": "en_US.UTF-8"}
    result = subprocess.run([sys.executable, "-m", "izdeu", command, "--help"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    description = result.stdout.split("\n\n")[1]
    assert len(description.split()) >= 8, description
