"""A store of a pharmacy or grocery chain named with its town (since 1.16.0): ``<town>
Pharmachoice``, ``Pharmasave <town>``, ``<town> Save Easy``, ``<X Valley> Foodland``. A chain's
name alone names no place small enough to identify anyone; with the town (or the place named by
its shape) beside it, it is one store, as a pharmacy label or a note names it.

The chains are Canadian pharmacy and grocery banners as their own signs write them (general
knowledge, published store directories; no corpus note was copied). The town is a gazetteer
place, a word no list knows, or a word and a word of geography (``X Valley``, ``X Beach``);
never an everyday word alone (``the local Pharmasave``), a region (``Ontario Pharmasave``) or a
street (``Main St Rexall`` is left to the street rules).

Also (1.16.0) a town found in the note and a lower-case head of a workplace or a service right
after it: ``<town> lab``, ``<town> credit union``, ``<town> cannery``, ``<town> equipment depot``
(run late, so a town found by any rule counts; the head closes the name).
"""

from __future__ import annotations

import re

from phi.core import P_FACILITY, Collector
from phi.index import TextIndex, category, word_start_ok
from phi.lexicon import Lexicon
from phi.recognizers.common import words

_CHAINS = (
    "Pharmasave|PharmaChoice|Pharmachoice|Rexall|Shoppers Drug Mart|Jean Coutu|Uniprix|"
    "Familiprix|Lawtons|London Drugs|Drug Mart|Medicine Shoppe|"
    "Foodland|Sobeys|Save Easy|Valu-Mart|Freshmart|No Frills|Loblaws|Safeway|Giant Tiger|"
    "FreshCo|Zehrs|Fortinos|IGA|Your Independent Grocer"
)
_C_CHAIN = category(
    "a pharmacy or grocery chain",
    "pharmasave pharmachoice rexall shoppers jean uniprix familiprix lawtons london drug "
    "medicine foodland sobeys save valu-mart freshmart no loblaws safeway giant freshco zehrs "
    "fortinos iga your",
    capital_only=True,
)
_CHAIN_RE = re.compile(rf"(?:{_CHAINS})(?![\w'’-])")
_WORD = r"[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)*"
#: one or two capitalised words right before the chain, on its line
_TOWN_BEFORE_RE = re.compile(rf"(?<![\w'’.-])({_WORD}(?:[ \t]{_WORD})?)[ \t]+$")
#: one or two capitalised words right after it, closing the name
_TOWN_AFTER_RE = re.compile(
    rf"[ \t]+({_WORD}(?:[ \t]{_WORD})?)(?=[ \t]*(?:[.,;:)(\n]|$)|[ \t]+[a-z])", re.M
)
_GEO = words(
    "valley river lake bay creek harbour harbor falls hill hills beach point cove mills springs "
    "ridge heights landing bridge brook island lakes narrows"
)
_NOT_TOWN = words(
    "the a an our your their local new main street st road rd avenue ave drive dr downtown "
    "pharmacy store grocery market plaza mall centre center north south east west"
)
_REASON_BEFORE = "a chain's store after its town"


def _town_ok(words: list[str], lex: Lexicon) -> bool:
    low = [w.lower() for w in words]
    if any(w in _NOT_TOWN or w in lex.regions for w in low):
        return False
    if any(w in lex.clinical or w in lex.drugs for w in low):
        return False
    name = " ".join(low)
    if name in lex.places:
        return True
    if len(low) == 2 and low[1] in _GEO and not lex.never_name(low[0]):
        return True  # "X Valley", "X Beach": a place by its shape
    return all(w not in lex.frequent and not lex.never_name(w) for w in low)


def recognize(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    text = c.text
    for p in idx.at(_C_CHAIN):
        if not word_start_ok(text, p):
            continue
        m = _CHAIN_RE.match(text, p)
        if m is None:
            continue
        lo = max(0, p - 40, text.rfind("\n", 0, p) + 1)
        bm = _TOWN_BEFORE_RE.search(text, lo, p)
        if bm is not None:
            ws = bm.group(1).split()
            if _town_ok(ws, lex):
                c.add(bm.start(1), m.end(), "FACILITY", _REASON_BEFORE, P_FACILITY)
                continue
            if len(ws) == 2 and _town_ok(ws[1:], lex):  # "Called X Pharmachoice"
                start = bm.end(1) - len(ws[1])
                c.add(start, m.end(), "FACILITY", _REASON_BEFORE, P_FACILITY)
                continue
        am = _TOWN_AFTER_RE.match(text, m.end())
        if am is not None and _town_ok(am.group(1).split(), lex):
            c.add(p, am.end(1), "FACILITY", "a chain's store before its town", P_FACILITY)


_TOWN_HEADS = (
    r"lab|laboratory|clinic|hospital|health[ \t]+cent(?:re|er)|nursing[ \t]+station|"
    r"band[ \t]+office|post[ \t]+office|town[ \t]+office|credit[ \t]+union|co-?op|daycare|"
    r"arena|rec[ \t]+cent(?:re|er)|high[ \t]+school|school|library|legion|fire[ \t]+hall|"
    r"town[ \t]+hall|community[ \t]+hall|legion[ \t]+hall|pharmacy|drugstore|cannery|"
    r"boatworks|boatyard|shipyard|(?:equipment[ \t]+)?depot|sawmill|(?:bulk|fish|power)[ \t]+plant|"
    r"general[ \t]+store|marina|rink|curling[ \t]+club|golf[ \t]+course|campground|"
    r"ferry[ \t]+terminal|airport|detachment|courthouse|satellite[ \t]+(?:clinic|site|office)"
)
_TOWN_HEAD_RE = re.compile(rf"[ \t]+(?:{_TOWN_HEADS})(?![\w'’-])(?![ \t]+(?:of|for|de|du)[ \t])")


def towns_before_heads(c: Collector, lex: Lexicon, idx: TextIndex) -> None:
    """``<town> lab``: a town any rule found, and a lower-case head right after it."""
    text = c.text
    for k in [k for k in c.cands if k.kind == "ADDRESS"]:
        if k.end >= len(text) or text[k.end] not in " \t":
            continue
        if not text[k.start].isupper() or any(ch.isdigit() for ch in text[k.start : k.end]):
            continue  # a town, never a street line
        m = _TOWN_HEAD_RE.match(text, k.end)
        if m is not None:
            c.add(k.start, m.end(), "FACILITY", "a town found and a workplace's head", P_FACILITY)
