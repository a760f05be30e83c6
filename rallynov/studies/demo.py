"""The 2023 study on the 4-day week (bilan 2023): a questionnaire on the themes the report names
(motivation, organisation, impact on performance and on working conditions), 40 generated
answers from employees and managers, 11 interviewed companies (Blond Vénitien, Cogitec and
L'Atelier Panel, named in the report, plus generated others) and a draft "Carnet de l'IS"."""

import datetime
import random

from django.utils import timezone

from rallynov.studies.domain import accept_consent, save_page, start_response, submit_response
from rallynov.studies.enums import PublicationKind
from rallynov.studies.models import Finding, Interview, Publication, Quote, RespondentCategory, Study, Survey

TZ = timezone.get_default_timezone()


def _choices(*pairs):
    return [{"label": label, "code": code} for code, label in pairs]


def _q(kind, code, label, **extra):
    return {"type": kind, "value": {"code": code, "label": label, **extra}}


QUESTIONNAIRE = [
    {"type": "section", "value": {"title": "Vous et votre entreprise", "intro": "Quelques repères pour situer vos réponses."}},
    _q("single_choice", "effectif", "Combien de personnes travaillent dans votre entreprise ?", required=True,
       choices=_choices(("1-9", "1 à 9"), ("10-49", "10 à 49"), ("50-249", "50 à 249"), ("250+", "250 et plus"))),
    _q("number", "anciennete", "Depuis combien d'années travaillez-vous dans cette entreprise ?", required=True,
       min_value=0, max_value=50, unit="ans"),
    _q("date", "mise_en_place", "Depuis quand la semaine de 4 jours s'applique-t-elle dans votre équipe ?",
       help_text="Une date approximative suffit.", min_date="2010-01-01"),
    {"type": "section", "value": {"title": "Motivation", "intro": "Pourquoi la semaine de 4 jours a-t-elle été mise en place ?"}},
    _q("multiple_choice", "motivations", "Quelles étaient les principales motivations ?", required=True, max_choices=3,
       choices=_choices(("equilibre", "Mieux concilier vie professionnelle et vie personnelle"),
                        ("attractivite", "Attirer et recruter"), ("fidelisation", "Fidéliser les salariés"),
                        ("fatigue", "Réduire la fatigue"), ("trajets", "Réduire les trajets"),
                        ("productivite", "Gagner en efficacité"))),
    _q("likert", "demande_salaries", "La semaine de 4 jours répondait à une demande des salariés.", points="5",
       required=True),
    {"type": "section", "value": {"title": "Organisation", "intro": "Comment le travail est-il organisé sur quatre jours ?"}},
    _q("single_choice", "formule", "Quelle formule a été retenue ?", required=True,
       choices=_choices(("compresse", "Même durée sur 4 jours (journées plus longues)"),
                        ("reduit", "Durée réduite sans baisse de salaire"),
                        ("alterne", "Alternance de semaines de 4 et 5 jours"), ("autre", "Autre formule"))),
    _q("number", "heures", "Combien d'heures travaillez-vous par semaine ?", required=True, min_value=10,
       max_value=60, unit="heures"),
    _q("matrix", "organisation", "Depuis le passage à 4 jours…", points="5",
       items=_choices(("planning", "les plannings sont simples à tenir"),
                      ("continuite", "la continuité du service aux clients est assurée"),
                      ("reunions", "les réunions et échanges d'équipe ont trouvé leur place"))),
    _q("long_text", "difficultes", "Quelles difficultés d'organisation avez-vous rencontrées ?"),
    {"type": "section", "value": {"title": "Impact sur la performance"}},
    _q("likert", "performance", "La performance de l'entreprise s'est maintenue ou améliorée.", points="5",
       required=True),
    _q("matrix", "effets", "Avez-vous observé des effets sur…", points="5",
       point_labels="Forte dégradation\nDégradation\nPas d'effet\nAmélioration\nForte amélioration",
       items=_choices(("qualite", "la qualité du travail"), ("absenteisme", "l'absentéisme"),
                      ("recrutement", "le recrutement"), ("ambiance", "l'ambiance de travail"))),
    {"type": "section", "value": {"title": "Conditions de travail"}},
    _q("matrix", "conditions", "Depuis la semaine de 4 jours…", points="5",
       items=_choices(("equilibre", "j'équilibre mieux vie professionnelle et vie personnelle"),
                      ("fatigue", "je suis moins fatigué·e en fin de semaine"),
                      ("intensite", "l'intensité de mes journées reste supportable"))),
    _q("ranking", "benefices", "Classez ces bénéfices du plus important au moins important pour vous.",
       choices=_choices(("temps", "Du temps pour soi et ses proches"), ("sante", "La santé et le repos"),
                        ("trajets", "Moins de trajets"), ("engagement", "L'engagement au travail"))),
    _q("single_choice", "retour_5_jours", "Souhaiteriez-vous revenir à une semaine de 5 jours ?", required=True,
       choices=_choices(("oui", "Oui"), ("non", "Non"), ("nsp", "Je ne sais pas"))),
    _q("long_text", "retour_pourquoi", "Pour quelles raisons ?", show_if_code="retour_5_jours", show_if_value="oui"),
    _q("long_text", "conseil", "Quel conseil donneriez-vous à une entreprise qui se lance ?"),
]

ADVICE = [
    "Associer les équipes dès le départ et tester sur quelques mois.",
    "Bien préparer les plannings pour que les clients ne voient pas la différence.",
    "Prévoir un temps de bilan après six mois.",
    "Ne pas allonger les journées au point d'épuiser les équipes.",
    "Commencer par un service volontaire.",
    "Communiquer clairement auprès des clients sur les horaires.",
]
DIFFICULTIES = [
    "Les remplacements pendant les congés sont plus compliqués.",
    "Les journées de 9 heures sont longues en période de forte activité.",
    "Il a fallu revoir l'organisation des réunions.",
    "Les clients ont mis quelques semaines à s'habituer.",
]
WHY_BACK = ["Les journées sont trop longues pour moi.", "Je préférais finir plus tôt chaque jour."]

# The three companies that testified at the regional meeting of 26 September 2023, then generated ones.
NAMED_COMPANIES = ["Blond Vénitien", "Cogitec", "L'Atelier Panel"]
GENERATED_COMPANIES = [
    ("Menuiserie Vuillemin", "Ornans", "25290", "C"),
    ("Boulangerie Les Blés d'Or", "Dole", "39100", "C"),
    ("Transports Jeannin", "Vesoul", "70000", "H"),
    ("Cabinet Morel & Associés", "Dijon", "21000", "M"),
    ("Imprimerie du Haut-Doubs", "Pontarlier", "25300", "C"),
    ("Garage Faivre", "Lons-le-Saunier", "39000", "G"),
    ("SCOP Bois et Compagnie", "Auxerre", "89000", "F"),
    ("Crèche Les Petits Pas", "Chalon-sur-Saône", "71100", "Q"),
]
GENERATED_QUOTES = [
    ("On a gagné en attractivité : les candidatures arrivent plus facilement.", "Dirigeant, menuiserie"),
    ("Le vendredi, je m'occupe de mes enfants ; je reviens le lundi reposée.", "Salariée, boulangerie"),
    ("Il a fallu six mois pour trouver le bon rythme des tournées.", "Responsable d'exploitation, transport"),
    ("Nos clients n'ont vu aucune différence, nos équipes si.", "Associée, cabinet d'expertise comptable"),
    ("La journée est plus longue, mais la semaine est plus légère.", "Salarié, imprimerie"),
]


def _aware(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)), TZ)


def _organization(name, commune, postal, naf):
    from rallynov.organizations.enums import OrganizationKind as K
    from rallynov.organizations.enums import SizeBand
    from rallynov.organizations.models import Organization
    from rallynov.territories.queries import resolve_commune

    found = Organization.objects.filter(name=name).first()
    if found:
        return found
    try:
        place = resolve_commune(commune, postal)
    except Exception:  # the territories data may not cover it: the structure is still useful without a commune
        place = None
    kind = K.SCOP if name.startswith("SCOP") else (K.ASSOCIATION if name.startswith("Crèche") else K.COMPANY)
    return Organization.objects.create(name=name, kind=kind, commune=place, naf_section=naf,
                                       size_band=random.choice([SizeBand.MICRO, SizeBand.SMALL]), is_generated=True)


def _answers(category):
    """One generated respondent's answers, by page. Managers lean towards recruitment and performance,
    employees towards balance and rest, so that cross-tabs have something to show."""
    manager = category == "dirigeant"
    pick = random.choices
    motivations = ["attractivite", "fidelisation", "productivite"] if manager else ["equilibre", "fatigue", "trajets"]
    chosen = set(random.sample(motivations, 2))
    if random.random() < 0.4:
        chosen.add(random.choice(["equilibre", "attractivite", "fidelisation", "fatigue", "trajets", "productivite"]))
    back = pick(["oui", "non", "nsp"], [1, 8, 2])[0]
    return [
        {"effectif": pick(["1-9", "10-49", "50-249"], [4, 5, 1])[0], "anciennete": random.randint(1, 25 if manager else 15),
         "mise_en_place": datetime.date(random.choice([2020, 2021, 2022, 2023]), random.randint(1, 12), 1)},
        {"motivations": sorted(chosen)[:3], "demande_salaries": pick([2, 3, 4, 5], [1, 2, 4, 3] if manager else [1, 1, 3, 5])[0]},
        {"formule": pick(["compresse", "reduit", "alterne", "autre"], [6, 2, 2, 1])[0],
         "heures": pick([32, 35, 36, 39], [2, 6, 1, 1])[0],
         "organisation": {"planning": pick([2, 3, 4, 5], [1, 2, 4, 2])[0], "continuite": pick([2, 3, 4, 5], [1, 2, 4, 3])[0],
                          "reunions": pick([1, 2, 3, 4], [1, 3, 3, 2])[0]},
         "difficultes": random.choice(DIFFICULTIES) if random.random() < 0.5 else ""},
        {"performance": pick([2, 3, 4, 5], [1, 2, 5, 2] if manager else [1, 3, 4, 2])[0],
         "effets": {"qualite": pick([3, 4, 5], [4, 4, 1])[0], "absenteisme": pick([3, 4, 5], [3, 4, 2])[0],
                    "recrutement": pick([3, 4, 5], [2, 4, 3] if manager else [5, 3, 1])[0],
                    "ambiance": pick([2, 3, 4, 5], [1, 3, 4, 2])[0]}},
        {"conditions": {"equilibre": pick([3, 4, 5], [1, 3, 6])[0], "fatigue": pick([2, 3, 4, 5], [1, 2, 4, 3])[0],
                        "intensite": pick([2, 3, 4], [2, 3, 4])[0]},
         "benefices": random.sample(["temps", "sante", "trajets", "engagement"], 4),
         "retour_5_jours": back,
         "retour_pourquoi": random.choice(WHY_BACK) if back == "oui" else "",
         "conseil": random.choice(ADVICE) if random.random() < 0.6 else ""},
    ]


def _themes():
    from rallynov.initiatives.models import Theme

    return list(Theme.objects.filter(name__in=["Semaine de 4 jours", "Conditions de travail",
                                               "Qualité de vie au travail"]))


def load(*, programme, log):
    if Study.objects.filter(programme=programme, slug="semaine-de-4-jours").exists():
        log("  étude déjà chargée")
        return
    from rallynov.initiatives.models import InitiativePage
    from rallynov.organizations.models import Organization

    themes = _themes()
    study = Study(
        programme=programme, slug="semaine-de-4-jours",
        title="La semaine de 4 jours : retours d'expérience",
        question="Quels enseignements tirer de la mise en place de la semaine de 4 jours dans les entreprises de "
        "Bourgogne-Franche-Comté : motivations, fonctionnement, impact sur la performance et sur les conditions "
        "de travail ?",
        summary="Une enquête auprès de salariés et de dirigeants, complétée par des entretiens d'entreprises, pour "
        "tirer les enseignements de ce mode d'organisation du temps de travail.",
        starts_on=datetime.date(2023, 3, 1), ends_on=datetime.date(2024, 6, 30),
    )
    study.save()
    study.partners.set(Organization.objects.filter(name__in=["Aract Bourgogne-Franche-Comté", "DREETS Bourgogne-Franche-Comté",
                                                              "Région Bourgogne-Franche-Comté"]))
    study.themes.set(themes)
    study.save()

    survey = Survey(
        programme=programme, study=study, slug="enquete-semaine-4-jours",
        title="Enquête sur la semaine de 4 jours",
        intro="Votre entreprise est passée à la semaine de 4 jours ? Racontez-nous ce qui a changé. "
        "Le questionnaire prend une dizaine de minutes.",
        consent_text="Vos réponses sont anonymes et servent uniquement à l'étude de l'Aract Bourgogne-Franche-Comté "
        "sur la semaine de 4 jours. Les résultats sont publiés sous forme agrégée. Elles sont conservées deux ans.",
        thanks_text="Les enseignements de l'enquête seront publiés dans un Carnet de l'innovation sociale.",
        opens_at=_aware(datetime.date(2023, 9, 1), 8), closes_at=_aware(datetime.date(2023, 12, 15), 18),
        results_public=True,
    )
    survey.questions = QUESTIONNAIRE
    survey.save()
    RespondentCategory.objects.create(survey=survey, label="Salarié·e", code="salarie", sort_order=0)
    RespondentCategory.objects.create(survey=survey, label="Dirigeant·e", code="dirigeant", sort_order=1)

    # 40 respondents: 29 employees and 11 managers, one per interviewed company.
    categories = ["dirigeant"] * 11 + ["salarie"] * 29
    random.shuffle(categories)
    start = datetime.date(2023, 9, 4)
    for i, category in enumerate(categories):
        moment = _aware(start + datetime.timedelta(days=(i * 97) % 100), 9 + i % 8)
        response = start_response(survey=survey, category=category, now=moment)
        response.is_generated = True
        response.started_at = moment
        response.save(update_fields=["is_generated", "started_at"])
        accept_consent(response=response, now=moment)
        for page_index, values in enumerate(_answers(category)):
            save_page(response=response, page_index=page_index, values=values, now=moment)
        submit_response(response=response, now=moment + datetime.timedelta(minutes=12))
    log(f"  enquête : {len(categories)} réponses générées")

    companies = [Organization.objects.get(name=name) for name in NAMED_COMPANIES]
    companies += [_organization(*entry) for entry in GENERATED_COMPANIES]
    quotes = list(GENERATED_QUOTES)
    for i, organization in enumerate(companies):
        named = i < len(NAMED_COMPANIES)
        interview = Interview(
            study=study, organization=organization, held_on=datetime.date(2023, 10, 2) + datetime.timedelta(days=6 * i),
            interviewer_name="Chargée de mission, Aract Bourgogne-Franche-Comté",
            interviewee_role=random.choice(["Dirigeant·e", "Responsable des ressources humaines", "Gérant·e"]),
            notes=(
                "Entretien sur la mise en place de la semaine de 4 jours : motivations, organisation retenue, effets "
                "observés sur l'activité et sur les conditions de travail. L'entreprise en a témoigné à la Rencontre "
                "régionale du 26 septembre 2023."
                if named else
                "Entretien sur la mise en place de la semaine de 4 jours : motivations, organisation retenue, effets "
                "observés sur l'activité et sur les conditions de travail."
            ),
            is_generated=not named,
        )
        if not named and quotes:
            text, speaker = quotes.pop(0)
            interview.quotes = [Quote(text=text, speaker=f"{speaker} ({organization.name})", consent_to_quote=True,
                                      consent_at=_aware(interview.held_on, 11))]
        interview.save()
        interview.themes.set(themes)
        interview.initiatives.set(InitiativePage.objects.filter(organizations=organization,
                                                                themes__name="Semaine de 4 jours").distinct())
        interview.save()
    log(f"  entretiens : {len(companies)} structures")

    findings = [
        ("Des motivations différentes selon la place de chacun",
         "Les dirigeants mettent en avant l'attractivité et la fidélisation ; les salariés, l'équilibre entre vie "
         "professionnelle et vie personnelle et la fatigue. Le tableau croisé motivation × catégorie le montre.",
         "motivations"),
        ("Une organisation à construire avec les équipes",
         "La formule la plus répandue garde la même durée sur quatre jours. Les plannings et la continuité du "
         "service demandent quelques mois de rodage ; les réunions sont le point le plus délicat.", "formule"),
        ("Une performance maintenue",
         "La plupart des répondants estiment que la performance s'est maintenue ou améliorée ; les effets sur le "
         "recrutement sont surtout perçus par les dirigeants.", "performance"),
        ("Des conditions de travail améliorées, sous réserve de l'intensité",
         "L'équilibre entre vie professionnelle et vie personnelle est le bénéfice le plus cité. L'intensité des "
         "journées longues reste le point de vigilance.", "conditions"),
    ]
    for position, (title, text, code) in enumerate(findings):
        Finding.objects.create(study=study, title=title, text=text, survey=survey, question_code=code,
                               sort_order=position)

    carnet = Publication(
        programme=programme, kind=PublicationKind.CARNET, slug="carnet-is-semaine-4-jours",
        title="Carnet de l'IS — La semaine de 4 jours",
        summary="Les enseignements de l'enquête auprès de salariés et de dirigeants et des entretiens d'entreprises "
        "sur la mise en place de la semaine de 4 jours.",
        body="<p>Pour échanger sur la semaine de 4 jours ou sur l'organisation du temps de travail, contactez "
        "l'Aract Bourgogne-Franche-Comté.</p>",
        generate_from_study=True, published_on=None,
    )
    carnet.save()
    carnet.studies.set([study])
    carnet.save()
    log("  Carnet de l'IS : brouillon")
