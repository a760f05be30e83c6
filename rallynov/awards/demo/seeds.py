"""The records the seed reports give: laureates, criteria, questions, jury, other titles."""

from decimal import Decimal
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

LAUREATES_2014 = [
    # (initiative title, structure, kind, commune, summary)
    (
        "Le Drive fermier 39",
        "Drive fermier 39",
        "association",
        "Lons-le-Saunier",
        "28 agriculteurs du Jura vendent leurs produits en ligne ; les consommateurs retirent leurs courses "
        "dans un point de retrait ou sont livrés à domicile.",
    ),
    (
        "Covoiturage domicile-travail",
        "Schrader",
        "entreprise",
        "Pontarlier",
        "Pour faciliter les trajets domicile-travail de son personnel, la direction met à disposition un "
        "véhicule de covoiturage : moins de fatigue, gain financier, esprit d'équipe et impact écologique.",
    ),
    (
        "Le Mas d'Héricourt",
        "Le Mas",
        "association",
        "Héricourt",
        "Épicerie solidaire pionnière créée en 1998 : économies pour les familles, dons alimentaires et "
        "actions contre l'isolement des personnes en difficulté.",
    ),
    (
        "Vadapad",
        "Vadapad",
        "entreprise",
        "",
        "Des vêtements aux découpes fonctionnelles et à fermetures magnétiques qui réduisent la pénibilité "
        "du travail des aidants et soignants lors de l'habillement des personnes dépendantes.",
    ),
]
LAUREATES_2022 = [
    (
        "Les Délices Bleus",
        "Les Délices Bleus",
        "entreprise",
        "Dijon",
        "Restaurant de cuisine maison, produits frais et locaux, dont l'équipe compte trois jeunes autistes "
        "et trois encadrants : accès à l'emploi, autonomie et regard changé sur l'autisme.",
    ),
    (
        "Métalhom",
        "Métalhom",
        "entreprise",
        "Brognard",
        "Fabricant de composants métallurgiques qui met l'humain au cœur de l'entreprise : repérage des "
        "talents, adaptation des postes, intégration en binôme, consignes traduites, projets paritaires.",
    ),
]

CRITERIA = [
    ("Caractère innovant", "Nouveauté de la réponse au regard du territoire et du secteur.", Decimal("2")),
    ("Utilité sociale", "Réponse à un besoin social mal satisfait ; publics touchés.", Decimal("2")),
    ("Conditions de travail", "Effets sur la qualité de vie et les conditions de travail.", Decimal("1.5")),
    ("Ancrage territorial", "Partenariats locaux, coopération avec les acteurs du territoire.", Decimal("1")),
    ("Résultats et impact", "Résultats mesurés ou observés, pérennité du modèle.", Decimal("1.5")),
    ("Essaimage", "Possibilité de reproduire l'initiative ailleurs.", Decimal("1")),
]
QUESTIONS = [
    ("Quel besoin social votre initiative cherche-t-elle à satisfaire ?", "long_text", "", True),
    ("Qu'est-ce qui est nouveau dans votre réponse ?", "long_text", "", True),
    ("Quels résultats avez-vous obtenus ?", "long_text", "", True),
    ("Avec quels partenaires travaillez-vous ?", "long_text", "", False),
    ("Nombre de salariés de la structure", "number", "", True),
    (
        "Stade de l'initiative",
        "choice",
        "Idée ou projet\nEn expérimentation\nEn fonctionnement depuis moins de 3 ans\nEn fonctionnement depuis 3 ans ou plus",
        True,
    ),
    ("Présentation de la structure (PDF, 10 Mo au plus)", "file", "", False),
]
JURY = [
    # Generated people: the reports do not name the jury members.
    ("Hélène", "Marchand", "Chambre régionale de l'économie sociale et solidaire"),
    ("Olivier", "Perrin", "Réseau Innovation"),
    ("Sophie", "Girardot", "Chambre de métiers et de l'artisanat"),
    ("Marc", "Vuillemin", "Union des industries et métiers de la métallurgie"),
    ("Nadia", "Belkacem", "Aract"),
]
OTHER_TITLES = [
    "Atelier vélo solidaire",
    "Crèche interentreprises",
    "Conciergerie d'entreprise",
    "Jardin d'insertion",
    "Recyclerie du Haut-Doubs",
    "Tiers-lieu rural",
    "Groupement d'employeurs agricole",
    "Épicerie itinérante",
    "Garage solidaire",
    "Plateforme de mobilité",
    "Ressourcerie du Jura",
    "Bureau partagé des aidants",
    "Café des parents",
    "Atelier numérique seniors",
    "Chantier d'insertion bois",
    "Coopérative de services",
    "Cantine bio intercommunale",
    "Maison des savoir-faire",
    "Accorderie",
    "Navette des salariés de zone",
]
