"""Reading medication names, formulations, units and frequencies into a fixed vocabulary.

Conservative by design: anything not recognised here is *refused* by the MME calculator
with a reason, never guessed. Sources (tags are keys in ``/work/shared/reference/clinical.md``
§8):

* Generic opioid names are those of the factor tables in clinical.md §1.2-1.4.
* Brand names and the benzodiazepine list were read from the CDC analytic data file itself
  ([CDC-DF-2018], ``docs/CDC_Oral_Morphine_Milligram_Equivalents_Sept_2018.xlsx`` in
  github.com/cqframework/opioid-mme-r4, sheets "Opioids" (PRODNME/Drug/Master_Form) and
  "Benzos"), which clinical.md §1.4 cites. Only single-ingredient brands are mapped;
  combination products (e.g. Percocet) are refused with a reason asking for the opioid
  component, because their dose could be read as the non-opioid component.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from clinical._numbers import to_decimal
from clinical.errors import ClinicalInputError

# --- Drugs ---------------------------------------------------------------------------------------

#: Canonical opioid names: every opioid named in any factor table of clinical.md §1.2-1.4
#: (propoxyphene appears in the [CDC-DF-2018] product list without a factor).
OPIOIDS: frozenset[str] = frozenset(
    {
        "buprenorphine",
        "butorphanol",
        "codeine",
        "dihydrocodeine",
        "fentanyl",
        "hydrocodone",
        "hydromorphone",
        "levomethadyl",
        "levorphanol",
        "meperidine",
        "methadone",
        "morphine",
        "opium",
        "oxycodone",
        "oxymorphone",
        "pentazocine",
        "propoxyphene",
        "tapentadol",
        "tramadol",
    }
)

#: Benzodiazepines: the "Drug" column of the "Benzos" sheet of [CDC-DF-2018] (15 drugs), and
#: two Canadian ones it lacks.
BENZODIAZEPINES: frozenset[str] = frozenset(
    {
        "alprazolam",
        "chlordiazepoxide",
        "clobazam",
        "clonazepam",
        "clorazepate",
        "diazepam",
        "estazolam",
        "flurazepam",
        "halazepam",
        "lorazepam",
        "oxazepam",
        "prazepam",
        "quazepam",
        "temazepam",
        "triazolam",
        # Canadian benzodiazepines absent from the US file (Health Canada Drug Product
        # Database): bromazepam (Lectopam), nitrazepam (Mogadon). Recognised so the
        # opioid-with-benzodiazepine guidepost shows (the safer side).
        "bromazepam",
        "nitrazepam",
    }
)

#: Gabapentinoids: flagged beside opioids (CDC 2022 Recommendation 11 names other central
#: nervous system depressants; Health Canada 2019 warning on gabapentinoids with opioids).
GABAPENTINOIDS: frozenset[str] = frozenset({"gabapentin", "pregabalin"})
GABAPENTINOID_BRANDS: dict[str, str] = {
    "neurontin": "gabapentin",
    "gralise": "gabapentin",
    "horizant": "gabapentin",
    "lyrica": "pregabalin",
    # French spellings (accents folded): gabapentine, prégabaline
    "gabapentine": "gabapentin",
    "pregabaline": "pregabalin",
}

#: Brands whose opioid is given with naloxone that is not absorbed by mouth: the dose is
#: entered as the opioid component (Targin: oxycodone/naloxone, the strength named first).
OPIOID_WITH_ORAL_NALOXONE: frozenset[str] = frozenset({"targin"})

#: Single-ingredient brand names -> canonical drug. Every brand is a PRODNME in [CDC-DF-2018]
#: whose "Drug" column names exactly that opioid or benzodiazepine.
BRANDS: dict[str, str] = {
    # opioids
    "oxycontin": "oxycodone",
    "roxicodone": "oxycodone",
    "xtampza": "oxycodone",
    "oxaydo": "oxycodone",
    "roxybond": "oxycodone",
    "oxecta": "oxycodone",
    "oxyfast": "oxycodone",
    "dilaudid": "hydromorphone",
    "exalgo": "hydromorphone",
    "palladone": "hydromorphone",
    "ms contin": "morphine",
    "kadian": "morphine",
    "avinza": "morphine",
    "arymo": "morphine",
    "morphabond": "morphine",
    "oramorph": "morphine",
    "roxanol": "morphine",
    "msir": "morphine",
    "duragesic": "fentanyl",
    # Duragesic MAT: Janssen's fentanyl matrix patch as Health Canada's Drug Product Database
    # names it (thirteenth hunt: "mat" was refused as an unknown word beside the brand)
    "duragesic mat": "fentanyl",
    # Durogesic (and Durogesic D-Trans, "MAT"): Janssen's fentanyl transdermal system under its
    # name outside North America (EU and Australian product information); tenth hunt
    "durogesic": "fentanyl",
    "actiq": "fentanyl",
    "fentora": "fentanyl",
    "abstral": "fentanyl",
    "onsolis": "fentanyl",
    "lazanda": "fentanyl",
    "subsys": "fentanyl",
    "hysingla": "hydrocodone",
    "zohydro": "hydrocodone",
    "dolophine": "methadone",
    "methadose": "methadone",
    "diskets": "methadone",
    "opana": "oxymorphone",
    "numorphan": "oxymorphone",
    "nucynta": "tapentadol",
    "ultram": "tramadol",
    "conzip": "tramadol",
    "ryzolt": "tramadol",
    "rybix": "tramadol",
    "demerol": "meperidine",
    "levo dromoran": "levorphanol",
    "stadol": "butorphanol",
    "orlaam": "levomethadyl",
    # Canadian brands (Health Canada Drug Product Database product names)
    "oxyneo": "oxycodone",
    "supeudol": "oxycodone",
    "hydromorph contin": "hydromorphone",
    "hydromorph": "hydromorphone",
    "jurnista": "hydromorphone",
    "m eslon": "morphine",
    "meslon": "morphine",
    "statex": "morphine",
    "doloral": "morphine",
    "metadol": "methadone",
    "metadol d": "methadone",
    "tridural": "tramadol",
    "zytram": "tramadol",
    "zytram xl": "tramadol",
    "durela": "tramadol",
    "ralivia": "tramadol",
    "codeine contin": "codeine",
    "nucynta er": "tapentadol",
    "nucynta cr": "tapentadol",
    "talwin": "pentazocine",
    "targin": "oxycodone",
    "embeda": "morphine",
    "belbuca": "buprenorphine",
    "butrans": "buprenorphine",
    "suboxone": "buprenorphine",
    "subutex": "buprenorphine",
    "zubsolv": "buprenorphine",
    "bunavail": "buprenorphine",
    "probuphine": "buprenorphine",
    "sublocade": "buprenorphine",
    # benzodiazepines
    "xanax": "alprazolam",
    "niravam": "alprazolam",
    "klonopin": "clonazepam",
    "ativan": "lorazepam",
    "valium": "diazepam",
    "diastat": "diazepam",
    "restoril": "temazepam",
    "halcion": "triazolam",
    "librium": "chlordiazepoxide",
    "onfi": "clobazam",
    "tranxene": "clorazepate",
    "dalmane": "flurazepam",
    "serax": "oxazepam",
    "doral": "quazepam",
    "prosom": "estazolam",
    "paxipam": "halazepam",
    "centrax": "prazepam",
    # Canadian brands (Health Canada Drug Product Database)
    "rivotril": "clonazepam",
    "lectopam": "bromazepam",
    "mogadon": "nitrazepam",
    "frisium": "clobazam",
}

#: Other names for the same drug stated in clinical.md (§1.2: "meperidine (pethidine)").
SYNONYMS: dict[str, str] = {"pethidine": "meperidine"}

#: Combination-product brands in [CDC-DF-2018] (opioid + acetaminophen/aspirin/ibuprofen).
COMBINATION_BRANDS: frozenset[str] = frozenset(
    {
        "percocet",
        "percodan",
        "endocet",
        "endodan",
        "roxicet",
        "tylox",
        "norco",
        "vicodin",
        "lortab",
        "lorcet",
        "ultracet",
        "tramacet",
        "oxycocet",
        "oxycodan",
        "lenoltec",
        "atasol",
        "emtec",
        "empracet",
    }
)

#: Non-opioid partners that make a name a combination product.
COMBINATION_PARTNERS: frozenset[str] = frozenset(
    {
        "acetaminophen",
        "paracetamol",
        "apap",
        "aspirin",
        "asa",
        "ibuprofen",
        "caffeine",
        "butalbital",
        "tylenol",
        "acetaminophene",  # French (acétaminophène, accents folded)
    }
)

#: Butalbital, ASA and caffeine capsules sold with codeine as "-C" (Fiorinal-C ¼ and ½ and
#: their generics, Health Canada Drug Product Database); without the C they hold no opioid.
_CODEINE_C_BRANDS: frozenset[str] = frozenset({"fiorinal", "tecnal", "trianal"})

#: Canadian products whose names the reader does not take whole, by their letters and digits
#: alone: they hold an opioid, so the name mentions it (no dose is read from it; the
#: co-prescribing guideposts show). Oxy IR: oxycodone IR tablets (product monograph); 282 and
#: 292: ASA, caffeine and codeine 15 or 30 mg (prescribing information); Hycodan: hydrocodone;
#: 222: ASA, caffeine and codeine 8 mg (Health Canada's records, as secondary pages quote them);
#: Robaxacet-8 and Robaxisal-C: methocarbamol with acetaminophen or ASA, and codeine (CPS
#: monograph copies).
OPIOID_PRODUCTS: dict[str, str] = {
    "oxyir": "oxycodone",
    "222": "codeine",
    "282": "codeine",
    "292": "codeine",
    "hycodan": "hydrocodone",
    "robaxacet8": "codeine",
    "robaxisalc": "codeine",
}

#: Canadian acetaminophen-with-codeine tablets whose codeine a tablet is in none of the sources
#: this package follows (clinical.md is silent on them, and no stored monograph or Drug Product
#: Database entry was found; fourteenth hunt): Triatec-8 (and -8 Strong), Triatec-30, Novo-Gesic
#: C8, C15, C30. They hold codeine, so the name mentions it (the guideposts show), but no dose is
#: read from the name: the safer side when the sources are silent is no MME rather than a guessed
#: one. Only these numbers: "Triatec" alone (or with a ramipril strength, "Triatec 10") also
#: names ramipril, not an opioid, outside Canada (HL7 Switzerland CH EMED example "TRIATEC Tabl
#: 2.5 mg"), and "Novo-Gesic" alone is acetaminophen (Health Canada recall notice: "Novo-Gesic
#: Forte 500 mg (acetaminophen)").
_UNLISTED_CODEINE = re.compile(
    r"^(?:triatec\s*-?\s*(?:8(?:\s*-?\s*(?:strong|fort|forte))?|30)|"
    r"(?:novo\s*-?\s*)?gesic\s*-?\s*c\s*-?\s*(?:8|15|30))$"
)
_TRIATEC_ALONE = re.compile(r"^triatec$")
_TABLET_WORDS_IN_NAME = re.compile(r"\b(?:tablets?|tabs?|caplets?|comprimes?|co)\b\.?")


def _product_text(name: str) -> str:
    """A product name folded, without tablet words, its spaces collapsed."""
    text = _TABLET_WORDS_IN_NAME.sub(" ", fold(name).replace("\u2011", "-"))
    return " ".join(text.split())


def unlisted_codeine_product(name: str) -> bool:
    """True for a codeine tablet named by a product whose codeine a tablet no source here gives
    (Triatec-30, Novo-Gesic C30): refused saying so, asking for the codeine in mg."""
    return _UNLISTED_CODEINE.match(_product_text(name)) is not None


def triatec_alone(name: str) -> bool:
    """True for "Triatec" with no number: a codeine tablet in Canada, ramipril elsewhere."""
    return _TRIATEC_ALONE.match(_product_text(name)) is not None


#: Opioid brands written with other separators ("MS-IR" for MSIR, "Oxy Contin"), by their
#: letters and digits alone: mentioned, as above, never read whole.
_SQUASHED_OPIOID_BRANDS: dict[str, str] = {
    brand.replace(" ", ""): drug for brand, drug in BRANDS.items() if drug in OPIOIDS
}

#: Antagonists in an opioid product that are not absorbed by mouth (Targin: oxycodone with
#: naloxone; Embeda: morphine with sequestered naltrexone): the row counts as its opioid.
SEQUESTERED_ANTAGONISTS: frozenset[str] = frozenset({"naloxone", "naltrexone"})
#: Brands of naloxone alone (Health Canada Drug Product Database: Narcan nasal spray 4 mg;
#: Kloxxado 8 mg, clinical.md §8 KLOXXADO): the kit CDC 2022 Recommendation 8 offers.
ANTAGONIST_BRANDS: dict[str, str] = {"narcan": "naloxone", "kloxxado": "naloxone"}

#: Salt names dropped from a generic name ("oxycodone hydrochloride" -> "oxycodone").
SALTS: frozenset[str] = frozenset(
    {
        "hydrochloride",
        "hcl",
        "sulfate",
        "sulphate",
        "bitartrate",
        "phosphate",
        "citrate",
        "tartrate",
        "acetate",
        "napsylate",
        # French: "chlorhydrate d'hydromorphone", "sulfate de morphine"
        "chlorhydrate",
    }
)

#: Words a name may carry that say nothing about the drug: French articles ("sulfate de
#: morphine", "chlorhydrate d'hydromorphone").
FILLER_WORDS: frozenset[str] = frozenset({"de", "d", "du"})

#: Prefixes of Canadian generic product names (Health Canada Drug Product Database: e.g.
#: "APO-OXYCODONE CR", "PMS-HYDROMORPHONE", "TEVA-TRAMADOL", "SANDOZ FENTANYL PATCH",
#: "MYLAN-FENTANYL MATRIX PATCH", "RATIO-CODEINE", "JAMP-MORPHINE"). They name the maker,
#: never the drug, and are read only beside a drug name that is recognised.
MANUFACTURERS: frozenset[str] = frozenset(
    {
        "apo",
        "teva",
        "pms",
        "ratio",
        "sandoz",
        "sdz",
        "mylan",
        "jamp",
        "mint",
        "auro",
        "riva",
        "taro",
        "act",
        "nat",
        "ran",
        "novo",
        "nu",
        "dom",
        "mar",
        "pro",
        "sivem",
        "accel",
    }
)

# --- Formulations --------------------------------------------------------------------------------


class Form(StrEnum):
    """Formulation categories that the factor tables distinguish (clinical.md §1.2-1.4)."""

    ORAL = "oral"
    TRANSDERMAL = "transdermal"
    #: [CDC-DF-2018] "Fentanyl, buccal/SL tablet or lozenge/troche (MCG)"
    TRANSMUCOSAL_TABLET = "buccal/sublingual tablet or lozenge"
    #: [CDC-DF-2018] "Fentanyl, film or oral spray (MCG)"
    FILM_OR_ORAL_SPRAY = "film or oral spray"
    #: [CDC-DF-2018] "Fentanyl, nasal spray (MCG)"
    NASAL_SPRAY = "nasal spray"
    PARENTERAL = "parenteral"


_ORAL_WORDS = frozenset(
    {
        "oral",
        "po",
        "tablet",
        "tablets",
        "tab",
        "tabs",
        "capsule",
        "capsules",
        "cap",
        "caps",
        "liquid",
        "liquide",  # French: "liquide oral" (twelfth hunt)
        "solution",
        "syrup",
        "elixir",
        "suspension",
        "concentrate",
        "er",
        "ir",
        "sr",
        "cr",
        "xr",
        "xl",
        "la",
        "sa",
        "ds",
        "extended",
        "immediate",
        "sustained",
        "controlled",
        "modified",
        "release",
        "released",
        "long",
        "short",
        "acting",
        "intensol",
        "sprinkle",  # Kadian capsules opened and sprinkled on food
        "sprinkles",
        "drops",
        # French (accents folded): comprimé, co, gélule, sirop, solution buvable, orale,
        # à libération prolongée / immédiate (LP, LI), gouttes
        "comprime",
        "comprimes",
        "co",
        "cp",
        "gelule",
        "gelules",
        "sirop",
        "buvable",
        "orale",
        "liberation",
        "prolongee",
        "lp",
        "li",  # libération immédiate
        "gouttes",
    }
)
_TRANSDERMAL_WORDS = frozenset(
    {
        "transdermal",
        "patch",
        "patches",
        "td",
        "system",
        "matrix",  # "fentanyl matrix patch"
        "timbre",  # French
        "timbres",
        "transdermique",
    }
)
_NASAL_WORDS = frozenset({"nasal", "intranasal", "ns"})
_FILM_SPRAY_WORDS = frozenset({"film", "spray"})
_TRANSMUCOSAL_WORDS = frozenset(
    {"buccal", "sublingual", "sl", "lozenge", "troche", "transmucosal", "oralet"}
)
_PARENTERAL_WORDS = frozenset(
    {
        "iv",
        "im",
        "sc",
        "sq",
        "subcut",
        "subcutaneous",
        "injection",
        "injectable",
        "intravenous",
        "intramuscular",
        "parenteral",
        "infusion",
        "hp",  # "Dilaudid-HP", "Hydromorphone HP", "Morphine HP": high-potency injections
        "epidural",
        "intrathecal",
        "implant",
    }
)
_FORM_WORDS = (
    _ORAL_WORDS
    | _TRANSDERMAL_WORDS
    | _NASAL_WORDS
    | _FILM_SPRAY_WORDS
    | _TRANSMUCOSAL_WORDS
    | _PARENTERAL_WORDS
)

#: Brands whose only form in [CDC-DF-2018] (Master_Form) fixes the formulation category.
BRAND_FORMS: dict[str, Form] = {
    "duragesic": Form.TRANSDERMAL,  # Patch, Extended Release (MCG/HR)
    "durogesic": Form.TRANSDERMAL,  # the same patch (Janssen), in mcg/h
    "duragesic mat": Form.TRANSDERMAL,  # the matrix patch, in mcg/h
    "actiq": Form.TRANSMUCOSAL_TABLET,  # Lozenge/Troche (MCG)
    "fentora": Form.TRANSMUCOSAL_TABLET,  # Tablet (MCG)
    "abstral": Form.TRANSMUCOSAL_TABLET,  # Tablet (MCG)
    "onsolis": Form.FILM_OR_ORAL_SPRAY,  # Film (MCG)
}

_SPLIT = re.compile(r"[\s/+,;()&_'\u2019-]+")


def fold(text: str) -> str:
    """Case- and accent-folded text: "Méthadone" and "methadone" are one name, "comprimé"
    and "comprime" one word (French names and forms)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _tokens(text: str) -> list[str]:
    text = fold(text).replace("w/", " with ").replace(".", "")
    return [t for t in _SPLIT.split(text) if t]


@dataclass(frozen=True)
class DrugName:
    """What a medication name was read as.

    ``kind`` is ``"opioid"``, ``"benzodiazepine"``, ``"combination"`` or ``"unknown"``;
    ``drug`` is the canonical generic name (None when unknown); ``brand`` the brand that was
    matched, if any; ``form_words`` formulation words found inside the name ("oxycodone ER").
    """

    kind: Literal[
        "opioid", "benzodiazepine", "gabapentinoid", "combination", "antagonist", "unknown"
    ]
    drug: str | None
    brand: str | None
    form_words: frozenset[str]
    implied_form: Form | None = None
    #: Every known opioid or benzodiazepine named anywhere in the text, even when the whole
    #: name is refused ("oxycodone/acetaminophen", "chlordiazepoxide/clidinium"), so the
    #: opioid-with-benzodiazepine guidepost errs on the side of showing.
    mentions: frozenset[str] = frozenset()
    #: Words of the name that were not recognised (why an "unknown" name was refused).
    unrecognised: tuple[str, ...] = ()
    #: A maker's prefix read past ("Apo-Oxycodone CR"), to say so beside the result.
    manufacturer: str | None = None


_BRAND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = ()


def _brand_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Word-bounded patterns for every brand, compiled once (names repeat; regexes are costly)."""
    global _BRAND_PATTERNS
    if not _BRAND_PATTERNS:
        longest_first = sorted(BRANDS, key=len, reverse=True)
        _BRAND_PATTERNS = tuple((b, re.compile(rf"\b{re.escape(b)}\b")) for b in longest_first)
    return _BRAND_PATTERNS


def _read_drug_name(name: str) -> DrugName:
    """Read a free-text medication name (generic, salt, brand, with form words).
    Pure and immutable, so results are cached by name."""
    words = _tokens(name)
    form_words = frozenset(w for w in words if w in _FORM_WORDS and w not in OPIOIDS)
    core = [w for w in words if w not in form_words and w not in SALTS and w not in FILLER_WORDS]
    makers = [w for w in core if w in MANUFACTURERS]
    if makers and len(makers) < len(core):
        core = [w for w in core if w not in MANUFACTURERS]
    antagonists = [
        ANTAGONIST_BRANDS.get(w, w)
        for w in core
        if w in SEQUESTERED_ANTAGONISTS or w in ANTAGONIST_BRANDS
    ]
    core = [w for w in core if w not in SEQUESTERED_ANTAGONISTS and w not in ANTAGONIST_BRANDS]
    if "with" in core:
        core.remove("with")
    joined = " ".join(core)

    gabapentinoid_words = [w for w in core if w in GABAPENTINOIDS or w in GABAPENTINOID_BRANDS]
    if gabapentinoid_words and len(gabapentinoid_words) == len(core):
        gaba = sorted({GABAPENTINOID_BRANDS.get(w, w) for w in gabapentinoid_words})
        return DrugName("gabapentinoid", gaba[0], None, form_words, mentions=frozenset(gaba))

    # Known names anywhere in the text (generics, synonyms, multi-word brands).
    found: list[tuple[str, str | None]] = []  # (canonical drug, brand)
    for word in core:
        if word in OPIOIDS or word in BENZODIAZEPINES:
            found.append((word, None))
        elif word in SYNONYMS:
            found.append((SYNONYMS[word], None))
        elif word in BRANDS:
            found.append((BRANDS[word], word))
    for multi_word, pattern in _brand_patterns():
        if " " in multi_word and pattern.search(joined):
            found.append((BRANDS[multi_word], multi_word))
    if {"c", "codeine"} & set(core) and set(core) & _CODEINE_C_BRANDS:
        # "Fiorinal C" (-C: with codeine) without its ¼ or ½ grain: codeine all the same
        return DrugName("combination", None, None, form_words, mentions=frozenset({"codeine"}))
    drugs = {drug for drug, _ in found}
    mentions = frozenset(drugs)
    squashed = re.sub(r"[^a-z0-9]", "", fold(name))
    product = OPIOID_PRODUCTS.get(squashed) or _SQUASHED_OPIOID_BRANDS.get(squashed)
    if product is None and unlisted_codeine_product(name):
        product = "codeine"
    if product is not None and not drugs:
        unread = tuple(words) or (name.strip(),)
        return DrugName("unknown", None, None, form_words, None, frozenset({product}), unread)

    is_combination = (
        any(w in COMBINATION_BRANDS for w in core)
        or any(w in COMBINATION_PARTNERS for w in core)
        or "#" in name
        or len(drugs) > 1
    )
    if antagonists and not drugs & OPIOIDS:
        if not core:  # "naloxone", "Narcan nasal spray": an opioid antagonist alone
            return DrugName("antagonist", antagonists[0], None, form_words)
        return DrugName("unknown", None, None, form_words, mentions=mentions)
    if "buprenorphine" in drugs:
        # Buprenorphine (alone or with naloxone) is excluded as such: clinical.md §1.2.
        bup_brand = next((b for d, b in found if d == "buprenorphine" and b), None)
        return DrugName("opioid", "buprenorphine", bup_brand, form_words, mentions=mentions)
    names_combination_brand = any(w in COMBINATION_BRANDS for w in core) or (
        "tylenol" in core and "#" in name  # "Tylenol #3": acetaminophen with codeine
    )
    if is_combination and (drugs & OPIOIDS or names_combination_brand):
        return DrugName("combination", None, None, form_words, mentions=mentions)
    if len(drugs) != 1:
        return DrugName("unknown", None, None, form_words, mentions=mentions)
    # Anything left over that is not a known word (e.g. "oxycodone foo") is not guessed at.
    leftover_text = joined
    for _brand, pattern in _brand_patterns():
        leftover_text = pattern.sub(" ", leftover_text)
    known = OPIOIDS | BENZODIAZEPINES | SYNONYMS.keys()
    leftover_text = " ".join(w for w in leftover_text.split() if w not in known)
    if leftover_text.strip():
        return DrugName(
            "unknown",
            None,
            None,
            form_words,
            mentions=mentions,
            unrecognised=tuple(leftover_text.split()),
        )
    (drug,) = drugs
    brand = next((b for _, b in found if b), None)
    kind: Literal["opioid", "benzodiazepine"] = "opioid" if drug in OPIOIDS else "benzodiazepine"
    maker = makers[0] if makers and len(makers) < len(words) else None
    return DrugName(
        kind, drug, brand, form_words, BRAND_FORMS.get(brand or ""), mentions, manufacturer=maker
    )


#: Cached (names and units repeat; the reading is pure). Tests clear it (mutation runs).
read_drug_name = functools.lru_cache(maxsize=4096)(_read_drug_name)


def _read_form(formulation: str | None, extra_words: frozenset[str] = frozenset()) -> Form | None:
    """Read a formulation (plus form words found in the drug name) into a :class:`Form`.

    Returns None when the words are not recognised (the row is then refused). No words at
    all means the ordinary oral form, which is what the tables' plain entries are for
    (clinical.md §1.1: "All doses are in mg/day except for fentanyl, which is mcg/hr").
    """
    words = set(extra_words)
    if formulation is not None:
        # "à libération prolongée", "solution de morphine": articles say nothing of the form
        words |= set(_tokens(formulation)) - FILLER_WORDS - {"a"}
    if not words:
        return Form.ORAL
    if not words <= _FORM_WORDS:
        return None
    if words & _PARENTERAL_WORDS:
        return Form.PARENTERAL
    categories = [
        (Form.TRANSDERMAL, _TRANSDERMAL_WORDS),
        (Form.NASAL_SPRAY, _NASAL_WORDS),
        (Form.FILM_OR_ORAL_SPRAY, _FILM_SPRAY_WORDS),
        (Form.TRANSMUCOSAL_TABLET, _TRANSMUCOSAL_WORDS),
    ]
    hits = [form for form, vocabulary in categories if words & vocabulary]
    if hits == [Form.NASAL_SPRAY, Form.FILM_OR_ORAL_SPRAY]:
        return Form.NASAL_SPRAY  # "nasal spray"
    if hits == [Form.FILM_OR_ORAL_SPRAY, Form.TRANSMUCOSAL_TABLET]:
        return Form.FILM_OR_ORAL_SPRAY  # "buccal film", "sublingual spray"
    if len(hits) > 1:
        return None  # contradictory words, e.g. "transdermal buccal"
    if hits:
        return hits[0]
    return Form.ORAL


#: Cached (names and units repeat; the reading is pure). Tests clear it (mutation runs).
read_form = functools.lru_cache(maxsize=1024)(_read_form)


# --- Units ---------------------------------------------------------------------------------------

DoseUnit = Literal["mg", "mcg", "mcg/h"]

_UNITS: dict[str, DoseUnit] = {
    "mg": "mg",
    "milligram": "mg",
    "milligrams": "mg",
    "mcg": "mcg",
    "µg": "mcg",
    "μg": "mcg",
    "ug": "mcg",
    "microgram": "mcg",
    "micrograms": "mcg",
    "mcg/h": "mcg/h",
    "mcg/hr": "mcg/h",
    "mcg/hour": "mcg/h",
    "µg/h": "mcg/h",
    "µg/hr": "mcg/h",
    "μg/h": "mcg/h",
    "μg/hr": "mcg/h",
    "ug/h": "mcg/h",
    "ug/hr": "mcg/h",
    "micrograms/hour": "mcg/h",
    "microgram/hour": "mcg/h",
    "mcg/hrs": "mcg/h",
    "mcgperhour": "mcg/h",
    "mcg/hre": "mcg/h",
    # French (accents folded; µ read as μ): mcg/heure, µg/h, microgrammes/heure
    "milligramme": "mg",
    "milligrammes": "mg",
    "microgramme": "mcg",
    "microgrammes": "mcg",
    "mcg/heure": "mcg/h",
    "μg/heure": "mcg/h",
    "ug/heure": "mcg/h",
    "microgrammes/heure": "mcg/h",
    "microgramme/heure": "mcg/h",
}


#: A patch rate written out in other ways than those listed: micrograms (mcg, µg, ug,
#: microgram(me)s) per hour (h, hr(s), hre(s), hour(s), heure(s)), with "/", "per" or "par"
#: ("microgrammes/h", "mcg par heure", "ug/hour"). The hour is one hour, never "72h".
_RATE_UNIT = re.compile(
    r"^(?:mcg|[μµ]g|ug|microg|micrograms?|microgrammes?)(?:/|per|par)"
    r"(?:h|hr|hrs|hre|hres|hours?|heures?)$"
)


def _read_unit(unit: str) -> DoseUnit | None:
    """Read a dose unit; None when it is not one of mg, mcg, mcg/h (nothing is converted)."""
    word = re.sub(r"\s+", "", fold(unit)).removesuffix(".")
    if word in _UNITS:
        return _UNITS[word]
    return "mcg/h" if _RATE_UNIT.match(word) else None


#: Cached (names and units repeat; the reading is pure). Tests clear it (mutation runs).
read_unit = functools.lru_cache(maxsize=1024)(_read_unit)


# --- Frequencies ---------------------------------------------------------------------------------

_FIXED_FREQUENCIES: dict[str, int] = {
    "daily": 1,
    "once daily": 1,
    "once a day": 1,
    "qd": 1,
    "od": 1,
    "qam": 1,
    "qpm": 1,
    "qhs": 1,
    "hs": 1,
    "bid": 2,
    "twice daily": 2,
    "twice a day": 2,
    "tid": 3,
    "three times daily": 3,
    "three times a day": 3,
    "qid": 4,
    "four times daily": 4,
    "four times a day": 4,
    # Canadian prescriptions write once daily "die" (Latin, in English and French alike).
    "die": 1,
    "nightly": 1,
    "at bedtime": 1,
    "bedtime": 1,
    "every morning": 1,
    "every evening": 1,
    "every night": 1,
    "in the morning": 1,
    # French (accents folded)
    "tous les jours": 1,
    "chaque jour": 1,
    "le matin": 1,
    "au coucher": 1,
    "le soir": 1,
    "matin et soir": 2,
    # Two times of day named (eleventh hunt; "matin et soir" was read, "am & hs" was not): one
    # dose at each, the row's dose.
    "am and hs": 2,
    "am & hs": 2,
    "am et hs": 2,
    "qam and qhs": 2,
    "qam & qhs": 2,
    "am and pm": 2,
    "am & pm": 2,
    "morning and bedtime": 2,
    "morning and evening": 2,
    "matin et coucher": 2,
    "matin et au coucher": 2,
    # UK and Irish prescriptions (HSE "Understanding prescriptions": bd twice daily, tds three
    # times daily, qds four times daily, mane morning, nocte at bedtime; Latin abbreviation
    # lists: b.d.s. 2 times a day, t.d.s., q.d.s.). Full stops are removed before matching.
    "bd": 2,
    "bds": 2,
    "tds": 3,
    "qds": 4,
    "mane": 1,
    "nocte": 1,
}
#: A time of day that names one administration ("die (hs)", "die au coucher", "OD am"): after a
#: once-a-day frequency it says when the one dose is taken, not how many. Meanings from the
#: published abbreviation lists (HL7 v3 GTSAbbreviation: QD "every day", AM "every morning",
#: PM "every afternoon"; pharmacy lists such as the Canadian "knowledge is the best medicine"
#: prescription guide: HS "au coucher" / at bedtime, QAM "chaque matin").
_ONE_TIME_OF_DAY = frozenset(
    {
        "hs",
        "qhs",
        "am",
        "pm",
        "qam",
        "qpm",
        "at bedtime",
        "bedtime",
        "nightly",
        "in the morning",
        "in the evening",
        "every morning",
        "every evening",
        "au coucher",
        "le matin",
        "le soir",
        "au lever",
        "mane",
        "nocte",
    }
)
#: Counts written as words ("deux fois par jour", "three times a day").
_COUNT_WORDS = {
    "one": 1,
    "once": 1,
    "un": 1,
    "une": 1,
    "two": 2,
    "deux": 2,
    "three": 3,
    "trois": 3,
    "four": 4,
    "quatre": 4,
    "five": 5,
    "cinq": 5,
    "six": 6,
}
#: Numbers in a frequency have at most four digits (no real count or interval has more; a
#: longer run of digits is not read, so int() never meets thousands of digits).
_COUNT = r"(\d{1,4}|" + "|".join(_COUNT_WORDS) + r")"
#: "2 times a day", "2x/day", "3 fois par jour", "2-3 times daily", "2 a 3 fois par jour".
_TIMES_A_DAY = re.compile(
    rf"^{_COUNT}(?:\s*(?:-|to|or|a|ou)\s*{_COUNT})?\s*(?:x|times|fois)\s*"
    r"(?:(?:a|per|par|/|each|every)\s*)?(?:day|daily|jour|j|d|24\s*h(?:rs?|ours?|eures?)?)$"
)
_RANGE_WORDS = r"(?:-|to|or|a|ou)"
_HOURS_WORDS = r"(?:h|hr|hrs|hre|hres|hours?|heures?)"
_EVERY_HOURS = re.compile(
    rf"^q\s*(\d{{1,4}})(?:\s*{_RANGE_WORDS}\s*(\d{{1,4}}))?\s*{_HOURS_WORDS}$"
)
#: "every 6 hours", "aux 6 heures", "toutes les 4 a 6 heures": read as "q6h", "q4-6h".
_EVERY_PREFIX = re.compile(r"^(?:every|each|aux|toutes les|chaque)\s*(?=\d)")
#: "si douleur", "si dlr", "if pain" (thirteenth hunt): "if pain" is a condition, so as needed.
_PRN = re.compile(
    r"\b(prn|as needed|if needed|when needed|au besoin|si besoin|si douleurs?|si dlr|if pain)\b"
)
#: Hours in words after "every", "aux", "toutes les" ("every twelve hours", "toutes les douze
#: heures", "every four to six hours"; thirteenth hunt): read as their figures. Only these
#: words, never Roman numerals ("i" beside "1"), and only before a word for hours.
_HOUR_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "eight": 8, "twelve": 12,
    "une": 1, "deux": 2, "trois": 3, "quatre": 4, "huit": 8, "douze": 12,
}  # fmt: skip
_WORD = "|".join(_HOUR_NUMBERS)
_HOURS_IN_WORDS = re.compile(
    rf"^((?:every|each|aux|toutes les|chaque)\s+)({_WORD})(?:(\s*(?:-|to|or|a|ou)\s*)({_WORD}))?"
    rf"(?=\s*{_HOURS_WORDS}$)"
)


def _hours_in_figures(cleaned: str) -> str:
    """ "every 12 hours" from "every twelve hours"; the text unchanged otherwise."""
    match = _HOURS_IN_WORDS.match(cleaned)
    if match is None:
        return cleaned
    first = str(_HOUR_NUMBERS[match.group(2)])
    second = "" if match.group(4) is None else f"{match.group(3)}{_HOUR_NUMBERS[match.group(4)]}"
    return f"{match.group(1)}{first}{second}{cleaned[match.end() :]}"


#: "ad 6 co/jour" (fourteenth hunt): Latin "ad", up to, before a number a day, as Quebec
#: prescriptions write it; only before a figure, so "a.d." (right ear, on ISMP Canada's "Do Not
#: Use" list) is never read as it.
#: "max 4 a day", "up to 6 per day", "maximum 3/day", "max 8 tablets daily", "max 6 co par
#: jour", "jusqu'a 4 fois par jour", "max 4/j", "up to 3x/day", and as labels write it, "not
#: to exceed 4 doses/day", "ne pas depasser 4 doses/jour" (eleventh hunt): an as-needed maximum.
_TABLET_WORDS = r"tabs?|tablets?|co|cp|comprimes?"
_AT_MOST = re.compile(
    r"^"
    r"(?:max(?:imum)?(?:\s+de)?|up to|no more than|(?:not to|do not|don'?t) exceed|jusqu'?\s*a|"
    r"pas plus de|(?:ne pas|sans) depasser|ad(?=\s*\d))\s*(\d{1,4})\s*"
    rf"(doses?|{_TABLET_WORDS}|times|fois|x)?\s*"
    r"(?:(?:a|per|par|/|each|every|in|dans|en)\s*(?:day|jour|j|d|24\s*h(?:ours?|eures?)?)|daily)$"
)


@dataclass(frozen=True)
class Frequency:
    """A frequency read from text: maximum administrations per day, and whether it said PRN."""

    times_per_day: Decimal
    as_needed: bool
    #: "max 8 tablets a day": the count is of tablets, not of doses (a dose may be 2 tablets).
    counts_tablets: bool = False
    #: "max 30 mg/day": ``times_per_day`` holds the mg a day, not a count; the caller divides
    #: it by the mg of one dose (and refuses it when that is no whole number of doses).
    counts_mg: bool = False


#: A daily maximum in mg: "max 30 mg/day", "max 30 mg/j", "maximum 60 mg par jour", "max 7,5
#: mg/24 h" (read on the text with its decimal points kept, so "7.5" is never read as 75).
_AT_MOST_MG = re.compile(
    r"^"
    r"(?:max(?:imum)?(?:\s+de)?|up to|no more than|(?:not to|do not|don'?t) exceed|jusqu'?\s*a|"
    r"pas plus de|(?:ne pas|sans) depasser|ad(?=\s*\d))\s*(\d{1,5}(?:[.,]\d{1,3})?)"
    r"\s*mg\s*(?:(?:a|per|par|/|each|every|in|dans|en)\s*"
    r"(?:day|jour|j|d|24\s*h(?:ours?|eures?|rs?)?)|daily|(?:par\s*)?jour)$"
)


def _read_daily_maximum_mg(text: str) -> Frequency | None:
    """ "q4h prn" is not this; "prn, max 30 mg/day" is: the mg a day (``counts_mg``), as needed.
    None when the text is no maximum in mg, or its number is not read ("1,000": 1 or 1000)."""
    cleaned = fold(text).replace("\u2019", "'")
    cleaned = re.sub(r"(?<!\d)\.|\.(?!\d)", "", cleaned)
    cleaned = re.sub(r"\s+", " ", _PRN.sub(" ", cleaned)).strip(" ,;")
    match = _AT_MOST_MG.match(cleaned)
    if match is None:
        return None
    try:
        mg = to_decimal(match.group(1), field="frequency")
    except ClinicalInputError:
        return None
    return Frequency(mg, True, counts_mg=True) if mg > 0 else None


def _read_frequency(text: str) -> Frequency | None:
    """Read "BID", "q4h", "q4-6h prn", "once daily" ... ; None when not recognised.

    "qN-Mh" ranges count at the shortest interval (the most doses a day): the PRN rule of
    clinical.md §1.8 counts as-needed doses at the maximum prescribed frequency.
    "qNh" is accepted only when N divides 24, so a day holds a whole number of doses.
    """
    in_mg = _read_daily_maximum_mg(text)
    if in_mg is not None:
        return in_mg
    # (spaces collapsed first: "q4h  au  besoin", typed with two spaces, was not read as
    # needed, while "q4h  prn" was; eleventh hunt)
    cleaned = " ".join(fold(text).replace(".", "").replace("\u2019", "'").split())
    as_needed = bool(_PRN.search(cleaned))
    cleaned = re.sub(r"\s+", " ", _PRN.sub(" ", cleaned)).strip(" ,;")
    cleaned = _EVERY_PREFIX.sub("q", _hours_in_figures(cleaned))
    # "q am", "q hs" (fourteenth hunt): "qam", "qhs" typed with a space, as "q 6 h" is "q6h"
    cleaned = re.sub(r"^q (am|pm|hs)$", r"q\1", cleaned)
    if cleaned in _FIXED_FREQUENCIES:
        return Frequency(Decimal(_FIXED_FREQUENCIES[cleaned]), as_needed)
    once = _once_at_a_time_of_day(cleaned)
    if once is not None:
        return Frequency(once, as_needed)
    # "bid-tid", "BID to TID": a range of fixed frequencies counts at its highest, as the
    # PRN rule counts as-needed doses at the maximum (clinical.md §1.8); the safer side.
    # The doses above the lowest count are the patient's choice, so a range is as needed
    # (ninth hunt): a taper cuts scheduled doses by the rule's rate of the scheduled MME/day,
    # which a range's ceiling, counted as scheduled, enlarged.
    pair = re.fullmatch(rf"(.+?)\s*{_RANGE_WORDS}\s*(.+)", cleaned)
    if pair and pair.group(1) in _FIXED_FREQUENCIES and pair.group(2) in _FIXED_FREQUENCIES:
        low, high = (_FIXED_FREQUENCIES[pair.group(i)] for i in (1, 2))
        return Frequency(Decimal(high), as_needed or low < high) if low <= high else None
    count = _TIMES_A_DAY.match(cleaned)
    if count:
        first, second = (
            None if g is None else int(g) if g.isdigit() else _COUNT_WORDS[g]
            for g in count.groups()
        )
        most_a_day = second if second is not None else first
        if first is None or most_a_day is None or not 0 < first <= most_a_day <= 100:
            return None
        return Frequency(Decimal(most_a_day), as_needed or first < most_a_day)
    most = _AT_MOST.match(cleaned)
    if most:
        count_most = int(most.group(1))
        # More than 100 a day is no real maximum (the same bound as times_per_day).
        tablets = re.fullmatch(_TABLET_WORDS, most.group(2) or "") is not None
        return Frequency(Decimal(count_most), True, tablets) if 0 < count_most <= 100 else None
    match = _EVERY_HOURS.match(cleaned)
    if match:
        hours = int(match.group(1))
        if match.group(2) is not None and int(match.group(2)) < hours:
            return None
        if hours > 0 and 24 % hours == 0:
            longest = match.group(2)
            ranged = longest is not None and int(longest) != hours
            return Frequency(Decimal(24 // hours), as_needed or ranged)
    named = _named_times(cleaned)
    if named is not None:
        return Frequency(Decimal(named), as_needed)
    said = _count_with_named_times(cleaned)
    if said is not None:
        return Frequency(said, as_needed)
    clock = clock_times(cleaned)
    if clock is not None and clock[1] is not None:
        return Frequency(Decimal(clock[1]), as_needed)
    return None


#: Times of day named in a list ("matin, midi et soir", "dejeuner et souper", "breakfast,
#: lunch and supper"), twelfth hunt: one dose at each, the row's dose. Each word is its own
#: time except the plain synonyms below (morning, noon, evening, bedtime); meals keep their own
#: word, as "dejeuner" and "diner" name different meals in Quebec and in France, and two
#: different words are two doses either way. The same time twice ("matin et am") is not read.
_TIME_WORDS: dict[str, str] = {
    "matin": "morning",
    "am": "morning",
    "qam": "morning",
    "morning": "morning",
    "lever": "morning",
    "midi": "noon",
    "noon": "noon",
    "soir": "evening",
    "pm": "evening",
    "qpm": "evening",
    "evening": "evening",
    "coucher": "bedtime",
    "hs": "bedtime",
    "qhs": "bedtime",
    "bedtime": "bedtime",
    "nocte": "bedtime",
    "dejeuner": "dejeuner",
    "diner": "diner",
    "souper": "souper",
    "breakfast": "breakfast",
    "lunch": "lunch",
    "supper": "supper",
    "dinner": "dinner",
}
_SPACED_TIME_WORDS = frozenset(_TIME_WORDS) - {"am", "pm", "qam", "qpm", "hs", "qhs", "nocte"}
_TIME_LIST_SPLIT = re.compile(r"\s*(?:,|;|\+|&|\bet\b|\band\b)\s*")
_TIME_ARTICLE = re.compile(
    r"^(?:(?:a|at|in|with|avec|vers)\s+)?(?:(?:the|le|la|l'|au|aux|du|heure du)\s*)*"
)


def _named_times(cleaned: str) -> int | None:
    """How many different times of day a list names ("matin, midi et soir": 3), or None when
    the text is not such a list of two or more (a single time is read elsewhere)."""
    parts = [
        word
        for part in _TIME_LIST_SPLIT.split(cleaned)
        # "matin midi et soir": words of times alone, without a comma between (not the
        # abbreviations: "qam hs" says once a day, and at bedtime; sixth hunt, refused)
        for word in (part.split() if all(w in _SPACED_TIME_WORDS for w in part.split()) else [part])
    ]
    if len(parts) < 2:
        return None
    words: list[str] = []
    for part in parts:
        word = _TIME_ARTICLE.sub("", part.strip()).strip()
        if word not in _TIME_WORDS:
            return None
        words.append(word)
    for i, first in enumerate(words):
        for second in words[i + 1 :]:
            if _may_be_one_time(first, second):
                return None
    return len(words)


def _count_with_named_times(cleaned: str) -> Decimal | None:
    """The count of "bid matin et soir", "2 fois par jour (matin et soir)", "tid dejeuner,
    diner et souper" (thirteenth hunt) when the count and the times named after it agree; None
    otherwise ("tid matin et soir": 3 or 2? never read). The count holds no time word."""
    words = cleaned.split()
    for cut in range(1, len(words) - 1):
        head = " ".join(words[:cut]).strip(" ,;:")
        if any(w.strip(",;:") in _TIME_WORDS for w in words[:cut]) or not head:
            continue
        named = _named_times(" ".join(words[cut:]))
        if named is None:
            continue
        before = read_frequency(head)
        if before is None or before.counts_tablets or before.counts_mg or before.as_needed:
            return None
        return Decimal(named) if before.times_per_day == named else None
    return None


#: A count and a time of day, as a list of them writes each: "1 matin", "1 co le soir", "2 hs".
_COUNT_AT_TIME = re.compile(
    r"^(1\s*[/\u2044]\s*[24]|\d{1,2}(?:[.,]\d{1,2})?)\s*(?:(?:co|cp|comp|comprimes?|tabs?|tablets?|"
    r"caps?|capsules?|gelules?)\.?\s+)?(.+)$"
)
#: Where such a list is cut: commas, "et", "and", "+", "&", or a space before the next count.
_COUNT_LIST_SPLIT = re.compile(r"\s*(?:,|;|\+|&|\bet\b|\band\b)\s*|\s+(?=\d)")


@dataclass(frozen=True)
class CountsAtTimes:
    """A list of counts at times of day ("1 matin, 1 soir", fourteenth hunt): the count at each
    time, the times as a list that :func:`read_frequency` reads ("matin et soir"), and the doses
    a day they name (None when two of them may be one time, "1 soir et 1 souper")."""

    counts: tuple[Decimal, ...]
    times: str
    doses: int | None


def counts_at_times(cleaned: str) -> CountsAtTimes | None:
    """The counts and times of "1 matin, 1 soir", "1 co le matin et 1 co au coucher", "2 matin
    2 soir", "½ matin, ½ soir" (folded text: "½" is "1⁄2"); None when the text is no such list
    of two or more."""
    pieces = [p for p in _COUNT_LIST_SPLIT.split(cleaned.strip(" ,;")) if p]
    if len(pieces) < 2:
        return None
    counts: list[Decimal] = []
    times: list[str] = []
    for piece in pieces:
        match = _COUNT_AT_TIME.match(piece)
        if match is None:
            return None
        time = _TIME_ARTICLE.sub("", match.group(2).strip()).strip()
        if time not in _TIME_WORDS:
            return None
        number = re.split(r"\s*[/\u2044]\s*", match.group(1))  # "1/2", and "½" folded
        try:
            count = to_decimal(number[0], field="frequency")
        except ClinicalInputError:
            return None
        counts.append(count / int(number[1]) if len(number) == 2 else count)
        times.append(time)
    listed = " et ".join(times)
    return CountsAtTimes(tuple(counts), listed, _named_times(listed))


#: When a meal may be taken: "dejeuner" is breakfast in Quebec and lunch in France, "diner"
#: lunch in Quebec and supper in France (twelfth hunt). Two different meals are two doses;
#: a meal and a time of day it may fall at ("matin et dejeuner", "soir et souper") may be one
#: dose said twice, so they are never counted as two (counted as two, a plan would start above
#: the dose taken).
_MEAL_TIMES: dict[str, frozenset[str]] = {
    "dejeuner": frozenset({"morning", "noon"}),
    "diner": frozenset({"noon", "evening"}),
    "souper": frozenset({"evening"}),
    "breakfast": frozenset({"morning"}),
    "lunch": frozenset({"noon"}),
    "supper": frozenset({"evening"}),
    "dinner": frozenset({"noon", "evening"}),
}


def _may_be_one_time(first: str, second: str) -> bool:
    """True when two words of a list of times of day may name the same time."""
    if first in _MEAL_TIMES and second in _MEAL_TIMES:
        return first == second
    one = _MEAL_TIMES.get(first, frozenset({_TIME_WORDS[first]}))
    other = _MEAL_TIMES.get(second, frozenset({_TIME_WORDS[second]}))
    return bool(one & other)


#: One clock time: "8h", "8 h", "8h00", "20h30", "8:00", "8am", "8 a m", "20 h".
_CLOCK_TIME = re.compile(
    r"(?:(?:a|at|vers)\s+|@\s*)?(\d{1,2})\s*(?:h\s*(\d{2})?|:\s*(\d{2})(?:\s*(am|pm))?|"
    r"(am|pm))"
)
#: Where the clock times of a frequency may start: "bid a 8h et 20h", "a 8h, 14h et 20h",
#: "q12h, 8h et 20h" (the text is folded, so "à" is "a"); never inside a word ("q8h").
_CLOCK_START = re.compile(
    r"(?:^|(?<=[\s,;:]))(?:(?:a|at|vers)\s+|@\s*)?\d{1,2}\s*(?:h|:|am\b|pm\b)"
)


def clock_times(cleaned: str) -> tuple[int, int | None, Decimal | None] | None:
    """Clock times of a frequency (twelfth hunt: "a 8h et 20h", "bid a 8h et 20h", "at 8am and
    8pm"): (the number of different times, the doses a day read, the count written before
    them if any), or None when the text holds no list of clock times. The doses a day are
    None when a count written before the times disagrees with them ("tid a 8h et 20h": 3 or
    2?) or when one time stands alone with nothing to say it is a time ("8h": a clock time,
    or "q8h" missing its q?). Each time is one dose; "8h-20h" (a span: while awake?) and a
    time twice are never read."""
    for start in _CLOCK_START.finditer(cleaned):
        read = _clock_times_from(cleaned[: start.start()], cleaned[start.start() :])
        if read is not None:
            return read
    return None


def _clock_times_from(head: str, times: str) -> tuple[int, int | None, Decimal | None] | None:
    """:func:`clock_times` of ``times``, a list of clock times, after ``head``."""
    minutes: set[int] = set()
    pieces = _TIME_LIST_SPLIT.split(times.strip())
    for piece in pieces:
        time = _CLOCK_TIME.fullmatch(piece.strip())
        if time is None:
            return None
        hour, minute = int(time.group(1)), int(time.group(2) or time.group(3) or 0)
        half = time.group(4) or time.group(5)
        if half is not None:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if half == "pm" else 0)
        if hour > 24 or minute > 59 or (hour == 24 and minute):
            return None
        at = hour % 24 * 60 + minute
        if at in minutes:
            return None
        minutes.add(at)
    head = head.strip(" ,;:")
    if _CLOCK_START.search(head):
        # the times start at the first one: a head holding a time is never read (read, it
        # would try each of its own times as the start again, 2^n readings of n times)
        return None
    count = len(minutes)
    if not head:
        said_a_time = len(pieces) > 1 or re.match(r"(?:a|at|vers)\s|@", times)
        return (count, count if said_a_time else None, None)
    if head in _ONE_TIME_OF_DAY or head in _TIME_WORDS:
        # "hs 8am": at bedtime and at 8, or one dose? A time of day before clock times is
        # never read as their count.
        return None
    before = _read_frequency(head)
    if before is None:
        return None
    agree = before.times_per_day == count and not before.counts_tablets and not before.counts_mg
    return (count, count if agree else None, before.times_per_day)


def _once_at_a_time_of_day(cleaned: str) -> Decimal | None:
    """1 for a once-a-day frequency followed by the one time of day it is taken ("die (hs)",
    "die hs", "od am", "1 fois par jour au coucher"): both say one administration a day.
    None otherwise ("bid hs", "q12h hs": a count and a time that disagree are never read)."""
    words = re.sub(r"[(),;\[\]]", " ", cleaned).split()
    for cut in range(1, len(words)):
        first, when = " ".join(words[:cut]), " ".join(words[cut:])
        if when not in _ONE_TIME_OF_DAY or first in _ONE_TIME_OF_DAY:
            continue
        if _FIXED_FREQUENCIES.get(first) == 1:
            return Decimal(1)
        count = _TIMES_A_DAY.match(first)
        if count and count.group(2) is None and count.group(1) in ("1", "one", "once", "un", "une"):
            return Decimal(1)
    return None


#: Cached (names and units repeat; the reading is pure). Tests clear it (mutation runs).
read_frequency = functools.lru_cache(maxsize=1024)(_read_frequency)

#: How often a fentanyl patch is changed: every 72 hours, or every 48 hours for some
#: patients (product monographs). It does not change the rate worn, which is what is counted.
_PATCH_CHANGE = re.compile(
    rf"^(?:(?:change|changer|replace|remplacer)\s*)?q\s*(\d{{1,4}})\s*"
    rf"(?:{_HOURS_WORDS}|(d|days?|j|jours?))$"
)


#: "apply 1 patch", "appliquer un timbre", "1 timbre" before how often (twelfth hunt): one
#: patch, the row's rate. Two or more patches at once are never read here (is the row's rate
#: each patch's, or all of them?).
_ONE_PATCH_FIRST = re.compile(
    r"^(?:(?:apply|applique[rz]?|mettre|poser|place)\s+)?(?:(?:1|one|a|un)\s+"
    r"(?:patch|timbre|system|systeme)\s+)?(?=\S)"
)


def _read_patch_change(text: str) -> int | None:
    """Hours between patch changes ("q72h", "every 3 days", "change q48h", "aux 72 heures",
    "tous les 3 jours", "apply 1 patch q72h", "appliquer 1 timbre aux 72 h"): 48 or 72, else
    None."""
    cleaned = fold(text).replace(".", "").strip()
    cleaned = re.sub(r"\s+", " ", cleaned)
    cleaned = _ONE_PATCH_FIRST.sub("", cleaned)
    # "changer le timbre aux 3 jours", "change the patch q72h" (thirteenth hunt): one patch
    cleaned = re.sub(
        r"^(change|changer|replace|remplacer) (?:le timbre|the patch|1 timbre|1 patch) ",
        r"\1 ",
        cleaned,
    )
    cleaned = re.sub(
        r"^((?:change|changer|replace|remplacer)\s*)?(?:every|each|aux|toutes les|tous les|chaque)"
        r"\s*",
        r"\1q",
        cleaned,
    )
    match = _PATCH_CHANGE.match(cleaned)
    if not match:
        return None
    hours = int(match.group(1)) * (24 if match.group(2) else 1)
    return hours if hours in (48, 72) else None


read_patch_change = functools.lru_cache(maxsize=256)(_read_patch_change)


# --- Fixed-dose combination tablets ---------------------------------------------------------------

#: Canadian and US fixed-dose combination products whose opioid content per tablet is fixed by
#: the name (product monographs, Health Canada Drug Product Database): the dose may then be
#: entered in tablets. The clinician is asked to confirm the strength shown back.
_CODEINE_NUMBERED = {"1": Decimal(8), "2": Decimal(15), "3": Decimal(30), "4": Decimal(60)}
_NUMBERED_CODEINE = re.compile(
    r"^(?:(?:tylenol|lenoltec|atasol|emtec|acetaminophen|acetaminophene|paracetamol)\s*"
    r"(?:-?\s*(?:(?:with|w/|c/|avec|et)\s*)?codeine\s*)?(?:-\s*)?(?:no\.?|#|number|n°|nº)?\s*"
    r"([1-4])s?(?:\s*(?:with|avec)\s*codeine)?"
    r"|t\s*-?\s*#?\s*([1-4])s?)$"
)
# French labels and prescriptions name the same products "Tylenol avec codéine no 3",
# "Tylenol codéine #3", "Tylenol #3 avec codéine" (accents folded before matching).
#: A maker's prefix with its hyphen before a combination's name ("ratio-Lenoltec No.3").
_MAKER_FIRST = re.compile(rf"^(?:{'|'.join(sorted(MANUFACTURERS))})\s*-\s*(?=[a-z])")
#: Fiorinal-C ¼ and ½ (and their generics Tecnal-C, Trianal-C): butalbital, ASA and caffeine
#: with codeine ¼ grain (15 mg) or ½ grain (30 mg) a capsule (product monographs, Health
#: Canada Drug Product Database). Plain Fiorinal has no codeine and is not read here.
_GRAIN_CODEINE = {"1/4": Decimal(15), "1/2": Decimal(30)}
_CODEINE_GRAIN = re.compile(
    r"^(fiorinal|tecnal|trianal)\s*-?\s*(?:c|with codeine|avec codeine)\s*-?\s*(1/4|1/2)"
    r"(?:\s*(?:capsules?|caps?))?$"
)
#: Atasol-8, -15, -30, Emtec-30 and Empracet-30, -60: acetaminophen with codeine, the number in
#: the name being the mg of codeine a tablet (Health Canada Drug Product Database).
_CODEINE_IN_NAME = re.compile(
    r"^(?:atasol\s*-?\s*(8|15|30)|emtec\s*-?\s*(30)|empracet\s*-?\s*(30|60))$"
)
_FIXED_COMBINATIONS: dict[str, tuple[str, Decimal, str]] = {
    "percocetdemi": (
        "oxycodone",
        Decimal("2.5"),
        "Percocet-Demi: oxycodone 2.5 mg with acetaminophen 325 mg",
    ),
    "percocet": ("oxycodone", Decimal(5), "Percocet: oxycodone 5 mg with acetaminophen 325 mg"),
    "endocet": ("oxycodone", Decimal(5), "Endocet: oxycodone 5 mg with acetaminophen 325 mg"),
    "oxycocet": ("oxycodone", Decimal(5), "Oxycocet: oxycodone 5 mg with acetaminophen 325 mg"),
    "percodan": ("oxycodone", Decimal(5), "Percodan: oxycodone 5 mg with ASA 325 mg"),
    "oxycodan": ("oxycodone", Decimal(5), "Oxycodan: oxycodone 5 mg with ASA 325 mg"),
    "tramacet": (
        "tramadol",
        Decimal("37.5"),
        "Tramacet: tramadol 37.5 mg with acetaminophen 325 mg",
    ),
    "ultracet": (
        "tramadol",
        Decimal("37.5"),
        "Ultracet: tramadol 37.5 mg with acetaminophen 325 mg",
    ),
}
#: "oxycodone/acetaminophen 5/325", "hydrocodone 10 mg / acetaminophen 325 mg"; as French
#: labels write them (twelfth hunt), "oxycodone-acétaminophène 5-325 mg", "oxycodone et
#: acétaminophène 5 mg/325 mg" (a decimal comma, "37,5", is read before: see below).
_GENERIC_COMBINATION = re.compile(
    r"^(?P<opioid>[a-z]+)(?:\s+(?:hcl|hydrochloride|bitartrate|phosphate|chlorhydrate))?\s*"
    r"(?:(?P<first>\d+(?:\.\d+)?)\s*(?:mg)?\s*)?"
    r"(?:/|\+|-|\s+with\s+|\s+and\s+|\s+et\s+|\s+avec\s+|\s+)"
    r"\s*(?P<partner>acetaminophene|acetaminophen|paracetamol|apap|asa|aspirin|ibuprofen)\s*"
    r"(?P<numbers>(?:\d+(?:\.\d+)?)\s*(?:mg)?\s*(?:[/-]\s*\d+(?:\.\d+)?\s*(?:mg)?)?)?$"
)
#: The partner named first, as Quebec labels often write it (twelfth hunt):
#: "acétaminophène-codéine 300/30", "acetaminophen/codeine 300 mg/30 mg". The numbers follow
#: the names' order, and both are needed (one number alone could be either part's).
_PARTNER_FIRST_COMBINATION = re.compile(
    r"^(?P<partner>acetaminophene|acetaminophen|paracetamol|apap|asa|aspirin|ibuprofen)\s*"
    r"(?:/|\+|-|\s+with\s+|\s+and\s+|\s+et\s+|\s+avec\s+|\s+)\s*"
    r"(?P<opioid>[a-z]+)(?:\s+(?:hcl|hydrochloride|bitartrate|phosphate|chlorhydrate))?\s*"
    r"(?P<partner_mg>\d+(?:\.\d+)?)\s*(?:mg)?\s*[/-]\s*(?P<opioid_mg>\d+(?:\.\d+)?)\s*(?:mg)?$"
)
#: A decimal comma in a strength ("tramadol-acétaminophène 37,5/325"): one or two digits after
#: it, never three ("1,000" is not read as a decimal).
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d{1,2}(?!\d))")


#: The strength after a fixed-combination brand: "10/325", "7.5 mg / 325 mg".
_BRAND_STRENGTH = re.compile(r"(\d+(?:\.\d+)?)\s*(?:mg)?\s*/\s*(\d+(?:\.\d+)?)\s*(?:mg)?")


@dataclass(frozen=True)
class CombinationTablet:
    """The opioid component of one tablet of a fixed-dose combination."""

    drug: str
    mg_per_tablet: Decimal
    label: str
    #: Acetaminophen a tablet (mg), where the product's strength is known: Tylenol No. 1-4
    #: (and Lenoltec, T1-T4, generic "acetaminophen with codeine No. 3") 300 mg in Canada;
    #: Percocet, Percocet-Demi, Endocet, Oxycocet, Tramacet, Ultracet 325 mg; a strength
    #: named after an acetaminophen partner ("5/325") as named. None when not known (Atasol,
    #: Emtec, Empracet, an ASA or ibuprofen partner): never guessed.
    acetaminophen_mg: Decimal | None = None


#: The numbered codeine tablets hold 300 mg of acetaminophen in Canada (Tylenol No. 1-4, T1-T4,
#: Lenoltec and generic "acetaminophen with codeine No. 3"; product monographs), except the
#: Atasol and Emtec names, whose strengths are not stated here (left unknown).
_NUMBERED_NOT_KNOWN = re.compile(r"^(?:atasol|emtec)")
#: The brands of _FIXED_COMBINATIONS whose partner is acetaminophen (the others hold ASA).
_ACETAMINOPHEN_325_BRANDS = frozenset(
    {"percocetdemi", "percocet", "endocet", "oxycocet", "tramacet", "ultracet"}
)
_ACETAMINOPHEN_PARTNERS = frozenset({"acetaminophene", "acetaminophen", "paracetamol", "apap"})


#: Targin tablets (oxycodone/naloxone, product monograph; Health Canada Drug Product Database):
#: 5/2.5, 10/5, 20/10 and 40/20 mg, oxycodone first. Only these pairs are read, so a reversed
#: or unmarketed strength ("5/10", "15/7.5") is never read as oxycodone.
#: Also written as its two generics ("oxycodone/naloxone 20/10", "oxycodone-naloxone 10/5",
#: "oxycodone HCl and naloxone HCl 40/20 mg"; tenth hunt), read with the same four pairs.
_TARGIN = re.compile(
    r"^(?:targin|oxycodone(?:\s+(?:hcl|hydrochloride|chlorhydrate))?\s*(?:/|-|\+|\band\b|\bet\b|"
    r"\bwith\b|\bavec\b)?\s*naloxone(?:\s+(?:hcl|hydrochloride|chlorhydrate))?)\s*"
    r"(\d+(?:[.,]\d+)?)\s*(?:mg)?\s*/\s*(\d+(?:[.,]\d+)?)\s*(?:mg)?$"
)
_TARGIN_TABLETS = {
    (Decimal(5), Decimal("2.5")),
    (Decimal(10), Decimal(5)),
    (Decimal(20), Decimal(10)),
    (Decimal(40), Decimal(20)),
}


#: The same names with any two numbers: a pair that is not one of _TARGIN_TABLETS.
_TARGIN_ANY = re.compile(r"^(?:targin|oxycodone\b.*\bnaloxone)\b.*\d")


def unmarketed_oxycodone_naloxone(name: str) -> bool:
    """True when ``name`` is Targin or oxycodone/naloxone with a strength that is not one of
    the four marketed tablets ("15/7.5", "10/20", "20"): refused saying which ones exist."""
    text = re.sub(r"\s+", " ", fold(name).strip())
    text = re.sub(r"\b(tablets?|tabs?|caplets?)\b", "", text).strip()
    if not _TARGIN_ANY.match(text):
        return False
    pair = _TARGIN.match(text)
    return pair is None or tuple(Decimal(g.replace(",", ".")) for g in pair.groups()) not in (
        _TARGIN_TABLETS
    )


def _read_combination_tablet(name: str) -> CombinationTablet | None:
    """The opioid content of one tablet named by ``name``, or None when the name does not fix
    it (e.g. "Vicodin", sold in several strengths: the dose must then be given in mg)."""
    text = re.sub(r"\s+", " ", fold(name).strip())
    text = re.sub(r"\b(tablets?|tabs?|caplets?|comprimes?|co)\b", "", text).strip()
    text = _DECIMAL_COMMA.sub(".", text)
    # "ratio-Lenoltec No.3", "Teva-Emtec-30" (thirteenth hunt): a maker's prefix names no drug
    text = _MAKER_FIRST.sub("", text)
    named = _CODEINE_IN_NAME.match(text)
    if named:
        mg = Decimal(next(g for g in named.groups() if g))
        return CombinationTablet(
            "codeine", mg, f"{name.strip()}: codeine {mg} mg per tablet with acetaminophen"
        )
    fraction = _CODEINE_GRAIN.match(text.replace("\u2044", "/"))
    if fraction:
        mg = _GRAIN_CODEINE[fraction.group(2)]
        return CombinationTablet(
            "codeine",
            mg,
            f"{name.strip()}: codeine {mg} mg per capsule with butalbital, ASA and caffeine",
        )
    match = _NUMBERED_CODEINE.match(text)
    if match:
        number = match.group(1) or match.group(2)
        mg = _CODEINE_NUMBERED[number]
        return CombinationTablet(
            "codeine",
            mg,
            f"{name.strip()}: codeine {mg} mg per tablet with acetaminophen",
            None if _NUMBERED_NOT_KNOWN.match(text) else Decimal(300),
        )
    targin = _TARGIN.match(text)
    if targin:
        oxycodone, naloxone = (Decimal(g.replace(",", ".")) for g in targin.groups())
        if (oxycodone, naloxone) not in _TARGIN_TABLETS:
            return None
        return CombinationTablet(
            "oxycodone",
            oxycodone,
            f"{name.strip()}: oxycodone {oxycodone} mg per tablet with naloxone {naloxone} mg "
            "(not absorbed by mouth, not counted)",
        )
    plain = re.sub(r"[^a-z]", "", re.sub(r"\bmg\b", "", text))
    if plain in _FIXED_COMBINATIONS:
        drug, mg, label = _FIXED_COMBINATIONS[plain]
        acetaminophen = Decimal(325) if plain in _ACETAMINOPHEN_325_BRANDS else None
        if not re.search(r"\d", text):
            return CombinationTablet(drug, mg, label, acetaminophen)
        # A strength in the name ("Percocet 10/325": US Percocet is also sold as 2.5, 7.5
        # and 10 mg) is read as opioid/partner mg, never replaced by the Canadian default.
        named = _BRAND_STRENGTH.fullmatch(re.sub(r"^[a-z\s.-]+", "", text).strip())
        if named is None or Decimal(named.group(1)) >= Decimal(named.group(2)):
            return None
        opioid_mg = Decimal(named.group(1))
        # the acetaminophen as named ("Percocet 5/325", "Percocet 7.5/500")
        acetaminophen = Decimal(named.group(2)) if acetaminophen is not None else None
        if opioid_mg == mg:
            return CombinationTablet(drug, mg, label, acetaminophen)
        partner = label.split(" with ", 1)[1].split(" ", 1)[0]
        return CombinationTablet(
            drug,
            opioid_mg,
            f"{name.strip()}: {drug} {opioid_mg} mg per tablet with {partner} "
            f"{named.group(2)} mg (strength as named)",
            acetaminophen,
        )
    reversed_ = _PARTNER_FIRST_COMBINATION.match(text)
    if reversed_ and reversed_.group("opioid") in OPIOIDS:
        opioid_mg, partner_mg_ = (Decimal(reversed_.group(g)) for g in ("opioid_mg", "partner_mg"))
        if opioid_mg >= partner_mg_:
            # no marketed combination has as much opioid as partner: never read as opioid
            return None
        drug = reversed_.group("opioid")
        partner = reversed_.group("partner")
        return CombinationTablet(
            drug,
            opioid_mg,
            f"{name.strip()}: {drug} {opioid_mg} mg per tablet with {partner} {partner_mg_} mg",
            partner_mg_ if partner in _ACETAMINOPHEN_PARTNERS else None,
        )
    generic = _GENERIC_COMBINATION.match(text)
    if generic and generic.group("opioid") in OPIOIDS:
        first = generic.group("first")
        numbers = generic.group("numbers")
        partner_mg: str | None = None
        if numbers:
            parts = [p.replace("mg", "").strip() for p in re.split(r"[/-]", numbers)]
            if first is None and len(parts) == 2:
                first, partner_mg = parts
            elif first is not None:
                partner_mg = parts[0]
        if first and partner_mg and Decimal(first) >= Decimal(partner_mg):
            # "oxycodone/acetaminophen 325/5": no marketed combination has as much opioid as
            # partner, so the numbers are in the other order; never read 325 mg of opioid.
            return None
        if first:
            mg = Decimal(first)
            drug = generic.group("opioid")
            known = partner_mg and generic.group("partner") in _ACETAMINOPHEN_PARTNERS
            return CombinationTablet(
                drug,
                mg,
                f"{name.strip()}: {drug} {mg} mg per tablet with {generic.group('partner')}",
                Decimal(partner_mg) if known and partner_mg else None,
            )
    return None


#: Cached (names and units repeat; the reading is pure). Tests clear it (mutation runs).
read_combination_tablet = functools.lru_cache(maxsize=1024)(_read_combination_tablet)
