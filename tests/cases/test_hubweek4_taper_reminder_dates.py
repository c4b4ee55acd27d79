"""What the hubweek4 walk found in a taper plan's preview: the schedule's dates read
"6 Jan 2027" (« 6 janv. 2027 ») but the "Follow-up reminders" under it read
"2027-01-06, 2027-02-06, …", the plan's stored ISO dates. They are now in the reader's format
like the steps'; the API (keep_values) keeps ISO dates."""

from django.utils import translation

from echohub.core.clinical_text import localized_plan

PLAN = {"version": 2, "steps": [{"date": "2027-01-06"}], "follow_ups": ["2027-01-06", "2027-02-06"]}


def test_the_follow_up_reminders_are_in_the_readers_format():
    with translation.override("en"):
        shown = localized_plan(PLAN)
    assert shown["follow_ups"] == [shown["steps"][0]["date"], "6 Feb 2027"]
    with translation.override("fr"):
        assert "2027-01-06" not in localized_plan(PLAN)["follow_ups"]


def test_the_api_keeps_iso_dates():
    assert localized_plan(PLAN, keep_values=True)["follow_ups"] == ["2027-01-06", "2027-02-06"]
