from django.core.management.base import BaseCommand, CommandError

from izdeu.matching.batch import DEFAULT_REVIEW_THRESHOLD, Progress, link
from izdeu.matching.files import BadInput, write_pairs


class Command(BaseCommand):
    help = (
        "Find the same people in two CSV files (requests and a list, or two lists). Writes "
        "left_id,right_id,match_probability,reasons for every pair at or above the review threshold; "
        "a probability of 0.5 or more means izdeu calls it a match."
    )

    def add_arguments(self, parser):
        parser.add_argument("left", help="CSV with id and names (see README, 'Matching from the command line').")
        parser.add_argument("right", help="CSV of the same form.")
        parser.add_argument("-o", "--output", required=True, help="CSV to write the pairs to.")
        parser.add_argument("--review-threshold", type=float, default=DEFAULT_REVIEW_THRESHOLD,
                            help="Lowest match probability written (default 0.05).")  # fmt: skip
        parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb",
                            help="duckdb on this machine (default), or spark.")  # fmt: skip
        parser.add_argument("--threads", type=int, default=None, help="Threads to use (default: all cores).")

    def handle(self, *args, left, right, output, review_threshold, engine, threads, **options):
        if not 0 < review_threshold < 1:
            raise CommandError("--review-threshold must be between 0 and 1.")
        progress = Progress(self.stderr._out)
        try:
            count = write_pairs(output, link(left, right, threshold=review_threshold, engine=engine,
                                             threads=threads, progress=progress))  # fmt: skip
        except BadInput as error:
            raise CommandError(str(error)) from error
        progress.stage(f"{count} pairs written to {output}")
