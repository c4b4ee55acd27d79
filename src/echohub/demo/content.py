"""Fixed, made-up content for the demo: names, places, programs, curricula.

Everything here is invented. Names are drawn from these lists by a seeded random generator, so
any likeness to a real person is a coincidence; emails are @example.org (reserved, never
delivered). Institution and site names are fictional.
"""

from __future__ import annotations

from typing import Final

from echohub.accounts.professions import Profession
from echohub.programs.models import HubRole, Rurality, SiteKind

P = Profession

FIRST_NAMES: Final[tuple[str, ...]] = (
    "Aisha", "Alexandre", "Amara", "Andrea", "Anika", "Ben", "Bianca", "Caleb", "Camille",
    "Chantal", "Chloe", "Daniel", "Deepa", "Diego", "Elena", "Elijah", "Emily", "Erin", "Farah",
    "Felix", "Gabriel", "Grace", "Hamza", "Hannah", "Imran", "Isabelle", "Jacob", "Jasmine",
    "Jean-Luc", "Joanna", "Jonah", "Julie", "Kareem", "Kavya", "Kenji", "Laila", "Liam", "Lucas",
    "Maeve", "Marc", "Maria", "Marie-Eve", "Mateo", "Maya", "Mei", "Mohammed", "Nadia", "Naomi",
    "Nathan", "Nicole", "Noah", "Olivia", "Omar", "Owen", "Paolo", "Priya", "Rachel", "Rafael",
    "Rebecca", "Rohan", "Ruth", "Samir", "Sara", "Simone", "Sophie", "Tariq", "Tessa", "Thomas",
    "Valerie", "Victor", "Wei", "Yasmin", "Zoe",
)  # fmt: skip

LAST_NAMES: Final[tuple[str, ...]] = (
    "Abernethy", "Achterberg", "Bellefeuille", "Birchall", "Boudreau", "Brightwater", "Castellan",
    "Chowdhury", "Corriveau", "Dunmore", "Eskandari", "Fairbrook", "Fenwick", "Gagnon-Reid",
    "Galbraith", "Hallorann", "Hartigan", "Iskander", "Jablonski", "Kapoor", "Kettleby",
    "Kowalczyk", "Lachance", "Larocque", "Lindqvist", "Maclennan", "Marchetti", "Mbeki-Stone",
    "Morrisseau-Hale", "Nakashima", "Neufeld", "Okonkwo", "Ouellet", "Pellerin", "Pettigrew",
    "Quennell", "Rasmussen", "Rautenberg", "Sandoval", "Santhanam", "Schofield", "Sekhon",
    "Szabo", "Thibodeau", "Tremblay-Watts", "Underhill", "Valliere", "Vanderhoek", "Wakefield",
    "Whitcombe", "Wojcik", "Yarrow", "Zelenko", "Zhao-Martin",
)  # fmt: skip

CREDENTIALS: Final[dict[str, str]] = {
    P.FAMILY_PHYSICIAN: "MD, CCFP",
    P.SPECIALIST_PHYSICIAN: "MD, FRCPC",
    P.NURSE_PRACTITIONER: "NP-PHC",
    P.REGISTERED_NURSE: "RN",
    P.PRACTICAL_NURSE: "RPN",
    P.PHARMACIST: "RPh",
    P.PSYCHOLOGIST: "PhD, C.Psych.",
    P.PHYSIOTHERAPIST: "PT",
    P.OCCUPATIONAL_THERAPIST: "OT Reg. (Ont.)",
    P.SOCIAL_WORKER: "MSW, RSW",
    P.DIETITIAN: "RD",
    P.KINESIOLOGIST: "R.Kin",
    P.ADDICTION_COUNSELLOR: "CCAC",
    P.RESIDENT: "MD (PGY-2)",
    P.ADMINISTRATOR: "",
    P.OTHER: "",
}

# Spoke participants: professions and their weights (a typical primary-care ECHO mix).
PARTICIPANT_PROFESSIONS: Final[tuple[tuple[str, int], ...]] = (
    (P.FAMILY_PHYSICIAN, 30),
    (P.NURSE_PRACTITIONER, 15),
    (P.REGISTERED_NURSE, 14),
    (P.PHARMACIST, 10),
    (P.SOCIAL_WORKER, 7),
    (P.PRACTICAL_NURSE, 5),
    (P.PHYSIOTHERAPIST, 5),
    (P.OCCUPATIONAL_THERAPIST, 3),
    (P.PSYCHOLOGIST, 3),
    (P.RESIDENT, 3),
    (P.KINESIOLOGIST, 2),
    (P.ADDICTION_COUNSELLOR, 2),
    (P.DIETITIAN, 1),
)

# The fixed demo accounts: key -> (email, first, last, profession, label)
ACCOUNTS: Final[dict[str, tuple[str, str, str, str, str]]] = {
    "superuser": ("admin@example.org", "Demo", "Administrator", P.ADMINISTRATOR, "Site admin"),
    "program_admin": (
        "programadmin@example.org", "Helena", "Fairbrook", P.ADMINISTRATOR, "Program admin",
    ),
    "coordinator": (
        "coordinator@example.org", "Priya", "Santhanam", P.ADMINISTRATOR, "Hub coordinator",
    ),
    "expert": ("expert@example.org", "Tomas", "Hallorann", P.SPECIALIST_PHYSICIAN, "Hub expert"),
    "participant": (
        "participant@example.org", "Jasmine", "Okonkwo", P.FAMILY_PHYSICIAN, "Participant",
    ),
    "evaluator": ("evaluator@example.org", "Marc", "Lindqvist", P.OTHER, "Evaluator"),
}  # fmt: skip

# Sites: name, kind, Ontario Health region, rurality, population served.
SITES: Final[tuple[tuple[str, str, str, str, str], ...]] = (
    ("Harbourview Community Health Centre", SiteKind.COMMUNITY_HEALTH_CENTRE, "Toronto",
     Rurality.URBAN, "Inner-city adults, people experiencing homelessness"),
    ("Bayside Family Health Team", SiteKind.FAMILY_HEALTH_TEAM, "Toronto", Rurality.URBAN,
     "Urban families, newcomers"),
    ("Queensway Nurse Practitioner-Led Clinic", SiteKind.NURSE_PRACTITIONER_CLINIC, "Toronto",
     Rurality.URBAN, "Unattached patients"),
    ("Lakeshore West Pain & Wellness Clinic", SiteKind.CLINIC, "Toronto", Rurality.URBAN,
     "Adults with chronic pain"),
    ("Cedarbrook Family Health Team", SiteKind.FAMILY_HEALTH_TEAM, "Central", Rurality.SUBURBAN,
     "Suburban families, older adults"),
    ("Maple Ridge Community Health Centre", SiteKind.COMMUNITY_HEALTH_CENTRE, "Central",
     Rurality.SUBURBAN, "Low-income adults, South Asian community"),
    ("Marshland Family Practice", SiteKind.CLINIC, "Central", Rurality.RURAL,
     "Farming communities, seasonal workers"),
    ("Georgian Shores Family Health Team", SiteKind.FAMILY_HEALTH_TEAM, "Central",
     Rurality.RURAL, "Small towns, cottage-season population"),
    ("Rideau Valley Family Health Team", SiteKind.FAMILY_HEALTH_TEAM, "East", Rurality.RURAL,
     "Rural families, older adults"),
    ("Thousand Islands Community Health Centre", SiteKind.COMMUNITY_HEALTH_CENTRE, "East",
     Rurality.RURAL, "Rural adults, francophone community"),
    ("Quinte Hills Community Health Centre", SiteKind.COMMUNITY_HEALTH_CENTRE, "East",
     Rurality.SUBURBAN, "Adults with complex needs"),
    ("Ottawa River Nurse Practitioner-Led Clinic", SiteKind.NURSE_PRACTITIONER_CLINIC, "East",
     Rurality.URBAN, "Unattached patients, francophone community"),
    ("Grand River Family Health Team", SiteKind.FAMILY_HEALTH_TEAM, "West", Rurality.SUBURBAN,
     "Families, Mennonite community"),
    ("Huron Shores Community Health Centre", SiteKind.COMMUNITY_HEALTH_CENTRE, "West",
     Rurality.RURAL, "Rural adults, farm workers"),
    ("Thames Valley Outreach Clinic", SiteKind.CLINIC, "West", Rurality.URBAN,
     "People who use drugs, outreach"),
    ("Bruce Peninsula Family Health Team", SiteKind.FAMILY_HEALTH_TEAM, "West", Rurality.RURAL,
     "Rural and seasonal population"),
    ("Nickel Basin Community Health Centre", SiteKind.COMMUNITY_HEALTH_CENTRE, "North East",
     Rurality.URBAN, "Adults, Indigenous and francophone communities"),
    ("Temagami Lakes Family Health Team", SiteKind.FAMILY_HEALTH_TEAM, "North East",
     Rurality.RURAL, "Rural families, forestry and mining workers"),
    ("James Bay Coast Nursing Station", SiteKind.NURSING_STATION, "North East", Rurality.REMOTE,
     "Fly-in First Nations community"),
    ("Algoma Highlands Family Health Team", SiteKind.FAMILY_HEALTH_TEAM, "North East",
     Rurality.RURAL, "Rural adults, older adults"),
    ("Porcupine Valley Nurse Practitioner-Led Clinic", SiteKind.NURSE_PRACTITIONER_CLINIC,
     "North East", Rurality.RURAL, "Unattached patients"),
    ("Lakehead Shore Community Health Centre", SiteKind.COMMUNITY_HEALTH_CENTRE, "North West",
     Rurality.URBAN, "Urban Indigenous adults, people who use drugs"),
    ("Boreal Lakes Family Health Team", SiteKind.FAMILY_HEALTH_TEAM, "North West",
     Rurality.RURAL, "Rural families, tourism workers"),
    ("Northern Lights Nursing Station", SiteKind.NURSING_STATION, "North West", Rurality.REMOTE,
     "Fly-in First Nations community"),
    ("Caribou Narrows Nursing Station", SiteKind.NURSING_STATION, "North West", Rurality.REMOTE,
     "Fly-in First Nations community"),
)  # fmt: skip

# The demo participant's site in each program.
PARTICIPANT_SITE: Final[str] = "Temagami Lakes Family Health Team"

# The second program's spoke sites (a subset of the names above, as separate Site rows).
MHA_SITES: Final[tuple[str, ...]] = (
    "Harbourview Community Health Centre",
    "Maple Ridge Community Health Centre",
    "Temagami Lakes Family Health Team",
    "Lakehead Shore Community Health Centre",
    "Northern Lights Nursing Station",
    "Thames Valley Outreach Clinic",
)

# ------------------------------------------------------------------------------------------
# Program 1: Chronic Pain & Opioid Stewardship

CP_SLUG: Final[str] = "chronic-pain"
CP = {
    "slug": CP_SLUG,
    "name": "Chronic Pain & Opioid Stewardship",
    "summary": (
        "Weekly case-based telementoring for Ontario primary-care teams caring for people "
        "living with chronic pain, including safer opioid prescribing and tapering."
    ),
    "description": (
        "Chronic Pain & Opioid Stewardship is a Project ECHO program: an interprofessional hub "
        "team of pain specialists, family physicians, a pain psychologist, a physiotherapist, an "
        "occupational therapist, a social worker, a pharmacist and a nurse meets primary-care "
        "teams from across Ontario every Thursday at lunchtime.\n\n"
        "Each 90-minute session opens with a short didactic talk from the curriculum, "
        "followed by one or two de-identified patient cases presented by a spoke participant. "
        "The hub and the other spokes ask clarifying questions and discuss; the presenter "
        "receives written recommendations organised by discipline within a week.\n\n"
        "Experts never see the patient: the presenting clinician keeps full responsibility for "
        "care. Attendance is recorded for every session from the video platform's report."
    ),
    "audience": (
        "Family physicians, nurse practitioners, nurses, pharmacists, social workers, "
        "physiotherapists, occupational therapists and other members of primary-care teams in "
        "Ontario, in urban, rural, remote and Indigenous communities. No prior pain training "
        "is needed."
    ),
    "how_to_join": (
        "Register with your professional licence number and your practice site. A hub "
        "coordinator reviews registrations within two business days and emails you a link to "
        "set your password; your home page then shows your sessions with their join links and "
        "calendar files. Join from any computer with a webcam; present a case when you are "
        "ready by submitting it from the Cases page."
    ),
    "time_zone": "America/Toronto",
    "contact_email": "chronic-pain-echo@example.org",
    # Bilingual content (English first): the French of every text above.
    "content_languages": "en+fr",
    "name_fr": "Douleur chronique et gestion des opioïdes",
    "summary_fr": (
        "Télémentorat hebdomadaire fondé sur des cas pour les équipes de soins primaires de "
        "l’Ontario qui soignent des personnes vivant avec de la douleur chronique, y compris la "
        "prescription plus sécuritaire et la diminution progressive des opioïdes."
    ),
    "description_fr": (
        "Douleur chronique et gestion des opioïdes est un programme Project ECHO\u00a0: une équipe "
        "du carrefour interprofessionnelle (spécialistes de la douleur, médecins de famille, "
        "psychologue de la douleur, physiothérapeute, ergothérapeute, travailleuse sociale, "
        "pharmacien et infirmière) rencontre des équipes de soins primaires de partout en "
        "Ontario chaque jeudi midi.\n\n"
        "Chaque séance de 90 minutes commence par une courte présentation didactique tirée du "
        "programme d’études, suivie d’un ou deux cas de patients dépersonnalisés présentés par "
        "un participant d’un site partenaire. Le carrefour et les autres sites posent des "
        "questions de clarification et discutent; la personne qui présente reçoit dans la "
        "semaine des recommandations écrites, classées par discipline.\n\n"
        "Les experts ne voient jamais le patient\u00a0: le clinicien qui présente garde l’entière "
        "responsabilité des soins. La présence est consignée à chaque séance à partir du "
        "rapport de la plateforme vidéo."
    ),
    "audience_fr": (
        "Médecins de famille, infirmières praticiennes et infirmiers praticiens, personnel "
        "infirmier, pharmaciens, travailleurs sociaux, physiothérapeutes, ergothérapeutes et "
        "autres membres des équipes de soins primaires de l’Ontario, en milieu urbain, rural, "
        "éloigné et dans les communautés autochtones. Aucune formation préalable en douleur "
        "n’est nécessaire."
    ),
    "how_to_join_fr": (
        "Inscrivez-vous avec votre numéro de permis d’exercice et votre lieu de pratique. Une "
        "coordonnatrice du carrefour examine les inscriptions dans un délai de deux jours "
        "ouvrables et vous envoie par courriel un lien pour choisir votre mot de passe; votre "
        "page d’accueil affiche ensuite vos séances, avec leurs liens de connexion et leurs "
        "fichiers de calendrier. Joignez-vous à partir de n’importe quel ordinateur muni d’une "
        "caméra; présentez un cas quand vous êtes prêt en le soumettant à la page Cas."
    ),
}

CP_HUBS: Final[tuple[tuple[str, str, str], ...]] = (
    (
        "Lakeshore Comprehensive Pain Program",
        "Lakeshore University Health Centre, Toronto",
        "The academic pain centre of a large teaching hospital: interventional and medical pain "
        "management, pain psychology and an interdisciplinary rehabilitation program.",
    ),
    (
        "Cataraqui Academic Pain Clinic",
        "Cataraqui University Hospital, Kingston",
        "An academic hub serving eastern and northern Ontario, with physiatry, addiction "
        "medicine and an outreach team for rural and remote communities.",
    ),
)

# The hub team: (key, hub index, hub role, discipline, bio). Key "expert" is the demo account.
CP_TEAM: Final[tuple[tuple[str, int, str, str, str], ...]] = (
    ("expert", 0, HubRole.CHAIR, P.SPECIALIST_PHYSICIAN,
     "Anesthesiologist and pain medicine physician; medical director of the pain program."),
    ("facilitator", 0, HubRole.FACILITATOR, P.FAMILY_PHYSICIAN,
     "Family physician with a focused practice in chronic pain; runs the sessions."),
    ("psychologist", 0, HubRole.EXPERT, P.PSYCHOLOGIST,
     "Clinical health psychologist; CBT and ACT for chronic pain and sleep."),
    ("physiotherapist", 0, HubRole.EXPERT, P.PHYSIOTHERAPIST,
     "Physiotherapist; graded activity and exercise therapy for persistent pain."),
    ("pharmacist", 0, HubRole.DIDACTIC_PRESENTER, P.PHARMACIST,
     "Clinical pharmacist; opioid stewardship, tapering plans and medication reviews."),
    ("nurse", 0, HubRole.EXPERT, P.REGISTERED_NURSE,
     "Clinical nurse specialist in pain; patient education and self-management."),
    ("physiatrist", 1, HubRole.EXPERT, P.SPECIALIST_PHYSICIAN,
     "Physiatrist; musculoskeletal and neuropathic pain, interventional referrals."),
    ("addiction", 1, HubRole.DIDACTIC_PRESENTER, P.FAMILY_PHYSICIAN,
     "Family physician in addiction medicine; buprenorphine and opioid use disorder."),
    ("social_worker", 1, HubRole.EXPERT, P.SOCIAL_WORKER,
     "Social worker; trauma-informed care, income and housing supports."),
    ("occupational_therapist", 1, HubRole.EXPERT, P.OCCUPATIONAL_THERAPIST,
     "Occupational therapist; pacing, return to work and daily function."),
    ("nurse_practitioner", 1, HubRole.EXPERT, P.NURSE_PRACTITIONER,
     "Nurse practitioner with the rural and remote outreach team."),
)  # fmt: skip

# 30 curriculum topics: (title, key of the presenter on the hub team).
CP_TOPICS: Final[tuple[tuple[str, str], ...]] = (
    ("Chronic pain in primary care: the biopsychosocial model", "expert"),
    ("Assessing pain and function: PEG, BPI and goals that matter", "nurse"),
    ("Central sensitization", "expert"),
    ("Neuropathic pain: diagnosis and first-line treatment", "physiatrist"),
    ("Opioid tapering: when and how", "pharmacist"),
    ("Morphine milligram equivalents and safer opioid doses", "pharmacist"),
    ("The Canadian guideline for opioids in chronic non-cancer pain", "facilitator"),
    ("Buprenorphine for chronic pain", "addiction"),
    ("Opioid use disorder or complex persistent opioid dependence?", "addiction"),
    ("Naloxone, overdose prevention and safer prescribing", "nurse"),
    ("Pain and sleep", "psychologist"),
    ("Pain and mood: depression, anxiety and suicide risk", "psychologist"),
    ("Cognitive behavioural therapy for chronic pain", "psychologist"),
    ("Acceptance and commitment therapy in a 15-minute visit", "psychologist"),
    ("Exercise therapy and graded activity", "physiotherapist"),
    ("Low back pain: red flags, imaging and active management", "physiotherapist"),
    ("Knee and hip osteoarthritis beyond analgesics", "physiotherapist"),
    ("Fibromyalgia: diagnosis and management", "expert"),
    ("Headache and medication-overuse headache", "physiatrist"),
    ("Non-opioid medicines: NSAIDs, SNRIs, tricyclics and gabapentinoids", "pharmacist"),
    ("Cannabinoids for chronic pain: evidence and counselling", "pharmacist"),
    ("Return to work and function-focused goals", "occupational_therapist"),
    ("Pacing, activity planning and flare-up plans", "occupational_therapist"),
    ("Trauma-informed care in chronic pain", "social_worker"),
    ("Social determinants of health and access to pain care", "social_worker"),
    ("Difficult conversations about opioids", "facilitator"),
    ("Chronic pain in older adults", "nurse_practitioner"),
    ("Pain care for people who use drugs", "addiction"),
    ("Interventional options: nerve blocks and when to refer", "physiatrist"),
    ("Putting it together: interprofessional care plans", "expert"),
)

#: The same 30 topics in French, in the same order.
CP_TOPICS_FR: Final[tuple[str, ...]] = (
    "La douleur chronique en soins primaires\u00a0: le modèle biopsychosocial",
    "Évaluer la douleur et la fonction\u00a0: PEG, BPI et objectifs qui comptent",
    "La sensibilisation centrale",
    "La douleur neuropathique\u00a0: diagnostic et traitement de première intention",
    "La diminution progressive des opioïdes\u00a0: quand et comment",
    "Les équivalents de morphine (MEM) et des doses d’opioïdes plus sécuritaires",
    "La ligne directrice canadienne sur les opioïdes pour la douleur chronique non cancéreuse",
    "La buprénorphine pour la douleur chronique",
    "Trouble lié à l’usage d’opioïdes ou dépendance complexe et persistante aux opioïdes?",
    "La naloxone, la prévention des surdoses et la prescription plus sécuritaire",
    "La douleur et le sommeil",
    "La douleur et l’humeur\u00a0: dépression, anxiété et risque suicidaire",
    "La thérapie cognitivo-comportementale pour la douleur chronique",
    "La thérapie d’acceptation et d’engagement en 15 minutes de consultation",
    "L’exercice thérapeutique et l’activité graduée",
    "La lombalgie\u00a0: signaux d’alarme, imagerie et prise en charge active",
    "L’arthrose du genou et de la hanche au-delà des analgésiques",
    "La fibromyalgie\u00a0: diagnostic et prise en charge",
    "Les céphalées et la céphalée par surconsommation de médicaments",
    "Les médicaments non opioïdes\u00a0: AINS, IRSN, tricycliques et gabapentinoïdes",
    "Les cannabinoïdes pour la douleur chronique\u00a0: données probantes et counseling",
    "Le retour au travail et des objectifs axés sur la fonction",
    "Le dosage des activités, la planification et les plans en cas de poussée",
    "Les soins tenant compte des traumatismes en douleur chronique",
    "Les déterminants sociaux de la santé et l’accès aux soins de la douleur",
    "Les conversations difficiles au sujet des opioïdes",
    "La douleur chronique chez les personnes âgées",
    "Les soins de la douleur pour les personnes qui consomment des drogues",
    "Les options interventionnelles\u00a0: blocs nerveux et quand orienter",
    "Tout mettre ensemble\u00a0: les plans de soins interprofessionnels",
)

# De-identified cases presented in past sessions (no names, ages in ranges): the title, the
# medications at presentation (drug, formulation, dose, unit, times a day; None for a patch)
# and the presenter's question for the hub. "{mme}" in a title is filled with the MME/day that
# the `clinical` package computes for those medications (demo.activity.case_title), and a
# "high-dose" title has 90 MME/day or more, so no title disagrees with its case.
Med = tuple[str, str, str, str, str | None]
CaseSpec = tuple[str, tuple[Med, ...], str]

TAPER_Q = "How should we approach a slow taper while keeping function?"
CP_CASES: Final[tuple[CaseSpec, ...]] = (
    ("Man in his 50s with chronic low back pain on {mme} MME asking to taper",
     (("oxycodone", "controlled-release", "80", "mg", "2"),), TAPER_Q),
    ("Woman in her 30s with fibromyalgia, poor sleep and work absence",
     (("tramadol", "", "50", "mg", "3"), ("amitriptyline", "", "10", "mg", "1")),
     "What non-drug options could help her sleep and return to work?"),
    ("Man in his 60s with diabetic neuropathy not helped by gabapentin",
     (("gabapentin", "", "600", "mg", "3"), ("codeine", "", "30", "mg", "4")),
     "Which second-line medicine should we try, and should the codeine stop?"),
    ("Woman in her 40s on long-term oxycodone ({mme} MME) after a workplace injury",
     (("oxycodone", "", "20", "mg", "4"),), TAPER_Q),
    ("Man in his 70s with knee osteoarthritis and chronic kidney disease",
     (("hydromorphone", "", "1", "mg", "4"),),
     "Which analgesics are safest with his kidney function?"),
    ("Woman in her 20s with chronic pelvic pain and anxiety",
     (("codeine", "", "30", "mg", "3"),),
     "How can we help with anxiety and pain without escalating opioids?"),
    ("Man in his 40s with chronic pain and suspected opioid use disorder",
     (("morphine", "extended-release", "100", "mg", "2"),),
     "How do we assess for opioid use disorder and offer treatment?"),
    ("Woman in her 60s with post-herpetic neuralgia living alone",
     (("pregabalin", "", "75", "mg", "2"), ("tramadol", "", "50", "mg", "2")),
     "Is topical treatment worth trying before raising the pregabalin?"),
    ("Man in his 30s with whiplash-associated disorder and PTSD symptoms",
     (("tramadol", "", "50", "mg", "3"),),
     "Where can he get trauma-focused therapy, and how do we pace his activity?"),
    ("Woman in her 50s on opioids and benzodiazepines after a fall",
     (("oxycodone", "", "10", "mg", "4"), ("lorazepam", "", "1", "mg", "2")),
     "Which should we reduce first, the opioid or the benzodiazepine?"),
    ("Man in his 50s in a remote community with chronic shoulder pain",
     (("morphine", "", "10", "mg", "4"),),
     "What can we offer locally before a specialist visit months away?"),
    ("Woman in her 70s with spinal stenosis wishing to stay active",
     (("hydromorphone", "", "2", "mg", "2"),),
     "How can she stay active while we keep the opioid dose low?"),
    ("Man in his 20s with chronic headache and daily analgesic use",
     (("codeine", "", "30", "mg", "4"),),
     "How do we manage withdrawal of the daily analgesic (medication-overuse headache)?"),
    ("Woman in her 40s with complex regional pain syndrome of the hand",
     (("fentanyl", "transdermal", "25", "mcg/h", None), ("gabapentin", "", "300", "mg", "3")),
     "Which rehabilitation approaches help most, and is the patch still needed?"),
    ("Man in his 60s transitioning to buprenorphine from high-dose hydromorphone ({mme} MME)",
     (("hydromorphone", "", "12", "mg", "4"),),
     "How do we start buprenorphine: a standard or a micro-dosing induction?"),
    ("Woman in her 30s with chronic pain, housing insecurity and food insecurity",
     (("morphine", "extended-release", "30", "mg", "2"),),
     "Which community supports can we connect her with alongside pain care?"),
)  # fmt: skip

CP_ANNOUNCEMENTS: Final[tuple[str, ...]] = (
    "Please complete the post-session survey: its link comes by email after the session.",
    "Cases for the coming sessions are welcome: submit one from the Cases page.",
    "Each didactic's slides are linked from its session's agenda.",
    "Reminder: present de-identified information only (no names, dates of birth or numbers).",
)
CP_ANNOUNCEMENTS_FR: Final[tuple[str, ...]] = (
    "Merci de remplir le questionnaire après la séance\u00a0: le lien vous parvient par courriel "
    "après la séance.",
    "Les cas pour les prochaines séances sont les bienvenus\u00a0: soumettez-en un à la page Cas.",
    "Les diapositives de chaque présentation didactique sont liées à l’ordre du jour de sa séance.",
    "Rappel\u00a0: ne présentez que des renseignements dépersonnalisés (aucun nom, aucune date de "
    "naissance, aucun numéro).",
)

#: The agenda's fixed items, in English and French.
AGENDA_TEXT: Final[dict[str, tuple[str, str]]] = {
    "welcome": (
        "Welcome, introductions and announcements",
        "Mot de bienvenue, présentations et annonces",
    ),
    "open_slot": ("Case presentation (open slot)", "Présentation de cas (plage libre)"),
    "open_slot_notes": (
        "Open for a case: submit a de-identified case from the Cases page and the coordinator "
        "schedules it.",
        "Plage libre pour un cas\u00a0: soumettez un cas dépersonnalisé à la page Cas et la "
        "coordonnatrice l’inscrira à l’horaire.",
    ),
    "follow_up": ("Case follow-up", "Suivi de cas"),
    # Once linked to its case: named by the case's number, never its title.
    "follow_up_linked": ("Follow-up: case {}", "Suivi\u00a0: cas {}"),
    "follow_up_notes": (
        "The presenter reports back on the recommendations.",
        "La personne qui a présenté fait le point sur les recommandations.",
    ),
    "case": ("Case: {}", "Cas\u00a0: {}"),
    "case_notes": (
        "Presented to the hub; written recommendations go to the presenter.",
        "Présenté au carrefour; les recommandations écrites sont envoyées à la personne qui "
        "présente.",
    ),
    "slides": ("Slides: {}", "Diapositives\u00a0: {}"),
}

#: The extra session of the day at stage "running" (demo.data._session_on_now): when the demo
#: is loaded outside the weekly session's time, the pain program holds this one today, outside
#: its cycle, so its live console runs a session that is on now. Title, then its didactic, in
#: English and French; its agenda is the cycle's welcome, that didactic and an open case slot.
EXTRA_SESSION: Final[dict[str, tuple[str, str]]] = {
    "title": (
        "Extra session: tapering questions from the sites",
        "Séance supplémentaire\u00a0: questions des sites sur la réduction des opioïdes",
    ),
    "didactic": (
        "Slow tapers in practice: your questions",
        "La réduction lente en pratique\u00a0: vos questions",
    ),
}

#: One announcement email per program in the demo history: (subject, body) in each language.
CP_ANNOUNCEMENT_EMAIL: Final[tuple[tuple[str, str], tuple[str, str]]] = (
    (
        "No session during the winter holidays",
        "Hello everyone,\n\nThere is no session during the winter holidays; the series "
        "resumes in January. Your home page shows the next date.\n\nHappy holidays!",
    ),
    (
        "Pas de séance pendant les Fêtes",
        "Bonjour à toutes et à tous,\n\nIl n’y a pas de séance pendant la période des Fêtes; "
        "la série reprend en janvier. Votre page d’accueil indique la prochaine date.\n\n"
        "Joyeuses Fêtes!",
    ),
)
MHA_ANNOUNCEMENT_EMAIL: Final[tuple[tuple[str, str], tuple[str, str]]] = (
    (
        "Call for cases: concurrent disorders",
        "Hello,\n\nNext month's didactic is on concurrent disorders. Cases on trauma and "
        "substance use are especially welcome: submit one from the Cases page.",
    ),
    (
        "Appel de cas\u00a0: troubles concomitants",
        "Bonjour,\n\nLa présentation didactique du mois prochain porte sur les troubles "
        "concomitants. Les cas touchant les traumatismes et l’usage de substances sont "
        "particulièrement bienvenus\u00a0: soumettez-en un à la page Cas.",
    ),
)

# ------------------------------------------------------------------------------------------
# Program 2: Mental Health & Addictions in Primary Care

MHA_SLUG: Final[str] = "mental-health-addictions"
MHA = {
    "slug": MHA_SLUG,
    "name": "Mental Health & Addictions in Primary Care",
    "summary": (
        "Monthly case-based telementoring on mental health and substance use for primary-care "
        "teams, with a focus on northern and rural Ontario."
    ),
    "description": (
        "A monthly Project ECHO program in which a hub of a psychiatrist, an addiction medicine "
        "physician, a social worker, a pharmacist and an addictions counsellor mentors "
        "primary-care teams. Each session has a short didactic talk and a de-identified case "
        "discussion; presenters receive written recommendations."
    ),
    "audience": (
        "Primary-care clinicians and allied health professionals in Ontario who care for people "
        "with mental health conditions and substance use."
    ),
    "how_to_join": (
        "Register with your licence number and practice site; a coordinator confirms your "
        "place by email, and your home page then shows the sessions and their join links."
    ),
    "time_zone": "America/Toronto",
    "contact_email": "mha-echo@example.org",
    "content_languages": "en+fr",
    "name_fr": "Santé mentale et dépendances en soins primaires",
    "summary_fr": (
        "Télémentorat mensuel fondé sur des cas, en santé mentale et usage de substances, pour "
        "les équipes de soins primaires, avec une attention particulière au Nord et aux milieux "
        "ruraux de l’Ontario."
    ),
    "description_fr": (
        "Un programme Project ECHO mensuel dans lequel un carrefour composé d’un psychiatre, "
        "d’une médecin en médecine des dépendances, d’un travailleur social, d’un pharmacien et "
        "d’une intervenante en dépendances accompagne des équipes de soins primaires. Chaque "
        "séance comprend une courte présentation didactique et la discussion d’un cas "
        "dépersonnalisé; la personne qui présente reçoit des recommandations écrites."
    ),
    "audience_fr": (
        "Cliniciens de soins primaires et professionnels paramédicaux de l’Ontario qui "
        "soignent des personnes ayant des problèmes de santé mentale et de consommation de "
        "substances."
    ),
    "how_to_join_fr": (
        "Inscrivez-vous avec votre numéro de permis d’exercice et votre lieu de pratique; une "
        "coordonnatrice confirme votre place par courriel, puis votre page d’accueil affiche "
        "les séances et leurs liens de connexion."
    ),
}

MHA_HUB: Final[tuple[str, str, str]] = (
    "Superior Regional Mental Health & Addictions Hub",
    "Superior Regional Academic Health Centre, Thunder Bay",
    "A regional academic hub for mental health and addictions in northern Ontario.",
)

# (key, hub role, discipline, bio); "pharmacist" is the same person as on the pain hub team.
MHA_TEAM: Final[tuple[tuple[str, str, str, str], ...]] = (
    ("psychiatrist", HubRole.CHAIR, P.SPECIALIST_PHYSICIAN,
     "Psychiatrist; concurrent disorders and collaborative care."),
    ("addiction", HubRole.DIDACTIC_PRESENTER, P.FAMILY_PHYSICIAN,
     "Addiction medicine physician; opioid agonist therapy in primary care."),
    ("mha_social_worker", HubRole.FACILITATOR, P.SOCIAL_WORKER,
     "Social worker; trauma-informed and culturally safe care."),
    ("pharmacist", HubRole.EXPERT, P.PHARMACIST,
     "Clinical pharmacist; deprescribing and medication safety."),
    ("counsellor", HubRole.EXPERT, P.ADDICTION_COUNSELLOR,
     "Addictions counsellor; harm reduction and motivational interviewing."),
)  # fmt: skip

MHA_TOPICS: Final[tuple[tuple[str, str], ...]] = (
    ("Screening for depression and anxiety: PHQ-9 and GAD-7", "psychiatrist"),
    ("Alcohol use disorder: medicines that work", "addiction"),
    ("Opioid agonist therapy in primary care", "addiction"),
    ("Stimulant use: harm reduction and contingency management", "counsellor"),
    ("Suicide risk assessment and safety planning", "psychiatrist"),
    ("Concurrent disorders: trauma and substance use", "mha_social_worker"),
    ("Benzodiazepine deprescribing", "pharmacist"),
    ("Youth mental health and substance use", "psychiatrist"),
)
MHA_TOPICS_FR: Final[tuple[str, ...]] = (
    "Le dépistage de la dépression et de l’anxiété\u00a0: PHQ-9 et GAD-7",
    "Le trouble lié à l’usage d’alcool\u00a0: les médicaments qui fonctionnent",
    "Le traitement par agonistes opioïdes en soins primaires",
    "L’usage de stimulants\u00a0: réduction des méfaits et gestion des contingences",
    "L’évaluation du risque suicidaire et le plan de sécurité",
    "Les troubles concomitants\u00a0: traumatismes et usage de substances",
    "La déprescription des benzodiazépines",
    "La santé mentale et l’usage de substances chez les jeunes",
)

MHA_CASES: Final[tuple[CaseSpec, ...]] = (
    ("Man in his 30s with alcohol use disorder and liver enzyme changes",
     (("naltrexone", "", "50", "mg", "1"),),
     "Is naltrexone still safe with his liver enzymes, or should we switch?"),
    ("Woman in her 20s with panic disorder and cannabis use",
     (("sertraline", "", "50", "mg", "1"),),
     "How do we address cannabis use while treating panic disorder?"),
    ("Man in his 40s on methadone wishing to switch to buprenorphine",
     (("methadone", "", "60", "mg", "1"),),
     "How do we switch from methadone to buprenorphine safely?"),
    ("Woman in her 50s with depression not responding to two antidepressants",
     (("venlafaxine", "extended-release", "150", "mg", "1"),),
     "What is the next step: augment, switch or refer?"),
    ("Youth aged 16-18 with self-harm and stimulant use",
     (("fluoxetine", "", "20", "mg", "1"),),
     "How do we plan safety and involve family and youth services?"),
    ("Man in his 60s on long-term lorazepam with falls",
     (("lorazepam", "", "1", "mg", "3"),),
     "How quickly can we taper the lorazepam?"),
)  # fmt: skip
