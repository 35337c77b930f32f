import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = (
        "Serve izdeu with a production WSGI server (waitress), static files included. "
        "Put a TLS reverse proxy in front of it on a public server (README, Deployment)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default 8000).")
        parser.add_argument("--threads", type=int, default=8, help="Worker threads (default 8).")
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="Also run the background worker in a child process (convenient on a laptop).",
        )

    def handle(self, *args, host, port, threads, with_worker, **options):
        from waitress import serve

        from izdeu.wsgi import application

        if not (settings.STATIC_ROOT / "staticfiles.json").exists():
            raise CommandError(_("Static files are not collected yet: run `izdeu collectstatic` first."))
        # Stop cleanly on a service manager's SIGTERM too, so the worker child is not orphaned.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        worker = None
        if with_worker:
            worker = subprocess.Popen([sys.executable, "-m", "izdeu", "worker"])
        self.stdout.write(_("izdeu is serving on http://%(host)s:%(port)s/ (Ctrl+C stops it)") % {"host": host, "port": port})
        try:
            serve(
                application,
                host=host,
                port=port,
                threads=threads,
                ident="izdeu",
                max_request_body_size=settings.MAX_UPLOAD_MB * 1024 * 1024,
            )
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)
