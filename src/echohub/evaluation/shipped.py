"""Shipped survey templates: plain data a program adopts (an editable copy) or ignores.

Each template: ``key``, ``kind``, titles and intro in English and Canadian French, and sections
of questions. A question is a dict with the fields of :class:`evaluation.models.Question`
(``code``, ``kind``, ``text``/``text_fr``, ``required``, ``options``, ``rows``, ``min_value``,
``max_value``). Pre- and post-cycle self-efficacy share their item codes so answers pair.
Plain Python: no Django import.
"""

from __future__ import annotations

from typing import Any

Option = dict[str, str]


def _scale(labels: list[tuple[str, str]]) -> list[Option]:
    return [
        {"value": str(i), "label": en, "label_fr": fr} for i, (en, fr) in enumerate(labels, start=1)
    ]


AGREE = _scale(
    [
        ("Strongly disagree", "Fortement en désaccord"),
        ("Disagree", "En désaccord"),
        ("Neither agree nor disagree", "Ni en accord ni en désaccord"),
        ("Agree", "D’accord"),
        ("Strongly agree", "Fortement d’accord"),
    ]
)
QUALITY = _scale(
    [
        ("Poor", "Médiocre"),
        ("Fair", "Passable"),
        ("Good", "Bonne"),
        ("Very good", "Très bonne"),
        ("Excellent", "Excellente"),
    ]
)
CONFIDENCE = _scale(
    [
        ("Not at all confident", "Pas du tout confiant(e)"),
        ("Slightly confident", "Un peu confiant(e)"),
        ("Moderately confident", "Modérément confiant(e)"),
        ("Very confident", "Très confiant(e)"),
        ("Extremely confident", "Extrêmement confiant(e)"),
    ]
)
VALUE = _scale(
    [
        ("Not at all valuable", "Aucune valeur"),
        ("Slightly valuable", "Peu utile"),
        ("Moderately valuable", "Modérément utile"),
        ("Very valuable", "Très utile"),
        ("Extremely valuable", "Extrêmement utile"),
    ]
)


def _q(code: str, kind: str, text: str, text_fr: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "kind": kind, "text": text, "text_fr": text_fr, **extra}


def _choices(pairs: list[tuple[str, str, str]]) -> list[Option]:
    return [{"value": v, "label": en, "label_fr": fr} for v, en, fr in pairs]


SELF_EFFICACY_ROWS = [
    {
        "key": "assess_pain",
        "label": "Assess chronic pain with validated tools (e.g. PEG)",
        "label_fr": "Évaluer la douleur chronique avec des outils validés (p. ex. PEG)",
    },
    {
        "key": "nonpharm",
        "label": "Offer non-drug treatments for chronic pain",
        "label_fr": "Proposer des traitements non médicamenteux de la douleur chronique",
    },
    {
        "key": "opioid_start",
        "label": "Decide whether to start an opioid",
        "label_fr": "Décider s’il faut commencer un opioïde",
    },
    {
        "key": "opioid_risk",
        "label": "Assess and monitor opioid risk (MME, overdose, use disorder)",
        "label_fr": (
            "Évaluer et surveiller le risque lié aux opioïdes (MEM, surdose, trouble d’usage)"
        ),
    },
    {
        "key": "taper",
        "label": "Plan and support an opioid taper",
        "label_fr": "Planifier et accompagner une diminution progressive des opioïdes",
    },
    {
        "key": "oud",
        "label": "Recognise opioid use disorder and start treatment or referral",
        "label_fr": "Reconnaître un trouble lié à l’usage d’opioïdes et amorcer un traitement",
    },
    {
        "key": "naloxone",
        "label": "Counsel patients and families on naloxone",
        "label_fr": "Conseiller les patients et leurs proches sur la naloxone",
    },
]


def _self_efficacy(key: str, kind: str, title: str, title_fr: str) -> dict[str, Any]:
    return {
        "key": key,
        "kind": kind,
        "title": title,
        "title_fr": title_fr,
        "intro": "How confident are you today? There are no right answers.",
        "intro_fr": (
            "À quel point êtes-vous confiant(e) aujourd’hui? Il n’y a pas de bonne réponse."
        ),
        "sections": [
            {
                "title": "Confidence in chronic pain and opioid management",
                "title_fr": (
                    "Confiance dans la prise en charge de la douleur chronique et des opioïdes"
                ),
                "questions": [
                    _q(
                        "se",
                        "matrix",
                        "How confident are you that you can…",
                        "À quel point êtes-vous confiant(e) de pouvoir…",
                        required=True,
                        options=CONFIDENCE,
                        rows=SELF_EFFICACY_ROWS,
                    ),
                ],
            },
            {
                "title": "About your practice",
                "title_fr": "Votre pratique",
                "questions": [
                    _q(
                        "pain_patients_week",
                        "number",
                        "About how many patients with chronic pain do you see in a week?",
                        "Environ combien de patients atteints de douleur chronique voyez-vous "
                        "par semaine?",
                        min_value="0",
                        max_value="500",
                    ),
                    _q(
                        "knowledge_overall",
                        "likert",
                        "Overall, my knowledge of chronic pain management is…",
                        "Dans l’ensemble, mes connaissances en gestion de la douleur chronique "
                        "sont…",
                        required=True,
                        options=QUALITY,
                    ),
                    _q(
                        "learning_goals",
                        "text",
                        "What would you most like to learn or improve?",
                        "Qu’aimeriez-vous le plus apprendre ou améliorer?",
                    ),
                ],
            },
        ],
    }


TEMPLATES: list[dict[str, Any]] = [
    {
        "key": "post_session",
        "kind": "post_session",
        "title": "Session evaluation",
        "title_fr": "Évaluation de la séance",
        "intro": "Two minutes to tell us how today's session went.",
        "intro_fr": "Deux minutes pour nous dire comment s’est passée la séance d’aujourd’hui.",
        "sections": [
            {
                "title": "Today's session",
                "title_fr": "La séance d’aujourd’hui",
                "questions": [
                    _q(
                        "relevance",
                        "likert",
                        "The session was relevant to my practice.",
                        "La séance était pertinente pour ma pratique.",
                        required=True,
                        options=AGREE,
                    ),
                    _q(
                        "quality",
                        "likert",
                        "How would you rate the overall quality of the session?",
                        "Comment évaluez-vous la qualité globale de la séance?",
                        required=True,
                        options=QUALITY,
                    ),
                    _q(
                        "intent_change",
                        "likert",
                        "I intend to change my practice because of this session.",
                        "J’ai l’intention de modifier ma pratique à la suite de cette séance.",
                        required=True,
                        options=AGREE,
                    ),
                    _q(
                        "comments",
                        "text",
                        "Comments or suggestions (please do not identify patients).",
                        "Commentaires ou suggestions (n’identifiez aucun patient).",
                    ),
                ],
            }
        ],
    },
    _self_efficacy(
        "pre_cycle_self_efficacy",
        "pre_cycle",
        "Start of cycle: self-efficacy in chronic pain and opioid management",
        "Début du cycle : sentiment d’efficacité en douleur chronique et gestion des opioïdes",
    ),
    _self_efficacy(
        "post_cycle_self_efficacy",
        "post_cycle",
        "End of cycle: self-efficacy in chronic pain and opioid management",
        "Fin du cycle : sentiment d’efficacité en douleur chronique et gestion des opioïdes",
    ),
    {
        "key": "presenter",
        "kind": "presenter",
        "title": "Case presenter feedback",
        "title_fr": "Rétroaction de la personne qui a présenté un cas",
        "intro": "Thank you for presenting a case. Tell us how it went.",
        "intro_fr": "Merci d’avoir présenté un cas. Dites-nous comment cela s’est passé.",
        "sections": [
            {
                "title": "Your case presentation",
                "title_fr": "Votre présentation de cas",
                "questions": [
                    _q(
                        "recs_useful",
                        "likert",
                        "The recommendations were useful for my patient.",
                        "Les recommandations étaient utiles pour mon patient.",
                        required=True,
                        options=AGREE,
                    ),
                    _q(
                        "recs_clear",
                        "likert",
                        "The written recommendations were clear.",
                        "Les recommandations écrites étaient claires.",
                        required=True,
                        options=AGREE,
                    ),
                    _q(
                        "submission_easy",
                        "likert",
                        "Submitting the case was easy.",
                        "Soumettre le cas a été facile.",
                        options=AGREE,
                    ),
                    _q(
                        "would_present_again",
                        "single",
                        "Would you present another case?",
                        "Présenteriez-vous un autre cas?",
                        options=_choices(
                            [
                                ("yes", "Yes", "Oui"),
                                ("maybe", "Maybe", "Peut-être"),
                                ("no", "No", "Non"),
                            ]
                        ),
                    ),
                    _q(
                        "presenter_comments",
                        "text",
                        "What could we do better? (please do not identify the patient)",
                        "Que pourrions-nous améliorer? (n’identifiez pas le patient)",
                    ),
                ],
            }
        ],
    },
    {
        "key": "closeout",
        "kind": "closeout",
        "title": "Case close-out",
        "title_fr": "Clôture du cas",
        "intro": "Adapted from the BASE eConsult close-out survey.",
        "intro_fr": "Adapté du questionnaire de clôture de BASE eConsult.",
        "sections": [
            {
                "title": "Outcome of the case",
                "title_fr": "Résultat du cas",
                "questions": [
                    _q(
                        "outcome",
                        "single",
                        "What was the outcome of the hub's recommendations?",
                        "Quel a été le résultat des recommandations du carrefour?",
                        required=True,
                        options=_choices(
                            [
                                (
                                    "confirmed_plan",
                                    "They confirmed the plan I had in mind",
                                    "Elles ont confirmé le plan que j’avais en tête",
                                ),
                                (
                                    "new_course",
                                    "I chose a new or additional course of action",
                                    "J’ai choisi une nouvelle ligne de conduite ou une mesure "
                                    "supplémentaire",
                                ),
                                (
                                    "not_useful",
                                    "They were not useful",
                                    "Elles n’étaient pas utiles",
                                ),
                                ("none", "None of the above", "Aucune de ces réponses"),
                            ]
                        ),
                    ),
                    _q(
                        "referral",
                        "single",
                        "Which best describes the effect on a referral?",
                        "Laquelle décrit le mieux l’effet sur une demande de consultation?",
                        required=True,
                        options=_choices(
                            [
                                (
                                    "avoided",
                                    "A referral was contemplated but is now avoided",
                                    "Une consultation était envisagée mais est maintenant évitée",
                                ),
                                (
                                    "still_needed",
                                    "A referral is still needed, but the visit will be more "
                                    "effective",
                                    "Une consultation reste nécessaire, mais la visite sera plus "
                                    "efficace",
                                ),
                                (
                                    "not_needed",
                                    "Not contemplated and still not needed",
                                    "Non envisagée et toujours pas nécessaire",
                                ),
                                (
                                    "initiated",
                                    "Not contemplated, but now initiated",
                                    "Non envisagée, mais maintenant demandée",
                                ),
                                ("no_benefit", "No benefit", "Aucun avantage"),
                                ("other", "Other", "Autre"),
                            ]
                        ),
                    ),
                    _q(
                        "value_patient",
                        "likert",
                        "How valuable was the advice for your patient?",
                        "Quelle a été la valeur des conseils pour votre patient?",
                        required=True,
                        options=VALUE,
                    ),
                    _q(
                        "value_practice",
                        "likert",
                        "How valuable was the advice for your own practice?",
                        "Quelle a été la valeur des conseils pour votre propre pratique?",
                        required=True,
                        options=VALUE,
                    ),
                    _q(
                        "closeout_comments",
                        "text",
                        "Anything else about this case? (no identifying details)",
                        "Autre chose à propos de ce cas? (aucun détail identifiant)",
                    ),
                ],
            }
        ],
    },
]

BY_KEY: dict[str, dict[str, Any]] = {t["key"]: t for t in TEMPLATES}


def template_choices() -> list[tuple[str, str]]:
    return [(t["key"], t["title"]) for t in TEMPLATES]
