"""`echohub generate_network`: a large synthetic ECHO network for benchmarks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from echohub.demo.network import (
    NetworkExists,
    NetworkSize,
    delete_network,
    describe,
    generate_network,
    network_present,
)


class Command(BaseCommand):
    help = (
        "Generate a large synthetic network (programs, hubs, sites, people, memberships, "
        "sessions, agendas, registrations, audit entries) for benchmarks. Not for production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        default = NetworkSize()
        parser.add_argument("--programs", type=int, default=default.programs)
        parser.add_argument("--people", type=int, default=default.people)
        parser.add_argument(
            "--sessions-per-program", type=int, default=default.sessions_per_program
        )
        parser.add_argument("--seed", type=int, default=default.seed)
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete a previously generated network (net-* programs and "
            "@echohub-network.test accounts) first.",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        size = NetworkSize(
            programs=opts["programs"],
            people=opts["people"],
            sessions_per_program=opts["sessions_per_program"],
            seed=opts["seed"],
        )
        if size.programs < 1 or size.sessions_per_program < 1:
            raise CommandError("--programs and --sessions-per-program must be at least 1.")
        if size.people < size.programs + 4:
            raise CommandError("--people must be at least --programs + 4.")
        if network_present():
            if not opts["reset"]:
                raise CommandError(
                    "A generated network is already in this database; use --reset to replace it."
                )
            programs, people = delete_network()
            self.stdout.write(
                f"Deleted the generated network: {programs} programs, {people} people."
            )
        try:
            stats = generate_network(size, progress=self.stdout.write)
        except NetworkExists as err:
            raise CommandError(str(err)) from None
        self.stdout.write(self.style.SUCCESS(f"Generated {describe(stats)}."))
