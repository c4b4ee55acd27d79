"""The clinical package's text in the reader's language.

`clinical` is a pure package (no Django, mutation-tested) that speaks English: its rules,
cautions, warnings, refusals and notes carry stable codes or are fixed constants. This module
maps them to translatable messages at render time: a coded message whose English matches a
known pattern is re-said with the parameters it carries (drug names, doses, percents); a fixed
text is looked up as a whole; anything else (a code or a wording added to the package later)
falls back to the package's English, so nothing is ever lost.

`localized_plan` / `localized_mme` return a copy of a stored plan or MME result (their
``to_dict()`` form) with every such text in the active language; the templates use them through
the `clinical_text` template library.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

#: Taper rules (`clinical.taper.TAPER_RULES`) by key: the label people read.
RULE_LABELS: dict[str, Promise] = {
    "cdc2022-long-term": _("About 10 % per month or slower"),
    "cdc2022-short-duration": _(
        # xgettext:no-python-format (a percent sign, no placeholder)
        "10 % of the original dose per week until ~30 % remains, then 10 % of the remaining "
        "dose per week"
    ),
    # xgettext:no-python-format (a percent sign, no placeholder)
    "cdc2016": _("10 % of the original dose per week (slower, e.g. per month, if needed)"),
    "hhs2019": _("5 % to 20 % every four weeks"),
    # xgettext:no-python-format (a percent sign, no placeholder)
    "nougg2010": _("10 % of the total daily dose every day to every 1–2 weeks"),
    # xgettext:no-python-format (a percent sign, no placeholder)
    "cdc2022-acute-brief": _("50 % for 2 days, then stop"),
    # xgettext:no-python-format (a percent sign, no placeholder)
    "cdc2022-acute": _("About 20 % every 2 days"),
}

#: Step intervals (`clinical.taper.Interval` values).
INTERVALS: dict[str, Promise] = {
    "day": pgettext_lazy("taper interval", "day"),
    "2-days": pgettext_lazy("taper interval", "2 days"),
    "week": pgettext_lazy("taper interval", "week"),
    "2-weeks": pgettext_lazy("taper interval", "2 weeks"),
    "4-weeks": pgettext_lazy("taper interval", "4 weeks"),
    "month": pgettext_lazy("taper interval", "month"),
}

#: Fixed texts of the package (cautions, notes, step notes), by their exact English.
FIXED: dict[str, Promise] = {
    "Marked as treatment for opioid use disorder (OUD): not counted in the MME total. CDC: "
    'the conversion factors "should not be applied to dosage decisions related to the '
    'management of opioid use disorder", and the dosage thresholds for pain are not '
    "applicable to opioid agonist treatment of opioid use disorder.": _(
        "Marked as treatment for opioid use disorder (OUD): not counted in the MME total. "
        "CDC: the conversion factors “should not be applied to dosage decisions related to "
        "the management of opioid use disorder”, and the dosage thresholds for pain are not "
        "applicable to opioid agonist treatment of opioid use disorder."
    ),
    # clinical.taper.TAPER_NOTES
    "CDC 2022 (Recommendation 5): unless there are indications of a life-threatening issue "
    "such as warning signs of impending overdose (e.g., confusion, sedation, or slurred "
    "speech), opioid therapy should not be discontinued abruptly, and clinicians should not "
    "rapidly reduce opioid dosages from higher dosages. [V] CDS-IG": _(
        "CDC 2022 (Recommendation 5): unless there are indications of a life-threatening issue "
        "such as warning signs of impending overdose (e.g., confusion, sedation, or slurred "
        "speech), opioid therapy should not be discontinued abruptly, and clinicians should "
        "not rapidly reduce opioid dosages from higher dosages. [V] CDS-IG"
    ),
    "CDC 2022: follow up frequently (at least monthly) with patients engaging in opioid "
    "tapering. [S] CDC22-X p16": _(
        "CDC 2022: follow up frequently (at least monthly) with patients engaging in opioid "
        "tapering. [S] CDC22-X p16"
    ),
    "CDC 2016: the rate may be slowed or paused, not reversed; at the smallest available dose "
    "extend the interval, and stop when the opioid is taken less than once a day. "
    "[S] TODAYSPRAC": _(
        "CDC 2016: the rate may be slowed or paused, not reversed; at the smallest available "
        "dose extend the interval, and stop when the opioid is taken less than once a day. "
        "[S] TODAYSPRAC"
    ),
    "Canada 2017 (Recommendation 9): tapering may be paused or potentially abandoned if a "
    "substantial increase in pain or decrease in function persists for more than 1 month "
    "after a small dose reduction. [V] CPSO-D": _(
        "Canada 2017 (Recommendation 9): tapering may be paused or potentially abandoned if a "
        "substantial increase in pain or decrease in function persists for more than 1 month "
        "after a small dose reduction. [V] CPSO-D"
    ),
    "Canada 2010 (NOUGG): use scheduled (not p.r.n.) doses and avoid benzodiazepines during "
    "the taper. [V] NOUGG-B12": _(
        "Canada 2010 (NOUGG): use scheduled (not p.r.n.) doses and avoid benzodiazepines "
        "during the taper. [V] NOUGG-B12"
    ),
    "CDC 2022: offer naloxone to patients at risk of returning to a previous dose after losing "
    "tolerance, e.g. during tapering. [S] CDC22-X p20": _(
        "CDC 2022: offer naloxone to patients at risk of returning to a previous dose after "
        "losing tolerance, e.g. during tapering. [S] CDC22-X p20"
    ),
    "Individualise: evidence for specific schedules is insufficient (Ontario CEP Opioid "
    "Tapering Template). [V] CEP-TAPER": _(
        "Individualise: evidence for specific schedules is insufficient (Ontario CEP Opioid "
        "Tapering Template). [V] CEP-TAPER"
    ),
    # clinical.regimen.TAPER_SAFETY
    "Decide with the patient: agree the goal, the pace and when to review; a taper is not a "
    "punishment and is never done to meet a dose threshold alone (CDC 2022 Recommendation 5; "
    "HHS 2019).": _(
        "Decide with the patient: agree the goal, the pace and when to review; a taper is not "
        "a punishment and is never done to meet a dose threshold alone (CDC 2022 "
        "Recommendation 5; HHS 2019)."
    ),
    "Pauses are allowed: the taper may be slowed or paused (not reversed) when withdrawal, pain "
    "or function worsen; Canada 2017 Recommendation 9 allows pausing or abandoning it if "
    "problems persist for more than a month after a small reduction.": _(
        "Pauses are allowed: the taper may be slowed or paused (not reversed) when withdrawal, "
        "pain or function worsen; Canada 2017 Recommendation 9 allows pausing or abandoning it "
        "if problems persist for more than a month after a small reduction."
    ),
    "Offer naloxone and overdose education: tolerance falls during a taper, so returning to a "
    "previous dose can cause overdose (CDC 2022 Recommendation 8).": _(
        "Offer naloxone and overdose education: tolerance falls during a taper, so returning "
        "to a previous dose can cause overdose (CDC 2022 Recommendation 8)."
    ),
    "Screen for opioid use disorder and offer treatment (buprenorphine or methadone) when it is "
    "present (CDC 2022 Recommendation 10; HHS 2019).": _(
        "Screen for opioid use disorder and offer treatment (buprenorphine or methadone) when "
        "it is present (CDC 2022 Recommendation 10; HHS 2019)."
    ),
    "Watch mood and suicide risk: the FDA (April 2019) and HHS (October 2019) warn of serious "
    "withdrawal, uncontrolled pain, psychological distress and suicide after rapid tapers or "
    "sudden discontinuation; screen for depression and anxiety and arrange support.": _(
        "Watch mood and suicide risk: the FDA (April 2019) and HHS (October 2019) warn of "
        "serious withdrawal, uncontrolled pain, psychological distress and suicide after rapid "
        "tapers or sudden discontinuation; screen for depression and anxiety and arrange "
        "support."
    ),
    "Manage withdrawal symptoms (e.g. clonidine, loperamide, antiemetics as appropriate) and "
    "see the patient at least monthly during the taper (CDC 2022).": _(
        "Manage withdrawal symptoms (e.g. clonidine, loperamide, antiemetics as appropriate) "
        "and see the patient at least monthly during the taper (CDC 2022)."
    ),
    "Pregnancy: do not taper without specialist (maternal-fetal or addiction medicine) advice; "
    "withdrawal can harm the pregnancy.": _(
        "Pregnancy: do not taper without specialist (maternal-fetal or addiction medicine) "
        "advice; withdrawal can harm the pregnancy."
    ),
    "Avoid starting benzodiazepines or other sedatives during the taper (Canada 2010 NOUGG).": _(
        "Avoid starting benzodiazepines or other sedatives during the taper (Canada 2010 NOUGG)."
    ),
    # clinical.mme.CONVERSION_CAVEAT
    'MME is for risk assessment only, never a conversion between opioids. CDC 2022: "Do not '
    "use the calculated dose in MMEs to determine the doses to use when converting one opioid "
    "to another; when converting opioids, the new opioid is typically dosed at a substantially "
    "lower dose than the calculated MME dose to avoid overdose because of incomplete "
    'cross-tolerance and individual variability in opioid pharmacokinetics." Conversion '
    "factors are estimates and cannot account for individual differences. These conversion "
    "factors should not be applied to dosage decisions related to the management of opioid "
    "use disorder.": _(
        "MME is for risk assessment only, never a conversion between opioids. CDC 2022: “Do "
        "not use the calculated dose in MMEs to determine the doses to use when converting one "
        "opioid to another; when converting opioids, the new opioid is typically dosed at a "
        "substantially lower dose than the calculated MME dose to avoid overdose because of "
        "incomplete cross-tolerance and individual variability in opioid "
        "pharmacokinetics.” Conversion factors are estimates and cannot account for "
        "individual differences. These conversion factors should not be applied to dosage "
        "decisions related to the management of opioid use disorder."
    ),
    # clinical.regimen plan notes
    "Duration of opioid use not stated: planned as long-term use (the safer side).": _(
        "Duration of opioid use not stated: planned as long-term use (the safer side)."
    ),
    "One drug changes at a time; the others keep their dose. The order shown is a "
    "suggestion: decide it with the patient.": _(
        "One drug changes at a time; the others keep their dose. The order shown is a "
        "suggestion: decide it with the patient."
    ),
    "Doses are rounded toward the higher (slower) dose; when the strengths on hand cannot "
    "make a small enough step, the dose is held until the schedule allows the next one.": _(
        "Doses are rounded toward the higher (slower) dose; when the strengths on hand cannot "
        "make a small enough step, the dose is held until the schedule allows the next one."
    ),
    "Doses are rounded toward the higher (slower) dose and no step cuts more than the rule "
    "allows for one interval; when the strengths on hand cannot make a small enough step, the "
    "plan stops there and a smaller strength is needed to continue.": _(
        "Doses are rounded toward the higher (slower) dose and no step cuts more than the rule "
        "allows for one interval; when the strengths on hand cannot make a small enough step, "
        "the plan stops there and a smaller strength is needed to continue."
    ),
    "The steps shown stop before the opioid is stopped: reassess and continue at the "
    "same pace or slower. CDC 2016: at the smallest available dose, extend the interval "
    "and stop when the opioid is taken less than once a day.": _(
        "The steps shown stop before the opioid is stopped: reassess and continue at the same "
        "pace or slower. CDC 2016: at the smallest available dose, extend the interval and "
        "stop when the opioid is taken less than once a day."
    ),
    # step notes
    "starting dose": pgettext_lazy("taper step note", "starting dose"),
    "today's regimen": pgettext_lazy("taper step note", "today's regimen"),
    "taper target reached": pgettext_lazy("taper step note", "taper target reached"),
    "opioid stopped": pgettext_lazy("taper step note", "opioid stopped"),
    "all opioids in the plan stopped": pgettext_lazy(
        "taper step note", "all opioids in the plan stopped"
    ),
    # clinical.regimen refusal without parameters
    "Buprenorphine has no MME conversion factor (CDC 2022 excludes it: partial agonist "
    "with a ceiling effect), so no automatic plan is made for it. Reduce it step by "
    "step with specialist advice (e.g. one patch strength at a time, at least four "
    "weeks apart).": _(
        "Buprenorphine has no MME conversion factor (CDC 2022 excludes it: partial agonist "
        "with a ceiling effect), so no automatic plan is made for it. Reduce it step by step "
        "with specialist advice (e.g. one patch strength at a time, at least four weeks "
        "apart)."
    ),
}


@dataclass(frozen=True)
class Pattern:
    """A coded message with parameters: its English as the package writes it (named groups)
    and the translatable message re-said with those groups."""

    english: re.Pattern[str]
    text: Promise


def _p(english: str, text: Promise) -> Pattern:
    return Pattern(re.compile(english, re.DOTALL), text)


#: Coded messages with parameters, by code (refusals, warnings, input errors).
PATTERNS: dict[str, tuple[Pattern, ...]] = {
    "oud_treatment": (
        _p(
            r"(?P<drug>.+) is marked as treatment for opioid use disorder \(OUD\)\. OUD "
            r"treatment is not tapered by an automatic plan: .*",
            _(
                "%(drug)s is marked as treatment for opioid use disorder (OUD). OUD treatment "
                "is not tapered by an automatic plan: CDC 2022 advises that, if it is "
                "discontinued, it be tapered very gradually (over several months) with the "
                "patient, and never to meet a dose threshold. Ask the hub's addiction medicine "
                "expert."
            ),
        ),
        _p(
            r"(?P<drug>.+) is most often treatment for opioid use disorder and is not tapered "
            r"by an automatic plan .*",
            _(
                "%(drug)s is most often treatment for opioid use disorder and is not tapered by "
                "an automatic plan (CDC 2022: taper OUD treatment very gradually, over several "
                "months, with specialist advice). If it is prescribed for pain, mark its purpose "
                "as pain."
            ),
        ),
    ),
    "methadone": (
        _p(
            r"(?P<drug>.+) gets no automatic taper plan: its long and variable half-life.*",
            _(
                "%(drug)s gets no automatic taper plan: its long and variable half-life, its "
                "non-linear conversion and the delayed peak of its respiratory depression need "
                "specialist advice (CDC 2022 caution on methadone). Ask the hub's pain or "
                "addiction medicine expert to write the schedule."
            ),
        ),
    ),
    "rapid_rule_long_term": (
        _p(
            r"(?P<rule>[^()]+) \((?P<guideline>.+)\), stepped (?P<every>.*), is too fast for "
            r"long-term use at (?P<mme>[\d.]+) MME/day \(50 or more\): .*",
            _(
                "%(rule)s (%(guideline)s), stepped every %(every)s, is too fast for long-term "
                "use at %(mme)s MME/day (50 or more): a rapid taper risks withdrawal, "
                "uncontrolled pain, overdose on relapse and suicide (CDC 2022 Recommendation 5; "
                "Canada 2017; HHS 2019). Use the long-term rule (about 10 %% per month or "
                "slower), or this rule stepped monthly where it allows it."
            ),
        ),
    ),
    "benzodiazepine": (
        _p(
            r"(?P<drug>.+) is a benzodiazepine: opioids with benzodiazepines raise the risk.*",
            _(
                "%(drug)s is a benzodiazepine: opioids with benzodiazepines raise the risk of "
                "overdose (CDC 2022 Recommendation 11); do not start one during the taper, and "
                "taper it separately and gradually, not at the same time."
            ),
        ),
    ),
    "gabapentinoid": (
        _p(
            r"(?P<drug>.+) is a gabapentinoid: with opioids it adds to the risk.*",
            _(
                "%(drug)s is a gabapentinoid: with opioids it adds to the risk of respiratory "
                "depression; review it beside the taper."
            ),
        ),
    ),
    "not_tapered": (
        _p(
            r"(?P<drug>.+) is not part of this plan \((?P<reason>.*)\) and keeps its dose; .*",
            _(
                "%(drug)s is not part of this plan (%(reason)s) and keeps its dose; the MME/day "
                "shown covers the other opioids only."
            ),
        ),
    ),
    "strengths_unknown": (
        _p(
            r"No strengths are known for (?P<drug>.+): doses are in steps of "
            r"(?P<step>[\d.]+ (?:mcg/h|mg)); round each .*",
            _(
                "No strengths are known for %(drug)s: doses are in steps of %(step)s; round "
                "each to the strengths dispensed, upward."
            ),
        ),
    ),
    "split_tablets": (
        _p(
            r"(?P<drug>.+): (?P<tablets>[\d.]+) tablets a dose splits tablets, so the steps "
            r"also use pieces of 1/(?P<pieces>\d) tablet \((?P<piece>[\d.]+) mg\); .*",
            _(
                "%(drug)s: %(tablets)s tablets a dose splits tablets, so the steps also use "
                "pieces of 1/%(pieces)s tablet (%(piece)s mg); check that this product may be "
                "split."
            ),
        ),
    ),
    "strength_mismatch": (
        _p(
            r"(?P<drug>.+): the current rate is made of (?P<n>\d+) patches of the strengths "
            r"(?P<strengths>.+?) mcg/h, and a plan wears at most (?P<most>\d+) patches at once .*",
            _(
                "%(drug)s: the current rate is made of %(n)s patches of the strengths "
                "%(strengths)s mcg/h, and a plan wears at most %(most)s patches at once (the "
                "sources give no number; more are hard to apply, count and remove), so the "
                "steps after today use at most %(most)s. Check the strengths on hand."
            ),
        ),
        _p(
            r"(?P<drug>.+): the current dose cannot be made of the strengths (?P<strengths>.+?); "
            r"the steps after today use those strengths\..*",
            _(
                "%(drug)s: the current dose cannot be made of the strengths %(strengths)s; the "
                "steps after today use those strengths. Check the strengths on hand."
            ),
        ),
    ),
    "rapid_rule": (
        _p(
            r"(?P<rule>.+) is a rule for short-term use; it is used here for long-term use "
            r"below 50 MME/day\..*",
            _(
                "%(rule)s is a rule for short-term use; it is used here for long-term use below "
                "50 MME/day. Watch closely for withdrawal and slow down if needed."
            ),
        ),
    ),
    "step_too_large": (
        _p(
            r"The plan stops at (?P<drug>.+) (?P<rate>[\d.]+) mcg/h: removing the last patch.*",
            _(
                "The plan stops at %(drug)s %(rate)s mcg/h: removing the last patch would cut "
                "more than the rule allows in one step. Step down with a smaller patch (12 "
                "mcg/h) if not already used, or bridge with an oral immediate-release opioid, "
                "with specialist advice."
            ),
        ),
        _p(
            r"(?P<drug>.+): the strengths on hand cannot make a smaller step, so a step cuts "
            r"(?P<pct>[\d.]+) % of the starting MME/day, more than the rule's (?P<allowed>[\d.]+) "
            r"% per interval\. Each such step waits until the rule's pace allows it \(this one "
            r"after (?P<waited>\d+) intervals\); .*",
            _(
                "%(drug)s: the strengths on hand cannot make a smaller step, so a step cuts "
                "%(pct)s %% of the starting MME/day, more than the rule's %(allowed)s %% per "
                "interval. Each such step waits until the rule's pace allows it (this one after "
                "%(waited)s intervals). Consider slowing down or pausing at these steps."
            ),
        ),
    ),
    "implausible_frequency": (
        _p(
            r"row (?P<n>\d+) \((?P<drug>.+)\): (?P<times>[\d.]+) doses a day is unusual; check "
            r"the frequency\.",
            _("row %(n)s (%(drug)s): %(times)s doses a day is unusual; check the frequency."),
        ),
    ),
    "implausible_dose": (
        _p(
            r"row (?P<n>\d+) \((?P<drug>.+)\): patches totalling (?P<rate>[\d.]+) mcg/h are "
            r"unusual; check the rate\.",
            _(
                "row %(n)s (%(drug)s): patches totalling %(rate)s mcg/h are unusual; check the "
                "rate."
            ),
        ),
        _p(
            r"row (?P<n>\d+) \((?P<drug>.+)\): (?P<mme>[\d.]+) MME/day from one row is "
            r"unusual; check the dose, unit and frequency\.",
            _(
                "row %(n)s (%(drug)s): %(mme)s MME/day from one row is unusual; check the dose, "
                "unit and frequency."
            ),
        ),
    ),
    "taper.too_fast": (
        _p(
            r"(?P<guideline>.+) \((?P<rule>[^()]+)\) allows at most (?P<most>[\d.]+) % per step; "
            r"(?P<asked>[\d.]+) % is faster than the source states",
            _(
                "%(guideline)s (%(rule)s) allows at most %(most)s %% per step; %(asked)s %% is "
                "faster than the source states."
            ),
        ),
    ),
}

# MME rows left out of the total (`clinical.mme.ExcludedRow.reason`, by `reason_code`), the
# methadone sliding-scale notes of a counted row, and the input errors (`ClinicalInputError`,
# by code) that a form can meet (the other codes are the API's and stay in English).
_Q = r"'(?P<drug>.+)'"  # the package quotes a drug name as Python's repr does
PATTERNS.update(
    {
        "gabapentinoid": (
            *PATTERNS.get("gabapentinoid", ()),
            _p(
                _Q + r" is a gabapentinoid \((?P<name>.+)\), not an opioid: not counted in MME; "
                r"it is flagged beside the opioids \(added risk of respiratory depression\)\.",
                _(
                    "“%(drug)s” is a gabapentinoid (%(name)s), not an opioid: not counted in "
                    "MME; it is flagged beside the opioids (added risk of respiratory "
                    "depression)."
                ),
            ),
        ),
        "benzodiazepine": (
            *PATTERNS.get("benzodiazepine", ()),
            _p(
                _Q + r" is a benzodiazepine \((?P<name>.+)\), not an opioid: not counted in "
                r"MME; it is used for the opioid-with-benzodiazepine guidepost\.",
                _(
                    "“%(drug)s” is a benzodiazepine (%(name)s), not an opioid: not counted in "
                    "MME; it is used for the opioid-with-benzodiazepine guidepost."
                ),
            ),
        ),
        "combination": (
            _p(
                _Q + r" reads as a combination product: .*",
                _(
                    "“%(drug)s” reads as a combination product: enter the opioid component "
                    "alone (e.g. drug “oxycodone”, dose 5 mg) so the dose cannot be mistaken "
                    "for the non-opioid component; MME counts only the opioid component."
                ),
            ),
        ),
        "unknown_drug": (
            _p(
                _Q + r" is not a recognised opioid: no MME computed .*",
                _(
                    "“%(drug)s” is not a recognised opioid: no MME computed (unknown drugs are "
                    "never guessed)."
                ),
            ),
            _p(
                _Q + r" names (?P<names>.+) but also '(?P<rest>.+)', which is not recognised: .*",
                _(
                    "“%(drug)s” names %(names)s but also “%(rest)s”, which is not recognised: "
                    "enter the drug name alone, with dose, unit and formulation in their own "
                    "fields (no MME computed; names are never guessed)."
                ),
            ),
        ),
        "formulation_unknown": (
            _p(
                r"formulation '(?P<form>.+)' is not recognised; no factor is guessed\.",
                _("Formulation “%(form)s” is not recognised; no factor is guessed."),
            ),
        ),
        "formulation_mismatch": (
            _p(
                _Q + r" is a (?P<implied>\S+) product; the formulation '(?P<form>.+)' "
                r"contradicts it\.",
                _(
                    "“%(drug)s” is a %(implied)s product; the formulation “%(form)s” contradicts "
                    "it."
                ),
            ),
        ),
        "parenteral": (
            _p(
                r"(?P<table>.+) covers oral doses .*no factor for a parenteral dose\.",
                _(
                    "%(table)s covers oral doses (and fentanyl by patch or transmucosal form in "
                    "the analytic file); no factor for a parenteral dose."
                ),
            ),
        ),
        "unit_unknown": (
            _p(
                r"unit '(?P<unit>.*)' is not accepted for (?P<drug>.+) \((?P<form>[^()]+)\): "
                r"give the dose in (?P<expected>\S+)\. Units are never converted\.",
                _(
                    "Unit “%(unit)s” is not accepted for %(drug)s (%(form)s): give the dose in "
                    "%(expected)s. Units are never converted."
                ),
            ),
        ),
        "unit_mismatch": (
            _p(
                r"(?P<drug>.+) \((?P<form>[^()]+)\) is dosed in (?P<expected>\S+), not "
                r"(?P<unit>.+): refused, units are never converted\.",
                _(
                    "%(drug)s (%(form)s) is dosed in %(expected)s, not %(unit)s: refused, units "
                    "are never converted."
                ),
            ),
        ),
        "unit_tablet": (
            _p(
                r"a dose of " + _Q + r" in tablets needs the strength: .*",
                _(
                    "A dose of “%(drug)s” in tablets needs the strength: give the dose in mg "
                    "(strength × tablets a dose). Tablets are accepted for combination products "
                    "whose name fixes the opioid content (e.g. Tylenol No. 3, Percocet, "
                    "Tramacet)."
                ),
            ),
        ),
        "concentration_missing": (
            _p(
                r"a dose in mL needs the liquid's concentration in mg/mL .*",
                _(
                    "A dose in mL needs the liquid’s concentration in mg/mL to compute mg; mL "
                    "are never converted without it."
                ),
            ),
        ),
        "frequency_not_applicable": (
            _p(
                r"a fentanyl patch is counted by its rate in mcg/h .*",
                _(
                    "A fentanyl patch is counted by its rate in mcg/h (worn continuously); times "
                    "a day, frequency and as needed do not apply. Enter each patch strength worn "
                    "at the same time as its own row."
                ),
            ),
        ),
        "combination_strength_unknown": (
            _p(
                _Q + r" is sold in several strengths: .*",
                _(
                    "“%(drug)s” is sold in several strengths: give the opioid component in mg "
                    "(e.g. drug “hydrocodone”, dose 5, unit mg) or name the strength (e.g. "
                    "“hydrocodone/acetaminophen 5/325”)."
                ),
            ),
        ),
        "frequency_unknown": (
            _p(
                r"frequency '(?P<frequency>.+)' is not recognised; give times_per_day .*",
                _(
                    "Frequency “%(frequency)s” is not recognised; give the times a day (for an "
                    "as-needed row, the most a day)."
                ),
            ),
        ),
        "frequency_conflict": (
            _p(
                r"times_per_day (?P<times>[\d.]+) contradicts frequency '(?P<frequency>.+)' "
                r"\((?P<read>[\d.]+) a day\)\.",
                _(
                    "%(times)s times a day contradicts the frequency “%(frequency)s” (%(read)s "
                    "a day)."
                ),
            ),
        ),
        "frequency_missing": (
            _p(
                r"times_per_day or frequency is needed .*",
                _(
                    "The times a day or the frequency is needed to compute a daily dose (for an "
                    "as-needed row, the most a day)."
                ),
            ),
        ),
        "no_factor": (
            _p(
                r"(?P<table>.+) has no factor for (?P<drug>.+) \\(oral\\); read from "
                r"'(?P<typed>.+)'\\.",
                _("%(table)s has no factor for %(drug)s (oral); read from “%(typed)s”."),
            ),
        ),
        "methadone_off_scale": (
            _p(
                r"(?P<table>.+): the methadone sliding scale starts at (?P<minimum>[\d.]+) "
                r"mg/day; the total methadone daily dose is (?P<total>[\d.]+) mg\.",
                _(
                    "%(table)s: the methadone sliding scale starts at %(minimum)s mg/day; the "
                    "total methadone daily dose is %(total)s mg."
                ),
            ),
        ),
        # input errors a form can meet
        "taper.nothing_to_taper": (
            _p(
                r"no opioid in the list could be counted, so there is nothing to taper"
                r"(?: \(.*\))?",
                _(
                    "No opioid in the list could be counted, so there is nothing to taper "
                    "(the rows not counted say why)."
                ),
            ),
        ),
        "taper.strength_too_large": (
            _p(
                r"the strength \((?P<step>[\d.]+)(?P<u>(?: \S+)?)\) is larger than the "
                r"starting daily dose \((?P<dose>[\d.]+)(?: \S+)?\)",
                _(
                    "The strength (%(step)s%(u)s) is larger than the starting daily dose "
                    "(%(dose)s%(u)s)."
                ),
            ),
        ),
        "taper.strength_not_divisor": (
            _p(
                r"a starting daily dose of (?P<dose>[\d.]+)(?P<u>(?: \S+)?) cannot be made of "
                r"(?P<step>[\d.]+)(?: \S+)? units \((?P<below>[\d.]+)(?: \S+)? or "
                r"(?P<above>[\d.]+)(?: \S+)? can\); .*",
                _(
                    "A starting daily dose of %(dose)s%(u)s cannot be made of %(step)s%(u)s "
                    "units (%(below)s%(u)s or %(above)s%(u)s can): give the strength that was "
                    "dispensed, or a dose that is a multiple of it."
                ),
            ),
        ),
        "taper.strength_too_small": (
            _p(
                r"(?P<dose>[\d.]+)(?P<u>(?: \S+)?) a day would take (?P<units>[\d.]+) units "
                r"of (?P<step>[\d.]+)(?: \S+)?; give a strength that needs at most "
                r"(?P<most>\d+) a day",
                _(
                    "%(dose)s%(u)s a day would take %(units)s units of %(step)s%(u)s: give a "
                    "strength that needs at most %(most)s a day."
                ),
            ),
        ),
        "taper.fractional_times": (
            _p(
                r"(?P<label>.+): a plan needs a whole number of doses a day, not "
                r"(?P<times>[\d.]+)",
                _("%(label)s: a plan needs a whole number of doses a day, not %(times)s."),
            ),
        ),
        "taper.invalid_target": (
            _p(
                r"target_mme_per_day must be at least 0 and below the starting MME/day",
                _("The target MME/day must be at least 0 and below the starting MME/day."),
            ),
        ),
        "taper.start_date": (
            _p(
                r"start_date must be a date in the next few years, not (?P<date>\S+)",
                _("The start date must be within the next few years, not %(date)s."),
            ),
        ),
        "instrument.total_range": (
            _p(
                r"(?P<name>.+) total must be from (?P<low>-?[\d.]+) to (?P<high>-?[\d.]+); "
                r"got (?P<value>.+)",
                _("The %(name)s total must be from %(low)s to %(high)s, not %(value)s."),
            ),
        ),
        "instrument.item_range": (
            _p(
                r"(?P<name>.+) item (?P<position>\d+) must be from (?P<low>-?[\d.]+) to "
                r"(?P<high>-?[\d.]+); got (?P<value>.+)",
                _("%(name)s item %(position)s must be from %(low)s to %(high)s, not %(value)s."),
            ),
        ),
        "instrument.item_type": (
            _p(
                r"(?P<name>.+) item (?P<position>\d+) must be a whole number from "
                r"(?P<low>-?\d+) to (?P<high>-?\d+)",
                _("%(name)s item %(position)s must be a whole number from %(low)s to %(high)s."),
            ),
            _p(
                r"(?P<name>.+) total must be a whole number",
                _("The %(name)s total must be a whole number."),
            ),
        ),
        "instrument.item_count": (
            _p(
                r"BPI interference needs at least 4 of 7 items answered; got (?P<n>\d+)",
                _("BPI interference needs at least 4 of its 7 items answered, not %(n)s."),
            ),
        ),
        "instrument.peg_baseline_zero": (
            _p(
                r"a PEG baseline of 0 has no room for a percent improvement",
                _("A PEG baseline of 0 leaves no room for a percent improvement."),
            ),
        ),
    }
)
for _code in ("mme.not_positive", "taper.not_positive"):
    PATTERNS[_code] = (
        _p(r"(?P<field>.+) must be greater than zero", _("%(field)s must be greater than zero.")),
    )
for _code in ("mme.invalid_number", "taper.invalid", "instrument.item_type_number"):
    PATTERNS[_code] = (
        _p(r"(?P<field>.+) must be a (?:finite )?number", _("%(field)s must be a number.")),
    )

for _code in ("mme.invalid_number", "taper.invalid", "instrument.item_type_number"):
    PATTERNS[_code] += (
        _p(
            r"(?P<field>.+) is '(?P<text>.*)': write the number with a decimal point and no "
            r"thousands separator .*",
            _(
                "%(field)s is “%(text)s”: write the number with a decimal point and no "
                "thousands separator (e.g. 2.5 or 2500); a comma could mean either."
            ),
        ),
    )
for _code in ("mme.invalid_number", "taper.invalid", "instrument.item_type_number"):
    PATTERNS[_code] += (
        _p(
            r"(?P<field>.+) is too long to be a number \(more than (?P<most>\d+) characters\)",
            _("%(field)s is too long to be a number (more than %(most)s characters)."),
        ),
    )
for _code in ("mme.invalid_number", "taper.invalid", "instrument.item_type_number"):
    PATTERNS[_code] += (
        _p(
            r"(?P<field>.+) is '(?P<text>.*)': write the number without a thousands separator "
            r"and without trailing zeros .*",
            _(
                "%(field)s is “%(text)s”: write the number without a thousands separator and "
                "without trailing zeros (e.g. 1 or 1000); a point followed by three digits "
                "could mean either."
            ),
        ),
    )
for _code in ("mme.invalid_number", "taper.invalid", "instrument.item_type_number"):
    PATTERNS[_code] += (
        _p(
            r"(?P<field>.+) is '(?P<text>.*)': write the number with digits and a decimal point "
            r"only .*",
            _(
                "%(field)s is “%(text)s”: write the number with digits and a decimal point only "
                "(e.g. 2.5 or 25); an underscore could stand for a decimal mark."
            ),
        ),
    )
PATTERNS["mme.invalid_number"] += (
    _p(
        r"(?P<field>.+) '(?P<value>.*)' does not make an exact number of mg per mL \(to four "
        r"decimals\): give the mg per mL as a number\.",
        _(
            "%(field)s “%(value)s” does not make an exact number of mg per mL (to four "
            "decimals): give the mg per mL as a number."
        ),
    ),
)
PATTERNS["taper.too_precise"] = (
    _p(
        r"(?P<drug>.+): a dose or strength of (?P<value>[\d.]+) (?P<unit>\S+) has more than "
        r"three decimals; .*",
        _(
            "%(drug)s: a dose or strength of %(value)s %(unit)s has more than three decimals; a "
            "plan’s doses are exact to 0.001 %(unit)s and rounding would change the dose. Give "
            "the dose, strengths and concentration with fewer decimals."
        ),
    ),
)
PATTERNS["prn_limits_disagree"] = (
    _p(
        r"row (?P<row>\d+) \((?P<drug>.+?)\): '(?P<frequency>.+)' allows (?P<allowed>\S+) doses "
        r"a day by its interval, but its maximum says (?P<stated>\S+): counted at \S+, as both "
        r"limits bind; .*",
        _(
            "row %(row)s (%(drug)s): “%(frequency)s” allows %(allowed)s doses a day by its "
            "interval, but its maximum says %(stated)s: counted at %(allowed)s, as both limits "
            "bind; check which the prescriber meant (if %(stated)s a day, an interval that "
            "allows them)."
        ),
    ),
)
# Refusals and warnings of the sixth hunt on unseen regimens (2026-12-06): each says why.
PATTERNS["frequency_unknown"] += (
    _p(
        r"frequency '(?P<frequency>.+)' is not read: a fraction can mean how often or how long .*",
        _(
            "The frequency “%(frequency)s” is not read: a fraction can mean how often or how "
            "long (“12/12” is read as every 12 hours or as 12 months), and ISMP Canada strongly "
            "discourages fractions for frequency or duration (Safety Bulletin 2018;18(4)). "
            "Write the frequency as “q12h” or “2 times a day”, or give the times a day."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: taken only while awake, .*",
        _(
            "The frequency “%(frequency)s” is not read: taken only while awake, the doses a "
            "day depend on the hours the patient is awake, which the prescription does not "
            "say. Give the most doses a day as the times a day."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: 'f/j' is in no published abbreviation .*",
        _(
            "The frequency “%(frequency)s” is not read: “f/j” is in no published abbreviation "
            "list, so no count is read from it. Write “fois par jour” in full (e.g. “3 fois "
            "par jour”), “3x/j” or “tid”, or give the times a day."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it starts with an amount of tablets other "
        r"than one, and the dose is in (?P<unit>\S+): (?P<dose>\S+) \S+ may be .*",
        _(
            "The frequency “%(frequency)s” is not read: it starts with an amount of tablets "
            "other than one, and the dose is in %(unit)s: %(dose)s %(unit)s may be one "
            "tablet’s strength or the whole dose, so the dose is not guessed. Give the whole "
            "dose in mg and the times a day (or, for a combination product, the dose in "
            "tablets)."
        ),
    ),
)
PATTERNS["unit_unknown"] += (
    _p(
        r"unit 'cc' is on ISMP Canada's Do Not Use list .*",
        _(
            "The unit “cc” is on ISMP Canada’s Do Not Use list (mistaken for “u”, units): "
            "give the dose in mL, with the liquid’s concentration in mg/mL. Units are never "
            "converted."
        ),
    ),
)
PATTERNS["oat_product"] = (
    _p(
        r"row (?P<row>\d+) \((?P<drug>.+?)\): this methadone product is sold in Canada for "
        r"opioid agonist treatment .*",
        _(
            "row %(row)s (%(drug)s): this methadone product is sold in Canada for opioid "
            "agonist treatment (OAT) of opioid use disorder; if it is OUD treatment, mark its "
            "purpose as OUD: the conversion factors and the dose guideposts do not apply to it "
            "(CDC 2022). Counted here as for pain until marked."
        ),
    ),
)
PATTERNS["mme.invalid_number"] += (
    _p(
        r"(?P<field>.+) is '(?P<text>.*)': a range is not one number, so it is not read\. .*",
        _(
            "%(field)s is “%(text)s”: a range is not one number, so it is not read. Give the "
            "highest (e.g. 2 for “1-2”): as-needed doses are counted at the most prescribed."
        ),
    ),
    _p(
        r"(?P<field>.+) is '(?P<text>.*)': a number with a slash may be a fraction or a "
        r"strength .*",
        _(
            "%(field)s is “%(text)s”: a number with a slash may be a fraction or a strength "
            "(e.g. “10/325”), so it is not read. Write a fraction as a decimal or with its own "
            "character (0.5 or ½; 1.5 or 1 ½)."
        ),
    ),
)
PATTERNS["duplicate_row"] = (
    _p(
        r"rows (?P<one>\d+) and (?P<other>\d+) \((?P<drug>.+)\) are the same: both are "
        r"counted; .*",
        _(
            "rows %(one)s and %(other)s (%(drug)s) are the same: both are counted; check the "
            "row is not entered twice (a taper planned from a row entered twice would cut the "
            "dose twice as fast as its rule)."
        ),
    ),
)
PATTERNS["taper.too_many_medications"] = (
    _p(
        r"medications lists (?P<rows>[\d,]+) rows; a plan is made for at most (?P<most>\d+) .*",
        _("The list has %(rows)s rows; a plan is made for at most %(most)s."),
    ),
)
PATTERNS["taper.too_many_doses"] = (
    _p(
        r"(?P<label>.+): the strengths (?P<strengths>.+) mg make more than (?P<most>[\d,]+) "
        r"different doses up to the current (?P<dose>\S+) mg, too many to plan over\..*",
        _(
            "%(label)s: the strengths %(strengths)s mg make more than %(most)s different doses "
            "up to the current %(dose)s mg, too many to plan over. Give the strengths actually "
            "dispensed (tablet strengths, or the smallest volume measured for a liquid)."
        ),
    ),
)
PATTERNS["above_label_maximum"] = (
    _p(
        r"(?P<drug>.+): (?P<daily>\S+) mg/day in all is above the (?P<most>\S+) mg/day "
        r"maximum of its product monographs; check the dose\.",
        _(
            "%(drug)s: %(daily)s mg/day in all is above the %(most)s mg/day maximum of its "
            "product monographs; check the dose."
        ),
    ),
)
# The acetaminophen of the combination rows above the 4 g/day maximum of the product monographs
# ("grams" is written in the reader's number format: « 5,4 g/j »).
_APAP_TAIL = (
    r" give (?P<grams>\d+(?:\.\d+)?) g/day in all, above the maximum daily dose of 4 g/day "
    r"\(4,000 mg\) for adults in the Canadian product monographs \(Health Canada "
    r"labelling\)\. The opioid is counted as prescribed; .*"
)
PATTERNS["acetaminophen_maximum"] = (
    _p(
        r"acetaminophen: the combination products \(row (?P<rows>\d+)\)" + _APAP_TAIL,
        _(
            "acetaminophen: the combination products (row %(rows)s) give %(grams)s g/day in "
            "all, above the maximum daily dose of 4 g/day (4,000 mg) for adults in the "
            "Canadian product monographs (Health Canada labelling). The opioid is counted as "
            "prescribed; check the acetaminophen dose, and any acetaminophen taken besides."
        ),
    ),
    _p(
        r"acetaminophen: the combination products \(rows (?P<rows>\d+(?:, \d+)+)\)" + _APAP_TAIL,
        _(
            "acetaminophen: the combination products (rows %(rows)s) give %(grams)s g/day in "
            "all, above the maximum daily dose of 4 g/day (4,000 mg) for adults in the "
            "Canadian product monographs (Health Canada labelling). The opioid is counted as "
            "prescribed; check the acetaminophen dose, and any acetaminophen taken besides."
        ),
    ),
)
# clinfix9 (2026-12-06): rows of acetaminophen alone are added to the combination rows.
PATTERNS["acetaminophen_maximum"] += (
    _p(
        r"acetaminophen: the combination products and acetaminophen alone \(rows "
        r"(?P<rows>\d+(?:, \d+)+)\)" + _APAP_TAIL,
        _(
            "acetaminophen: the combination products and acetaminophen alone (rows %(rows)s) "
            "give %(grams)s g/day in all, above the maximum daily dose of 4 g/day (4,000 mg) for "
            "adults in the Canadian product monographs (Health Canada labelling). The opioid is "
            "counted as prescribed; check the acetaminophen dose, and any acetaminophen taken "
            "besides."
        ),
    ),
    _p(
        r"acetaminophen: acetaminophen alone \(row (?P<rows>\d+)\)" + _APAP_TAIL,
        _(
            "acetaminophen: acetaminophen alone (row %(rows)s) gives %(grams)s g/day, above the "
            "maximum daily dose of 4 g/day (4,000 mg) for adults in the Canadian product "
            "monographs (Health Canada labelling); check the acetaminophen dose, and any "
            "acetaminophen taken besides."
        ),
    ),
    _p(
        r"acetaminophen: acetaminophen alone \(rows (?P<rows>\d+(?:, \d+)+)\)" + _APAP_TAIL,
        _(
            "acetaminophen: acetaminophen alone (rows %(rows)s) gives %(grams)s g/day in all, "
            "above the maximum daily dose of 4 g/day (4,000 mg) for adults in the Canadian "
            "product monographs (Health Canada labelling); check the acetaminophen dose, and "
            "any acetaminophen taken besides."
        ),
    ),
)
PATTERNS["mme.absurd_number"] = (
    _p(
        r"(?P<field>.+) is (?P<value>\S+), which cannot be a real .+: it must be between "
        r"(?P<low>\S+) and (?P<high>\S+)\. Check the number and its unit\.",
        _(
            "%(field)s is %(value)s, which cannot be a real dose, count or strength: it must be "
            "between %(low)s and %(high)s. Check the number and its unit."
        ),
    ),
)
PATTERNS["not_opioid"] = (
    _p(
        _Q + r" is an opioid antagonist \((?P<antagonist>[a-z]+)\), not an opioid: not counted "
        r"in MME\.",
        _(
            "“%(drug)s” is an opioid antagonist (%(antagonist)s), not an opioid: not counted in "
            "MME."
        ),
    ),
)
PATTERNS["mme.text_too_long"] = (
    _p(
        r"(?P<field>.+) is (?P<length>[\d,]+) characters long; no prescription needs more than "
        r"(?P<most>\d+) characters here\. Write the \S+ alone\.",
        _(
            "%(field)s is %(length)s characters long; no prescription needs more than "
            "%(most)s characters here. Shorten it."
        ),
    ),
)
PATTERNS["taper.absurd_number"] = (
    _p(
        r"(?P<field>.+) is (?P<value>\S+), which cannot be real: it must be between "
        r"(?P<low>\S+) and (?P<high>\S+)\. Check the number and its unit\.",
        _(
            "%(field)s is %(value)s, which cannot be real: it must be between %(low)s and "
            "%(high)s. Check the number and its unit."
        ),
    ),
)
PATTERNS["combination_strength_unknown"] += (
    _p(
        r"the strength in " + _Q + r" could not be read as opioid mg / non-opioid mg .*",
        _(
            "The strength in “%(drug)s” could not be read as opioid mg / non-opioid mg (the "
            "numbers in the order of the names, the opioid part smaller than the non-opioid "
            "part, e.g. "
            "“oxycodone/acetaminophen 5/325”, “acetaminophen-codeine 300/30” or “Percocet "
            "10/325”): give the opioid component in mg (e.g. drug “oxycodone”, "
            "dose 5, unit mg). No strength is guessed."
        ),
    ),
)
PATTERNS["frequency_unknown"] += (
    _p(
        r"frequency '(?P<frequency>.+)' counts tablets but the dose is in (?P<unit>.+?): .*",
        _(
            "The frequency “%(frequency)s” counts tablets but the dose is in %(unit)s: give the "
            "most doses a day as the times a day (or the dose in tablets); tablets are never "
            "converted to doses by guess."
        ),
    ),
)
# The seventh hunt (2026-12-06): a maximum in tablets below one dose is refused, not cut.
PATTERNS["frequency_unknown"] += (
    _p(
        r"frequency '(?P<frequency>.+)' allows at most (?P<most>\S+) tablet\(s\) a day, less "
        r"than one dose of (?P<dose>\S+) tablets: .*",
        _(
            "The frequency “%(frequency)s” allows at most %(most)s tablet(s) a day, less than "
            "one dose of %(dose)s tablets: check the dose and the maximum; a dose is never cut "
            "to fit a maximum."
        ),
    ),
)
# The eighth hunt (2026-12-06): split doses, scheduled + as needed in one row, doses less often
# than daily, and a fentanyl patch "changed weekly" are refused with what to enter.
PATTERNS["frequency_unknown"] += (
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it gives different doses at different "
        r"times of day.*",
        _(
            "The frequency “%(frequency)s” is not read: it gives different doses at different "
            "times of day, and a row holds one dose. Enter each dose as its own row (e.g. 10 mg "
            "“in the morning” and 5 mg “at bedtime”): each is then counted and tapered exactly."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it joins scheduled doses and doses as "
        r"needed in one row.*",
        _(
            "The frequency “%(frequency)s” is not read: it joins scheduled doses and doses as "
            "needed in one row, so neither count is known. Enter them as two rows: the "
            "scheduled doses (e.g. “bid”), and the doses as needed with their interval or most "
            "a day (e.g. “q4h prn, max 4/day”), counted at that most."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it gives doses less often than once a "
        r"day\..*",
        _(
            "The frequency “%(frequency)s” is not read: it gives doses less often than once a "
            "day. The MME is of a daily dose, no oral opioid in the CDC tables is taken weekly "
            "or every other day, and an average over the days between would hide the dose "
            "taken at once, so none is computed. Check the frequency (a patch is entered by "
            "its rate in mcg/h)."
        ),
    ),
)
PATTERNS["frequency_not_applicable"] += (
    _p(
        r"a fentanyl patch is changed every 72 hours \(every 48 hours for some patients\), "
        r"not as '(?P<frequency>.+)' says; .*",
        _(
            "A fentanyl patch is changed every 72 hours (every 48 hours for some patients), not "
            "as “%(frequency)s” says; a patch changed every 7 days is a buprenorphine patch "
            "(e.g. BuTrans), which is not counted in the MME. Check the drug and the schedule; "
            "a fentanyl patch is counted by its rate in mcg/h."
        ),
    ),
)
# clinfix9 (2026-12-06): a daily maximum in mg ("q4h prn, max 30 mg/day") that the row's dose
# cannot turn into a whole number of doses is refused with what to check.
PATTERNS["frequency_unknown"] += (
    _p(
        r"frequency '(?P<frequency>.+)' gives a maximum of (?P<most>\S+) mg a day, which needs "
        r"the liquid's concentration in mg/mL to be read as doses: .*",
        _(
            "The frequency “%(frequency)s” gives a maximum of %(most)s mg a day, which needs the "
            "liquid's concentration in mg/mL to be read as doses: give the most doses a day as "
            "the times a day (or the maximum in doses, e.g. “max 4/day”); mg are never "
            "converted to doses by guess."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' gives a maximum of (?P<most>\S+) mg a day, which needs "
        r"the dose in mg \(it is in (?P<unit>.+?)\) to be read as doses: .*",
        _(
            "The frequency “%(frequency)s” gives a maximum of %(most)s mg a day, which needs the "
            "dose in mg (it is in %(unit)s) to be read as doses: give the most doses a day as "
            "the times a day (or the maximum in doses, e.g. “max 4/day”); mg are never "
            "converted to doses by guess."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' allows at most (?P<most>\S+) mg a day, less than one "
        r"dose of (?P<dose>\S+) mg: .*",
        _(
            "The frequency “%(frequency)s” allows at most %(most)s mg a day, less than one dose "
            "of %(dose)s mg: check the dose and the maximum; a dose is never cut to fit a "
            "maximum."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' allows at most (?P<most>\S+) mg a day, which is not a "
        r"whole number of doses of (?P<dose>\S+) mg: .*",
        _(
            "The frequency “%(frequency)s” allows at most %(most)s mg a day, which is not a "
            "whole number of doses of %(dose)s mg: check the dose and the maximum, or give the "
            "most doses a day as the times a day; a dose is never cut to fit a maximum."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' allows (?P<most>\S+) mg a day, more than 100 doses of "
        r"(?P<dose>\S+) mg: .*",
        _(
            "The frequency “%(frequency)s” allows %(most)s mg a day, more than 100 doses of "
            "%(dose)s mg: check the dose and the maximum."
        ),
    ),
)
PATTERNS["rapid_rule_long_term"] += (
    _p(
        r"(?P<rule>[^()]+) \((?P<guideline>.+)\) is too fast for long-term use at 50 MME/day "
        r"or more, and the MME/day cannot be checked against 50 because (?P<rows>.+) could "
        r"not be counted .*",
        _(
            "%(rule)s (%(guideline)s) is too fast for long-term use at 50 MME/day or more, and "
            "the MME/day cannot be checked against 50 because %(rows)s could not be counted "
            "(see the MME calculator's reasons). The sources are silent on this case, so the "
            "safer side is taken: use the long-term rule (about 10 %% per month or slower), or "
            "correct the rows that could not be counted."
        ),
    ),
)

PATTERNS["step_too_large"] += (
    _p(
        r"(?P<drug>.+): the next reduction, (?P<here>[\d.]+) -> (?P<there>[\d.]+) (?P<unit>\S+) "
        r"\(the smallest the strengths (?P<strengths>.+?) (?P=unit) can make\), would cut faster "
        r"than the rule \((?P<cut>[\d.]+) % of the (?P<of>starting scheduled|current scheduled|"
        r"starting|current) MME/day where the "
        r"rule allows (?P<allowed>[\d.]+) %\): a smaller strength \(or another formulation\) is "
        r"needed to continue; the plan stops here rather than cut faster(?:\.(?P<hint>.*))?",
        _(
            "%(drug)s: the next reduction, %(here)s → %(there)s %(unit)s (the smallest the "
            "strengths %(strengths)s %(unit)s can make), would cut faster than the rule (%(cut)s "
            "%% of the %(of)s MME/day where the rule allows %(allowed)s %%): a smaller strength "
            "(or another formulation) is needed to continue; the plan stops here rather than cut "
            "faster%(hint)s"
        ),
    ),
)
#: The bases named in a coded message ("of the starting MME/day").
_OF = {
    "starting": pgettext_lazy("of the ... MME/day", "starting"),
    "current": pgettext_lazy("of the ... MME/day", "current"),
    # an as-needed maximum never widens a scheduled dose's cut (clinical.regimen `_schedule`)
    "starting scheduled": pgettext_lazy("of the ... MME/day", "starting scheduled"),
    "current scheduled": pgettext_lazy("of the ... MME/day", "current scheduled"),
}
#: The hints after a plan's stop (clinical.regimen `_stop_reason`).
_HINTS: tuple[Pattern, ...] = (
    _p(
        r" A 12 mcg/h patch would make smaller steps; below it, an oral immediate-release "
        r"bridge \(with specialist advice\) is needed\.",
        _(
            "A 12 mcg/h patch would make smaller steps; below it, an oral immediate-release "
            "bridge (with specialist advice) is needed."
        ),
    ),
    _p(
        r" No patch is small enough for a step within the rule; consider an oral "
        r"immediate-release bridge with specialist advice\.",
        _(
            "No patch is small enough for a step within the rule; consider an oral "
            "immediate-release bridge with specialist advice."
        ),
    ),
    _p(
        r" A strength of (?P<n>[\d.]+) (?P<unit>\S+) or less \(e\.g\. an immediate-release "
        r"tablet or an oral liquid\) would keep each step within the rule\.",
        _(
            "A strength of %(n)s %(unit)s or less (e.g. an immediate-release tablet or an oral "
            "liquid) would keep each step within the rule."
        ),
    ),
)


# The ninth hunt (2026-12-06) and clinfix10: numbers in scientific notation or in words, a
# fraction character other than ½ ¼ ¾, a taper percent that is not a number, tablets given in
# the frequency and in the dose, and a fentanyl patch rate or strength below 12 mcg/h.
for _code in ("mme.invalid_number", "taper.invalid", "instrument.item_type_number"):
    PATTERNS[_code] += (
        _p(
            r"(?P<field>.+) is '(?P<text>.*)': a number in scientific notation \(1e2 = 100\) is "
            r"not read; .*",
            _(
                "%(field)s is “%(text)s”: a number in scientific notation (1e2 = 100) is not "
                "read; no clinician writes one so, and a typo would be read as another number. "
                "Write it in digits (e.g. 100, 12 or 0.2)."
            ),
        ),
        _p(
            r"(?P<field>.+) is '(?P<text>.*)': a number in words or Roman numerals .* is not "
            r"read; .*",
            _(
                "%(field)s is “%(text)s”: a number in words or Roman numerals (e.g. “ii”, “one "
                "and a half”, “deux”) is not read; write it in digits (e.g. 2, 1.5 or 1 ½)."
            ),
        ),
        _p(
            r"(?P<field>.+) is '(?P<text>.*)': of the fraction characters only ½, ¼ and ¾ are "
            r"read; write (?P<character>\S+) as a decimal .*",
            _(
                "%(field)s is “%(text)s”: of the fraction characters only ½, ¼ and ¾ are read; "
                "write %(character)s as a decimal (e.g. 0.5), or give the dose in mg."
            ),
        ),
    )
PATTERNS["taper.invalid"] += (
    _p(
        r"percent is '(?P<text>.*)': give the reduction per step as a number, with or without "
        r"its sign .*",
        _(
            "The percent is “%(text)s”: give the reduction per step as a number, with or without "
            "its sign (e.g. 10, 10 %% or 10,5 %%)."
        ),
    ),
    _p(
        r"percent is not a number: give the reduction per step as a number, with or without its "
        r"sign .*",
        _(
            "The percent is not a number: give the reduction per step as a number, with or "
            "without its sign (e.g. 10, 10 %% or 10,5 %%)."
        ),
    ),
)
PATTERNS["frequency_unknown"] += (
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it starts with an amount of tablets, and "
        r"the dose field says (?P<dose>\S+) \((?P<unit>.+?)\): the tablets a dose are not "
        r"guessed from two places\..*",
        _(
            "The frequency “%(frequency)s” is not read: it starts with an amount of tablets, "
            "and the dose field says %(dose)s (%(unit)s): the tablets a dose are not guessed "
            "from two places. Give the tablets a dose in the dose field (the most, e.g. 2 for "
            "“1-2 tabs”: as-needed doses are counted at the most prescribed) and only how "
            "often here (e.g. “q4-6h prn”)."
        ),
    ),
)
PATTERNS["unit_mismatch"] += (
    _p(
        r"a fentanyl patch rate of (?P<rate>[\d.]+) mcg/h is below the smallest patch \(12 "
        r"mcg/h\), and patches are not cut: check the unit \((?P<mg>[\d.]+) mg/h is "
        r"(?P<mcg>[\d.]+) mcg/h; .*",
        _(
            "A fentanyl patch rate of %(rate)s mcg/h is below the smallest patch (12 mcg/h), and "
            "patches are not cut: check the unit (%(mg)s mg/h is %(mcg)s mcg/h; a patch’s "
            "content in mg is not its rate). Give the rate printed on the patch, in mcg/h."
        ),
    ),
    _p(
        r"a fentanyl patch strength of (?P<rate>[\d.]+) mcg/h on hand is below the smallest "
        r"patch \(12 mcg/h\).*",
        _(
            "A fentanyl patch strength of %(rate)s mcg/h on hand is below the smallest patch (12 "
            "mcg/h), and patches are not cut: check the strengths on hand, in mcg/h as printed "
            "on the patches."
        ),
    ),
)


#: The sentence naming the patch cap before a stop's hint (eleventh hunt).
_PATCH_CAP = _p(
    r" A plan wears at most (?P<most>\d+) patches at once \(the sources give no number\); "
    r"(?P<n>\d+) patches would make (?P<rate>[\d.]+) mcg/h, a smaller step\.",
    _(
        "A plan wears at most %(most)s patches at once (the sources give no number); %(n)s "
        "patches would make %(rate)s mcg/h, a smaller step."
    ),
)


def _hint(english: str | None) -> str:
    """The sentence after a stop's reason: "." and the hint in the active language."""
    if english is None:
        return ""
    cap = _PATCH_CAP.english.match(english)
    if cap:
        return ". " + str(_PATCH_CAP.text) % cap.groupdict() + _hint(english[cap.end() :])[1:]
    for pattern in _HINTS:
        found = pattern.english.fullmatch(english)
        if found:
            return ". " + str(pattern.text) % found.groupdict()
    return "." + english


#: Notes of one counted row (`RowMme.notes`) with parameters: the CDC 2016 methadone scale.
ROW_NOTES: tuple[Pattern, ...] = (
    _p(
        r"Patch changed every (?P<hours>\d+) hours \('(?P<frequency>.*)'\): counted by its "
        r"rate in mcg/h, worn continuously\.",
        _(
            "Patch changed every %(hours)s hours (“%(frequency)s”): counted by its rate in "
            "mcg/h, worn continuously."
        ),
    ),
    _p(
        r"CDC 2016 sliding scale: total methadone (?P<total>[\d.]+) mg/day -> factor "
        r"(?P<tier>[\d.]+)\.",
        _("CDC 2016 sliding scale: total methadone %(total)s mg/day, so factor %(tier)s."),
    ),
    _p(
        r"CDC 2016 states methadone tiers only up to 80 mg/day .*; (?P<total>[\d.]+) mg/day is "
        r"above the table, .*",
        _(
            "CDC 2016 states methadone tiers only up to 80 mg/day (61–80: × 12); %(total)s "
            "mg/day is above the table, so × 12 is applied as the CDC/CQF calculator does, which "
            "may underestimate. Seek specialist advice for methadone."
        ),
    ),
    _p(
        r"(?P<n>\d+) row\(s\) could not be counted \(see excluded\); the total and the "
        r"guideposts cover the counted rows only\.",
        _(
            "%(n)s row(s) could not be counted (see the rows not counted); the total and the "
            "guideposts cover the counted rows only."
        ),
    ),
)


def _mme_fixed() -> dict[str, Promise]:
    """The MME package's fixed notes and cautions (quoted guidance, said in French as a free
    translation in « »), keyed by the package's own constants so that a change there falls
    back to its English instead of showing a stale translation."""
    from clinical import mme

    return {
        mme.PRN_RULE: _(
            "As-needed (PRN) rows count at the most a day they allow: the times a day (or the "
            "shortest interval of the frequency) is read as the most doses a day, not actual use."
        ),
        mme.BUPRENORPHINE_NOTE: _(
            "Buprenorphine is not counted in the MME total. CDC 2022: “Buprenorphine products "
            "approved for the treatment of pain are not included in the table because of their "
            "partial µ-receptor agonist activity and resultant ceiling effects compared with full "
            "µ-receptor agonists.” (The CDC analytic data file, 2018 version, also lists no "
            "buprenorphine factor.)"
        ),
        mme.FENTANYL_CAUTION: _(
            "CDC 2022: “Use particular caution with transdermal fentanyl because it is dosed in "
            "mcg/hr instead of mg/day, and its absorption is affected by heat and other "
            "factors.”"
        ),
        mme.METHADONE_CAUTION: _(
            "CDC 2022: “Use particular caution with methadone dose conversions because "
            "methadone has a long and variable half-life, and peak respiratory depressant effect "
            "occurs later and lasts longer than peak analgesic effect.”"
        ),
        mme.TAPENTADOL_NOTE: _(
            "CDC 2022: “Tapentadol is a µ-receptor agonist and norepinephrine reuptake "
            "inhibitor. MMEs are based on degree of µ-receptor agonist activity; however, it is "
            "unknown whether tapentadol is associated with overdose in the same dose-dependent "
            "manner as observed with medications that are solely µ-receptor agonists.”"
        ),
        mme.TRAMADOL_NOTE: _(
            "CDC 2022: tramadol is a µ-receptor agonist and norepinephrine and serotonin "
            "reuptake inhibitor; it is unknown whether it is associated with overdose in the "
            "same dose-dependent manner as medications that are solely µ-receptor agonists."
        ),
        mme.ANALYTIC_CAVEAT: _(
            "CDC analytic data file: the factor “is intended only for analytic purposes where "
            "prescription data are used to retrospectively calculate daily MME… does not "
            "constitute clinical guidance… This is particularly true with regard to "
            "methadone.” Methadone 3 “could underestimate MME for a given patient.”"
        ),
        mme.ANALYTIC_PATCH_NOTE: _(
            "CDC analytic file: fentanyl patch factor 7.2 per mcg/h per patch-day-supply, a "
            "patch lasting 3 days (rate × 7.2 / 3 for a patch worn continuously)."
        ),
    }


def note(english: str) -> str:
    """A note of an MME result or of one of its rows (fixed, or the methadone scale's)."""
    if not english:
        return english
    for pattern in ROW_NOTES:
        found = pattern.english.fullmatch(english)
        if found:
            return str(pattern.text) % found.groupdict()
    fixed = FIXED.get(english) or _mme_fixed().get(english)
    if fixed is not None:
        return str(fixed)
    return english


def input_error(code: str | None, english: str) -> str:
    """A `ClinicalInputError` (its code and English message) in the reader's language, for
    the forms that show it (case scores and taper, the calculator); its English when new."""
    return message(code, english)


def localized_date(value: Any) -> Any:
    """An ISO date of a plan (a step's date, its follow-up) in the reader's format
    ("4 Dec 2026" / « 4 déc. 2026 »); anything else as it is."""
    import datetime as dt

    from django.utils import formats

    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    return value


#: MME guideposts (`clinical.mme.GUIDEPOSTS`) by code: the text people read.
GUIDEPOSTS: dict[str, Promise] = {
    "mme-50-cdc2022": _(
        "Guidepost, not a limit: CDC 2022 (Recommendation 4, body text) advises that before "
        "increasing total opioid dosage to ≥50 MME/day clinicians pause and carefully reassess "
        "evidence of individual benefits and risks, and that at ≥50 MME/day from all sources "
        "they implement additional precautions, including increased frequency of follow-up, "
        "and offer naloxone and overdose prevention education."
    ),
    "mme-50-canada2017": _(
        "Guidepost, not a limit: Canada 2017 (Recommendation 7, weak) suggests that for "
        "patients beginning opioid therapy the prescribed dose be restricted to less than 50 mg "
        "morphine equivalents daily."
    ),
    "mme-90-canada2017": _(
        "Guidepost, not a limit: Canada 2017 recommends (Recommendation 6, strong) restricting "
        "the dose to less than 90 mg morphine equivalents daily for patients beginning "
        "long-term opioid therapy, and for patients currently using 90 mg or more suggests "
        "(Recommendation 9, weak) tapering to the lowest effective dose, potentially including "
        "discontinuation."
    ),
    "naloxone-mme-50": _(
        "Consider naloxone (a guidepost, not a limit): CDC 2022 (Recommendation 8) advises "
        "offering naloxone, particularly to patients at increased risk of overdose, which "
        "includes dosages of ≥50 MME/day."
    ),
    "opioid-benzodiazepine": _(
        "Guidepost, not a limit: opioid with a benzodiazepine. CDC 2022 (Recommendation 11): "
        "“Clinicians should use particular caution when prescribing opioid pain medication and "
        "benzodiazepines concurrently and consider whether benefits outweigh risks of "
        "concurrent prescribing of opioids and other central nervous system depressants.”"
    ),
    "opioid-gabapentinoid": _(
        "Guidepost, not a limit: opioid with a gabapentinoid (gabapentin or pregabalin). CDC "
        "2022 (Recommendation 11) advises particular caution with opioids and other central "
        "nervous system depressants; gabapentinoids taken with opioids add to the risk of "
        "respiratory depression (Health Canada safety review, 2019)."
    ),
    "naloxone-benzodiazepine": _(
        "Consider naloxone (a guidepost, not a limit): CDC 2022 (Recommendation 8) names "
        "concurrent benzodiazepine use among the factors of increased overdose risk for which "
        "naloxone should be offered, whatever the dose."
    ),
}

# Tenth hunt (clinhunt10): oxycodone/naloxone strengths no tablet has, names pasted from a
# pharmacy label or holding a concentration or a strength, and frequencies with a count in words,
# alternating doses, meals alone or a quantity dispensed: each refused saying what to write.
PATTERNS["combination_strength_unknown"] += (
    _p(
        r"the strength in " + _Q + r" is not one of the oxycodone/naloxone tablets .*",
        _(
            "The strength in “%(drug)s” is not one of the oxycodone/naloxone tablets (Targin "
            "5/2.5, 10/5, 20/10 or 40/20 mg, oxycodone first): write one of these with the dose "
            "in tablets, or the oxycodone alone (drug “oxycodone”, the dose in mg). Naloxone is "
            "not counted; no strength is guessed."
        ),
    ),
)
PATTERNS["unknown_drug"] += (
    _p(
        _Q + r" reads as a line of a pharmacy label or dispensing record \(DIN, quantity, "
        r"days' supply\): enter the drug name alone \(e\.g\. '(?P<opioid>.+)'\), .*",
        _(
            "“%(drug)s” reads as a line of a pharmacy label or dispensing record (DIN, "
            "quantity, days' supply): enter the drug name alone (e.g. “%(opioid)s”), the dose "
            "taken at once and how often from the directions (e.g. dose 10, unit “mg”, "
            "frequency “qid”). A quantity over the days' supply is an average, not the dose "
            "taken at once, so no dose is derived from it (no MME computed)."
        ),
    ),
    _p(
        _Q + r" holds the liquid's concentration in its name: enter the drug name alone "
        r"\(e\.g\. '(?P<opioid>.+)'\), .*",
        _(
            "“%(drug)s” holds the liquid's concentration in its name: enter the drug name alone "
            "(e.g. “%(opioid)s”), the dose in mL and the concentration as on the label in its "
            "own field (e.g. “1 mg/mL” or “10 mg/5 mL”), or the dose in mg. The concentration "
            "is never read from the name (no MME computed)."
        ),
    ),
    _p(
        _Q + r" holds a strength in its name: enter the drug name alone \(e\.g\. "
        r"'(?P<opioid>.+)'\) .*",
        _(
            "“%(drug)s” holds a strength in its name: enter the drug name alone (e.g. "
            "“%(opioid)s”) and the dose taken at once in mg (the strength × the tablets a dose, "
            "e.g. 20 mg for two 10 mg tablets), and the strengths on hand in their own field "
            "for a taper. A strength in the name is never read as the dose (no MME computed)."
        ),
    ),
    _p(
        _Q + r" holds a patch rate in its name: enter the drug name alone \(e\.g\. "
        r"'(?P<opioid>.+)'\) and the patch rate worn as the dose .*",
        _(
            "“%(drug)s” holds a patch rate in its name: enter the drug name alone (e.g. "
            "“%(opioid)s”) and the patch rate worn as the dose (e.g. dose 25, unit “mcg/h”; two "
            "25 mcg/h patches worn together: 50) (no MME computed)."
        ),
    ),
)
PATTERNS["frequency_unknown"] += (
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it says to take the doses as directed, not "
        r"how often, .*",
        _(
            "The frequency “%(frequency)s” is not read: it says to take the doses as directed, "
            "not how often, so no count is read. Write how often from the directions (e.g. "
            "“bid” or “q6h prn, max 4/day”)."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it says as needed but not how often, .*",
        _(
            "The frequency “%(frequency)s” is not read: it says as needed but not how often, and "
            "as-needed doses are counted at the most a day, which is not said. Give the interval "
            "or the most a day (e.g. “q4h prn” or “prn, max 4/day”)."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: 'x' and a number with no unit after it is "
        r"not recognised, .*",
        _(
            "The frequency “%(frequency)s” is not read: “x” and a number with no unit after it "
            "is not recognised, as it may mean tablets a dose, doses or days. Give the tablets a "
            "dose in the dose field, and a course's length with its unit (e.g. “bid x 2 "
            "days”), or leave it out."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it gives a quantity dispensed or a days' "
        r"supply, .*",
        _(
            "The frequency “%(frequency)s” is not read: it gives a quantity dispensed or a "
            "days' supply, as a pharmacy label does; their ratio is an average, not how often a "
            "dose is taken, so no count is derived from it. Write how often from the directions "
            "(e.g. “qid” or “q6h prn”)."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it starts with a number of tablets in "
        r"words or Roman numerals, .*",
        _(
            "The frequency “%(frequency)s” is not read: it starts with a number of tablets in "
            "words or Roman numerals, which is never read (“i” and “1” are mistaken for each "
            "other). Write the tablets a dose in figures in the dose field (e.g. dose 2, unit "
            "“tablet”; for as-needed doses, the most) and only how often here (e.g. “q6h prn”)."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it alternates doses from one day to the "
        r"next, .*",
        _(
            "The frequency “%(frequency)s” is not read: it alternates doses from one day to the "
            "next, and a row holds one dose taken every day; an average would hide the larger "
            "day's dose, so none is computed. For the MME, enter the larger day's doses (the "
            "higher MME/day, the safer side), and plan a taper with the hub: an automatic plan "
            "starts from one daily dose."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it says when to take the doses \(with or "
        r"around meals\) but not how many a day\..*",
        _(
            "The frequency “%(frequency)s” is not read: it says when to take the doses (with or "
            "around meals) but not how many a day. Write how often (e.g. “tid with meals” or "
            "“3 times a day”), or give the times a day."
        ),
    ),
)

# Tenth hunt: a number typed with its unit ("10mg", "2,5 mL") or grouped by spaces ("1 000").
for _code in ("mme.invalid_number", "taper.invalid", "instrument.item_type_number"):
    PATTERNS[_code] += (
        _p(
            r"(?P<field>.+) is '(?P<text>.*)': write the number alone \(e\.g\. (?P<number>\S+)\); "
            r"the unit typed beside it \((?P<unit>.+?)\) is not read, .*",
            _(
                "%(field)s is “%(text)s”: write the number alone (e.g. %(number)s); the unit "
                "typed beside it (%(unit)s) is not read, as the row's unit field says which it "
                "is."
            ),
        ),
        _p(
            r"(?P<field>.+) is '(?P<text>.*)': give the mg per mL as on the label \(e\.g\. "
            r"'(?P<number>\S+) mg/mL' .*",
            _(
                "%(field)s is “%(text)s”: give the mg per mL as on the label (e.g. “%(number)s "
                "mg/mL” or “10 mg/5 mL”)."
            ),
        ),
        _p(
            r"(?P<field>.+) is '(?P<text>.*)': write the number without spaces \(e\.g\. "
            r"(?P<number>\S+)\); .*",
            _(
                "%(field)s is “%(text)s”: write the number without spaces (e.g. %(number)s); a "
                "space could group thousands or separate two numbers."
            ),
        ),
    )

#: Fixed English words the package puts inside parameters (the pace of a refusal).
_EVERY = {
    "every day": pgettext_lazy("taper pace", "day"),
    "every 2 days": pgettext_lazy("taper pace", "2 days"),
    "every week": pgettext_lazy("taper pace", "week"),
    "every 2 weeks": pgettext_lazy("taper pace", "2 weeks"),
}
_STOPPED = re.compile(r"(?P<drug>.+) stopped")


def _rule_label(text: str) -> str:
    """A rule's English label (inside another message) in the reader's language."""
    from clinical.taper import TAPER_RULES

    for key, rule in TAPER_RULES.items():
        if rule.label == text and key in RULE_LABELS:
            return str(RULE_LABELS[key])
    return text


#: Codes whose value, low and high are plain numbers the package writes in English ("1000.5",
#: "100,000"): said in the reader's language (« 1 000,5 », « 100 000 »; tenth hunt). English
#: keeps the package's figures as written.
_PLAIN_NUMBERS = frozenset({"mme.absurd_number", "taper.absurd_number"})
_ENGLISH_NUMBER = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?")


def _plain_number(text: str) -> str:
    """An English number ("1000.5", "100,000", "0.001") in the active language's format; a
    number in scientific notation ("1e+999999") or anything else is left as written."""
    if not _ENGLISH_NUMBER.fullmatch(text):
        return text
    number = Decimal(text.replace(",", ""))
    places = max(0, -int(number.as_tuple().exponent))
    return number_format(number, decimal_pos=places, force_grouping=True)


def message(code: str | None, english: str) -> str:
    """One message of the package in the active language (its English when not known)."""
    if not english:
        return english
    for pattern in PATTERNS.get(code or "", ()):
        found = pattern.english.fullmatch(english)
        if found:
            values = dict(found.groupdict())
            if "rule" in values:
                values["rule"] = _rule_label(values["rule"])
            if "every" in values:
                values["every"] = str(_EVERY.get(values["every"], values["every"]))
            if "of" in values:
                values["of"] = str(_OF.get(values["of"], values["of"]))
            if "hint" in values:
                values["hint"] = _hint(values["hint"])
            if "grams" in values:
                values["grams"] = number_format(Decimal(values["grams"]))
            if code in _PLAIN_NUMBERS and not (get_language() or "en").startswith("en"):
                for key in ("value", "low", "high"):
                    if key in values:
                        values[key] = _plain_number(values[key])
            return str(pattern.text) % values
    fixed = FIXED.get(english)
    if fixed is not None:
        return str(fixed)
    return english


def step_note(english: str | None) -> str | None:
    """A schedule step's note ("starting dose", "<drug> stopped", why the plan stops there),
    or two of them joined by "; " ("oxycodone stopped; fentanyl transdermal: the next
    reduction ...")."""
    if not english:
        return english
    head, sep, tail = english.partition("; ")
    first = _short_note(head) if sep else None
    if first is not None:
        return f"{first}; {step_note(tail)}"
    short = _short_note(english)
    if short is not None:
        return short
    return message("step_too_large", english)


def _short_note(english: str) -> str | None:
    """A one-phrase step note ("starting dose", "<drug> stopped"), or None."""
    fixed = FIXED.get(english)
    if fixed is not None:
        return str(fixed)
    found = _STOPPED.fullmatch(english)
    if found:
        return str(pgettext_lazy("taper step note", "%(drug)s stopped")) % found.groupdict()
    return None


def guidepost(code: str, english: str) -> str:
    """An MME guidepost's text; the package's English when the code or its text is new."""
    from clinical.mme import GUIDEPOSTS as PACKAGE_GUIDEPOSTS

    known = PACKAGE_GUIDEPOSTS.get(code)
    if code in GUIDEPOSTS and known is not None and known.text == english:
        return str(GUIDEPOSTS[code])
    return english


def interval(value: str) -> str:
    found = INTERVALS.get(value)
    return str(found) if found is not None else value


def rule_choices() -> list[tuple[str, str]]:
    """The taper rules as form choices ("CDC 2022: About 10 % per month or slower")."""
    from clinical.taper import TAPER_RULES

    return [
        (key, f"{rule.guideline}: {RULE_LABELS.get(key, rule.label)}")
        for key, rule in TAPER_RULES.items()
    ]


def interval_choices() -> list[tuple[str, str]]:
    """The step intervals as form choices, in the reader's language."""
    from clinical.taper import Interval

    return [(i.value, interval(i.value)) for i in Interval]


def _coded(items: Any) -> Any:
    if not isinstance(items, list):
        return items
    out = []
    for item in items:
        if isinstance(item, Mapping):
            item = dict(item)
            item["message"] = message(item.get("code"), str(item.get("message", "")))
        out.append(item)
    return out


def localized_plan(plan: Mapping[str, Any] | None, *, keep_values: bool = False) -> Any:
    """A copy of a taper plan (``to_dict()`` of a regimen or single-dose plan) in the active
    language: rule label, interval, refusal, warnings, notes, safety text, step notes.

    ``keep_values``: leave the machine values (``interval``) as they are, for the API, whose
    clients read them; only the sentences are translated."""
    if not isinstance(plan, Mapping):
        return plan
    out: dict[str, Any] = copy.deepcopy(dict(plan))
    rule = out.get("rule")
    if isinstance(rule, dict) and rule.get("key") in RULE_LABELS:
        rule["label"] = str(RULE_LABELS[rule["key"]])
    if isinstance(out.get("interval"), str) and not keep_values:
        out["interval"] = interval(out["interval"])
    refused = out.get("refused")
    if isinstance(refused, dict):
        refused["message"] = message(refused.get("code"), str(refused.get("message", "")))
    out["warnings"] = _coded(out.get("warnings"))
    for key in ("notes", "safety"):
        if isinstance(out.get(key), list):
            out[key] = [message(None, str(n)) for n in out[key]]
    if isinstance(out.get("caveat"), str):
        out["caveat"] = message(None, out["caveat"])
    for step in out.get("steps") or ():
        if isinstance(step, dict):
            step["note"] = step_note(step.get("note"))
            step["warnings"] = _coded(step.get("warnings"))
            if not keep_values:  # the API keeps ISO dates; people read their own format
                for key in ("date", "follow_up_by"):
                    if key in step:
                        step[key] = localized_date(step[key])
    if isinstance(out.get("follow_ups"), list) and not keep_values:  # like the steps' dates
        out["follow_ups"] = [localized_date(d) for d in out["follow_ups"]]
    if isinstance(out.get("mme"), Mapping):
        out["mme"] = localized_mme(out["mme"])
    return out


def _table_names() -> dict[tuple[str, str], Promise]:
    """The factor tables' names, keyed by the package's key and English name: a renamed table
    shows its new English name rather than a stale translation."""
    from clinical.mme import TABLES

    names = {
        "cdc2022": _("CDC 2022 clinical conversion factors"),
        "cdc2016": _("CDC 2016 clinical conversion factors (legacy)"),
        "cdc-analytic": _("CDC analytic data-file factors (Sept 2018)"),
    }
    return {(k, t.name): names[k] for k, t in TABLES.items() if k in names}


def table_name(key: str, english: str) -> str:
    """A factor table's name in the reader's language ("CDC 2022 clinical conversion factors")."""
    return str(_table_names().get((key, english), english))


def localized_mme(result: Mapping[str, Any] | None) -> Any:
    """A copy of an MME result (``to_dict()``) with its warnings, caveat and table's name
    translated."""
    if not isinstance(result, Mapping):
        return result
    out: dict[str, Any] = copy.deepcopy(dict(result))
    if isinstance(out.get("table_name"), str):
        out["table_name"] = table_name(str(out.get("table", "")), out["table_name"])
    out["warnings"] = _coded(out.get("warnings"))
    if isinstance(out.get("caveat"), str):
        out["caveat"] = message(None, out["caveat"])
    if isinstance(out.get("notes"), list):
        out["notes"] = [note(str(n)) for n in out["notes"]]
    for row in out.get("rows") or ():
        if isinstance(row, dict) and isinstance(row.get("notes"), list):
            row["notes"] = [note(str(n)) for n in row["notes"]]
    for row in out.get("excluded") or ():
        if isinstance(row, dict) and isinstance(row.get("reason"), str):
            row["reason"] = message(row.get("reason_code"), row["reason"])
    guideposts = []
    for g in out.get("guideposts") or ():
        if isinstance(g, Mapping):
            g = dict(g)
            g["text"] = guidepost(str(g.get("code", "")), str(g.get("text", "")))
        guideposts.append(g)
    out["guideposts"] = guideposts
    return out


# The twelfth hunt (2026-12-06): clock times, a route in the frequency, a taper written into
# the directions, and several patches at once are refused with what to enter.
PATTERNS["frequency_unknown"] += (
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it says (?P<said>\S+) times a day but names "
        r"(?P<count>\d+) clock times, .*",
        _(
            "The frequency “%(frequency)s” is not read: it says %(said)s times a day but names "
            "%(count)s clock times, so how often is not known. Write one of them: how often "
            "(e.g. “tid”) or each time (e.g. “à 8h, 14h et 20h”)."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it says (?P<said>\S+) times a day but names "
        r"(?P<count>\d+) clock time, .*",
        _(
            "The frequency “%(frequency)s” is not read: it says %(said)s times a day but names "
            "one clock time, so how often is not known. Write one of them: how often (e.g. "
            "“tid”) or each time (e.g. “à 8h, 14h et 20h”)."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: a time alone may be a clock time or an "
        r"interval missing its 'q' .*",
        _(
            "The frequency “%(frequency)s” is not read: a time alone may be a clock time or an "
            "interval missing its “q” (“8h” for “q8h”). Write “at 8h” or “à 8h” for once a day "
            "at that time, or “q8h” for every 8 hours."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it names the route '(?P<route>[^']+)', .*",
        _(
            "The frequency “%(frequency)s” is not read: it names the route “%(route)s”, and the "
            "factors are for doses by mouth (and fentanyl patches). Give the route in the "
            "formulation field (a dose by injection has no factor in the tables) and only how "
            "often here (e.g. “q4h prn”)."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it changes the dose or how often over time "
        r".*",
        _(
            "The frequency “%(frequency)s” is not read: it changes the dose or how often over "
            "time (“then”), and a row holds the dose taken now. Enter the current dose and how "
            "often (e.g. “bid”); to plan the reduction, use the taper plan, which follows its "
            "rule’s pace."
        ),
    ),
)
PATTERNS["frequency_not_applicable"] += (
    _p(
        r"'(?P<frequency>.+)' says more than one patch at a time, so the row's rate "
        r"\((?P<rate>\S+) mcg/h\) .*",
        _(
            "“%(frequency)s” says more than one patch at a time, so the row’s rate (%(rate)s "
            "mcg/h) may be each patch’s or all of them together. Give the rate of all the "
            "patches worn together (e.g. 50 mcg/h for two 25 mcg/h patches) and only how often "
            "they are changed here (e.g. “q72h”)."
        ),
    ),
)

# The thirteenth hunt (2026-12-07): an interval in minutes, and a number with no unit before
# how often, are refused with what to enter.
PATTERNS["frequency_unknown"] += (
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it gives an interval in minutes, .*",
        _(
            "The frequency “%(frequency)s” is not read: it gives an interval in minutes, which "
            "says how soon a dose may be repeated, not the most doses a day. Write the most doses "
            "a day instead of the interval (e.g. “prn, max 6/day”), and as-needed doses are "
            "counted at that most."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it starts with a number with no unit "
        r"\('(?P<count>[^']+)'\), and the dose field says (?P<dose>\S+) \((?P<unit>[^)]+)\): .*",
        _(
            "The frequency “%(frequency)s” is not read: it starts with a number with no unit "
            "(“%(count)s”), and the dose field says %(dose)s (%(unit)s): the number may be "
            "tablets a dose or doses, so the dose is not guessed. Give the whole dose in the "
            "dose field (in mg, in mL with the concentration, or for a combination product in "
            "tablets) and only how often here (e.g. “bid”)."
        ),
    ),
)

# The fourteenth hunt (2026-12-07): a count joined to a time of day ("bid et hs"), counts at
# times of day that are not the dose ("2 matin, 2 soir" of 10 mg), the dose said twice in mL and
# in mg (after how often, or disagreeing with the dose field), an amount first that is not the
# dose ("5 mg q4h prn" of 10 mg), codeine tablets whose content no source gives (Triatec-30,
# Novo-Gesic C30) and "Triatec" alone are refused saying why. Each starts with words no earlier
# pattern of its code has, so the order among the patterns does not matter for them.
PATTERNS["frequency_unknown"] += (
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it joins a count \('(?P<count>[^']+)', "
        r"(?P<n>\d+) a day\) and a time of day \('(?P<time>[^']+)'\): the time may be one more "
        r"dose \((?P<more_n>\d+) a day\) or say at what time a dose of the (?P=n) a day is "
        r"taken, .* Write the count alone \(e\.g\. '(?P<more>[^']+)' for (?P=more_n) a day\) "
        r"or each time of day .*",
        _(
            "The frequency “%(frequency)s” is not read: it joins a count (“%(count)s”, %(n)s a "
            "day) and a time of day (“%(time)s”): the time may be one more dose (%(more_n)s a "
            "day) or say at what time a dose of the %(n)s a day is taken, and the sources are "
            "silent on this writing. A count read wrong either way would make a taper faster "
            "than its rule, so neither is guessed: it is not recognised as a count (the safer "
            "side). Write the count alone (e.g. “%(more)s” for %(more_n)s a day) or each time "
            "of day (e.g. “am et hs” for a dose in the morning and one at bedtime), or give "
            "times_per_day."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it gives (?P<count>\S+) at each time of day "
        r"with no unit, and the dose field says (?P<dose>\S+) \((?P<unit>.+?)\): the number may "
        r"be tablets a dose or doses, .*",
        _(
            "The frequency “%(frequency)s” is not read: it gives %(count)s at each time of day "
            "with no unit, and the dose field says %(dose)s (%(unit)s): the number may be "
            "tablets a dose or doses, so the dose is not guessed. Give the whole dose in the "
            "dose field (in mg, in mL with the concentration, or for a combination product in "
            "tablets) and only the times here (e.g. “matin et soir”)."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it gives the dose twice, in mL and in mg "
        r"\('(?P<first>[^']+)', '(?P<second>[^']+)'\), where how often is expected\..*",
        _(
            "The frequency “%(frequency)s” is not read: it gives the dose twice, in mL and in mg "
            "(“%(first)s”, “%(second)s”), where how often is expected. Give the dose once, in "
            "the dose field (in mg, or in mL with the concentration), and only how often here "
            "(e.g. “q4h prn”)."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it says the dose as (?P<ml>\S+) mL "
        r"\((?P<mg>\S+) mg\), which disagrees with the dose field \((?P<given>[^()]+)\), so the "
        r"dose is not guessed\..*",
        _(
            "The frequency “%(frequency)s” is not read: it says the dose as %(ml)s mL (%(mg)s "
            "mg), which disagrees with the dose field (%(given)s), so the dose is not guessed. "
            "Give the dose once, in the dose field (in mg, or in mL with the concentration), and "
            "only how often here (e.g. “q4h prn”)."
        ),
    ),
    _p(
        r"frequency '(?P<frequency>.+)' is not read: it starts with an amount "
        r"\('(?P<amount>[^']+)'\) that is not the dose field's \((?P<dose>\S+) "
        r"(?P<unit>.+?)\), so the dose is not guessed\..*",
        _(
            "The frequency “%(frequency)s” is not read: it starts with an amount (“%(amount)s”) "
            "that is not the dose field’s (%(dose)s %(unit)s), so the dose is not guessed. Give "
            "the dose once, in the dose field, and only how often here (e.g. “q4h prn”)."
        ),
    ),
)
PATTERNS["combination_strength_unknown"] += (
    _p(
        _Q + r" is an acetaminophen-with-codeine tablet, but the codeine a tablet holds is in "
        r"none of the sources this calculator follows, .*",
        _(
            "“%(drug)s” is an acetaminophen-with-codeine tablet, but the codeine a tablet holds "
            "is in none of the sources this calculator follows, so it is not read from the name "
            "(the safer side when the sources are silent: no MME rather than a guessed one). "
            "Enter the codeine alone: drug “codeine”, the dose in mg (the codeine mg on the "
            "label x the tablets a dose) and how often."
        ),
    ),
)
PATTERNS["unknown_drug"] += (
    _p(
        _Q + r" names more than one product: acetaminophen-with-codeine tablets in Canada .*",
        _(
            "“%(drug)s” names more than one product: acetaminophen-with-codeine tablets in "
            "Canada (Triatec-8, Triatec-30) and ramipril, which is not an opioid, elsewhere; no "
            "MME is computed from it. For a codeine tablet, enter the codeine alone: drug "
            "“codeine”, the dose in mg (the codeine mg on the label x the tablets a dose) and "
            "how often."
        ),
    ),
)
# and a quantity dispensed after the directions ("q4h prn #30"), named in a row note
ROW_NOTES += (
    _p(
        r"'(?P<quantity>[^']+)' in the frequency is read as the quantity dispensed: it does not "
        r"change how often a dose may be taken, .*",
        _(
            "“%(quantity)s” in the frequency is read as the quantity dispensed: it does not "
            "change how often a dose may be taken, so the doses a day are counted from the rest "
            "of the directions."
        ),
    ),
)
