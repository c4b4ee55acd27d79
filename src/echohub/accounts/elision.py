"""French elision where a name is put into a sentence: « message de Aisha » reads « message
d’Aisha », « en tant que expert » « en tant qu’expert ». A translation writes « de %(who)s »
once for every name; the elision depends on the name, so it is made after the name is in.

Only the word just before the inserted text changes, and only before a vowel (a name with a
silent h, « de Hélène », stays as written: which h is silent cannot be told from spelling).
"""

from __future__ import annotations

import re

#: Words elided before a vowel in French, with their elided form.
ELIDED = {"de": "d’", "que": "qu’", "jusque": "jusqu’", "lorsque": "lorsqu’", "puisque": "puisqu’"}
_VOWELS = "AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜaeiouyàâäéèêëîïôöùûü"


def elide(sentence: str, inserted: str, language: str) -> str:
    """`sentence` with « de », « que »... elided where they stand just before `inserted`, when
    `language` is French and `inserted` starts with a vowel; otherwise `sentence` as it is."""
    if not language.lower().startswith("fr") or not inserted or inserted[0] not in _VOWELS:
        return sentence
    words = "|".join(ELIDED)
    pattern = re.compile(rf"(?<![\w’'])({words})[ \u00a0]{re.escape(inserted)}", re.IGNORECASE)

    def _sub(m: re.Match[str]) -> str:
        word = m.group(1)
        short = ELIDED[word.lower()]
        if word[0].isupper():
            short = short[0].upper() + short[1:]
        return f"{short}{inserted}"

    return pattern.sub(_sub, sentence)
