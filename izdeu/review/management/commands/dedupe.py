from django.core.management.base import BaseCommand, CommandError

from izdeu.matching.batch import MATCH_THRESHOLD, Progress, dedupe
from izdeu.matching.files import BadInput, write_clusters


class Command(BaseCommand):
    help = (
        "Find the records of one CSV file that are the same person (a station list, then the ИВС list, "
        "then the court's). Writes id,cluster_id for every record; one cluster is one person."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV with id and names (see README, 'Matching from the command line').")
        parser.add_argument("-o", "--output", required=True, help="CSV to write id,cluster_id to.")
        parser.add_argument("--threshold", type=float, default=MATCH_THRESHOLD,
                            help="Match probability from which two records join a cluster (default 0.5).")  # fmt: skip
        parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb",
                            help="duckdb on this machine (default), or spark.")  # fmt: skip
        parser.add_argument("--threads", type=int, default=None, help="Threads to use (default: all cores).")

    def handle(self, *args, file, output, threshold, engine, threads, **options):
        if not 0 < threshold < 1:
            raise CommandError("--threshold must be between 0 and 1.")
        progress = Progress(self.stderr._out)
        try:
            count = write_clusters(output, dedupe(file, threshold=threshold, engine=engine, threads=threads,
                                                  progress=progress))  # fmt: skip
        except BadInput as error:
            raise CommandError(str(error)) from error
        progress.stage(f"{count} records written to {output}")
