"""Charts for everyone (issue 14): each has a text summary besides its table, in the reader's
language and number format; colours pass contrast and never carry meaning alone (hatching
for bars, dashes and marker shapes for lines, a dark outline around every bar)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from echohub.evaluation import charts
from echohub.evaluation.charts import Chart, Series
from echohub.evaluation.dashboards import SUPPRESSED

NS = "{http://www.w3.org/2000/svg}"


def luminance(color: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def parse(chart: Chart) -> ET.Element:
    return ET.fromstring(chart.svg(standalone=False))  # noqa: S314 (our own SVG, not input)


def professions() -> Chart:
    return Chart(
        "by_profession",
        "Participants by profession",
        "Bar chart.",
        "hbar",
        ["Family physician", "Pharmacist", "Nurse practitioner", "Social worker"],
        [Series("Participants", [12, 5, 7.5, SUPPRESSED]), Series("Presenters", [6, None, 5, 5])],
        category_label="Profession",
    )


def months() -> Chart:
    return Chart(
        "people_over_time",
        "Unique participants per month",
        "Line chart.",
        "line",
        ["Sep 2026", "Oct 2026", "Nov 2026", "Dec 2026"],
        [
            Series("Participants", [10, None, 21, 18]),
            Series("New participants", [10, 4, 6, 2]),
            Series("Sites", [3, 4, 5, 5]),
        ],
    )


def likert() -> Chart:
    return Chart(
        "q_relevance",
        "The session was relevant",
        "100% stacked bars.",
        "stacked100",
        ["Session 1", "Session 2"],
        [
            Series(label, values)
            for label, values in zip(
                ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"],
                [[0, 1], [1, 0], [2, 2], [9, 3], [4, 8]],
                strict=True,
            )
        ],
        colors=charts.LIKERT[5],
    )


def test_bar_summary_names_highest_and_lowest_and_counts_gaps_and_hidden_cells():
    with translation.override("en"):
        text = professions().summary
    assert "Participants: highest Family physician (12), lowest Pharmacist (5)." in text
    assert "Presenters: highest Family physician (6), lowest Nurse practitioner (5)." in text
    assert "1 value has no data." in text
    assert "1 value is hidden (fewer than 5 people)." in text


def test_line_summary_follows_time_and_skips_gaps():
    with translation.override("en"):
        text = months().summary
    assert "Participants: 10 (Sep 2026) to 18 (Dec 2026), highest 21 (Nov 2026)." in text
    assert "1 value has no data." in text


def test_stacked_summary_gives_each_rows_most_frequent_answer():
    with translation.override("en"):
        text = likert().summary
    assert "Session 1: most often “Agree” (56 %, n = 16)." in text
    assert "Session 2: most often “Strongly agree” (57 %, n = 14)." in text


def test_summary_in_french_uses_french_numbers():
    with translation.override("fr"):
        text = professions().summary
    with translation.override("fr"):
        rows = professions().rows
    assert rows[2][1] == "7,5"  # the table too: « 3,5 », not 3.5
    assert "Participants" in text and "1 " in text
    assert "no data" not in text and "hidden" not in text  # translated


def test_csv_keeps_plain_numbers_whatever_the_language():
    with translation.override("fr"):
        assert "7.5" in professions().csv()


def test_every_bar_and_segment_is_outlined_at_3_to_1_and_text_reads_at_4_5_to_1():
    for chart in (professions(), months(), likert()):
        root = parse(chart)
        for rect in root.iter(f"{NS}rect"):
            fill = rect.get("fill", "")
            if rect.get("width") in {"6"} or fill == "#fff":
                continue  # a pattern tile, the background or a label's white backing
            stroke = rect.get("stroke")
            if fill.startswith("#") and contrast(fill, "#ffffff") >= 3:
                continue
            assert stroke and contrast(stroke, "#ffffff") >= 3, (chart.key, fill, stroke)
        for text in root.iter(f"{NS}text"):
            assert contrast(text.get("fill", "#1d2733"), "#ffffff") >= 4.5, (chart.key, text.text)


def test_line_series_differ_by_dash_and_marker_not_only_by_colour():
    root = parse(months())
    dashes = {p.get("stroke-dasharray") for p in root.iter(f"{NS}polyline")}
    assert len(dashes) == 3  # solid, dashed, dotted
    shapes = {el.tag for el in root.iter() if el.tag in {f"{NS}circle", f"{NS}polygon"}}
    squares = [r for r in root.iter(f"{NS}rect") if r.get("width") == "7"]
    assert f"{NS}circle" in shapes and f"{NS}polygon" in shapes and squares


def test_bar_series_after_the_first_are_hatched_in_bars_and_legend():
    chart = professions()
    root = parse(chart)
    patterns = {p.get("id") for p in root.iter(f"{NS}pattern")}
    assert patterns == {"pat-by_profession-1"}
    fills = [r.get("fill") for r in root.iter(f"{NS}rect")]
    assert fills.count("url(#pat-by_profession-1)") >= 3  # 2 bars drawn + the legend key
    likert_root = parse(likert())
    assert len(list(likert_root.iter(f"{NS}pattern"))) == 4  # every answer but the first


def test_summary_is_shown_and_read_with_the_chart():
    chart = professions()
    with translation.override("en"):
        html = render_to_string(
            "evaluation/insights/_chart.html", {"chart": chart, "min_cell": 5, "qs": ""}
        )
    assert 'class="insights-summary"' in html and "In short:" in html
    assert "highest Family physician (12)" in html
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", html, re.S)
    assert desc and "highest Family physician (12)" in desc.group(1)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.just(SUPPRESSED), st.integers(0, 500), st.floats(0, 500)),
        min_size=1,
        max_size=12,
    )
)
def test_summary_never_invents_a_value(values):
    """Whatever mix of gaps and hidden cells, the summary counts them and every number it
    names is one of the drawn values."""
    chart = Chart(
        "k", "T", "D", "hbar", [f"G{i}" for i in range(len(values))], [Series("S", values)]
    )
    with translation.override("en"):
        text = chart.summary
        drawn = {charts._fmt(v) for v in values if v is not None and v != SUPPRESSED}
    gaps = values.count(None)
    hidden = sum(1 for v in values if v == SUPPRESSED)
    if gaps:
        assert f"{gaps} value" in text
    if hidden:
        assert f"{hidden} value" in text and "hidden" in text
    for number in re.findall(r"\(([\d.,\s]+)\)", text):
        assert number in drawn


def test_axis_numbers_in_the_readers_format():
    """Walk 1211: French charts' axes read "2.5" with a decimal point."""
    chart = Chart(
        "mean_rating",
        "Mean rating",
        "Bar chart.",
        "hbar",
        ["Session 1", "Session 2"],
        [Series("Mean", [2.5, 1.2])],
    )
    with translation.override("fr"):
        labels = [t.text for t in parse(chart).iter(f"{NS}text")]
    assert "2,5" in labels and "1,25" in labels, labels
    assert not any(re.fullmatch(r"\d+\.\d+", label or "") for label in labels), labels
