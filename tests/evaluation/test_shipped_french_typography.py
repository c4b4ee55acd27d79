"""The shipped survey templates' French reads as Québec French is written: typographic
apostrophes (’), never the typewriter one ('), in every French field of every template
(titles, intros, sections, questions, rows and options)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from echohub.evaluation import shipped


def french_texts(node: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from french_texts(v, str(k))
    elif isinstance(node, list | tuple):
        for item in node:
            yield from french_texts(item, key)
    elif isinstance(node, str) and key.endswith("_fr"):
        yield key, node


def test_every_french_text_of_the_shipped_templates_uses_typographic_apostrophes() -> None:
    texts = list(french_texts(shipped.TEMPLATES))
    assert len(texts) > 50  # the walk reaches the questions and their options
    assert [(k, t) for k, t in texts if "'" in t] == []
    assert any("’" in t for _k, t in texts)
