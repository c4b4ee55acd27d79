"""Settings for `make bench-join`: the project's settings, with the bench urlconf added.

Nothing else changes, so the floor and the join link go through the same middleware, database
settings and workers. Everything else comes from the environment set by bench/join_bench.py.
"""

from echohub.settings import *  # noqa: F403  (the bench runs the project's settings as they are)

ROOT_URLCONF = "join_floor"
