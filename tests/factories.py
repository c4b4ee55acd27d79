"""factory_boy factories, one per model. Synthetic data only."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from echohub.accounts.models import User
from echohub.programs.models import (
    Hub,
    HubMember,
    HubRole,
    Membership,
    Program,
    Registration,
    Role,
    Site,
)
from echohub.scheduling.models import AgendaItem, AgendaKind, Series, Session


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    profession = "family_physician"
    password = factory.django.Password("correct horse battery")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    slug = factory.Sequence(lambda n: f"program-{n}")
    name = factory.Sequence(lambda n: f"Program {n}")
    summary = "A test program"
    time_zone = "America/Toronto"


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Hub {n}")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Site {n} Family Health Team")
    region = "North East"
    rurality = "rural"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    program = factory.SubFactory(ProgramFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.PARTICIPANT


class HubMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubMember

    hub = factory.SubFactory(HubFactory)
    user = factory.SubFactory(UserFactory)
    hub_role = HubRole.EXPERT
    discipline = "pharmacist"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    program = factory.SubFactory(ProgramFactory)
    email = factory.Sequence(lambda n: f"applicant{n}@example.test")
    first_name = "Applicant"
    last_name = factory.Sequence(lambda n: f"Number{n}")
    profession = "registered_nurse"
    licence_number = factory.Sequence(lambda n: f"RN{n:06d}")
    new_site_name = factory.Sequence(lambda n: f"New Site {n}")
    region = "North West"


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    program = factory.SubFactory(ProgramFactory)
    title = "Cycle 1"
    weekday = 3
    first_date = dt.date(2026, 9, 3)
    count = 4
    start_time = dt.time(12, 30)
    duration_minutes = 90
    time_zone = "America/Toronto"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.Sequence(lambda n: timezone.now() + dt.timedelta(days=7 * (n + 1)))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=90))
    time_zone = "America/Toronto"
    video_url = "https://meet.example.test/echo"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    session = factory.SubFactory(SessionFactory)
    kind = AgendaKind.DIDACTIC
    title = "Opioid tapering in primary care"
    position = 1


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evaluation.Survey"

    program = factory.SubFactory(ProgramFactory)
    kind = "post_session"
    title = factory.Sequence(lambda n: f"Survey {n}")
    status = "open"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evaluation.Question"

    survey = factory.SubFactory(SurveyFactory)
    code = factory.Sequence(lambda n: f"q{n}")
    kind = "likert"
    text = factory.Sequence(lambda n: f"Question {n}")
    position = factory.Sequence(lambda n: n)
    options = factory.LazyFunction(
        lambda: [
            {"value": str(i), "label": label, "label_fr": ""}
            for i, label in enumerate(
                ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"], start=1
            )
        ]
    )
