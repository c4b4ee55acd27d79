"""`echohub demo [--stage enrolment|running|completed] [--reset]`: load the demo programs."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from echohub.demo.accounts import print_accounts
from echohub.demo.data import STAGES, DemoError, demo_present, load_demo, reset_demo


class Command(BaseCommand):
    help = (
        "Load two synthetic demo programs (Chronic Pain & Opioid Stewardship; Mental Health & "
        "Addictions in Primary Care) with their people, sites, sessions and agendas."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stage",
            choices=STAGES,
            default="running",
            help="enrolment: the cycle starts in ~3 weeks; running (default): 12 of 30 "
            "sessions are over; completed: all 30 are over.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo programs and demo accounts first (nothing else).",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        started = time.perf_counter()
        if demo_present():
            if not opts["reset"]:
                self.stdout.write(
                    "The demo programs are already loaded; nothing to do. "
                    "Run `echohub demo --reset` to rebuild them."
                )
                print_accounts(self.stdout)
                return
            gone = reset_demo()
            self.stdout.write(
                f"Removed the demo: {gone.programs} programs, {gone.users} accounts, "
                f"{gone.audit_entries} audit entries"
                + (f" (kept {gone.kept_users} accounts used elsewhere)" if gone.kept_users else "")
                + "."
            )
        try:
            summary = load_demo(stage=opts["stage"])
        except DemoError as err:  # a concurrent load got there first
            self.stdout.write(str(err))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the demo at stage “{summary.stage}”: {summary.programs} programs, "
                f"{summary.people} people, {summary.sites} sites, {summary.sessions} sessions "
                f"({summary.past_sessions} past), {summary.pending_registrations} pending "
                f"registrations, {summary.audit_entries} audit entries "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )
        print_accounts(self.stdout)
