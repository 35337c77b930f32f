from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from izdeu.notify.tasks import sweeping


class Command(BaseCommand):
    help = (
        "Run the background worker: it takes queued work (imports, matching, notifications) "
        "from the database and runs it. Run one or more beside `izdeu serve`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks for new work (default 1).")
        parser.add_argument("--batch", action="store_true", help="Stop when no work is left instead of waiting for more.")

    def handle(self, *args, interval, batch, **options):
        self.stdout.write(_("izdeu worker is waiting for queued work."))
        # Messages due for another try, and sends a lost worker left unfinished, are found by a
        # sweep of the outbox beside the queue (izdeu/notify/tasks.py).
        with sweeping(once=batch):
            call_command("db_worker", interval=interval, batch=batch, verbosity=options["verbosity"])
