"""A refused score names the instrument as people know it ("PEG", "PHQ-9"), not by its code.

Found: a PEG total typed with no items gave "Entrez les items peg pour que le score soit
calculé exactement." Everything here is synthetic.
"""

from __future__ import annotations

from typing import Any

import pytest

from clinical.instruments import FREE_INSTRUMENTS, LICENSED_INSTRUMENTS
from echohub.cases import services
from echohub.cases.forms import INSTRUMENTS
from echohub.core.errors import DomainError
from tests.cases.test_case_views import form_data

pytestmark = pytest.mark.django_db


def _edit(client: Any, program: Any, draft: Any, **score: str) -> str:
    response = client.post(
        f"/p/{program.slug}/cases/{draft.pk}/edit/",
        form_data(action="save", version=str(draft.version), **score),
    )
    assert response.status_code in (200, 400)
    return response.content.decode()


def test_a_peg_total_without_items_is_refused_naming_the_peg(
    client: Any, program: Any, presenter: Any, draft: Any
) -> None:
    client.force_login(presenter)
    page = _edit(client, program, draft, **{"score-0-items": "", "score-0-total": "6"})
    assert "Enter the PEG items so it can be scored exactly." in page
    assert "Enter the peg items" not in page


def test_a_licensed_instrument_without_its_total_is_named_by_its_label(
    client: Any, program: Any, presenter: Any, draft: Any
) -> None:
    client.force_login(presenter)
    page = _edit(
        client, program, draft, **{"score-0-instrument": "bpi-severity", "score-0-items": ""}
    )
    assert "Give the BPI severity total." in page
    assert "Give the bpi-severity total." not in page


def test_an_impossible_item_answer_is_prefixed_by_the_label(draft: Any, presenter: Any) -> None:
    with pytest.raises(DomainError) as err:
        services.save_draft(
            actor=presenter,
            case=draft,
            data={},
            scores=[{"instrument": "phq9", "items": [3] * 8 + [4]}],
        )
    assert str(err.value.message).startswith("PHQ-9: ")


def test_every_instrument_has_a_label_and_the_form_shows_the_same() -> None:
    keys = set(FREE_INSTRUMENTS) | set(LICENSED_INSTRUMENTS)
    assert keys <= set(services.INSTRUMENT_LABELS)
    shown = {key: label for _group, options in INSTRUMENTS[1:] for key, label in options}
    assert shown == {key: services.INSTRUMENT_LABELS[key] for key in shown}


def test_an_unknown_key_is_shown_as_given() -> None:
    assert services.instrument_label("not-an-instrument") == "not-an-instrument"
