"""`echohub serve`: migrate, load the demo on first run, then serve.

Development (default): Django's server on 127.0.0.1:8000. `--production`: gunicorn with
several workers (set DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL). `--asgi`: uvicorn
(echohub.asgi) instead, for the live pages' real-time streams; with `--production`, several
worker processes sharing the PostgreSQL or Redis live channel (docs/deployment.md).
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


def start_reminder_loop(interval: int = 60) -> None:
    """In development, queue due agenda/reminder emails from a thread of the server process
    (production runs `echohub send_reminders --loop` as its own process)."""
    import threading
    import time

    from echohub.joining.notices import send_due_reminders

    def loop() -> None:
        while True:
            try:
                send_due_reminders()
            except Exception:  # keep the dev server's reminders going after a bad run
                logging.getLogger(__name__).exception("reminder run failed")
            time.sleep(interval)

    threading.Thread(target=loop, name="echohub-reminders", daemon=True).start()


class Command(BaseCommand):
    help = "Migrate, load demo data on first run, and serve echohub."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--addr", default="127.0.0.1:8000", help="Address and port to serve on (HOST:PORT)."
        )
        parser.add_argument("--no-demo", action="store_true", help="Never load the demo data.")
        parser.add_argument("--production", action="store_true", help="Serve with gunicorn.")
        parser.add_argument(
            "--asgi",
            action="store_true",
            help="Serve with uvicorn (ASGI): real-time live pages; see docs/deployment.md.",
        )
        parser.add_argument(
            "--workers", type=int, default=None, help="Processes (gunicorn 4, uvicorn 2)."
        )

    def _site_url(self, addr: str, *, production: bool) -> None:
        """Links in emails, calendar files and feeds use SITE_URL. In development it follows
        the address served (unless set); in production it must be set: say so at start-up."""
        if os.environ.get("SITE_URL"):
            return
        if production:
            self.stderr.write(
                "Warning: SITE_URL is not set, so links in emails and calendar files point to "
                f"{settings.SITE_URL}. Set SITE_URL to the public address (e.g. "
                "https://echo.example.org)."
            )
            return
        host = addr if ":" in addr else f"127.0.0.1:{addr}"
        if host.startswith("0.0.0.0:"):  # only the link shown, not a bind
            host = "127.0.0.1:" + host.split(":", 1)[1]
        os.environ["SITE_URL"] = f"http://{host}"  # the autoreloader's child inherits it
        settings.SITE_URL = os.environ["SITE_URL"]

    def _uvicorn(self, addr: str, workers: int) -> None:
        """Replace this process with uvicorn serving echohub.asgi (each worker keeps one
        LISTEN connection or Redis subscription for the live channel)."""
        host, _sep, port = addr.rpartition(":")
        uvicorn = os.path.join(os.path.dirname(sys.executable), "uvicorn")
        self.stdout.write(f"echohub (ASGI, {workers} process(es)) is at http://{addr}/")
        self.stdout.flush()
        os.execv(  # noqa: S606 - replaces this process with the uvicorn server
            uvicorn,
            [
                uvicorn,
                "echohub.asgi:application",
                "--host",
                host or "127.0.0.1",
                "--port",
                port or addr,
                "--workers",
                str(workers),
                "--timeout-graceful-shutdown",
                "5",
                "--proxy-headers",
            ],
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if os.environ.get("RUN_MAIN") == "true":  # the autoreloader's child: already set up
            start_reminder_loop()
            call_command("runserver", opts["addr"], use_reloader=True)
            return
        self._site_url(opts["addr"], production=opts["production"])
        call_command("migrate", interactive=False, verbosity=0)
        from echohub.programs.models import Program

        if opts["production"]:
            opts["no_demo"] = True  # never load or advertise demo accounts in production

        if not opts["no_demo"] and not Program.objects.exists():
            self.stdout.write("First run: loading the demo programs…")
            call_command("demo", stage="running")
        elif not opts["no_demo"]:
            from echohub.demo.accounts import print_accounts

            print_accounts(self.stdout)
        if opts["asgi"]:
            if opts["production"]:
                call_command("collectstatic", interactive=False, verbosity=0)
            self._uvicorn(opts["addr"], opts["workers"] or (2 if opts["production"] else 1))
        if opts["production"]:
            call_command("collectstatic", interactive=False, verbosity=0)
            gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
            os.execv(  # noqa: S606 - replaces this process with the gunicorn server
                gunicorn,
                [
                    gunicorn,
                    "echohub.wsgi",
                    "--bind",
                    opts["addr"],
                    "--workers",
                    str(opts["workers"] or 4),
                ],
            )
        self.stdout.write(f"echohub is at http://{opts['addr']}/  (Ctrl-C stops it)")
        if not settings.DEBUG:
            start_reminder_loop()
        call_command("runserver", opts["addr"], use_reloader=settings.DEBUG)
