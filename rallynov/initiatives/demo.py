"""The demo catalogue: the initiatives named in the 2014 and 2023 reports, and generated ones
(flagged `is_generated`) so that the reports' figures come out of the records:

- 163 published initiatives catalogued up to 2023 ("Retrouvez les 163 initiatives répertoriées"),
- 15 of them catalogued in 2023 ("15 nouvelles innovations sociales"),
- 80 catalogued up to 2014 ("déjà près de 80 initiatives").

The prize's demo (awards) then marks its laureates through `domain.set_laureate` and adds the 2023
follow-ups of former laureates' sheets; it finds the named laureates here by their titles.

The reports name the seven initiatives of 2023 without their commune: the communes given to them
here are the demo's assumption (see docs/initiatives.md).
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from rallynov.initiatives.bulk import NewInitiative, create_initiatives
from rallynov.initiatives.domain import ensure_catalogue
from rallynov.initiatives.enums import Source
from rallynov.initiatives.models import InitiativePage, SustainableDevelopmentGoal, Theme
from rallynov.organizations.enums import OrganizationKind as K
from rallynov.organizations.enums import SizeBand
from rallynov.organizations.models import Organization
from rallynov.territories.models import Commune
from rallynov.territories.queries import resolve_commune

THEMES = [
    ("Organisation du travail", ["Semaine de 4 jours", "Télétravail", "Qualité de vie au travail", "Dialogue social"]),
    ("Emploi et inclusion", ["Handicap", "Insertion par l'activité économique", "Recrutement", "Jeunes",
                             "Égalité femmes-hommes"]),
    ("Compétences et parcours", ["Intégration des nouveaux salariés", "Formation en binôme", "Repérage des talents"]),
    ("Alimentation", ["Circuits courts", "Lutte contre le gaspillage alimentaire"]),
    ("Solidarité", ["Épicerie solidaire", "Lutte contre l'isolement", "Aide aux aidants"]),
    ("Mobilité", ["Covoiturage", "Mobilité solidaire"]),
    ("Santé et soins", ["Vêtements adaptés", "Autonomie des personnes âgées", "Prévention de la pénibilité"]),
    ("Environnement", ["Économie circulaire", "Réemploi"]),
    ("Gouvernance", ["Gouvernance partagée", "Coopération entre entreprises"]),
    ("Vie des territoires", ["Tiers-lieux", "Services de proximité", "Culture et loisirs"]),
]

SDGS = [
    "Pas de pauvreté", "Faim « zéro »", "Bonne santé et bien-être", "Éducation de qualité",
    "Égalité entre les sexes", "Eau propre et assainissement", "Énergie propre et d'un coût abordable",
    "Travail décent et croissance économique", "Industrie, innovation et infrastructure", "Inégalités réduites",
    "Villes et communautés durables", "Consommation et production responsables",
    "Mesures relatives à la lutte contre les changements climatiques", "Vie aquatique", "Vie terrestre",
    "Paix, justice et institutions efficaces", "Partenariats pour la réalisation des objectifs",
]

# (title, structure, commune, postal code, year, laureate year, themes, SDGs, summary, description)
NAMED = [
    ("Le Drive fermier 39", "Le Drive fermier 39", "Lons-le-Saunier", "39000", 2014, 2014,
     ["Circuits courts", "Lutte contre le gaspillage alimentaire"], [2, 12],
     "28 agriculteurs proposent une large gamme de produits via un site de vente en ligne ; les consommateurs "
     "retirent leurs courses dans un point de retrait ou sont livrés à domicile.",
     "<p>Pour permettre au plus grand nombre d'accéder à une nourriture de qualité, mais aussi pour mieux "
     "valoriser le travail des producteurs locaux, le Drive fermier est créé en 2013. 28 agriculteurs proposent "
     "une large gamme de produits via un site de vente en ligne. Les consommateurs retirent leurs courses dans "
     "l'un des points de retrait ou sont livrés à domicile.</p><p>Un moyen de faire son marché en gagnant du "
     "temps, mais aussi de limiter le transport inutile et le gaspillage.</p>"),
    ("Covoiturage domicile-travail", "Schrader", "Pontarlier", "25300", 2014, 2014,
     ["Covoiturage", "Qualité de vie au travail", "Recrutement"], [8, 11, 13],
     "Face au coût du logement dans la région pontissalienne, la direction met à disposition un véhicule de "
     "covoiturage pour faciliter les trajets domicile-travail.",
     "<p>Pourtant innovante et reconnue, cette entreprise se heurte à une difficulté de recrutement. Certains "
     "candidats sont réticents à intégrer la structure pour plusieurs raisons, dont le coût du logement dans la "
     "région pontissalienne. Pour proposer de bonnes conditions de travail à son personnel et aux candidats, la "
     "direction met à disposition un véhicule de covoiturage facilitant les trajets domicile-travail.</p>"
     "<p>Résultats : moins de fatigue, gain financier pour les utilisateurs, esprit d'équipe renforcé et impact "
     "écologique positif.</p>"),
    ("Le Mas d'Héricourt", "Le Mas d'Héricourt", "Héricourt", "70400", 2014, 2014,
     ["Épicerie solidaire", "Lutte contre l'isolement"], [1, 2, 10],
     "Pionnière en Franche-Comté, l'association fait partie des premières épiceries solidaires au niveau national.",
     "<p>C'est pour aider les plus démunis que Martine Bourlon crée le Mas d'Héricourt en 1998. Pionnière en "
     "Franche-Comté, cette association fait partie des premières épiceries solidaires au niveau national.</p>"
     "<p>En plus d'apporter aux familles une économie immédiate ou de réaliser des dons alimentaires, l'épicerie "
     "développe d'autres actions avec l'appui de bénévoles : limiter l'isolement des personnes en difficulté et "
     "leur permettre d'être autonomes dans leurs démarches en renforçant la confiance en soi.</p>"),
    ("Vadapad", "Vadapad", "Besançon", "25000", 2014, 2014,
     ["Vêtements adaptés", "Prévention de la pénibilité", "Autonomie des personnes âgées"], [3, 8],
     "Une solution vestimentaire qui réduit la pénibilité du travail des aidants et soignants lors des soins et "
     "de l'habillement des personnes dépendantes.",
     "<p>Grâce à la création d'une nouvelle solution vestimentaire, cette entreprise a pour ambition de réduire "
     "la pénibilité du travail des aidants et soignants lors des soins et de l'habillement des personnes "
     "dépendantes.</p><p>C'est en collaboration avec une équipe d'infirmières, d'aides-soignantes et de "
     "médecins que ces vêtements aux découpes fonctionnelles originales et au système de fermetures magnétiques "
     "ont été élaborés. Il s'agit de participer au bien-être des personnes âgées et de conserver leur "
     "dignité.</p>"),
    ("Les Délices Bleus", "Les Délices Bleus", "Dijon", "21000", 2022, 2022,
     ["Handicap", "Jeunes", "Circuits courts"], [8, 10],
     "Un restaurant ordinaire, cuisine maison avec des produits frais et locaux, dont l'équipe est composée de "
     "trois jeunes autistes et de trois encadrants.",
     "<p>Basé à Dijon, les Délices bleus est un restaurant ordinaire proposant une cuisine maison avec des "
     "produits frais et locaux. Sa particularité : l'équipe est composée de trois jeunes autistes et de trois "
     "encadrants.</p><p>Son objectif : permettre l'accès à l'emploi, gagner en autonomie, développer une vie "
     "sociale, se préparer au travail en milieu ordinaire et faire changer le regard sur l'autisme.</p>"),
    ("Métalhom", "Métalhom", "Brognard", "25600", 2022, 2022,
     ["Intégration des nouveaux salariés", "Formation en binôme", "Repérage des talents", "Dialogue social"], [8, 9],
     "Entreprise de conception et de fabrication de composants métallurgiques engagée dans l'amélioration des "
     "conditions de travail : son crédo est de mettre l'humain au cœur de l'entreprise.",
     "<p>Implantée à Brognard dans le Doubs, Métalhom est une entreprise spécialisée dans la conception et la "
     "fabrication de composants métallurgiques.</p><p>Ses actions : le repérage des talents, l'adaptation des "
     "postes aux personnes recrutées, un processus d'intégration complet, une formation en binôme à l'arrivée, "
     "des consignes traduites en plusieurs langues, des projets construits de manière paritaire entre les "
     "salariés et la direction.</p>"),
    ("Semaine de 4 jours chez Blond Vénitien", "Blond Vénitien", "Dijon", "21000", 2023, None,
     ["Semaine de 4 jours"], [8], "L'entreprise a mis en place la semaine de 4 jours et en a témoigné à la "
     "Rencontre régionale de l'innovation sociale du 26 septembre 2023.", ""),
    ("Semaine de 4 jours chez Cogitec", "Cogitec", "Besançon", "25000", 2023, None,
     ["Semaine de 4 jours"], [8], "L'entreprise a mis en place la semaine de 4 jours et en a témoigné à la "
     "Rencontre régionale de l'innovation sociale du 26 septembre 2023.", ""),
    ("Semaine de 4 jours à L'Atelier Panel", "L'Atelier Panel", "Dole", "39100", 2023, None,
     ["Semaine de 4 jours"], [8], "L'entreprise a mis en place la semaine de 4 jours et en a témoigné à la "
     "Rencontre régionale de l'innovation sociale du 26 septembre 2023.", ""),
]

# The seven initiatives of the 2023 report: named, not described. (structure, kind, commune, postal
# code, themes)
NAMED_2023 = [
    ("L'Expédition", K.ASSOCIATION, "Dijon", "21000", ["Jeunes", "Insertion par l'activité économique"]),
    ("Blanchisserie Lavande", K.COMPANY, "Chalon-sur-Saône", "71100", ["Handicap"]),
    ("Créa Temps", K.ASSOCIATION, "Besançon", "25000", ["Lutte contre l'isolement"]),
    ("Les Doigts Qui Rivent…", K.ASSOCIATION, "Lons-le-Saunier", "39000", ["Culture et loisirs", "Réemploi"]),
    ("La Fabrique de l'Aventure", K.ASSOCIATION, "Auxerre", "89000", ["Tiers-lieux"]),
    ("EpiSourire « Au-delà d'une épicerie… »", K.ASSOCIATION, "Montbéliard", "25200", ["Épicerie solidaire"]),
    ("Envie Autonomie", K.COMPANY, "Dijon", "21000", ["Réemploi", "Autonomie des personnes âgées"]),
]
SUMMARY_2023 = (
    "Initiative recensée en 2023 par l'Aract Bourgogne-Franche-Comté et présentée dans le bilan 2023 de Rally'nov."
)

# Generated initiatives: (name pattern, kind, themes, SDGs, summary)
CONCEPTS = [
    ("Garage solidaire", K.ASSOCIATION, ["Mobilité solidaire", "Insertion par l'activité économique"], [1, 11],
     "Réparation de véhicules à prix réduit pour les personnes en insertion, encadrée par des mécaniciens."),
    ("Recyclerie", K.ASSOCIATION, ["Réemploi", "Économie circulaire"], [12],
     "Collecte, remise en état et revente d'objets du quotidien, avec des salariés en parcours d'insertion."),
    ("Crèche inter-entreprises", K.COMPANY, ["Qualité de vie au travail", "Égalité femmes-hommes"], [5, 8],
     "Des entreprises voisines réservent ensemble des places de crèche pour les enfants de leurs salariés."),
    ("Conciergerie d'entreprise", K.COMPANY, ["Qualité de vie au travail", "Services de proximité"], [8],
     "Services du quotidien proposés sur le lieu de travail pour alléger la charge des salariés."),
    ("Jardin d'insertion", K.ASSOCIATION, ["Insertion par l'activité économique", "Circuits courts"], [2, 8],
     "Maraîchage biologique en chantier d'insertion ; les paniers sont vendus aux habitants."),
    ("Tiers-lieu rural", K.SCIC, ["Tiers-lieux", "Coopération entre entreprises"], [11, 17],
     "Un lieu partagé où se croisent travailleurs indépendants, associations et habitants."),
    ("Groupement d'employeurs", K.ASSOCIATION, ["Recrutement", "Coopération entre entreprises"], [8],
     "Plusieurs entreprises partagent des salariés à temps partagé pour leur offrir un emploi stable."),
    ("Atelier de réparation de vélos", K.ASSOCIATION, ["Mobilité solidaire", "Réemploi"], [11, 13],
     "Atelier participatif où chacun apprend à entretenir son vélo avec l'aide de bénévoles."),
    ("Semaine de 4 jours", K.COMPANY, ["Semaine de 4 jours", "Qualité de vie au travail"], [8],
     "Le temps de travail est réparti sur quatre jours, après une expérimentation co-construite avec l'équipe."),
    ("Plateforme de covoiturage inter-entreprises", K.NETWORK, ["Covoiturage"], [11, 13],
     "Les salariés d'une zone d'activité partagent leurs trajets domicile-travail."),
    ("Épicerie sociale et solidaire", K.ASSOCIATION, ["Épicerie solidaire"], [1, 2],
     "Des produits à petit prix et un accompagnement des familles pour reprendre pied."),
    ("Entreprise adaptée", K.COMPANY, ["Handicap", "Recrutement"], [8, 10],
     "Des postes aménagés permettent à des travailleurs handicapés d'exercer en milieu ordinaire."),
    ("Tutorat des nouveaux arrivants", K.COMPANY, ["Intégration des nouveaux salariés", "Formation en binôme"], [4, 8],
     "Chaque nouveau salarié est accompagné par un tuteur pendant ses premiers mois."),
    ("Accueil de jour pour aidants", K.ASSOCIATION, ["Aide aux aidants", "Autonomie des personnes âgées"], [3],
     "Un temps de répit pour les aidants familiaux et des activités pour les personnes accompagnées."),
    ("Gouvernance partagée", K.SCOP, ["Gouvernance partagée", "Dialogue social"], [8, 16],
     "Les salariés associés prennent part aux grandes décisions de l'entreprise."),
    ("Cantine en circuits courts", K.LOCAL_AUTHORITY, ["Circuits courts", "Lutte contre le gaspillage alimentaire"],
     [2, 12], "La restauration scolaire s'approvisionne auprès des producteurs du territoire."),
    ("Télétravail en tiers-lieu", K.COMPANY, ["Télétravail", "Tiers-lieux"], [8, 11],
     "Des salariés travaillent près de chez eux dans un tiers-lieu plutôt que de faire de longs trajets."),
    ("Café associatif", K.ASSOCIATION, ["Lutte contre l'isolement", "Culture et loisirs"], [11],
     "Un lieu de rencontre et d'animations qui recrée du lien dans un village."),
    ("Prévention des troubles musculo-squelettiques", K.COMPANY, ["Prévention de la pénibilité"], [3, 8],
     "Les postes sont repensés avec les opérateurs pour réduire les gestes pénibles."),
    ("Parcours jeunes vers l'emploi", K.ASSOCIATION, ["Jeunes", "Recrutement"], [4, 8],
     "Des entreprises ouvrent leurs portes à des jeunes éloignés de l'emploi pour des immersions encadrées."),
    ("Ressourcerie du bâtiment", K.SCIC, ["Économie circulaire", "Réemploi"], [9, 12],
     "Les matériaux de chantier sont récupérés et revendus aux particuliers et aux artisans."),
    ("Mobilité solidaire en zone rurale", K.ASSOCIATION, ["Mobilité solidaire", "Services de proximité"], [1, 11],
     "Location de voitures et de scooters à bas prix pour se rendre à un emploi ou une formation."),
]
QUALIFIERS = ["de", "du Pays de", "du Val de"]


def _get_theme_map():
    return {t.name: t for t in Theme.objects.all()}


def seed_reference(*, log=lambda *a: None):
    """The two-level themes and the 17 SDGs (idempotent)."""

    for position, (parent_name, children) in enumerate(THEMES):
        parent, _ = Theme.objects.update_or_create(
            slug=slugify(parent_name), defaults={"name": parent_name, "position": position, "parent": None}
        )
        for child_position, child in enumerate(children):
            Theme.objects.update_or_create(
                slug=slugify(child), defaults={"name": child, "position": child_position, "parent": parent}
            )
    for number, name in enumerate(SDGS, start=1):
        SustainableDevelopmentGoal.objects.update_or_create(number=number, defaults={"name": name})
    log(f"  {Theme.objects.count()} thèmes, {SustainableDevelopmentGoal.objects.count()} ODD")


def _organization(name, kind, commune, *, generated=False):
    organization = Organization.objects.filter(name=name).first()
    if organization is None:
        organization = Organization.objects.create(
            name=name, kind=kind, commune=commune, is_generated=generated, size_band=SizeBand.MICRO
        )
    return organization


def _item(*, title, organization, commune, year, themes, sdgs, summary, description="", laureate_year=None,
          generated=False, source=Source.INTERVIEW):
    return NewInitiative(
        title=title,
        commune=commune,
        organization_id=organization.pk,
        year=year,
        themes=[theme.pk for theme in themes],
        sdgs=[sdg.pk for sdg in sdgs],
        summary=summary,
        description=description,
        laureate_year=laureate_year,
        source=source,
        is_generated=generated,
    )


def _publish_all(catalogue, *, programme, items, published_at):
    """The demo's initiatives, published as the editor's way publishes them (initiatives.bulk,
    whose rows are pinned against it), each dated from its year."""
    from rallynov.initiatives.models import CatalogueEntry

    created = create_initiatives(catalogue=catalogue, programme=programme, items=items)
    for page, when in zip(created, published_at, strict=True):
        InitiativePage.objects.filter(pk=page.pk).update(first_published_at=when)
        CatalogueEntry.objects.filter(page_id=page.pk).update(published_at=when)
    return created


@transaction.atomic
def load(*, programme, log):
    seed_reference(log=log)
    catalogue = ensure_catalogue(programme=programme)
    if InitiativePage.objects.filter(programme=programme).exists():
        log("  catalogue déjà chargé")
        return
    themes = _get_theme_map()
    sdgs = {s.number: s for s in SustainableDevelopmentGoal.objects.all()}
    items, published_at = [], []

    def when(year):
        return timezone.make_aware(datetime.datetime(year, random.randint(2, 11), random.randint(1, 28), 10))

    for title, org_name, commune, postal, year, laureate, theme_names, sdg_numbers, summary, description in NAMED:
        place = resolve_commune(commune, postal)
        organization = Organization.objects.filter(name=org_name).first() or _organization(org_name, K.COMPANY, place)
        items.append(
            _item(
                title=title,
                organization=organization,
                commune=place,
                year=year,
                themes=[themes[n] for n in theme_names],
                sdgs=[sdgs[n] for n in sdg_numbers],
                summary=summary,
                description=description,
                laureate_year=laureate,
                source=Source.PRIZE if laureate else Source.INTERVIEW,
            )
        )
        published_at.append(when(year))
    for name, kind, commune, postal, theme_names in NAMED_2023:
        place = resolve_commune(commune, postal)
        organization = _organization(name, kind, place)
        items.append(
            _item(
                title=name,
                organization=organization,
                commune=place,
                year=2023,
                themes=[themes[n] for n in theme_names],
                sdgs=[],
                summary=SUMMARY_2023,
            )
        )
        published_at.append(when(2023))

    # Generated ones: 76 up to 2014 (80 with the four 2014 laureates), 66 from 2015 to 2022,
    # 5 in 2023 (15 with the ten named ones): 163 in all.
    years = [2013] * 30 + [2014] * 46 + [y for y in range(2015, 2023) for _ in range(8)] + [2019, 2021] + [2023] * 5
    communes = list(
        Commune.objects.filter(department__region=programme.region, population__gt=0, latitude__isnull=False)
        .select_related("department")
        .only("pk", "name", "population", "department__code", "latitude", "longitude")
    )
    weights = [c.population for c in communes]
    used = {item.title for item in items}
    for year in years:
        for _attempt in range(20):
            concept, kind, theme_names, sdg_numbers, summary = random.choice(CONCEPTS)
            place = random.choices(communes, weights=weights)[0]
            qualifier = random.choice(QUALIFIERS) if place.population < 3000 else "de"
            title = f"{concept} {qualifier} {place.name}".replace("de Le ", "du ").replace("de Les ", "des ")
            if title not in used:
                break
        used.add(title)
        organization = _organization(f"{concept} {place.name}", kind, place, generated=True)
        items.append(
            _item(
                title=title,
                organization=organization,
                commune=place,
                year=year,
                themes=[themes[n] for n in theme_names],
                sdgs=[sdgs[n] for n in sdg_numbers],
                summary=summary,
                generated=True,
                source=random.choice([Source.INTERVIEW, Source.PARTNER, Source.PRIZE, Source.PUBLIC]),
            )
        )
        published_at.append(when(year))

    _publish_all(catalogue, programme=programme, items=items, published_at=published_at)
    log(f"  {len(items)} initiatives publiées ({sum(1 for item in items if item.is_generated)} générées)")


# --- Laureates' sheets followed over the years ----------------------------------------------------
FOLLOW_UP_STORIES = [
    ("Nouvelles embauches", "L'activité a grandi : l'équipe s'est agrandie.", (1, 3), (50, 200)),
    ("Essaimage", "L'initiative a été reprise par une structure d'un département voisin.", (0, 2), (100, 400)),
    ("Bilan de l'année", "Les porteurs ont présenté leurs résultats aux partenaires du programme.", (0, 1), (40, 150)),
    ("Nouveau partenariat", "Une collectivité et une entreprise locale soutiennent désormais l'initiative.", (0, 1), (30, 120)),
    ("Formation des équipes", "Les salariés ont suivi une formation pour diffuser la démarche.", (0, 0), (20, 80)),
]


def follow_laureates_over_the_years(*, programme, log, seed=2016, now=None):
    """Generated follow-ups on the laureates' sheets, in the years after their prize except 2023
    (whose six follow-ups are the 2023 report's figure, made by the prize's demo), published in a
    revision of each sheet. Run after the prize's demo has marked the laureates (the events' demo
    calls it). Its own random stream; idempotent (a sheet with a follow-up outside 2023 is skipped)."""
    from rallynov.initiatives.models import FollowUp

    draw = random.Random(seed)
    today = timezone.localdate(now or timezone.now())
    count = 0
    sheets = InitiativePage.objects.live().filter(programme=programme, laureate_year__isnull=False).order_by(
        "laureate_year", "title"
    )
    for page in sheets:
        if page.follow_ups.exclude(date__year=2023).exists():
            continue
        years = [y for y in range(page.laureate_year + 1, today.year + 1) if y != 2023]
        if not years:
            continue
        chosen = sorted(draw.sample(years, k=max(1, min(len(years), draw.randint(2, 4)))))
        for year in chosen:
            date = datetime.date(year, draw.randint(2, 11), draw.randint(1, 28))
            if date >= today:
                continue
            title, text, jobs, people = draw.choice(FOLLOW_UP_STORIES)
            page.follow_ups.add(
                FollowUp(
                    date=date,
                    title=title,
                    text=text,
                    jobs_created=draw.randint(*jobs),
                    people_reached=draw.randint(*people),
                    is_generated=True,
                )
            )
            count += 1
        page.save_revision(clean=False).publish()
    log(f"  suivis des fiches de lauréats au fil des années (hors 2023) : {count}")
    return count
