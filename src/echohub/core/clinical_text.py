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
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: Taper rules (`clinical.taper.TAPER_RULES`) by key: the label people read.
RULE_LABELS: dict[str, Promise] = {
    "cdc2022-long-term": _("About 10 % per month or slower"),
    "cdc2022-short-duration": _(
        "10 % of the original dose per week until ~30 % remains, then 10 % of the remaining "
        "dose per week"
    ),
    "cdc2016": _("10 % of the original dose per week (slower, e.g. per month, if needed)"),
    "hhs2019": _("5 % to 20 % every four weeks"),
    "nougg2010": _("10 % of the total daily dose every day to every 1–2 weeks"),
    "cdc2022-acute-brief": _("50 % for 2 days, then stop"),
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
            r"(?P<rule>.+) \((?P<guideline>[^()]+)\), stepped (?P<every>.*), is too fast for "
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
    "strength_mismatch": (
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
            return str(pattern.text) % values
    fixed = FIXED.get(english)
    if fixed is not None:
        return str(fixed)
    return english


def step_note(english: str | None) -> str | None:
    """A schedule step's note ("starting dose", "<drug> stopped")."""
    if not english:
        return english
    fixed = FIXED.get(english)
    if fixed is not None:
        return str(fixed)
    found = _STOPPED.fullmatch(english)
    if found:
        return str(pgettext_lazy("taper step note", "%(drug)s stopped")) % found.groupdict()
    return english


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
    if isinstance(out.get("mme"), Mapping):
        out["mme"] = localized_mme(out["mme"])
    return out


def localized_mme(result: Mapping[str, Any] | None) -> Any:
    """A copy of an MME result (``to_dict()``) with its warnings and caveat translated."""
    if not isinstance(result, Mapping):
        return result
    out: dict[str, Any] = copy.deepcopy(dict(result))
    out["warnings"] = _coded(out.get("warnings"))
    if isinstance(out.get("caveat"), str):
        out["caveat"] = message(None, out["caveat"])
    if isinstance(out.get("notes"), list):
        out["notes"] = [message(None, str(n)) for n in out["notes"]]
    guideposts = []
    for g in out.get("guideposts") or ():
        if isinstance(g, Mapping):
            g = dict(g)
            g["text"] = guidepost(str(g.get("code", "")), str(g.get("text", "")))
        guideposts.append(g)
    out["guideposts"] = guideposts
    return out
