"""The time-zone picker's choices are worked out once per language per process (hubwalk10: a
session page spent 0.5 s listing every zone on disk twice), and a caller changing the list it
got changes nobody else's."""

from __future__ import annotations

import zoneinfo
from unittest import mock

from echohub.accounts import zones


def test_the_zones_are_read_from_disk_once() -> None:
    zones._choices.cache_clear()
    zones._keys.cache_clear()
    real = zoneinfo.available_timezones
    with mock.patch.object(zoneinfo, "available_timezones", side_effect=real) as listed:
        first = zones.zone_choices("fr")
        again = zones.zone_choices("fr-ca")
        english = zones.zone_choices("en")
        assert zones.is_zone("America/Regina") and not zones.is_zone("America/Atlantis")
    assert listed.call_count == 1
    assert first == again != english
    assert first[0][1][0] == ("America/Toronto", "Heure de l’Est (Toronto)")
    assert english[0][1][0] == ("America/Toronto", "Eastern time (Toronto)")


def test_a_caller_changing_its_choices_changes_nobody_elses() -> None:
    mine = zones.zone_choices("en")
    mine[0][1].clear()
    mine.append(("Mars", []))
    fresh = zones.zone_choices("en")
    assert fresh[0][1] and fresh[-1][0] != "Mars"
