"""The library's pages for every role: who reads talks, tools and past cases, who is refused,
and that every read of a past case is audited like a case read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from echohub.cases.models import CaseStatus
from echohub.core.models import AuditEntry
from echohub.library import services
from echohub.library.models import LibrarySettings, Talk, Tool
from echohub.programs.models import Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [Role.PROGRAM_ADMIN, Role.COORDINATOR, Role.EXPERT, Role.PARTICIPANT, Role.EVALUATOR]


def _url(program, name="home", **kw):
    return reverse(f"library:{name}", kwargs={"slug": program.slug, **kw})


@pytest.fixture
def library(program, make_case):
    talk = Talk.objects.create(
        program=program,
        title="Tapering long-term opioids safely",
        presenter_name="Dr. Guest Speaker",
        given_on=dt.date(2026, 3, 5),
        key_points="Go slow; pause when needed.",
    )
    tool = Tool.objects.create(
        program=program, title="Opioid Manager", url="https://cep.health/opioid-manager"
    )
    everywhere = Tool.objects.create(program=None, title="Naloxone kits", url="https://example.org")
    case = make_case(program, title="Shoulder pain, tapering oxycodone")
    draft = make_case(program, status=CaseStatus.SCHEDULED, title="Not yet sent")
    return {"talk": talk, "tool": tool, "everywhere": everywhere, "case": case, "draft": draft}


@pytest.mark.parametrize("role", ROLES)
def test_every_member_reads_talks_and_tools(as_role, program, library, role):
    client = as_role(program, role)
    page = client.get(_url(program)).content.decode()
    assert "Tapering long-term opioids safely" in page
    tools = client.get(_url(program) + "?tab=tools").content.decode()
    assert "Opioid Manager" in tools and "Naloxone kits" in tools
    assert client.get(_url(program, "talk", pk=library["talk"].pk)).status_code == 200


def test_outsider_gets_404_everywhere(as_role, program, library):
    client = as_role(program, None)
    urls = [
        _url(program),
        _url(program, "talk", pk=library["talk"].pk),
        _url(program, "case", pk=library["case"].pk),
        _url(program, "manage"),
        _url(program, "tool_file", pk=library["tool"].pk),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert not AuditEntry.objects.filter(action__startswith="case.").exists()


def test_anonymous_is_sent_to_sign_in(client, program, library):
    response = client.get(_url(program))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "role", [Role.PROGRAM_ADMIN, Role.COORDINATOR, Role.EXPERT, Role.PARTICIPANT]
)
def test_clinicians_read_sent_cases_and_each_read_is_audited(as_role, program, library, role):
    client = as_role(program, role)
    page = client.get(_url(program) + "?tab=cases").content.decode()
    assert "Shoulder pain, tapering oxycodone" in page
    assert "Not yet sent" not in page
    listed = AuditEntry.objects.get(action="case.list_read", actor=client.user)
    assert listed.changes["ids"] == [library["case"].pk]
    assert listed.changes["view"] == "library.cases"
    assert listed.program_id == program.pk
    detail = client.get(_url(program, "case", pk=library["case"].pk))
    assert detail.status_code == 200
    assert "Reduce by 10% of the original dose" in detail.content.decode()
    read = AuditEntry.objects.get(action="case.read", actor=client.user)
    assert read.object_id == str(library["case"].pk) and read.object_type == "cases.case"
    # A case whose recommendations are not sent is not a library entry.
    assert client.get(_url(program, "case", pk=library["draft"].pk)).status_code == 404


def test_evaluator_is_refused_case_entries_and_sees_no_count(as_role, program, library):
    client = as_role(program, Role.EVALUATOR)
    page = client.get(_url(program) + "?tab=cases").content.decode()
    assert "Shoulder pain" not in page
    assert "Evaluators see de-identified aggregates" in page
    assert client.get(_url(program, "case", pk=library["case"].pk)).status_code == 403
    assert not AuditEntry.objects.filter(action__startswith="case.", actor=client.user).exists()


def test_presenter_name_only_to_those_who_saw_it_before(as_role, program, other_program, make_case):
    presenter = UserFactory(first_name="Quentin", last_name="Uniquename")
    MembershipFactory(program=program, user=presenter, role=Role.PARTICIPANT)
    case = make_case(program, presenter=presenter)
    member = as_role(program, Role.PARTICIPANT)
    assert "Uniquename" in member.get(_url(program, "case", pk=case.pk)).content.decode()
    assert "Uniquename" in member.get(_url(program) + "?tab=cases").content.decode()
    LibrarySettings.objects.create(program=program, share_with_deployment=True)
    stranger = UserFactory()
    MembershipFactory(program=other_program, user=stranger, role=Role.PARTICIPANT)
    member.force_login(stranger)
    detail = member.get(_url(program, "case", pk=case.pk))
    assert detail.status_code == 200
    assert "Uniquename" not in detail.content.decode()
    assert "Uniquename" not in member.get(_url(program) + "?tab=cases").content.decode()
    assert (
        AuditEntry.objects.filter(action="case.read", actor=stranger, program=program).count() == 1
    )


def test_sharing_opens_talks_tools_and_cases_to_other_programs(
    client, program, other_program, library
):
    reader = UserFactory()
    MembershipFactory(program=other_program, user=reader, role=Role.PARTICIPANT)
    evaluator = UserFactory()
    MembershipFactory(program=other_program, user=evaluator, role=Role.EVALUATOR)
    client.force_login(reader)
    assert client.get(_url(program)).status_code == 404
    assert client.get(_url(program, "case", pk=library["case"].pk)).status_code == 404
    LibrarySettings.objects.create(program=program, share_with_deployment=True)
    assert "Tapering long-term" in client.get(_url(program)).content.decode()
    assert client.get(_url(program, "case", pk=library["case"].pk)).status_code == 200
    # Their own program's home lists the shared library.
    assert f"/p/{program.slug}/library/" in client.get(_url(other_program)).content.decode()
    # An evaluator of the other program reads the shared talks but never its cases.
    client.force_login(evaluator)
    assert client.get(_url(program)).status_code == 200
    assert client.get(_url(program, "case", pk=library["case"].pk)).status_code == 404
    # Nobody manages another program's library.
    client.force_login(reader)
    assert client.get(_url(program, "manage")).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_manage_is_for_admins_and_coordinators(as_role, program, library, role):
    client = as_role(program, role)
    response = client.get(_url(program, "manage"))
    allowed = role in (Role.PROGRAM_ADMIN, Role.COORDINATOR)
    assert response.status_code == (200 if allowed else 403)


def test_coordinator_adds_edits_and_deletes_a_talk_with_confirmation(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    data = {
        "title": "Pain psychology basics",
        "presenter_name": "A. Psychologist",
        "given_on": "2026-02-01",
        "tags": "CBT, sleep, cbt",
        "key_points": "Pacing.",
        "recording_url": "https://video.example.org/rec/1",
    }
    response = client.post(_url(program, "talk_new"), data)
    talk = Talk.objects.get(title="Pain psychology basics")
    assert response.status_code == 302
    assert sorted(t.name for t in talk.tags.all()) == ["cbt", "sleep"]
    # No consent: the recording is kept for coordinators but the talk is not shown as recorded.
    page = client.get(_url(program, "talk", pk=talk.pk)).content.decode()
    assert "Not recorded." in page and "video.example.org" not in page
    client.post(_url(program, "talk_edit", pk=talk.pk), {**data, "recording_consent": "on"})
    talk.refresh_from_db()
    assert talk.recording_consent and talk.consent_recorded_by == client.user
    assert talk.consent_recorded_at is not None
    assert "video.example.org" in client.get(_url(program, "talk", pk=talk.pk)).content.decode()
    # Delete asks first, then deletes on POST.
    confirm = client.get(_url(program, "talk_delete", pk=talk.pk))
    assert (
        "cannot be undone" in confirm.content.decode() and Talk.objects.filter(pk=talk.pk).exists()
    )
    client.post(_url(program, "talk_delete", pk=talk.pk))
    assert not Talk.objects.filter(pk=talk.pk).exists()
    actions = set(
        AuditEntry.objects.filter(action__startswith="library.").values_list("action", flat=True)
    )
    assert {"library.talk_created", "library.talk_updated", "library.talk_deleted"} <= actions


def test_bad_talk_input_keeps_what_was_typed(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        _url(program, "talk_new"),
        {"title": "Keep me", "given_on": "2026-02-01", "key_points": "Typed text stays"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose the presenter" in page and "Typed text stays" in page and "Keep me" in page


def test_a_case_agenda_item_cannot_become_a_talk(as_role, program):
    from tests.factories import AgendaItemFactory, SessionFactory

    session = SessionFactory(program=program)
    case_slot = AgendaItemFactory(session=session, kind="case", title="Case slot")
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        _url(program, "talk_new"),
        {
            "title": "x",
            "presenter_name": "y",
            "given_on": "2026-02-01",
            "agenda_item": case_slot.pk,
        },
    )
    # The form offers only didactic items, so a case slot is not a valid choice.
    assert response.status_code == 400 and not Talk.objects.exists()
    with pytest.raises(Exception) as err:
        services.save_talk(
            actor=client.user,
            program=program,
            data={
                "title": "x",
                "presenter_name": "y",
                "given_on": dt.date.today(),
                "agenda_item": case_slot,
            },
        )
    assert getattr(err.value, "code", "") == "not_didactic"


def test_sharing_setting_is_saved_and_audited(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    client.post(_url(program, "manage"), {"share_with_deployment": "on"})
    assert LibrarySettings.objects.get(program=program).share_with_deployment
    client.post(_url(program, "manage"), {})
    assert not LibrarySettings.objects.get(program=program).share_with_deployment
    assert AuditEntry.objects.filter(action="library.sharing_changed").count() == 2


def test_filters_and_empty_states(as_role, program, library):
    client = as_role(program, Role.PARTICIPANT)
    assert (
        "No talk matches these filters."
        in client.get(_url(program) + "?year=2019").content.decode()
    )
    assert "Tapering long-term" in client.get(_url(program) + "?year=2026").content.decode()
    Talk.objects.all().delete()
    assert "No talks in the library yet." in client.get(_url(program)).content.decode()
    # htmx asks for the results only.
    partial = client.get(_url(program) + "?tab=tools", HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="results">') and "Opioid Manager" in partial


def test_list_pages_keep_a_constant_number_of_queries(
    as_role, program, make_case, django_assert_max_num_queries
):
    client = as_role(program, Role.PARTICIPANT)
    for i in range(3):
        Talk.objects.create(
            program=program, title=f"T{i}", presenter_name="x", given_on=dt.date(2026, 1, 1 + i)
        )
        make_case(program, title=f"C{i}")
    client.get(_url(program))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(_url(program) + "?tab=cases")
    for i in range(15):
        Talk.objects.create(
            program=program, title=f"U{i}", presenter_name="x", given_on=dt.date(2026, 2, 1 + i)
        )
        make_case(program, title=f"D{i}")
    with CaptureQueriesContext(connection) as many:
        client.get(_url(program) + "?tab=cases")
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as talks_few:
        client.get(_url(program) + "?tab=talks")
    Talk.objects.create(
        program=program, title="V", presenter_name="x", given_on=dt.date(2026, 3, 1)
    )
    with CaptureQueriesContext(connection) as talks_many:
        client.get(_url(program) + "?tab=talks")
    assert len(talks_many) == len(talks_few)


def test_a_purged_case_leaves_the_library(as_role, program, library):
    from django.utils import timezone

    from echohub.privacy.models import PurgedCase

    PurgedCase.objects.create(case=library["case"], purged_at=timezone.now(), years=10)
    client = as_role(program, Role.PARTICIPANT)
    assert "Shoulder pain" not in client.get(_url(program) + "?tab=cases").content.decode()
    assert client.get(_url(program, "case", pk=library["case"].pk)).status_code == 404


def test_coordinator_deletes_a_tool_after_confirming(as_role, program, library):
    client = as_role(program, Role.COORDINATOR)
    url = _url(program, "tool_delete", pk=library["tool"].pk)
    assert "cannot be undone" in client.get(url).content.decode()
    assert Tool.objects.filter(pk=library["tool"].pk).exists()
    client.post(url)
    assert not Tool.objects.filter(pk=library["tool"].pk).exists()
    # A tool for every program is not a coordinator's to delete.
    assert client.post(_url(program, "tool_delete", pk=library["everywhere"].pk)).status_code == 404
    assert Tool.objects.filter(pk=library["everywhere"].pk).exists()


def test_titles_in_the_readers_language(client, program, library, make_member):
    talk = library["talk"]
    talk.title_fr = "Diminuer les opioïdes à long terme"
    talk.save()
    reader = make_member(program, Role.PARTICIPANT, language="fr")
    client.force_login(reader)
    page = client.get(_url(program), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Diminuer les opioïdes à long terme" in page and "Bibliothèque" in page


def test_tag_filter_and_review_flag(as_role, program, library):
    from django.utils import timezone

    coordinator = as_role(program, Role.COORDINATOR)
    services.save_talk(
        actor=coordinator.user,
        program=program,
        talk=library["talk"],
        data={
            "title": library["talk"].title,
            "presenter_name": "Guest",
            "given_on": dt.date(2026, 3, 5),
        },
        tags="Buprenorphine, sleep",
    )
    Talk.objects.create(
        program=program, title="Other talk", presenter_name="x", given_on=dt.date(2026, 1, 1)
    )
    page = coordinator.get(_url(program) + "?tag=buprenorphine").content.decode()
    assert "Tapering long-term opioids safely" in page and "Other talk" not in page
    library["tool"].review_by = timezone.localdate()
    library["tool"].save()
    tools = coordinator.get(_url(program) + "?tab=tools").content.decode()
    assert tools.count("Due for review") == 1


def test_session_links_stay_with_the_program_when_the_library_is_shared(
    client, program, other_program
):
    """A talk not marked recorded never republishes the session's links (a recording among
    them) to readers of a shared library; the program's own members see what the session page
    shows them anyway."""
    from echohub.scheduling.models import Resource
    from tests.factories import AgendaItemFactory, SessionFactory

    item = AgendaItemFactory(session=SessionFactory(program=program))
    Resource.objects.create(agenda_item=item, title="Recording", url="https://video.example/rec1")
    talk = Talk.objects.create(
        program=program,
        title="Tapering",
        presenter_name="Dr. Guest",
        given_on=dt.date(2026, 3, 5),
        session=item.session,
        agenda_item=item,
        recording_consent=False,
    )
    LibrarySettings.objects.create(program=program, share_with_deployment=True)
    member, outsider = UserFactory(), UserFactory()
    MembershipFactory(program=program, user=member, role=Role.PARTICIPANT)
    MembershipFactory(program=other_program, user=outsider, role=Role.PARTICIPANT)
    url = _url(program, "talk", pk=talk.pk)
    client.force_login(outsider)
    page = client.get(url).content.decode()
    assert "Not recorded." in page and "video.example/rec1" not in page
    client.force_login(member)
    assert "video.example/rec1" in client.get(url).content.decode()
