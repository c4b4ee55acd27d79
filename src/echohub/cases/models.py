"""De-identified patient cases, their medications and scores, the hub's recommendations,
follow-ups and the close-out. Free text here is clinical content: it passes the identifier
scanner before anyone but its author sees it, and every read is audit-logged."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from echohub.core.models import TimeStampedModel
from echohub.programs.models import Program, Site
from echohub.scheduling.models import AgendaItem, Session


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for privacy review")
    RETURNED = "returned", _("Returned to the presenter")
    APPROVED = "approved", _("Approved")
    SCHEDULED = "scheduled", _("Scheduled")
    PRESENTED = "presented", _("Presented")
    RECOMMENDATIONS_SENT = "sent", _("Recommendations sent")
    FOLLOWED_UP = "followed_up", _("Followed up")
    CLOSED = "closed", _("Closed")


class AgeBand(models.TextChoices):
    A18 = "18-29", "18–29"
    A30 = "30-39", "30–39"
    A40 = "40-49", "40–49"
    A50 = "50-59", "50–59"
    A60 = "60-69", "60–69"
    A70 = "70-79", "70–79"
    A80 = "80-89", "80–89"
    A90 = "90+", _("90 or older")


class SexGender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary / another gender")
    NOT_SAID = "not_said", _("Not stated")


class PainDuration(models.TextChoices):
    UNDER_3M = "lt3m", _("Less than 3 months")
    M3_12 = "3-12m", _("3 to 12 months")
    Y1_5 = "1-5y", _("1 to 5 years")
    OVER_5Y = "gt5y", _("More than 5 years")


class PainType(models.TextChoices):
    NOCICEPTIVE = "nociceptive", _("Nociceptive")
    NEUROPATHIC = "neuropathic", _("Neuropathic")
    NOCIPLASTIC = "nociplastic", _("Nociplastic")
    MIXED = "mixed", _("Mixed")
    UNSURE = "unsure", _("Not sure")


class WorkStatus(models.TextChoices):
    WORKING = "working", _("Working")
    MODIFIED = "modified", _("Modified duties")
    OFF_WORK = "off_work", _("Off work / disability")
    UNEMPLOYED = "unemployed", _("Unemployed")
    RETIRED = "retired", _("Retired")
    STUDENT = "student", _("Student")
    OTHER = "other", _("Other")


class CaseTheme(models.TextChoices):
    """What a case is mainly about, for the library and the evaluation dashboards."""

    OPIOID_TAPERING = "opioid_tapering", _("Opioid tapering or rotation")
    HIGH_DOSE = "high_dose", _("High-dose opioids / safety")
    LOW_BACK = "low_back", _("Low back pain")
    NEUROPATHIC = "neuropathic", _("Neuropathic pain")
    FIBROMYALGIA = "fibromyalgia", _("Fibromyalgia / nociplastic pain")
    HEADACHE = "headache", _("Headache")
    ARTHRITIS = "arthritis", _("Arthritis / musculoskeletal")
    MENTAL_HEALTH = "mental_health", _("Pain with mental health concerns")
    SUBSTANCE_USE = "substance_use", _("Pain with substance use / OUD")
    OTHER = "other", _("Other")


# The free-text fields that hold clinical content (scanned for identifiers), in form order.
CLINICAL_TEXT_FIELDS = [
    "title",
    "pain_locations",
    "working_diagnoses",
    "function",
    "treatments_pharmacological",
    "treatments_physical",
    "treatments_psychological",
    "treatments_interventional",
    "mental_health",
    "substance_use",
    "social_context",
    "patient_goals",
    "questions",
]


class Case(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="cases")
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases"
    )
    presenter_profession = models.CharField(max_length=32, blank=True)
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.SET_NULL)
    region = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    number = models.CharField(_("case number"), max_length=20, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking for autosave
    # The browser window that saved last and its count of saves: a window's own saves arriving
    # close together (an autosave still on its way when "Check and submit" is pressed) are no
    # conflict with each other, and an older one arriving late is dropped (services.save_draft).
    edit_window = models.CharField(max_length=40, blank=True, editable=False)
    edit_seq = models.PositiveIntegerField(default=0, editable=False)
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    agenda_item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="case"
    )

    title = models.CharField(_("short title"), max_length=200, blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=CaseTheme.choices, blank=True)
    age_band = models.CharField(_("age band"), max_length=6, choices=AgeBand.choices, blank=True)
    sex_gender = models.CharField(
        _("sex / gender"), max_length=12, choices=SexGender.choices, blank=True
    )
    pain_locations = models.TextField(_("pain locations"), blank=True)
    pain_duration = models.CharField(
        _("pain duration"), max_length=6, choices=PainDuration.choices, blank=True
    )
    pain_type = models.CharField(
        _("pain type"), max_length=12, choices=PainType.choices, blank=True
    )
    working_diagnoses = models.TextField(_("working diagnoses"), blank=True)
    function = models.TextField(_("function and daily activities"), blank=True)
    work_status = models.CharField(
        _("work status"), max_length=12, choices=WorkStatus.choices, blank=True
    )
    treatments_pharmacological = models.TextField(_("past pharmacological treatments"), blank=True)
    treatments_physical = models.TextField(_("past physical treatments"), blank=True)
    treatments_psychological = models.TextField(_("past psychological treatments"), blank=True)
    treatments_interventional = models.TextField(_("past interventional treatments"), blank=True)
    mental_health = models.TextField(_("mental health"), blank=True)
    substance_use = models.TextField(_("substance use"), blank=True)
    social_context = models.TextField(_("social context"), blank=True)
    patient_goals = models.TextField(_("patient goals"), blank=True)
    questions = models.TextField(_("questions for the hub"), blank=True)
    mme_table = models.CharField(_("MME table"), max_length=20, default="cdc2022")
    #: Total MME/day of the presentation's medication rows, stored whenever they are saved
    #: (None: no opioid row could be converted, or no rows). Read by summaries and dashboards.
    mme_total = models.DecimalField(max_digits=9, decimal_places=1, null=True, blank=True)
    attest_deidentified = models.BooleanField(
        _("I attest that this case contains no information that could identify the patient"),
        default=False,
    )
    patient_agreed = models.BooleanField(
        _("The patient agreed to their case being presented"), default=False
    )

    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comments = models.TextField(_("comments from the privacy review"), blank=True)
    presented_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    recommendations_summary = models.TextField(_("summary of the recommendations"), blank=True)
    plain_language_summary = models.TextField(
        _("plain-language summary for the patient"), blank=True
    )

    # Close-out survey
    advice_followed = models.CharField(max_length=10, blank=True)
    plan_changed = models.BooleanField(null=True, blank=True)
    referral_avoided = models.BooleanField(null=True, blank=True)
    #: The taper plan the hub attached to its recommendations (clinical.taper.TaperPlan.to_dict()).
    taper_plan = models.JSONField(_("taper plan"), default=dict, blank=True)
    closeout_comments = models.TextField(blank=True)
    #: Answers to the program's own questions (cases.formconfig): {name: {"label", "kind",
    #: "value"}}, the label and kind kept so an answer still reads after its question is removed.
    extra = models.JSONField(_("answers to the program's questions"), default=dict, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-updated_at"]
        indexes = [
            # With the ids (PostgreSQL: a covering index): every search and library read lists
            # the library cases of the reader's programs from this index alone.
            models.Index(fields=["program", "status"], include=["id"], name="case_program_status"),
            models.Index(fields=["presenter", "-updated_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                condition=~models.Q(number=""),
                name="case_number_unique",
            )
        ]

    def __str__(self) -> str:
        if self.number:
            return self.number
        if self.status == CaseStatus.DRAFT:
            return str(_("Draft case #%(pk)s") % {"pk": self.pk})
        return str(_("Case #%(pk)s") % {"pk": self.pk})

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", kwargs={"slug": self.program.slug, "pk": self.pk})


class CaseMedication(models.Model):
    """A structured medication row: at presentation (follow_up is None) or at a follow-up."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="medications")
    follow_up = models.ForeignKey(
        "FollowUp", null=True, blank=True, on_delete=models.CASCADE, related_name="medications"
    )
    position = models.PositiveSmallIntegerField(default=0)
    drug = models.CharField(_("drug"), max_length=100)
    formulation = models.CharField(_("formulation"), max_length=40, blank=True)
    dose = models.DecimalField(_("dose"), max_digits=10, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=10)
    times_per_day = models.DecimalField(
        _("times per day"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    frequency = models.CharField(_("frequency"), max_length=100, blank=True)
    as_needed = models.BooleanField(_("as needed"), default=False)
    #: Strengths on hand, in the row's unit ("5, 10, 20"): a taper plan's doses are made of them.
    strengths = models.CharField(_("strengths on hand"), max_length=100, blank=True)
    purpose = models.CharField(
        _("purpose"),
        max_length=4,
        blank=True,
        choices=[("pain", _("Pain")), ("oud", _("Opioid use disorder treatment"))],
    )
    #: mg per mL of an oral liquid whose dose is given in mL.
    concentration = models.DecimalField(
        _("concentration (mg/mL)"), max_digits=8, decimal_places=3, null=True, blank=True
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.drug} {self.dose} {self.unit}"

    @property
    def strength_list(self) -> list[Decimal]:
        out = []
        for part in self.strengths.replace(";", ",").split(","):
            try:
                value = Decimal(part.strip())
            except ArithmeticError:
                continue
            if value.is_finite() and value > 0:
                out.append(value)
        return out


class CaseScore(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="scores")
    follow_up = models.ForeignKey(
        "FollowUp", null=True, blank=True, on_delete=models.CASCADE, related_name="scores"
    )
    instrument = models.CharField(_("instrument"), max_length=30)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2)
    band = models.CharField(_("severity"), max_length=60, blank=True)
    items = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["instrument"]

    def __str__(self) -> str:
        return f"{self.instrument} {self.total}"


class PhiOverride(models.Model):
    """An author's decision that a finding is not identifying, with their reason. Holds the
    finding's kind and a keyed hash of its text, never the text itself."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="phi_overrides")
    field = models.CharField(max_length=40)
    kind = models.CharField(max_length=20)
    text_hash = models.CharField(max_length=64)
    reason = models.CharField(_("reason"), max_length=300)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "field", "kind", "text_hash"], name="phi_override_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} in {self.field}"


class Discipline(models.TextChoices):
    MEDICINE = "medicine", _("Medicine")
    PHARMACY = "pharmacy", _("Pharmacy")
    PSYCHOLOGY = "psychology", _("Psychology")
    PHYSIOTHERAPY = "physiotherapy", _("Physiotherapy")
    OCCUPATIONAL_THERAPY = "occupational_therapy", _("Occupational therapy")
    SOCIAL_WORK = "social_work", _("Social work")
    NURSING = "nursing", _("Nursing")


#: A person's profession (programs.Profession) -> the discipline of the recommendations they
#: write or present from; the one table for the case page, the live console and search. A
#: profession not here (a student, "other") has no discipline of its own.
DISCIPLINE_OF_PROFESSION: dict[str, str] = {
    "family_physician": Discipline.MEDICINE,
    "specialist_physician": Discipline.MEDICINE,
    "resident": Discipline.MEDICINE,
    "nurse_practitioner": Discipline.NURSING,
    "registered_nurse": Discipline.NURSING,
    "practical_nurse": Discipline.NURSING,
    "pharmacist": Discipline.PHARMACY,
    "psychologist": Discipline.PSYCHOLOGY,
    "physiotherapist": Discipline.PHYSIOTHERAPY,
    "occupational_therapist": Discipline.OCCUPATIONAL_THERAPY,
    "social_worker": Discipline.SOCIAL_WORK,
}


class Recommendation(TimeStampedModel):
    """One discipline's advice on a case. One row per discipline, so experts of different
    disciplines never overwrite each other; `version` catches two editors of the same one."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recommendations")
    discipline = models.CharField(_("discipline"), max_length=24, choices=Discipline.choices)
    text = models.TextField(_("recommendations"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["discipline"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "discipline"], name="recommendation_per_discipline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_discipline_display()} for {self.case}"


class FollowUp(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    what_changed = models.TextField(_("what changed"))
    #: Total MME/day of this follow-up's medication rows, stored when the follow-up is saved.
    mme_total = models.DecimalField(max_digits=9, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Follow-up on {self.case} ({self.created_at:%Y-%m-%d})"


class CaseFormConfig(TimeStampedModel):
    """A program's own case form (see cases.formconfig); none stored: the chronic pain
    template. JSON shapes are read and checked by cases.formconfig, never here."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="case_form_config"
    )
    #: {field name: {"shown", "required", "label", "help"}}
    fields = models.JSONField(default=dict, blank=True)
    #: {"medications": bool, "scores": bool}
    sections = models.JSONField(default=dict, blank=True)
    #: [{"name", "label", "kind": "text"|"choice", "choices", "required", "help"}]
    questions = models.JSONField(default=list, blank=True)
    #: who sends the recommendations to the presenter (cases.senders.SENDERS)
    recommendations_sender = models.CharField(
        _("who sends the recommendations"), max_length=20, default="chair_coordinators"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("case form configuration")

    def __str__(self) -> str:
        return f"Case form of {self.program}"
