"""The README is the operator's reference: it must name every setting and every command."""

import re
from pathlib import Path

import pytest
from django.core.management import get_commands

from izdeu.env import DECLARED

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
OUR_COMMANDS = sorted(name for name, app in get_commands().items() if app.startswith("izdeu"))


@pytest.mark.parametrize("name", sorted(n for n in DECLARED if not n.endswith("_FILE")))
def test_every_setting_is_documented(name):
    assert f"`{name}`" in README


@pytest.mark.parametrize("command", [c for c in OUR_COMMANDS if c != "compilemessages"])
def test_every_izdeu_command_is_documented(command):
    assert re.search(rf"izdeu {command}\b", README)


def test_the_readme_gives_the_two_commands():
    assert "make run" in README and "make test" in README
