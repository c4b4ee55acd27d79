"""One table says which discipline a profession writes or presents from: the case page's
folding, the live console's rows and (later) search read the same one (it was written three
times, and the live console and the case page had no row for a resident)."""

from __future__ import annotations

from echohub.cases.models import DISCIPLINE_OF_PROFESSION, Discipline
from echohub.live import services as live
from echohub.programs.models import Profession


def test_every_profession_maps_to_a_discipline_or_to_none_on_purpose() -> None:
    without = {"dietitian", "kinesiologist", "chiropractor", "addiction_counsellor"}
    without |= {"administrator", "other"}
    assert set(DISCIPLINE_OF_PROFESSION) | without == set(Profession.values)
    assert set(DISCIPLINE_OF_PROFESSION) & without == set()
    assert set(DISCIPLINE_OF_PROFESSION.values()) == set(Discipline.values)


def test_the_live_console_and_search_read_the_same_table() -> None:
    from echohub.search import documents

    assert live.PROFESSION_DISCIPLINE is DISCIPLINE_OF_PROFESSION
    assert documents.PROFESSION_DISCIPLINE is DISCIPLINE_OF_PROFESSION
    assert documents.discipline_of("resident") == "medicine"
    assert documents.discipline_of("dietitian") == "dietitian"
    assert DISCIPLINE_OF_PROFESSION["resident"] == Discipline.MEDICINE
