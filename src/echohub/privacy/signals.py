"""Signals of the privacy app, for the areas above it that keep copies of case content."""

from django.dispatch import Signal

#: Sent after the retention purge emptied cases, with `case_ids`: copies (the search index)
#: must forget them. Sent inside the purge's transaction.
cases_purged = Signal()
