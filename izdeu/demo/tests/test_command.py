import io

import pytest
from django.core.management import CommandError, call_command

from izdeu.accounts.models import Organisation
from izdeu.demo.management.commands.demo import Command
from izdeu.demo.models import DemoWorld
from izdeu.demoworld import generate
from izdeu.lists.models import ListEntry, Source
from izdeu.searches.models import SearchRequest

pytestmark = pytest.mark.django_db
SMALL = ["--seed", "11", "--scale", "0.02"]


def demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_it_loads_the_world_and_prints_counts_and_logins_but_no_names(small_world):
    output = demo(*SMALL)
    assert f"{len(small_world.requests):>7,}" in output
    assert f"{small_world.counts()['list_entries']:>7,}" in output
    for username, password in (("volunteer", "demo-volunteer-2022"), ("admin", "demo-admin-2022")):
        assert username in output and password in output
    for person in small_world.persons[:50]:
        assert person.name_ru.surname not in output and person.iin not in output
    assert DemoWorld.objects.get().counts["search_requests"] == len(small_world.requests)


def test_if_empty_twice_loads_once(small_world):
    demo(*SMALL, "--if-empty")
    entries = ListEntry.objects.count()
    again = demo(*SMALL, "--if-empty")
    assert "demo-coordinator-2022" in again, "make run prints the logins every time"
    assert DemoWorld.objects.count() == 1
    assert ListEntry.objects.count() == entries == small_world.counts()["list_entries"]


def test_if_empty_leaves_a_database_with_real_data_alone(organisation):
    demo(*SMALL, "--if-empty")
    assert not DemoWorld.objects.exists() and not Source.objects.exists()


def test_it_refuses_to_load_twice_without_reset():
    demo(*SMALL)
    with pytest.raises(CommandError, match="--reset"):
        demo(*SMALL)
    assert DemoWorld.objects.count() == 1


def test_it_refuses_a_database_with_real_data(organisation):
    for flags in ([], ["--reset"]):
        with pytest.raises(CommandError):
            demo(*SMALL, *flags)
    assert list(Organisation.objects.all()) == [organisation]
    assert not DemoWorld.objects.exists()


def test_reset_replaces_the_demo_world():
    demo(*SMALL)
    demo("--seed", "12", "--scale", "0.02", "--reset")
    other = generate(seed=12, scale=0.02)
    loaded = DemoWorld.objects.get()
    assert loaded.seed == 12
    assert ListEntry.objects.count() == other.counts()["list_entries"]
    assert SearchRequest.objects.count() == len(other.requests)
    assert Organisation.objects.count() == 1


def test_reset_refuses_when_real_data_was_added_to_a_demo_database():
    demo(*SMALL)
    Organisation.objects.create(name="Алматы құқық қорғау орталығы")
    with pytest.raises(CommandError):
        demo(*SMALL, "--reset")
    assert DemoWorld.objects.get().seed == 11


@pytest.mark.parametrize("flags", [["--scale", "0"], ["--scale", "-1"], ["--seed", "-5"], ["--if-empty", "--reset"]])
def test_it_rejects_bad_options(flags):
    with pytest.raises(CommandError):
        demo(*flags)
    assert not DemoWorld.objects.exists()


def test_help_explains_every_option():
    text = Command().create_parser("izdeu", "demo").format_help()
    for option in ("--seed", "--scale", "--if-empty", "--reset"):
        assert option in text
    assert "fictional" in text and "refuses" in text
