from django.core.management.base import BaseCommand, CommandError

from izdeu.accounts.models import Organisation
from izdeu.review.matching import relink


class Command(BaseCommand):
    help = (
        "Match every open request against every list entry again: learn the model from the records "
        "(2,000 entries or more), save it, and propose the pairs found as candidates. Decided "
        "candidates are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", help="Only this organisation (its name); all of them by default.")

    def handle(self, *args, organisation, **options):
        organisations = Organisation.objects.order_by("name")
        if organisation:
            organisations = organisations.filter(name=organisation)
            if not organisations:
                raise CommandError(f"No organisation is named {organisation!r}.")
        for found in organisations:
            new = relink.call(found.pk)
            self.stdout.write(f"{found.name}: {new} new candidates")
