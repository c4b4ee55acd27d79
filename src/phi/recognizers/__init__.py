"""The recognizers, one module per family, and the registry that runs them in order.

Each entry is ``(family, name, function)``; a function takes the candidate collector, the
lexicon and the text's word index (:class:`phi.index.TextIndex`) and adds candidates (or
vetoes). :func:`phi.scanner.scan` runs them all, then resolves overlaps by priority
(:func:`phi.core.resolve`). Where each kind is decided:

- formatted numbers: ``contacts`` (EMAIL, URL, IP, PHONE, POSTAL_CODE), ``numbers``
  (HEALTH_NUMBER, SIN, SSN, MRN, ID: checksums, shapes and labels; hours, DINs, lots vetoed),
  with ``labels`` reading the label before a number; ``spoken`` (numbers, dates, emails,
  postal codes said in words and names spelled out: dictation, voicemail transcripts);
- dates: ``dates`` (DATE, AGE);
- places: ``places`` (ADDRESS, and POSTAL_CODE in any case), ``facilities`` (FACILITY);
- layout: ``layout`` (table columns decide their cells; chat speakers);
- names: ``name_cues`` (NAME after a cue, with ``name_reader``), ``names`` (lists, shapes,
  handles, neighbours, and every other mention of a name found), ``name_roles`` (after a
  relation or a role, initials of a name found, staff initials, names in speech);
- since 1.6.0 also ``facility_heads`` (letterheads, trades, head-first names) and
  ``address_forms`` (rural lots, unit dashes, numbered roads, streets without a number);
- since 1.10.0 also ``loose_context`` (a pharmacy's short possessive name, quoted nicknames,
  two capitalised words no list knows);
- since 1.11.0 also ``label_forms`` (grouped health numbers and codes after labels, dates and
  phones by shape, ``<Place> Memorial``, keys of staff initials, children with ages);
- since 1.12.0 also ``cue_words`` (a lone name after words of reaching a person, before a desk);
- since 1.13.0 also ``not_names`` (weekdays, everyday plurals and hyphenations, events, facility
  acronyms and animals' names are no names), ``surname_labels``, ``french_facilities``,
  ``day_month``, and OCR look-alikes read by ``phi.ocr``;
- since 1.14.0 also ``stamps`` (logins in record stamps, hospitals' acronyms after admission,
  relatives named in pairs) and ``code_tails`` (labelled codes whole);
- since 1.15.0 also ``scale_names`` (eponymous clinical scales are no names or places);
- since 1.16.0 also ``store_chains`` (a pharmacy or grocery chain's store named with its town);
- since 1.18.0 also ``bare_days`` (a day without its month: ``le 12``, ``the 12th``) and
  ``label_ids`` (plates, tags and plots, a labelled code's list) and ``phone_towns`` (a town
  just before a phone number);
- since 1.20.0 also ``code_shapes`` (codes of capitals' groups and digits, spaced serials,
  congregations by name and denomination), ``people_lists`` (people listed in brackets),
  ``nicknames`` (a nickname in quotes after a name found) and ``loose_towns`` (a small town
  closing a phrase after ``from``, a town in a contact's brackets) and ``logins`` (a login
  built from a name found);
- since 1.23.0 also ``proof_codes`` (receipts, tracking numbers, workers' and practitioners'
  numbers, a notary's minute, an age after a date of birth), ``people_cells`` (``Surname,
  Given``, logins heading log lines or after a clerk's label, stamps, a town after a person) and
  ``listed_places`` (facilities in capitals after their town, a route's stops, a street alone in
  brackets);
- since 1.25.0 also ``record_forms`` (towns where an office or court sits or after an
  institution, before a province in brackets; a street's direction or lot; spaced numeric
  dates; lockers, beds, labelled codes, session keys, invoices, numbers said again; contacts
  tables' names, sign-offs, log authors, middle initials; facilities in capitals again and head
  first; courts, version codes and templates vetoed);
- since 1.24.0 also ``doc_forms`` (a municipality in Canada Post's address line, a road's
  landmark, a person's town; dated serials, devices' codes, members' numbers after an order's
  acronym; legends of dotted initials, names before French credentials, logins; regional health
  centres, law firms, grain terminals, French daycares and centres head first; agencies and
  services, titles, clock times and 911 vetoed).
"""

from __future__ import annotations

from collections.abc import Callable

from phi.core import Collector
from phi.index import TextIndex
from phi.lexicon import Lexicon

Recognizer = Callable[[Collector, Lexicon, TextIndex], None]


def registry() -> list[tuple[str, str, Recognizer]]:
    from phi.recognizers import (
        address_forms,
        bare_days,
        chat_names,
        code_shapes,
        code_tails,
        contacts,
        cue_words,
        dates,
        day_month,
        doc_forms,
        facilities,
        facility_heads,
        french_facilities,
        hl7,
        json_fields,
        label_forms,
        label_ids,
        layout,
        listed_places,
        logins,
        loose_context,
        loose_towns,
        mail_blocks,
        name_cues,
        name_roles,
        name_shapes,
        names,
        nicknames,
        not_names,
        numbers,
        people_cells,
        people_lists,
        phone_towns,
        places,
        proof_codes,
        record_forms,
        repeats,
        scale_names,
        spoken,
        stamps,
        store_chains,
        surname_labels,
        trade_places,
    )

    return [
        (
            "formatted numbers",
            "emails, web and IP addresses, postal codes, phones",
            contacts.recognize,
        ),
        (
            "formatted numbers",
            "health numbers, SIN, SSN, licences, numbers by shape",
            numbers.formatted,
        ),
        ("formatted numbers", "numbers by label; hours, DINs and lots vetoed", numbers.labelled),
        (
            "formatted numbers",
            "numbers, dates, emails and postal codes said in words; names spelled out",
            spoken.recognize,
        ),
        ("formatted numbers", "fields of HL7 v2 messages by their position", hl7.recognize),
        ("dates", "dates", dates.full_dates),
        ("dates", "dates without a year, two-digit years, ages in words", dates.recognize),
        ("dates", "ages over 89", dates.ages),
        ("places", "street addresses", places.streets),
        (
            "places",
            "rural lots, county and numbered roads, streets without a number",
            address_forms.streets,
        ),
        ("places", "facilities", facilities.facilities),
        ("places", "towns", places.towns),
        ("places", "workplaces", facilities.workplaces),
        ("places", "facilities in a letterhead", facility_heads.letterheads),
        ("places", "businesses and meeting places by their trade", facility_heads.trades),
        (
            "places",
            "businesses and shelters named after their head word",
            facility_heads.head_first,
        ),
        ("places", "a general hospital's short name in lower case", facility_heads.lower_general),
        ("places", "companies by their legal form", facility_heads.legal_forms),
        ("places", "a place or name before a lower-case head", facility_heads.lower_heads),
        (
            "places",
            "French shops in lower case, centres after a person",
            facility_heads.french_lower_heads,
        ),
        ("places", "communities, lower-case addresses, postal codes in any case", places.recognize),
        ("places", "towns by their shape", places.shaped_towns),
        ("places", "a rural route, box or unit before a street line", places.street_prefixes),
        ("places", "a unit before a street line, lower-case towns", address_forms.units_and_towns),
        ("places", "a small town after a preposition of place", address_forms.prepositional_towns),
        ("places", "a town before its province", address_forms.towns_before_provinces),
        ("places", "a municipality in an address line, a road's landmark", doc_forms.towns),
        ("places", "mailing address blocks", mail_blocks.recognize),
        ("places", "a street line's direction or lot, a '-way'", record_forms.streets),
        ("places", "a town found once is found everywhere", places.propagate_towns),
        ("layout", "table columns", layout.tables),
        ("layout", "chat speakers", layout.speakers),
        ("names", "names by cue", name_cues.recognize),
        ("names", "names by list, shape and neighbourhood", names.recognize),
        (
            "names",
            "nicknames, children, initials, handles, file names, lower case",
            name_shapes.recognize,
        ),
        ("names", "names after a relation or a role, in speech", name_roles.recognize),
        (
            "names",
            "pharmacies' short names, quoted nicknames, unknown pairs of words",
            loose_context.recognize,
        ),
        (
            "names",
            "codes after labels, dates and phones by shape, keys of initials, Memorial hospitals",
            label_forms.recognize,
        ),
        (
            "names",
            "a lone name after words of reaching a person or before a desk",
            cue_words.recognize,
        ),
        ("names", "surnames and nicknames by their label", surname_labels.recognize),
        (
            "names",
            "logins in record stamps, hospitals' acronyms, relatives named in pairs",
            stamps.recognize,
        ),
        ("places", "a clinician's town in brackets, a place's prefix", stamps.places_after_names),
        ("names", "a relation's name in lower case before an action", stamps.lower_relations),
        ("names", "a log entry's initials in lower case", stamps.log_initials),
        (
            "formatted numbers",
            "a labelled number's last group, French number labels, registrations after '#'",
            code_tails.recognize,
        ),
        (
            "formatted numbers",
            "codes after more labels, a labelled code's list",
            label_ids.recognize,
        ),
        (
            "formatted numbers",
            "receipts, tracking numbers, workers' and practitioners' numbers, an age after a birth",
            proof_codes.recognize,
        ),
        (
            "formatted numbers",
            "codes of capitals' groups and digits, serials with spaces",
            code_shapes.recognize,
        ),
        ("places", "a congregation by its name and denomination", code_shapes.congregations),
        ("places", "French facilities by their kind and place", french_facilities.recognize),
        ("places", "a chain's store named with its town", store_chains.recognize),
        ("places", "a town found and a workplace's head", store_chains.towns_before_heads),
        ("places", "a workplace: a name before its trade", trade_places.recognize),
        ("dates", "a day and month d/m, the day over 12", day_month.recognize),
        ("dates", "days without their month, a range's second date", bare_days.recognize),
        ("names", "display names, @mentions and logins of chats", chat_names.recognize),
        ("names", "values of JSON exports by their key", json_fields.recognize),
        ("places", "a town just before a phone number", phone_towns.recognize),
        (
            "places",
            "a small town closing a phrase, a town in a contact's brackets",
            loose_towns.recognize,
        ),
        ("places", "a workplace named by a place's shape", loose_towns.shaped_workplaces),
        (
            "places",
            "facilities in capitals after their town, a route's stops, a street in brackets",
            listed_places.recognize,
        ),
        (
            "names",
            "surname, given; logins heading log lines; stamps; a town after a person",
            people_cells.recognize,
        ),
        ("names", "people listed in brackets", people_lists.recognize),
        ("names", "attendees before their role in brackets", people_lists.attendance),
        ("names", "a nickname in quotes after a name", nicknames.recognize),
        (
            "names",
            "legends of initials, logins, law firms, device and order codes; agencies vetoed",
            doc_forms.recognize,
        ),
        (
            "places",
            "towns where offices sit, after institutions, before provinces in brackets",
            record_forms.towns,
        ),
        (
            "names",
            "contacts tables, sign-offs, labelled codes, spaced dates, facilities head first",
            record_forms.recognize,
        ),
        ("names", "a login built from a name found", logins.recognize),
        ("names", "a name found once is found everywhere", names.propagate),
        ("names", "initials of a name found, staff initials", name_roles.initials),
        ("names", "names and dates in file names", name_shapes.file_names),
        ("names", "a log entry's author", name_shapes.log_authors),
        ("names", "holidays are no names", names.holidays),
        ("names", "weekdays, plurals, events, animals are no names", not_names.recognize),
        ("names", "a person's @handle in a chat", layout.mentions),
        ("formatted numbers", "codes again, ISO date-times, famous titles", repeats.recognize),
        ("names", "eponymous clinical scales are no names or places", scale_names.recognize),
    ]
