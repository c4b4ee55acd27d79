"""The demo's sign-in details, printed by `echohub demo` and `echohub serve`."""

from __future__ import annotations

from typing import Protocol

from echohub.demo.content import ACCOUNTS


class Writer(Protocol):
    def write(self, msg: str) -> object: ...


# What each account shows in the demo (same order as ACCOUNTS).
WHAT: dict[str, str] = {
    "superuser": "everything, incl. /admin/",
    "program_admin": "admin of both programs",
    "coordinator": "registrations, people, sites, sessions",
    "expert": "chair of the pain hub team",
    "participant": "family physician in both programs",
    "evaluator": "evaluator in both programs",
}


def print_accounts(stdout: Writer) -> None:
    """A short table of the demo accounts. The password is for demo use only."""
    from echohub.accounts.models import User
    from echohub.demo.data import DEMO_PASSWORD

    emails = {email for email, *_rest in ACCOUNTS.values()}
    present = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    rows = [
        (label, email, WHAT[key])
        for key, (email, _first, _last, _profession, label) in ACCOUNTS.items()
        if email in present
    ]
    if not rows:
        stdout.write("No demo accounts in this database (load them with `echohub demo`).\n")
        return
    width = [max(len(r[i]) for r in [("Role", "Email", ""), *rows]) for i in range(2)]
    stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD} – demo use only):\n")
    stdout.write(f"  {'Role':<{width[0]}}  {'Email':<{width[1]}}  Sees\n")
    for label, email, what in rows:
        stdout.write(f"  {label:<{width[0]}}  {email:<{width[1]}}  {what}\n")
    stdout.write("\n")
