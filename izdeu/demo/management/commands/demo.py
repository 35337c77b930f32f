import argparse
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from izdeu.accounts.models import Role
from izdeu.cases.models import Case
from izdeu.demo.load import DEMO_LOGINS, DEMO_TOTP_SECRETS, DatabaseState, NotEmpty, database_state, load_world, remove_world
from izdeu.demoworld import generate
from izdeu.facilities.models import Facility
from izdeu.lists.models import ListEntry, Source
from izdeu.people.models import Person
from izdeu.searches.models import Requester, SearchRequest

MAX_SEED = 2**31 - 1
MAX_SCALE = 10.0
# What the summary counts, labelled with each model's own (translated) plural name.
COUNTED = (
    ("facilities", Facility),
    ("sources", Source),
    ("list_entries", ListEntry),
    ("people", Person),
    ("cases", Case),
    ("requesters", Requester),
    ("search_requests", SearchRequest),
)


def refusal_message() -> str:
    """Why the demo world is not loaded here (translated when called)."""
    return _(
        "This database holds data that is not part of the demo world. "
        "The demo world is never mixed with real data: use a fresh database."
    )


def seed_value(text: str) -> int:
    value = int(text)
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(_("the seed must be a whole number from 0 to %(max)s") % {"max": MAX_SEED})
    return value


def scale_value(text: str) -> float:
    value = float(text)
    if not 0 < value <= MAX_SCALE:
        raise argparse.ArgumentTypeError(_("the scale must be above 0 and at most %(max)s") % {"max": MAX_SCALE})
    return value


class Command(BaseCommand):
    help = (
        "Load the fictional demo world: about 12,000 detentions in Almaty over 6-15 January 2022, "
        "the lists volunteers would have received, and about 2,000 search requests, with four demo "
        "accounts. It refuses a database that holds anything else: real data is never mixed with "
        "invented people. Prints counts and the demo logins, never names."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=seed_value, default=2022,
            help="Random seed (default 2022). The same seed and scale always give the same people, lists and requests.",
        )
        parser.add_argument(
            "--scale", type=scale_value, default=1.0,
            help="Size of the world (default 1.0: 12,000 detentions and 2,000 requests; 0.05 gives 600 and 100).",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--if-empty", action="store_true",
            help="Load only into an empty database; otherwise do nothing and exit successfully (used by `make run`).",
        )
        mode.add_argument(
            "--reset", action="store_true",
            help="Delete the demo world already loaded, with everything recorded about it since, then load a new one.",
        )

    def handle(self, *args, seed, scale, if_empty, reset, **options):
        state = database_state()
        if if_empty and state is not DatabaseState.EMPTY:
            if state is DatabaseState.DEMO:
                self.stdout.write(_("A demo world is already loaded: nothing to do."))
                self._print_logins()
            else:
                self.stdout.write(_("The database already holds data: the demo world is not loaded."))
            return
        if state is DatabaseState.OTHER:
            raise CommandError(refusal_message())
        if state is DatabaseState.DEMO and not reset:
            raise CommandError(_("A demo world is already loaded. Use --reset to replace it."))

        started = time.perf_counter()
        self.stdout.write(_("Generating the demo world (seed %(seed)s, scale %(scale)s)…") % {"seed": seed, "scale": scale})
        world = generate(seed=seed, scale=scale)
        try:
            with transaction.atomic():
                if reset:
                    remove_world()
                demo = load_world(world)
        except NotEmpty:
            # Someone wrote to the database while the world was being generated.
            raise CommandError(refusal_message()) from None
        seconds = time.perf_counter() - started
        self.stdout.write(_("Loaded the demo world in %(seconds)s s. Every person in it is invented.") % {"seconds": f"{seconds:.1f}"})
        self._print_counts(demo.counts)
        self._print_logins()

    def _print_counts(self, counts: dict[str, int]) -> None:
        width = max(len(str(model._meta.verbose_name_plural)) for _key, model in COUNTED)
        for key, model in COUNTED:
            self.stdout.write(f"  {str(model._meta.verbose_name_plural).capitalize():<{width}}  {counts[key]:>7,}")

    def _print_logins(self) -> None:
        self.stdout.write(_("Demo logins (the passwords are public: never use them for real work):"))
        labels = dict(Role.choices)
        for username, role, password in DEMO_LOGINS:
            secret = DEMO_TOTP_SECRETS.get(username, "")
            self.stdout.write(f"  {username:<12} {str(labels[role]):<15} {password:<24} {secret}".rstrip())
        self.stdout.write(
            _("The keys after the passwords go into an authenticator app, which then shows the sign-in codes.")
        )
