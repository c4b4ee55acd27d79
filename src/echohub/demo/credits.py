"""Demo credit rules: each demo program is accredited for one kind of credit, so a coordinator
can walk attendance -> credits -> certificates after `make run` (the credit pages, a session's
awards, the transcript and a certificate batch all have something to show).

The rules go in through `credits.services.create_rule`, as a program admin would set them, after
the attendance is imported: creating a rule computes its awards for every ended session. The
provider and its contact are synthetic (example.org); the statements follow the usual wording of
a group-learning accreditation without naming a real accredited provider.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from echohub.credits import services as credit_services
from echohub.credits.models import CreditRule, CreditType
from echohub.demo import content as C
from echohub.programs.models import Program

PROVIDER: Final = "Demo ECHO Continuing Professional Development Office"
CONTACT: Final = "cpd@example.org"

# Per program slug: the rule a program admin would set. The pain program's Royal College rule
# (its specialists' credit) leaves room for a Mainpro+ rule beside it; the primary-care
# program's spokes are family physicians: Mainpro+.
RULES: Final[dict[str, dict[str, Any]]] = {
    C.CP_SLUG: {
        "credit_type": CreditType.RC_MOC_1,
        "credits_per_hour": "1",
        "rounding": "quarter_hour",
        "minimum_share": 50,
        "registered_only": True,
        "survey_required": False,
        "accreditation_statement": (
            "This event is an Accredited Group Learning Activity (Section 1) as defined by the "
            "Maintenance of Certification Program of the Royal College of Physicians and "
            "Surgeons of Canada, approved by the Demo ECHO Continuing Professional Development "
            "Office. You may claim a maximum of 1.5 hours per session (credits are automatically "
            "calculated)."
        ),
        "accreditation_statement_fr": (
            "Cette activité est une activité d’apprentissage collectif agréée (section 1) au "
            "sens du programme de Maintien du certificat du Collège royal des médecins et "
            "chirurgiens du Canada, approuvée par le Bureau de développement professionnel "
            "continu de démonstration ECHO. Vous pouvez déclarer un maximum de 1,5 heure par "
            "séance (les crédits sont calculés automatiquement)."
        ),
    },
    C.MHA_SLUG: {
        "credit_type": CreditType.MAINPRO_GROUP,
        "credits_per_hour": "1",
        "rounding": "none",
        "minimum_share": 75,
        "registered_only": True,
        "survey_required": False,
        "accreditation_statement": (
            "This one-credit-per-hour Group Learning program meets the certification criteria "
            "of the College of Family Physicians of Canada and has been certified by the Demo "
            "ECHO Continuing Professional Development Office for up to 1.5 Mainpro+ credits "
            "per session."
        ),
        "accreditation_statement_fr": (
            "Ce programme d’apprentissage en groupe d’un crédit par heure répond aux critères "
            "de certification du Collège des médecins de famille du Canada et a été certifié "
            "par le Bureau de développement professionnel continu de démonstration ECHO pour "
            "un maximum de 1,5 crédit Mainpro+ par séance."
        ),
    },
}


def add_credit_rules(*, programs: Iterable[Program], actor: Any) -> list[CreditRule]:
    """One credit rule per demo program that has one in RULES, with its awards computed."""
    made = []
    for program in programs:
        data = RULES.get(program.slug)
        if data is None:
            continue
        made.append(
            credit_services.create_rule(
                actor=actor,
                program=program,
                data={**data, "provider_name": PROVIDER, "provider_contact": CONTACT},
            )
        )
    return made
