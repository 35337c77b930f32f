from django.core.management.base import BaseCommand, CommandError

from izdeu.matching.batch import Progress, explain
from izdeu.matching.files import BadInput
from izdeu.matching.reasons import describe


class Command(BaseCommand):
    help = "Say why izdeu thinks two records are (or are not) the same person, reason by reason."

    def add_arguments(self, parser):
        parser.add_argument("left", help="The CSV file the first record is in.")
        parser.add_argument("right", help="The CSV file the second record is in.")
        parser.add_argument("left_id", help="The first record's id.")
        parser.add_argument("right_id", help="The second record's id.")
        parser.add_argument("--threads", type=int, default=None, help="Threads to use (default: all cores).")

    def handle(self, *args, left, right, left_id, right_id, threads, **options):
        try:
            scored, found = explain(left, right, left_id, right_id, threads=threads, progress=Progress(None))
        except BadInput as error:
            raise CommandError(str(error)) from error
        verdict = "a match" if scored.match_probability >= 0.5 else "not a match"
        self.stdout.write(f"{left_id} ~ {right_id}: match probability {scored.match_probability:.4f} ({verdict}), "
                          f"match weight {scored.match_weight:+.1f}")  # fmt: skip
        for reason in found:
            self.stdout.write(f"  {describe(reason)}")
