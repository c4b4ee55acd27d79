"""The controlled list of professions (registration, hub members, reports)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Profession(models.TextChoices):
    FAMILY_PHYSICIAN = "family_physician", _("Family physician")
    SPECIALIST_PHYSICIAN = "specialist_physician", _("Specialist physician")
    NURSE_PRACTITIONER = "nurse_practitioner", _("Nurse practitioner")
    REGISTERED_NURSE = "registered_nurse", _("Registered nurse")
    PRACTICAL_NURSE = "practical_nurse", _("Registered practical nurse")
    PHARMACIST = "pharmacist", _("Pharmacist")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    PHYSIOTHERAPIST = "physiotherapist", _("Physiotherapist")
    OCCUPATIONAL_THERAPIST = "occupational_therapist", _("Occupational therapist")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    DIETITIAN = "dietitian", _("Dietitian")
    KINESIOLOGIST = "kinesiologist", _("Kinesiologist")
    CHIROPRACTOR = "chiropractor", _("Chiropractor")
    ADDICTION_COUNSELLOR = "addiction_counsellor", _("Addiction counsellor")
    RESIDENT = "resident", _("Resident / learner")
    ADMINISTRATOR = "administrator", _("Administrator / coordinator")
    OTHER = "other", _("Other")
