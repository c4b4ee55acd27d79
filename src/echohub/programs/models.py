"""Programs, their hubs and hub teams, spoke sites, per-program roles and registrations."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from echohub.accounts.models import validate_time_zone
from echohub.accounts.professions import Profession
from echohub.core import bilingual
from echohub.core.models import TimeStampedModel

if TYPE_CHECKING:  # a typing-only package (django-stubs)
    from django_stubs_ext import StrOrPromise


class VideoProvider(models.TextChoices):
    JITSI = "jitsi", _("Jitsi Meet")
    BIGBLUEBUTTON = "bbb", _("BigBlueButton")
    ZOOM = "zoom", _("Zoom")
    EXTERNAL = "external", _("External link")


class ContentLanguages(models.TextChoices):
    """The languages a program writes its own content in (titles, descriptions, agendas,
    announcements, credit statements, case-form labels); the first is its default language."""

    EN = "en", _("English only")
    FR = "fr", _("French only")
    EN_FR = "en+fr", _("English and French (English first)")
    FR_EN = "fr+en", _("French and English (French first)")


class Program(TimeStampedModel):
    """A program's own texts are bilingual pairs (``name`` English, ``name_fr`` French; see
    echohub.core.bilingual): read them with ``localized`` / the ``tr`` template filters."""

    #: The bilingual texts (each with a ``<field>_fr`` twin).
    BILINGUAL_FIELDS = ("name", "summary", "description", "audience", "how_to_join")

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    # English name; blank when the program is French only (then name_fr holds it).
    name = models.CharField(_("name"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    summary_fr = models.CharField(_("summary (French)"), max_length=300, blank=True)
    description = models.TextField(_("what it is"), blank=True)
    description_fr = models.TextField(_("what it is (French)"), blank=True)
    audience = models.TextField(_("who it is for"), blank=True)
    audience_fr = models.TextField(_("who it is for (French)"), blank=True)
    how_to_join = models.TextField(_("how to join"), blank=True)
    how_to_join_fr = models.TextField(_("how to join (French)"), blank=True)
    content_languages = models.CharField(
        _("languages of the program's content"),
        max_length=5,
        choices=ContentLanguages.choices,
        default=ContentLanguages.EN,
        help_text=_(
            "Bilingual programs give their titles, descriptions, agendas and announcements in "
            "both languages; readers see their own language, or the other one marked as such."
        ),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="America/Toronto", validators=[validate_time_zone]
    )
    is_public = models.BooleanField(_("listed publicly"), default=True)
    registration_open = models.BooleanField(_("registration open"), default=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    video_provider = models.CharField(
        _("video provider"),
        max_length=10,
        choices=VideoProvider.choices,
        default=VideoProvider.JITSI,
        help_text=_("Used for new sessions; each session can differ."),
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["name"]

    def __str__(self) -> str:
        """The name in the active language (falling back to the other one)."""
        return bilingual.text(self, "name") or self.slug

    def get_absolute_url(self) -> str:
        return reverse("programs:detail", kwargs={"slug": self.slug})

    @property
    def languages(self) -> tuple[str, ...]:
        """The program's content languages, its default first: ("en",), ("fr", "en"), ..."""
        return tuple(self.content_languages.split("+"))

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def is_bilingual(self) -> bool:
        return len(self.languages) > 1


class Hub(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="hubs")
    name = models.CharField(_("name"), max_length=200)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="hub_unique_name")]

    def __str__(self) -> str:
        return self.name


#: The region list a deployment starts with: Ontario Health's six regions. Source: Ontario
#: Health, "Ontario Health Regions", https://www.ontariohealth.ca/system/regions.html
#: ("Ontario Health has six regional teams": Toronto, Central, East, West, North East and
#: North West). A deployment elsewhere edits the list (Django admin, Regions).
DEFAULT_REGIONS: tuple[str, ...] = (
    "Toronto",
    "Central",
    "East",
    "West",
    "North East",
    "North West",
)


#: The shipped regions' names as Ontario Health writes them in French (« Nord-Est »). A region
#: a deployment added has no French name: it is shown as written.
_REGION_NAMES = {
    "Toronto": pgettext_lazy("Ontario Health region", "Toronto"),
    "Central": pgettext_lazy("Ontario Health region", "Central"),
    "East": pgettext_lazy("Ontario Health region", "East"),
    "West": pgettext_lazy("Ontario Health region", "West"),
    "North East": pgettext_lazy("Ontario Health region", "North East"),
    "North West": pgettext_lazy("Ontario Health region", "North West"),
}


def region_label(name: str) -> str:
    """A region's name in the reader's language: a shipped region's French name in French,
    any other name (one a deployment added, "—") as it is stored. The stored name stays the
    key in data, filters and exports."""
    label = _REGION_NAMES.get(name)
    return str(label) if label is not None else name


def region_key(text: str) -> str:
    """How two spellings of a region are told apart: not by case, spaces, hyphens or
    underscores ("Northwest", "North West" and "north-west" are one region)."""
    return re.sub(r"[\s_\-\u2010-\u2015]+", "", text).casefold()


class Region(TimeStampedModel):
    """A region from the deployment's managed list. Sites pick one (never free text), so the
    dashboards and exports, which group by a site's region, show one row per region.

    Shipped with Ontario Health's six regions (migration 0003, source in docs/architecture.md);
    deployment admins edit the list (Django admin, through `programs.services`). A value found
    in free text that matched no region was kept as its own entry with `needs_review` set."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)
    is_active = models.BooleanField(
        _("offered"), default=True, help_text=_("Retired regions stay on their sites.")
    )
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_(
            "Kept from a free-text value that matched no region: rename it, merge it into a "
            "region, or clear this flag."
        ),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Rurality(models.TextChoices):
    URBAN = "urban", _("Urban")
    SUBURBAN = "suburban", _("Suburban")
    RURAL = "rural", _("Rural")
    REMOTE = "remote", _("Remote")
    NOT_STATED = "not_stated", _("Not stated")


#: What each rurality means, shown beside the choice. After Statistics Canada's Population
#: Centre and Rural Area Classification 2016 (population centres of 1,000 or more people; large
#: urban ones 100,000 or more; everything outside them is rural area) and its Index of
#: Remoteness (distance to service centres).
RURALITY_HELP: dict[str, StrOrPromise] = {
    Rurality.URBAN: _("In a large urban population centre (100,000 people or more)."),
    Rurality.SUBURBAN: _(
        "In a small or medium population centre (1,000 to 99,999 people), or the edge of a "
        "large one."
    ),
    Rurality.RURAL: _("Outside any population centre: a rural area, village or farming community."),
    Rurality.REMOTE: _(
        "Far from services: fly-in, or hours by road from the nearest hospital or specialist."
    ),
}


class SiteKind(models.TextChoices):
    FAMILY_HEALTH_TEAM = "fht", _("Family health team")
    COMMUNITY_HEALTH_CENTRE = "chc", _("Community health centre")
    CLINIC = "clinic", _("Clinic / practice")
    NURSING_STATION = "nursing_station", _("Nursing station")
    NURSE_PRACTITIONER_CLINIC = "npled", _("Nurse practitioner-led clinic")
    HOSPITAL = "hospital", _("Hospital")
    PHARMACY = "pharmacy", _("Pharmacy")
    OTHER = "other", _("Other")
    NOT_STATED = "not_stated", _("Not stated")


class Site(TimeStampedModel):
    """A spoke site: where participants practise."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SiteKind.choices, default=SiteKind.NOT_STATED
    )
    # The name of a Region (the managed list); services accept only names from it and a
    # rename or merge rewrites the sites that use it (programs.services.save_region).
    region = models.CharField(_("region"), max_length=100)
    rurality = models.CharField(
        _("rurality"), max_length=10, choices=Rurality.choices, default=Rurality.NOT_STATED
    )
    population_served = models.CharField(_("population served"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="site_unique_name"),
        ]
        indexes = [models.Index(fields=["program", "region"])]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PROGRAM_ADMIN = "admin", _("Program admin")
    COORDINATOR = "coordinator", _("Hub coordinator")
    EXPERT = "expert", _("Hub expert")
    PARTICIPANT = "participant", _("Participant")
    EVALUATOR = "evaluator", _("Evaluator")


class Membership(TimeStampedModel):
    """A person's role in a program. One person may hold several roles in one program."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    consent_research = models.BooleanField(_("consents to evaluation research"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "user", "role"], name="membership_unique_role"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "program"]),
            models.Index(fields=["program", "role", "is_active"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.program})"


class HubRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    FACILITATOR = "facilitator", _("Facilitator")
    DIDACTIC_PRESENTER = "presenter", _("Didactic presenter")
    EXPERT = "expert", _("Expert")
    COORDINATOR = "coordinator", _("Coordinator")


class HubMember(TimeStampedModel):
    """A person on a hub's interprofessional team."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hub_memberships"
    )
    hub_role = models.CharField(_("hub role"), max_length=20, choices=HubRole.choices)
    discipline = models.CharField(
        _("discipline"), max_length=32, choices=Profession.choices, blank=True
    )
    bio = models.TextField(_("short bio"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("hub member")
        verbose_name_plural = _("hub members")
        ordering = ["hub_role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "user", "hub_role"], name="hubmember_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_hub_role_display()}"


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", pgettext_lazy("a registration", "Approved")
    DECLINED = "declined", _("Declined")


class Registration(TimeStampedModel):
    """A request to join a program as a participant, reviewed by a hub coordinator."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="registrations")
    email = models.EmailField(_("email"))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    profession = models.CharField(_("profession"), max_length=32, choices=Profession.choices)
    licence_number = models.CharField(_("licence / registration number"), max_length=40)
    site = models.ForeignKey(
        Site, verbose_name=_("site"), null=True, blank=True, on_delete=models.SET_NULL
    )
    new_site_name = models.CharField(_("new site"), max_length=200, blank=True)
    new_site_kind = models.CharField(
        _("kind of new site"), max_length=20, choices=SiteKind.choices, blank=True
    )
    new_site_rurality = models.CharField(
        _("rurality of new site"), max_length=10, choices=Rurality.choices, blank=True
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    consent_research = models.BooleanField(_("consents to evaluation research"), default=False)
    #: The language the person registered in (the page's), for the emails about the decision
    #: and as their new account's language; "" for registrations made before it was kept.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True, default=""
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField(_("note to the person"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at"]
        constraints = [
            # One open request per person and program; a declined person may apply again.
            models.UniqueConstraint(
                fields=["program", "email"],
                condition=Q(status="pending"),
                name="registration_one_pending",
            ),
        ]
        indexes = [models.Index(fields=["program", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} <{self.email}>"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Announcement(TimeStampedModel):
    """An email a coordinator sent to a program's members (all, or a filtered group), kept on
    the program with who sent it, when, to whom (the filters) and how many people."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # English subject and message, French in the _fr twins (a bilingual program may give both;
    # each recipient gets their language, else the other one).
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    subject_fr = models.CharField(_("subject (French)"), max_length=200, blank=True)
    body = models.TextField(_("message"), blank=True)
    body_fr = models.TextField(_("message (French)"), blank=True)
    # The filters as chosen: {"series": id|None, "roles": [...], "professions": [...],
    # "regions": [...]}; empty lists mean "any".
    audience: models.JSONField[dict[str, object]] = models.JSONField(
        _("audience"), default=dict, blank=True
    )
    audience_label = models.CharField(_("sent to"), max_length=500)
    recipient_count = models.PositiveIntegerField(_("people emailed"))
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["program", "-sent_at"])]

    def __str__(self) -> str:
        return bilingual.text(self, "subject")


class AnnouncementRecipient(models.Model):
    """One person an announcement goes to. The job that emails them first claims the row
    (`claimed_at`, `claim_token`, `attempts` + 1, committed), then sends, and sets `sent_at`
    only once the mail server took the email: a row claimed longer ago than the lease
    (JOB_LEASE_MINUTES) and still without `sent_at` was never confirmed sent (its worker died)
    and is emailed again. An empty `claim_token` with `claimed_at` set: the last try failed."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="recipients"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="announcements_received"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    #: When the last try took the row (kept after it ends, so retries are spaced by the lease).
    claimed_at = models.DateTimeField(null=True, blank=True)
    #: The run holding the claim; "" once that try ended (sent, or failed and released).
    claim_token = models.CharField(max_length=32, blank=True, default="")
    #: Tries so far (each claim counts, whatever the job backend): at most MAX_ATTEMPTS.
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "user"], name="announcement_recipient_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.announcement_id} → {self.user_id}"
