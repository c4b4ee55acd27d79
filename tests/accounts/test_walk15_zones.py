"""Walk 15 (the profile's time-zone picker): a zone was named by its North American family from
its standard time's abbreviation alone, and several zones outside North America use the same
letters for another time: China's and Taiwan's standard time is "CST" (UTC+8), the
Philippines' "PST" (UTC+8), Cuba's "CST" (UTC-5). So Shanghai read "Central time (Shanghai)"
and Manila "Pacific time (Manila)", in the picker and in every page's footer. A family now
needs its UTC offset too."""

import pytest

from echohub.accounts.zones import zone_choices, zone_label, zone_name


@pytest.mark.parametrize(
    ("key", "english", "french"),
    [
        ("Asia/Shanghai", "Shanghai time", "de Shanghai"),
        ("Asia/Taipei", "Taipei time", "de Taipei"),
        ("Asia/Macau", "Macau time", "de Macau"),
        ("Asia/Manila", "Manila time", "de Manila"),
        ("America/Havana", "Havana time", "de Havana"),
    ],
)
def test_a_zone_sharing_letters_with_a_north_american_time_is_named_by_its_city(
    key, english, french
):
    assert zone_name(key, "en") == english
    assert zone_name(key, "fr") == french


@pytest.mark.parametrize(
    ("key", "english"),
    [
        ("America/Chicago", "Central time (Chicago)"),
        ("America/Regina", "Central time (Regina)"),
        ("America/Costa_Rica", "Central time (Costa Rica)"),
        ("America/Los_Angeles", "Pacific time (Los Angeles)"),
        ("America/St_Johns", "Newfoundland time (St Johns)"),
        ("America/Adak", "Hawaii time (Adak)"),
        ("Pacific/Honolulu", "Hawaii time (Honolulu)"),
    ],
)
def test_north_american_zones_keep_their_family(key, english):
    assert zone_name(key, "en") == english


def test_the_picker_lists_shanghai_under_asia_not_among_north_american_times():
    groups = dict(zone_choices("en"))
    north_america = dict(groups["Other North American time zones"])
    asia = dict(groups["Asia"])
    for key in ("Asia/Shanghai", "Asia/Manila", "Asia/Taipei"):
        assert key not in north_america
        assert asia[key] == zone_label(key, "en")
    assert "Central time (Shanghai)" not in north_america.values()
    assert "America/Havana" not in north_america
