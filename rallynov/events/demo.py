"""The events of the 2014 and 2023 reports, with their programmes, speakers and places.

The reports give attendance figures (143, 22 people from 16 structures, 53, 60, 70) but not the
people behind them: the demo generates registrations and check-ins (flagged `is_generated`) that
add up to exactly those figures, so the key figures are computed, never typed in. Where a report
gives a month but not the day, the event is marked "date à préciser".
"""

import datetime
import random

from rallynov.core.text import fold
from rallynov.events.enums import EventKind as K
from rallynov.events.enums import RegistrationRole, RegistrationSource, RegistrationStatus, VideoKind
from rallynov.events.models import (
    PARIS,
    EventIndexPage,
    EventPage,
    Registration,
    Session,
    Video,
    VideoViewCount,
    WorkshopGroup,
)
from rallynov.organizations.enums import OrganizationKind as OK
from rallynov.organizations.enums import SizeBand as SB
from rallynov.organizations.models import Organization, Person
from rallynov.territories.models import Venue

FIRST_NAMES = [
    "Camille", "Julien", "Sophie", "Nicolas", "Claire", "Thomas", "Isabelle", "Mathieu", "Nathalie", "Pierre",
    "Émilie", "Sébastien", "Céline", "Antoine", "Aurélie", "François", "Sandrine", "Laurent", "Marion", "Olivier",
    "Hélène", "Vincent", "Delphine", "Guillaume", "Valérie", "Benoît", "Élodie", "Jérôme", "Anne", "Romain",
    "Chloé", "Maxime", "Léa", "Hugo", "Manon", "Lucas", "Inès", "Bernard", "Martine", "Gérard", "Françoise",
    "Yannick", "Agnès", "Damien", "Karine", "Fabrice", "Stéphanie", "Cédric", "Virginie", "Arnaud",
]
LAST_NAMES = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
    "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
    "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Faure", "André", "Mercier",
    "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Perrin", "Robin",
    "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval",
    "Vuillemin", "Jeannin", "Cuenot", "Grandjean", "Bouveret", "Mougin", "Faivre", "Girardot", "Pernot", "Jacquot",
]
# Generated structures of the region: (trade, kind, size band, NAF section)
TRADES = [
    ("Menuiserie", OK.COMPANY, SB.MICRO, "C"), ("Boulangerie", OK.COMPANY, SB.MICRO, "C"),
    ("Transports", OK.COMPANY, SB.SMALL, "H"), ("Mécanique de précision", OK.COMPANY, SB.MEDIUM, "C"),
    ("Fromagerie", OK.COMPANY, SB.SMALL, "C"), ("Plasturgie", OK.COMPANY, SB.MEDIUM, "C"),
    ("Aide à domicile", OK.ASSOCIATION, SB.SMALL, "Q"), ("Insertion", OK.ASSOCIATION, SB.SMALL, "N"),
    ("Horlogerie", OK.COMPANY, SB.SMALL, "C"), ("Bureau d'études", OK.COMPANY, SB.MICRO, "M"),
    ("Coopérative", OK.SCOP, SB.SMALL, "F"), ("Épicerie", OK.SCIC, SB.MICRO, "G"),
    ("Centre social", OK.ASSOCIATION, SB.SMALL, "Q"), ("Communauté de communes", OK.LOCAL_AUTHORITY, SB.MEDIUM, "O"),
    ("Imprimerie", OK.COMPANY, SB.SMALL, "C"), ("Ehpad", OK.PUBLIC_BODY, SB.MEDIUM, "Q"),
]
PLACES = [
    ("Dijon", "21000"), ("Besançon", "25000"), ("Dole", "39100"), ("Lons-le-Saunier", "39000"), ("Vesoul", "70000"),
    ("Belfort", "90000"), ("Auxerre", "89000"), ("Nevers", "58000"), ("Mâcon", "71000"),
    ("Chalon-sur-Saône", "71100"), ("Montbéliard", "25200"), ("Pontarlier", "25300"), ("Beaune", "21200"),
    ("Héricourt", "70400"),
]
SEMINAR_2023_STRUCTURES = [
    "Aract BFC", "DREETS", "Région Bourgogne-Franche-Comté", "Cress Franche-Comté", "Franche-Comté Active", "BGE",
    "Crédit Agricole de Franche-Comté", "CMA 70", "CMA 39", "Mutualité Française Franche-Comté", "UIMM", "Cetim",
    "MFQ", "ADU", "RIFC", "Chambre régionale d'agriculture de Franche-Comté",
]
PRODUCTIONS_2023 = [
    "Un espace de co-working virtuel",
    "Un parcours d'accompagnement au changement",
    "Un système de scoring sur les produits",
    "Un bilan d'employabilité prospectif comptable",
    "La mise en place de groupes de réflexion sur la gouvernance",
    "Un budget d'intéressement collectif",
    "Une instance d'adaptation des compétences",
]


def at(year, month, day, hour=9, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def org(label):
    return Organization.objects.filter(acronym=label).first() or Organization.objects.filter(name=label).first()


def person(first, last):
    return Person.objects.filter(first_name=first, last_name=last).first()


def venue(name):
    return Venue.objects.filter(name=name).first()


class Generator:
    """Deterministic generated people and structures (the core demo seeds `random`)."""

    def __init__(self):
        from rallynov.territories.queries import resolve_commune

        self.communes = [resolve_commune(name, postal) for name, postal in PLACES]
        self.pool = []
        self.used_names = set()

    def structures(self, n):
        """n generated structures of the region, created once and reused across events."""
        while len(self.pool) < n:
            trade, kind, band, naf = random.choice(TRADES)
            commune = random.choice(self.communes)
            name = f"{trade} {random.choice(LAST_NAMES)}"
            if name in self.used_names:
                continue
            self.used_names.add(name)
            organization = Organization(
                name=name, kind=kind, size_band=band, naf_section=naf, commune=commune, is_generated=True
            )
            organization.save()
            self.pool.append(organization)
        return self.pool[:n]

    def person(self):
        return random.choice(FIRST_NAMES), random.choice(LAST_NAMES)


def registration(event, organization, *, first, last, present, walk_in=False, role="", group=None):
    email = f"{fold(first)}.{fold(last)}.{random.randint(100, 999999)}@exemple.invalid".replace(" ", "-")
    checked_in_at = event.starts_at + datetime.timedelta(minutes=random.randint(-30, 20)) if present else None
    department = organization.commune.department if organization and organization.commune_id else None
    return Registration(
        event=event,
        status=RegistrationStatus.CONFIRMED,
        source=RegistrationSource.WALK_IN if walk_in else RegistrationSource.ONLINE,
        first_name=first,
        last_name=last,
        email="" if walk_in else email,
        organization_name=organization.name if organization else "",
        organization=organization,
        department=department,
        role=role,
        consent_at=None if walk_in else event.starts_at - datetime.timedelta(days=random.randint(3, 40)),
        confirmed_at=event.starts_at - datetime.timedelta(days=random.randint(3, 40)),
        checked_in_at=checked_in_at,
        search_key=fold(f"{first} {last} {organization.name if organization else ''}"),
        group=group,
        is_generated=True,
    )


def attendance(event, structures, *, present, walk_ins=0, no_shows=0, roles=None, without_structure=0, groups=None):
    """Generate `present` people present (of whom `walk_ins` came without registering) plus
    `no_shows` registered people who did not come, spread over `structures`."""
    gen_people = []
    group_cycle = []
    if groups:
        sizes = [present // len(groups) + (1 if i < present % len(groups) else 0) for i in range(len(groups))]
        for group, size in zip(groups, sizes, strict=True):
            group_cycle.extend([group] * size)
    for index in range(present + no_shows):
        first, last = random.choice(FIRST_NAMES), random.choice(LAST_NAMES)
        is_present = index < present
        organization = None if index < without_structure else structures[index % len(structures)]
        gen_people.append(registration(
            event, organization, first=first, last=last, present=is_present,
            walk_in=is_present and index >= present - walk_ins,
            role=random.choice(roles) if roles else "",
            group=group_cycle[index] if groups and is_present else None,
        ))
    Registration.objects.bulk_create(gen_people)


def add_event(index_page, programme, *, title, slug, kind, starts_at, ends_at, venue_name=None, summary="",
              body="", audience="", tbc=False, partners=(), sessions=(), capacity=None):
    existing = EventPage.objects.filter(slug=slug).first()
    if existing is not None:
        return existing, False
    event = EventPage(
        title=title, slug=slug, programme=programme, kind=kind, starts_at=starts_at, ends_at=ends_at,
        venue=venue(venue_name) if venue_name else None, summary=summary, body=body, audience=audience,
        dates_to_be_confirmed=tbc, capacity=capacity,
    )
    for position, (session_title, start, end, room, description, speakers) in enumerate(sessions):
        session = Session(
            title=session_title, starts_at=start, ends_at=end, room=room, description=description,
            sort_order=position,
        )
        session.speakers = [p for p in (person(*name) for name in speakers) if p]
        event.sessions.add(session)
    event.partners = [o for o in (org(label) for label in partners) if o]
    index_page.add_child(instance=event)
    event.save_revision().publish()
    return event, True


def load(*, programme, log):
    from rallynov.site.models import HomePage

    home = HomePage.objects.first()
    index_page = EventIndexPage.objects.first()
    if index_page is None:
        index_page = EventIndexPage(
            title="Événements", slug="evenements",
            intro="<p>Rencontres régionales, séminaires, défis de l'innovation sociale, salons et tournée.</p>",
        )
        home.add_child(instance=index_page)
        index_page.save_revision().publish()
    gen = Generator()
    created = []

    # --- 2014 ---------------------------------------------------------------------------------
    partners_2014 = ["RIFC", "Cress Franche-Comté", "Fact", "Direccte"]
    event, new = add_event(
        index_page, programme, title="Réunion des partenaires de la deuxième édition", slug="reunion-partenaires-2014",
        kind=K.SEMINAR, starts_at=at(2014, 2, 1), ends_at=at(2014, 2, 1, 12), tbc=True,
        summary="Une vingtaine de partenaires se réunit et s'implique dans l'organisation de la deuxième édition "
                "de Rally'nov.",
        partners=["CMA 70", "CMA 39", "Mutualité Française Franche-Comté", "UPA régionale", "Franche-Comté Active",
                  "BGE", "Crédit Agricole de Franche-Comté", "Chambre régionale d'agriculture de Franche-Comté",
                  "ADU", "MFQ", "UIMM", "Cetim", "Conseil régional de Franche-Comté", "Direccte", "RIFC",
                  "Cress Franche-Comté"],
    )
    event, new = add_event(
        index_page, programme, title="Atelier des entreprises : les conditions favorables à l'innovation sociale",
        slug="atelier-entreprises-2014", kind=K.WORKSHOP, starts_at=at(2014, 5, 1), ends_at=at(2014, 5, 1, 17),
        tbc=True,
        summary="Des représentants d'entreprises innovantes identifient les conditions favorables à l'innovation "
                "sociale : imaginer et oser, entraîner et s'engager, dialoguer et valoriser, organiser et orchestrer.",
        partners=["C&K Components", "Cryla", "Green Box", "Juratri", "Mutualité Française Jura"],
    )
    event, new = add_event(
        index_page, programme, title="Printemps des solutions", slug="printemps-des-solutions-2014", kind=K.FAIR,
        starts_at=at(2014, 5, 15), ends_at=at(2014, 5, 15, 18), tbc=True, venue_name="Saline royale",
        summary="Rally'nov tient un stand au « Printemps des solutions » avec le Mouves, à Arc-et-Senans.",
        partners=["Mouves"],
    )
    event, new = add_event(
        index_page, programme, title="Rencontre : les conditions favorables à l'innovation sociale dans les entreprises",
        slug="rencontre-montbeliard-2014", kind=K.REGIONAL_MEETING, starts_at=at(2014, 6, 17, 14),
        ends_at=at(2014, 6, 17, 18), tbc=True, venue_name="Pays de Montbéliard Agglomération",
        summary="Les quatre conditions identifiées par les entreprises, illustrées et complétées par les "
                "participants au rendez-vous de Montbéliard.",
        audience="Représentants d'entreprises, acteurs socioéconomiques et institutionnels",
        partners=partners_2014 + ["PMA"],
    )
    if new:
        attendance(event, gen.structures(35) + [org("PMA"), org("ADU")], present=60, walk_ins=4, no_shows=6)
        created.append(event)
    event, new = add_event(
        index_page, programme, title="Rencontre : les conditions favorables à l'innovation sociale sur les territoires",
        slug="rencontre-juratri-2014", kind=K.REGIONAL_MEETING, starts_at=at(2014, 9, 16, 14),
        ends_at=at(2014, 9, 16, 18), tbc=True, venue_name="Juratri",
        summary="Le territoire, espace du réel, du vécu et de la pensée : ressources dédiées, initiatives, soutiens "
                "politiques et financiers.",
        audience="Représentants d'entreprises, acteurs socioéconomiques et institutionnels",
        partners=partners_2014 + ["Juratri"],
    )
    if new:
        attendance(event, gen.structures(45) + [org("Juratri"), org("CMA 39")], present=70, walk_ins=5, no_shows=8)
        created.append(event)
    add_event(
        index_page, programme, title="Workshop Euwin", slug="workshop-euwin-sofia-2014", kind=K.SEMINAR,
        starts_at=at(2014, 9, 29), ends_at=at(2014, 9, 29, 17), tbc=True, venue_name="Workshop Euwin",
        summary="Communication sur le projet franc-comtois au workshop du Working Innovation Network à Sofia.",
        partners=["Euwin"],
    )
    add_event(
        index_page, programme, title="Salon « Terre d'Industries »", slug="salon-terre-d-industries-2014",
        kind=K.FAIR, starts_at=at(2014, 10, 9), ends_at=at(2014, 10, 9, 18), tbc=True,
        summary="Stand Rally'nov au salon organisé par la CCI de Haute-Saône.", partners=["CCI 70"],
    )
    add_event(
        index_page, programme, title="Remise des prix Rally'nov 2014", slug="remise-des-prix-2014",
        kind=K.PRIZE_CEREMONY, starts_at=at(2014, 11, 20, 17), ends_at=at(2014, 11, 20, 20), tbc=True,
        venue_name="Maison de l'économie",
        summary="Quatre lauréats reçoivent chacun un prix de 2 000 euros : Le Drive fermier 39, Schrader, Le Mas, "
                "Vadapad. Steven Dhondt, référent de la Commission européenne, présente le projet Euwin.",
        partners=partners_2014,
        sessions=[
            ("Le projet européen Euwin", at(2014, 11, 20, 17), at(2014, 11, 20, 17, 45), "", "",
             [("Steven", "Dhondt")]),
            ("Remise des prix aux quatre lauréats", at(2014, 11, 20, 17, 45), at(2014, 11, 20, 18, 45), "", "", []),
            ("Conclusion", at(2014, 11, 20, 18, 45), at(2014, 11, 20, 19, 15), "",
             "« L'innovation sociale ça ne va pas de soi, nous devons continuer à travailler ensemble sur ce sujet. »",
             [("Pierre", "Grosset"), ("Jean", "Ribeil"), ("Steven", "Dhondt")]),
        ],
    )
    add_event(
        index_page, programme, title="Salon d'affaires de l'ESS", slug="salon-affaires-ess-2014", kind=K.FAIR,
        starts_at=at(2014, 12, 4), ends_at=at(2014, 12, 4, 18), tbc=True,
        summary="Stand et temps d'information individuels et collectifs.", partners=["Cress Franche-Comté"],
    )

    # --- 2023 ---------------------------------------------------------------------------------
    event, new = add_event(
        index_page, programme, title="Séminaire de lancement 2023", slug="seminaire-lancement-2023", kind=K.SEMINAR,
        starts_at=at(2023, 2, 28, 9, 30), ends_at=at(2023, 2, 28, 16, 30),
        venue_name="Aract Bourgogne-Franche-Comté",
        summary="Séminaire de travail : des partenaires engagés pour partager et valoriser l'innovation sociale sur "
                "notre territoire.",
        audience="Partenaires du programme",
        partners=SEMINAR_2023_STRUCTURES,
    )
    if new:
        structures = [org(label) for label in SEMINAR_2023_STRUCTURES]
        # 22 people from 16 structures: six structures came with two people.
        attendance(event, structures, present=22, no_shows=2)
        created.append(event)

    event, new = add_event(
        index_page, programme, title="Les Défis de l'IS, une journée pour innover", slug="defis-de-l-is-2023",
        kind=K.WORKSHOP, starts_at=at(2023, 4, 4, 9), ends_at=at(2023, 4, 4, 17),
        summary="Une cinquantaine de personnes (salariés, directions, étudiants, retraités) réparties en groupes "
                "imaginent des solutions innovantes aux défis sociaux et environnementaux rencontrés par les "
                "entreprises.",
        audience="Salariés, directions, étudiants, retraités",
        sessions=[
            ("Les enjeux du monde du travail", at(2023, 4, 4, 9, 15), at(2023, 4, 4, 10, 15), "",
             "Les enjeux auxquels le monde du travail doit faire face.", [("Olivier", "Pastor")]),
            ("Ateliers créatifs et collaboratifs en groupes", at(2023, 4, 4, 10, 30), at(2023, 4, 4, 16), "", "", []),
            ("Restitution des productions", at(2023, 4, 4, 16), at(2023, 4, 4, 17), "", "", []),
        ],
    )
    if new:
        groups = []
        for position, title in enumerate(PRODUCTIONS_2023):
            group = WorkshopGroup(event=event, name=f"Groupe {position + 1}", production_title=title,
                                  sort_order=position)
            group.save()
            groups.append(group)
        roles = [RegistrationRole.EMPLOYEE, RegistrationRole.MANAGER, RegistrationRole.STUDENT,
                 RegistrationRole.RETIRED]
        attendance(event, gen.structures(30), present=53, no_shows=4, roles=roles, without_structure=9,
                   groups=groups)
        created.append(event)

    event, new = add_event(
        index_page, programme, title="Rencontre régionale de l'innovation sociale 2023",
        slug="rencontre-regionale-2023", kind=K.REGIONAL_MEETING,
        starts_at=at(2023, 9, 26, 14), ends_at=at(2023, 9, 26, 18), venue_name="Cinéma Olympia",
        summary="Tirer des enseignements de pratiques socialement innovantes pour les diffuser au plus grand nombre.",
        audience="Entreprises, partenaires, acteurs de l'innovation sociale",
        partners=["Aract BFC", "DREETS", "Région Bourgogne-Franche-Comté", "FSE"],
        sessions=[
            ("Témoignages : la semaine de 4 jours", at(2023, 9, 26, 14, 15), at(2023, 9, 26, 15, 30), "Salle 1",
             "Des représentants des entreprises Blond Vénitien, Cogitec et L'Atelier Panel témoignent de la mise "
             "en place de la semaine de 4 jours.", []),
            ("Remise du Prix de l'Innovation Sociale aux lauréats 2022", at(2023, 9, 26, 15, 45),
             at(2023, 9, 26, 16, 30), "Salle 1", "Les Délices Bleus et Métalhom reçoivent le prix.", []),
            ("Ce qui se joue dans la coopération", at(2023, 9, 26, 16, 30), at(2023, 9, 26, 17, 30), "Salle 1",
             "Conférence de Jean-Edouard Grézy, anthropologue.", [("Jean-Edouard", "Grézy")]),
        ],
    )
    if new:
        from rallynov.initiatives.models import InitiativePage

        speakers_orgs = [org(name) for name in ("Blond Vénitien", "Cogitec", "L'Atelier Panel", "Les Délices Bleus",
                                                "Métalhom")]
        cited = InitiativePage.objects.filter(organizations__in=[o for o in speakers_orgs if o]).distinct()
        event.initiatives.set(cited)
        event.save_revision().publish()
        structures = gen.structures(80) + [o for o in speakers_orgs if o] + [org("Aract BFC"), org("DREETS")]
        attendance(event, structures, present=143, walk_ins=13, no_shows=17, without_structure=12)
        Video.objects.get_or_create(
            url="https://video.example/rallynov/rencontre-regionale-2023",
            defaults={"programme": programme, "event": event, "title": "Replay de la Rencontre régionale 2023",
                      "kind": VideoKind.REPLAY, "published_on": datetime.date(2023, 10, 5), "is_generated": True},
        )
        created.append(event)

    # --- Programme 2024 -------------------------------------------------------------------------
    add_event(
        index_page, programme, title="Séminaire de lancement 2024", slug="seminaire-lancement-2024", kind=K.SEMINAR,
        starts_at=at(2024, 2, 6, 9, 30), ends_at=at(2024, 2, 6, 16, 30), venue_name="Aract Bourgogne-Franche-Comté",
        summary="Séminaire de lancement du programme 2024 à Dijon.", audience="Partenaires du programme",
    )
    add_event(
        index_page, programme, title="La tournée de l'IS sur le territoire", slug="tournee-2024", kind=K.TOUR_STAGE,
        starts_at=at(2024, 4, 1), ends_at=at(2024, 6, 30, 18), tbc=True,
        summary="La tournée de l'innovation sociale va à la rencontre des entreprises et des territoires de la région.",
    )
    add_event(
        index_page, programme, title="Rencontre régionale 2024", slug="rencontre-regionale-2024",
        kind=K.REGIONAL_MEETING, starts_at=at(2024, 10, 1, 14), ends_at=at(2024, 10, 1, 18),
        venue_name="Maison de l'économie", summary="La Rencontre régionale de l'innovation sociale à Besançon.",
    )

    # --- Videos: views recorded in 2022 (conference and laureates' videos) ----------------------
    videos = [
        ("Conférences Rally'nov", "https://video.example/rallynov/conferences", VideoKind.CONFERENCE, 1650),
        ("Les lauréats du Prix de l'Innovation Sociale", "https://video.example/rallynov/laureats",
         VideoKind.LAUREATES, 1232),
    ]
    for title, url, kind, total in videos:
        video, new = Video.objects.get_or_create(
            url=url, defaults={"programme": programme, "title": title, "kind": kind, "is_generated": True,
                               "published_on": datetime.date(2021, 12, 1)},
        )
        if new:
            monthly = [total // 12] * 12
            monthly[-1] += total - sum(monthly)
            VideoViewCount.objects.bulk_create([
                VideoViewCount(video=video, on=datetime.date(2022, month, 28), views=views, is_generated=True)
                for month, views in enumerate(monthly, start=1)
            ])
    _link_award_editions(programme)
    for slug in FSE_2023:
        fse_demo_answers(EventPage.objects.filter(slug=slug).first())
    # The laureates' sheets followed over the years: the prize's demo (run before this one) has
    # marked the laureates by now.
    from rallynov.initiatives.demo import follow_laureates_over_the_years

    follow_laureates_over_the_years(programme=programme, log=log)
    log(f"  {EventPage.objects.count()} événements, {Registration.objects.count()} inscriptions "
        f"({Registration.objects.filter(checked_in_at__isnull=False).count()} présences)")
    return created


def _link_award_editions(programme):
    """The 2014 ceremony crowned the 2014 laureates; the 2023 meeting, the 2022 ones."""
    from django.apps import apps

    if not apps.is_installed("rallynov.awards"):
        return
    from rallynov.awards.models import Edition

    for slug, year in (("remise-des-prix-2014", 2014), ("rencontre-regionale-2023", 2022)):
        edition = Edition.objects.filter(programme=programme, year=year).first()
        event = EventPage.objects.filter(slug=slug).first()
        if edition and event and event.award_edition_id != edition.pk:
            event.award_edition = edition
            event.save_revision().publish()


# --- FSE+ (the 2023 programme is co-financed by the European Social Fund) ---------------------------
FSE_2023 = ("seminaire-lancement-2023", "defis-de-l-is-2023", "rencontre-regionale-2023")


def fse_demo_answers(event, *, seed=2021_1057):
    """Mark `event` co-financed by the FSE+ and give about three quarters of its registrations
    plausible generated answers (a third of them with the explicit consent for the other
    characteristics), flagged `is_generated`. Its own random stream: the rest of the demo (and its
    figures) draws exactly what it drew before. Idempotent."""
    from rallynov.events.fse.enums import AgeBand, EducationLevel, Gender, LabourStatus
    from rallynov.events.fse.models import ParticipantProfile, ParticipantSensitiveProfile

    if event is None:
        return 0
    if not event.fse_cofinanced:
        event.fse_cofinanced = True
        event.save_revision().publish()
    if ParticipantProfile.objects.filter(registration__event=event).exists():
        return 0
    draw = random.Random(seed + event.pk)
    profiles, sensitive = [], []
    for registration in Registration.objects.filter(event=event).order_by("pk"):
        if draw.random() > 0.75:
            continue  # did not answer
        role = registration.role
        if role == RegistrationRole.STUDENT:
            age, status = draw.choice([AgeBand.FROM_18_TO_29] * 5 + [AgeBand.UNDER_18]), LabourStatus.INACTIVE
        elif role == RegistrationRole.RETIRED:
            age, status = AgeBand.FROM_55, LabourStatus.INACTIVE
        else:
            age = draw.choices([AgeBand.FROM_18_TO_29, AgeBand.FROM_30_TO_54, AgeBand.FROM_55], [2, 6, 2])[0]
            status = draw.choices(
                [LabourStatus.EMPLOYED, LabourStatus.SELF_EMPLOYED, LabourStatus.UNEMPLOYED,
                 LabourStatus.LONG_TERM_UNEMPLOYED],
                [14, 3, 2, 1],
            )[0]
        when = registration.consent_at or registration.checked_in_at or event.starts_at
        profiles.append(ParticipantProfile(
            registration=registration,
            gender=draw.choices([Gender.FEMALE, Gender.MALE, Gender.NON_BINARY, ""], [54, 43, 1, 2])[0],
            age_band=age,
            labour_status=status,
            education_level=draw.choices(
                [EducationLevel.ISCED_0_2, EducationLevel.ISCED_3_4, EducationLevel.ISCED_5_8, ""], [1, 4, 9, 1]
            )[0],
            consent_at=when,
            is_generated=True,
        ))
        if draw.random() < 0.35:
            sensitive.append(ParticipantSensitiveProfile(
                registration=registration,
                disability=draw.random() < 0.08,
                third_country_national=draw.random() < 0.04,
                foreign_background=draw.random() < 0.12,
                minority=None,  # most people leave it unanswered
                homeless=False,
                rural_area=draw.random() < 0.4,
                explicit_consent_at=when,
                is_generated=True,
            ))
    ParticipantProfile.objects.bulk_create(profiles)
    ParticipantSensitiveProfile.objects.bulk_create(sensitive)
    return len(profiles)
