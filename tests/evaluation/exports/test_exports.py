"""Research exports: pseudonyms, the consent rule, what the zip holds, formats parsed back."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from echohub.core.models import AuditEntry
from echohub.evaluation import exports, redcap
from echohub.evaluation.models import Study
from tests.evaluation.exports.conftest import World, read_zip
from tests.factories import ProgramFactory


def rows_of(data: bytes) -> list[dict[str, str]]:
    assert not data.startswith(b"\xef\xbb\xbf")  # plain UTF-8, no byte-order mark
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def export_zip(download: Any, world: World, user: Any, **choices: Any) -> dict[str, bytes]:
    response = download(world, user, **choices)
    assert response.status_code == 200, response.content[:500]
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/zip"
    return read_zip(b"".join(response.streaming_content))


# Pseudonyms --------------------------------------------------------------------------------


def test_pseudonym_is_stable_within_a_study_and_differs_across_studies():
    a = exports.pseudonym("key-one", "user", 42)
    assert a == exports.pseudonym("key-one", "user", 42)
    assert a != exports.pseudonym("key-two", "user", 42)
    assert a != exports.pseudonym("key-one", "user", 43)
    assert re.fullmatch(r"P-[A-Z2-7]{12}", a)
    assert "42" not in a


def test_pids_in_two_studies_of_the_same_people_do_not_match(world, download, evaluator):
    other = Study.objects.create(program=world.program, name="Second study")
    first = rows_of(export_zip(download, world, evaluator, datasets=["people"])["people.csv"])
    again = rows_of(export_zip(download, world, evaluator, datasets=["people"])["people.csv"])
    second = rows_of(
        export_zip(download, world, evaluator, datasets=["people"], study=other.pk)["people.csv"]
    )
    pids = {r["pid"] for r in first}
    assert pids == {r["pid"] for r in again}  # stable
    assert not pids & {r["pid"] for r in second}  # unlinkable
    user_ids = {str(u.pk) for u in world.consenting + world.refusing}
    assert not pids & user_ids


# The consent rule and contact data --------------------------------------------------------


def test_only_consenting_participants_are_in_any_file(world, download, evaluator):
    files = export_zip(download, world, evaluator)
    study_key = world.study.key
    allowed = {exports.pseudonym(study_key, "user", u.pk) for u in world.consenting}
    refused = {exports.pseudonym(study_key, "user", u.pk) for u in world.refusing}
    everything = b"".join(files.values()).decode()
    for pid in refused:
        assert pid not in everything
    people = rows_of(files["people.csv"])
    assert {r["pid"] for r in people} == allowed  # the inactive one who consented is in
    attendance = rows_of(files["attendance.csv"])
    assert {r["pid"] for r in attendance} == allowed and len(attendance) == 2  # one per person
    answers = rows_of(files["survey_answers.csv"])
    assert {r["pid"] for r in answers} == allowed  # anonymous responses left out by default
    assert len(answers) == 2 * 6
    free = rows_of(files["free_text.csv"])
    assert sorted(r["text"] for r in free) == ["Great, call [PHONE] or [EMAIL]", "very useful"]
    cases = rows_of(files["case_outcomes.csv"])
    # The presenter's own id, not their pid (probe 1219).
    assert {r["presenter_id"] for r in cases} == {
        exports.pseudonym(study_key, "presenter", world.consenting[0].pk, "PR")
    }


def test_no_names_or_emails_anywhere_in_the_zip(world, download, evaluator):
    for fmt in ("csv", "xlsx"):
        files = export_zip(download, world, evaluator, format=fmt)
        for name, data in files.items():
            blob = data
            if name.endswith(".xlsx"):  # compressed inside: search the parsed cells too
                book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
                blob = repr([list(ws.values) for ws in book.worksheets]).encode()
            for secret in [*world.secrets, "Evaluator", "evie.eval"]:
                assert secret.encode() not in blob, (name, secret)


def test_identifiers_in_free_text_are_replaced_by_their_kind(world, download, evaluator):
    files = export_zip(download, world, evaluator, datasets=["free_text"])
    text = files["free_text.csv"].decode()
    assert "Great, call [PHONE] or [EMAIL]" in text
    assert "705-555-0134" not in text and "Bartholomew" not in text


def test_anonymous_responses_only_when_asked_and_without_an_id(world, download, evaluator):
    files = export_zip(download, world, evaluator, include_anonymous="on")
    answers = rows_of(files["survey_answers.csv"])
    anonymous = [r for r in answers if r["survey_id"] == str(world.anonymous_survey.pk)]
    assert len(anonymous) == 1 and anonymous[0]["pid"] == ""
    assert anonymous[0]["rid"].startswith("R-")
    free = rows_of(files["free_text.csv"])
    assert "anonymous words" in {r["text"] for r in free}
    assert "included with a blank pid" in files["README.txt"].decode()


# Contents -----------------------------------------------------------------------------------


def test_zip_holds_datasets_dictionaries_and_readme(world, download, evaluator):
    files = export_zip(download, world, evaluator)
    assert set(files) == {
        "people.csv", "attendance.csv", "survey_answers.csv", "free_text.csv",
        "case_outcomes.csv", "data_dictionary.csv", "redcap_data_dictionary.csv", "README.txt",
    }  # fmt: skip
    people = rows_of(files["people.csv"])
    ann = exports.pseudonym(world.study.key, "user", world.consenting[0].pk)
    row = next(r for r in people if r["pid"] == ann)
    # Two consenting people: k-anonymity (k = 5, probe 1214) blanks every quasi-identifier,
    # else the only pharmacist's pid would tie them to their answers.
    quasi = ("profession", "region", "rurality", "site_kind", "role_start_month", "active")
    assert [row[c] for c in quasi] == [""] * 6
    attendance = rows_of(files["attendance.csv"])
    # A band of sessions attended per person (probe 1219), blank here as the rest (k = 5).
    assert {(r["pid"], r["sessions_attended"]) for r in attendance} >= {(ann, "")}
    answers = rows_of(files["survey_answers.csv"])
    matrix = [r for r in answers if r["question_code"] == "confidence" and r["pid"] == ann]
    assert {(r["row_key"], r["value_number"]) for r in matrix} == {
        ("taper", "2"),
        ("naloxone", "1"),
    }
    multiple = [r for r in answers if r["question_code"] == "will-use" and r["pid"] == ann]
    assert {r["value_text"] for r in multiple} == {"taper", "peg"}
    assert len({r["rid"] for r in answers if r["pid"] == ann}) == 1
    cases = rows_of(files["case_outcomes.csv"])
    assert [(r["timepoint"], r["mme_per_day"], r["peg"]) for r in cases] == [
        ("presentation", "120", "7.33"),
        ("follow_up_1", "60", "5"),
    ]
    assert cases[0]["case_id"].startswith("C-") and cases[0]["age_band"] == "40-49"
    assert cases[0]["days_to_recommendations"] == "9"
    assert (cases[0]["plan_changed"], cases[0]["referral_avoided"]) == ("1", "")
    readme = files["README.txt"].decode()
    assert "people.csv: 2 rows" in readme and "case_outcomes.csv: 2 rows" in readme
    assert "Consent rule" in readme and "HMAC-SHA256" in readme
    dictionary = rows_of(files["data_dictionary.csv"])
    assert {"dataset", "variable", "label", "type", "allowed_values"} <= set(dictionary[0])
    assert any(
        r["variable"] == "relevance" and "3 = Agree" in r["allowed_values"] for r in dictionary
    )
    for dataset, variables in exports.VARIABLES.items():
        assert [r["variable"] for r in dictionary if r["dataset"] == dataset] == [
            v.name for v in variables
        ]


def test_xlsx_parses_back_with_the_same_rows_as_csv(world, download, evaluator):
    as_csv = export_zip(download, world, evaluator)
    as_xlsx = export_zip(download, world, evaluator, format="xlsx")
    for dataset in exports.DATASETS:
        book = openpyxl.load_workbook(io.BytesIO(as_xlsx[f"{dataset}.xlsx"]), read_only=True)
        values = list(book.worksheets[0].values)
        expected = list(csv.reader(io.StringIO(as_csv[f"{dataset}.csv"].decode())))
        assert [list(map(str, values[0]))] == expected[:1]
        assert len(values) == len(expected)
    book = openpyxl.load_workbook(io.BytesIO(as_xlsx["survey_answers.xlsx"]), read_only=True)
    first = list(book.worksheets[0].values)[1]
    assert first[7] == 3  # numbers are numbers


def test_xlsx_longer_than_a_sheet_continues_on_more_sheets(world, download, evaluator, monkeypatch):
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 8)
    files = export_zip(download, world, evaluator, format="xlsx", datasets=["survey_answers"])
    book = openpyxl.load_workbook(io.BytesIO(files["survey_answers.xlsx"]), read_only=True)
    assert book.sheetnames == ["survey_answers", "survey_answers_2"]
    assert [ws.max_row for ws in book.worksheets] == [9, 5]  # header + 8, header + 4


def test_formula_like_text_is_stored_as_text_in_xlsx(world, download, evaluator):
    from echohub.evaluation.models import Answer

    Answer.objects.filter(text="very useful").update(text="=HYPERLINK(1)")
    files = export_zip(download, world, evaluator, format="xlsx", datasets=["free_text"])
    book = openpyxl.load_workbook(io.BytesIO(files["free_text.xlsx"]))
    # Text, and with a quote first as in the CSV (core.csvsafe): a cell edited later, or the
    # sheet saved as CSV, would otherwise run it (injection probe 1211).
    cells = [
        c for row in book.worksheets[0].iter_rows() for c in row if c.value == "'=HYPERLINK(1)"
    ]
    assert cells and all(c.data_type == "s" for c in cells)


# REDCap --------------------------------------------------------------------------------------


def test_redcap_dictionary_has_redcap_columns_and_valid_names(world, download, evaluator):
    files = export_zip(download, world, evaluator)
    reader = csv.reader(io.StringIO(files["redcap_data_dictionary.csv"].decode()))
    header, *rows = list(reader)
    assert header == redcap.REDCAP_COLUMNS and len(header) == 18
    names = [r[0] for r in rows]
    assert names[0] == "pid"  # the record id comes first
    assert len(names) == len(set(names))
    for row in rows:
        assert len(row) == 18
        assert re.fullmatch(r"[a-z][a-z0-9_]{0,25}", row[0]), row[0]
        assert re.fullmatch(r"[a-z][a-z0-9_]*", row[1]), row[1]
        assert row[3] in {"text", "notes", "radio", "checkbox", "dropdown", "yesno"}
        if row[3] in {"radio", "checkbox", "dropdown"}:
            for choice in row[5].split(" | "):
                code, label = choice.split(", ", 1)
                assert re.fullmatch(r"[A-Za-z0-9_]+", code) and label
    by = {r[0]: r for r in rows}
    s = world.survey.pk
    assert by[f"s{s}_relevance"][3] == "radio"
    assert by[f"s{s}_relevance"][5] == "1, Disagree | 2, Neutral | 3, Agree"
    assert by[f"s{s}_will_use"][3] == "checkbox"
    assert by[f"s{s}_will_use"][5] == "taper, Tapering / plan | peg, PEG"
    assert by[f"s{s}_hours"][3:10] == ["text", "Hours?", "", "", "number", "0.00", "40.00"]
    assert by[f"s{s}_comments"][3] == "notes"
    matrix = [by[f"s{s}_confidence_taper"], by[f"s{s}_confidence_naloxone"]]
    assert {r[15] for r in matrix} == {f"s{s}_confidence"} and matrix[0][2] == "Confidence"
    assert by["age_band"][3] == "text"  # codes like 18-29 are not REDCap codes: text + note
    assert "18-29" in by["age_band"][6]
    assert by["profession"][3] == "dropdown"
    assert by["plan_changed"][3] == "yesno"


def test_redcap_names_are_cut_to_26_characters_and_made_unique():
    names = redcap.Names()
    long = "a_very_long_question_code_that_goes_on"
    first, second = names.take(long), names.take(long)
    assert len(first) <= 26 and len(second) <= 26 and first != second
    assert names.take("9lives") == "v_9lives"
    assert names.take("Redcap_event_name").startswith("v_")
    assert all(redcap.is_valid_name(n) for n in names.used)


# Audit ---------------------------------------------------------------------------------------


def test_export_is_audited_without_content(world, download, evaluator):
    export_zip(download, world, evaluator, date_from="2026-01-01")
    entry = AuditEntry.objects.get(action="study.export")
    assert entry.actor == evaluator and entry.program == world.program
    assert entry.object_id == str(world.study.pk)
    rows = {k: v for k, v in entry.changes.items() if k.startswith("rows_")}
    assert rows == {
        "rows_people": 2, "rows_attendance": 2, "rows_survey_answers": 12, "rows_free_text": 2,
        "rows_case_outcomes": 2,
    }  # fmt: skip
    assert entry.changes["date_from"] == "2026-01-01" and entry.changes["format"] == "csv"
    text = repr(entry.changes) + entry.object_repr
    for secret in ["Great", "useful", "Private", *world.secrets]:
        assert secret not in text
    for user in world.consenting:
        assert exports.pseudonym(world.study.key, "user", user.pk) not in text


# Filters and empty cases ---------------------------------------------------------------------


def test_date_range_and_survey_filter(world, download, evaluator):
    files = export_zip(
        download, world, evaluator, date_from="2026-04-10", date_to="2026-04-19",
        datasets=["survey_answers", "people"],
    )  # fmt: skip
    # Responses by whole months (probe 1219): March's are out of April 10 to 19.
    assert rows_of(files["survey_answers.csv"]) == []
    files = export_zip(
        download, world, evaluator, date_from="2026-03-10", date_to="2026-03-19",
        datasets=["survey_answers"],
    )  # fmt: skip
    assert {r["submitted_month"] for r in rows_of(files["survey_answers.csv"])} == {"2026-03"}
    files = export_zip(
        download, world, evaluator, surveys=[world.anonymous_survey.pk], include_anonymous="on",
        datasets=["survey_answers"],
    )  # fmt: skip
    assert {r["question_code"] for r in rows_of(files["survey_answers.csv"])} == {"pulse"}


def test_no_consenting_people_gives_a_message_not_a_zip(world, client, download, evaluator):
    from echohub.programs.models import Membership

    Membership.objects.filter(program=world.program).update(consent_research=False)
    response = download(world, evaluator)
    assert response.status_code == 400
    assert not isinstance(response, StreamingHttpResponse)
    assert "No one in this program has consented" in response.content.decode()
    assert not AuditEntry.objects.filter(action="study.export").exists()
    page = client.get(
        f"/p/{world.program.slug}/research/export/",
        {"study": world.study.pk, "datasets": ["people"], "format": "csv"},
    )
    assert "No one in this program has consented" in page.content.decode()
    assert "Download the zip" not in page.content.decode()


def test_filters_matching_nothing_give_a_message(world, download, evaluator):
    response = download(world, evaluator, date_from="2030-01-01", datasets=["survey_answers"])
    assert response.status_code == 400
    assert "match no rows" in response.content.decode()


def test_bad_dates_are_refused_on_the_form(world, download, evaluator):
    response = download(world, evaluator, date_from="2026-05-01", date_to="2026-04-01")
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()


def test_another_programs_study_cannot_be_exported(world, download, evaluator):
    other = Study.objects.create(program=ProgramFactory(), name="Elsewhere")
    response = download(world, evaluator, study=other.pk)
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(action="study.export").exists()


# Streaming and queries -----------------------------------------------------------------------


def _queries_to_stream(download: Any, world: World, user: Any) -> int:
    response = download(world, user)
    with CaptureQueriesContext(connection) as ctx:
        for _chunk in response.streaming_content:
            pass
    return len(ctx.captured_queries)


def test_streamed_export_query_count_does_not_grow_with_rows(world, download, evaluator):
    few = _queries_to_stream(download, world, evaluator)
    world.add_attendance(40)
    many = _queries_to_stream(download, world, evaluator)
    assert few == many
    assert few <= 15


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_rows_are_generated_lazily(world, fmt):
    export = exports.Export(study=world.study, options=exports.ExportOptions(fmt=fmt))
    stream = export.zip_stream(role="evaluator", audit_id=1, expected={})
    assert export.written == {}  # nothing read before the response is consumed
    assert b"".join(stream)
    assert export.written["attendance"] == 2  # one row per person (probe 1219)


def test_identified_response_whose_person_is_gone_is_never_exported(world, download, evaluator):
    from echohub.evaluation.models import Response

    Response.objects.filter(user=world.consenting[1]).update(user=None)  # account deleted
    files = export_zip(download, world, evaluator, include_anonymous="on")
    answers = rows_of(files["survey_answers.csv"])
    assert all(r["pid"] for r in answers if r["survey_id"] == str(world.survey.pk))
    assert len([r for r in answers if r["survey_id"] == str(world.survey.pk)]) == 6


def test_xlsx_files_are_stored_in_the_zip_not_compressed_twice(world, download, evaluator):
    import zipfile

    response = download(world, evaluator, format="xlsx", datasets=["people"])
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as zf:
        kinds = {i.filename: i.compress_type for i in zf.infolist()}
    assert kinds["people.xlsx"] == zipfile.ZIP_STORED
    assert kinds["README.txt"] == zipfile.ZIP_DEFLATED
