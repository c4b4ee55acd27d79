"""What a walk in French (round 1212) found in the demo's mentoring texts: French written with
straight apostrophes (« l'usage ») and without the no-break space Québec typography puts before
« : ». The demo's French now reads as French is printed. The OQLF puts no space before « ; »,
« ! » and « ? » (round 1222: this test had asked for one before « ; »; echohub's French follows
the OQLF everywhere, tests/core/test_fixes2_1222.py)."""

from __future__ import annotations

import re

import pytest

from echohub.demo.data import load_demo
from echohub.mentoring.models import MentoringSettings, MentoringTopic

pytestmark = pytest.mark.django_db(transaction=False)


def test_demo_mentoring_french_uses_typographic_apostrophes_and_spaces() -> None:
    load_demo()
    texts = list(MentoringTopic.objects.values_list("name_fr", flat=True))
    texts += list(MentoringSettings.objects.values_list("credit_statement_fr", flat=True))
    texts = [t for t in texts if t]
    assert texts
    for text in texts:
        assert "'" not in text, text
        assert not re.search(r"[^\u00a0\u202f]:", text), text
        assert not re.search(r"\s[;!?]", text), text
