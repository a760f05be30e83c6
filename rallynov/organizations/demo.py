"""Structures and people named in the 2014 and 2023 reports, with their communes.

Where a report names a structure without its place, the commune is the structure's known seat
in the region; SIRETs are left empty rather than invented.
"""

import datetime

from django.utils import timezone

from rallynov.organizations.enums import DataPurpose
from rallynov.organizations.enums import OrganizationKind as K
from rallynov.organizations.enums import PersonRole as R
from rallynov.organizations.enums import SizeBand as S
from rallynov.organizations.models import Organization, Person, Role
from rallynov.territories.queries import resolve_commune

# (name, acronym, kind, commune, postal code, size band, NAF section, description)
ORGANIZATIONS = [
    # The programme's operators and co-pilots
    ("Aract Bourgogne-Franche-Comté", "Aract BFC", K.NETWORK, "Dijon", "21000", S.SMALL, "M",
     "Agence régionale pour l'amélioration des conditions de travail ; anime Rally'nov."),
    ("Franche-Comté amélioration des conditions de travail", "Fact", K.NETWORK, "Besançon", "25000", S.MICRO, "M",
     "Association régionale pour l'amélioration des conditions de travail en Franche-Comté (devenue Aract BFC)."),
    ("Réseau Innovation Franche-Comté", "RIFC", K.NETWORK, "Besançon", "25000", S.MICRO, "M", ""),
    ("Chambre régionale de l'économie sociale et solidaire de Franche-Comté", "Cress Franche-Comté", K.NETWORK,
     "Besançon", "25000", S.MICRO, "S", ""),
    # Funders
    ("Direccte Franche-Comté", "Direccte", K.PUBLIC_BODY, "Besançon", "25000", S.INTERMEDIATE, "O",
     "Direction régionale des entreprises, de la concurrence, de la consommation, du travail et de l'emploi."),
    ("DREETS Bourgogne-Franche-Comté", "DREETS", K.PUBLIC_BODY, "Besançon", "25000", S.INTERMEDIATE, "O",
     "Direction régionale de l'économie, de l'emploi, du travail et des solidarités (ex-Direccte)."),
    ("Conseil régional de Franche-Comté", "", K.LOCAL_AUTHORITY, "Besançon", "25000", S.INTERMEDIATE, "O", ""),
    ("Région Bourgogne-Franche-Comté", "", K.LOCAL_AUTHORITY, "Dijon", "21000", S.INTERMEDIATE, "O", ""),
    ("Fonds social européen", "FSE", K.PUBLIC_BODY, "", "", "", "U", "Union européenne."),
    # Partners of the 2014 organising committee
    ("Chambre de métiers et de l'artisanat de la Haute-Saône", "CMA 70", K.CHAMBER, "Vesoul", "70000", S.SMALL, "O", ""),
    ("Chambre de métiers et de l'artisanat du Jura", "CMA 39", K.CHAMBER, "Lons-le-Saunier", "39000", S.SMALL, "O", ""),
    ("Mutualité Française Franche-Comté", "", K.NETWORK, "Besançon", "25000", S.MEDIUM, "Q", ""),
    ("Union professionnelle artisanale de Franche-Comté", "UPA régionale", K.NETWORK, "Besançon", "25000", S.MICRO, "S", ""),
    ("Franche-Comté Active", "", K.ASSOCIATION, "Besançon", "25000", S.SMALL, "K", ""),
    ("BGE Franche-Comté", "BGE", K.ASSOCIATION, "Besançon", "25000", S.SMALL, "N", ""),
    ("Crédit Agricole de Franche-Comté", "", K.COMPANY, "Besançon", "25000", S.INTERMEDIATE, "K", ""),
    ("Chambre régionale d'agriculture de Franche-Comté", "", K.CHAMBER, "Besançon", "25000", S.SMALL, "O", ""),
    ("Agence de développement et d'urbanisme du Pays de Montbéliard", "ADU", K.PUBLIC_BODY, "Montbéliard", "25200",
     S.SMALL, "M", ""),
    ("Mouvement français pour la qualité Franche-Comté", "MFQ", K.ASSOCIATION, "Besançon", "25000", S.MICRO, "S", ""),
    ("UIMM Franche-Comté", "UIMM", K.NETWORK, "Besançon", "25000", S.SMALL, "S", ""),
    ("Cetim", "Cetim", K.NETWORK, "Besançon", "25000", S.INTERMEDIATE, "M", "Centre technique des industries mécaniques."),
    ("Pays de Montbéliard Agglomération", "PMA", K.LOCAL_AUTHORITY, "Montbéliard", "25200", S.INTERMEDIATE, "O", ""),
    ("CCI de la Haute-Saône", "CCI 70", K.CHAMBER, "Vesoul", "70000", S.SMALL, "O", ""),
    ("Mouves", "", K.NETWORK, "Paris", "75001", S.MICRO, "S", "Mouvement des entrepreneurs sociaux."),
    ("Working Innovation Network", "Euwin", K.NETWORK, "", "", "", "U", "Réseau européen de l'innovation au travail."),
    # Companies of the May 2014 workshop
    ("C&K Components", "", K.COMPANY, "Dole", "39100", S.MEDIUM, "C", ""),
    ("Cryla", "", K.COMPANY, "Besançon", "25000", S.SMALL, "C", ""),
    ("Green Box", "", K.COMPANY, "Besançon", "25000", S.MICRO, "N", ""),
    ("Juratri", "", K.COMPANY, "Lons-le-Saunier", "39000", S.MEDIUM, "E", "Entreprise adaptée de tri et de recyclage."),
    ("Mutualité Française Jura", "", K.NETWORK, "Lons-le-Saunier", "39000", S.MEDIUM, "Q", ""),
    # Laureates 2014
    ("Le Drive fermier 39", "", K.ASSOCIATION, "Lons-le-Saunier", "39000", S.NONE, "A",
     "28 agriculteurs vendent leurs produits en ligne, retirés en points relais ou livrés."),
    ("Schrader", "", K.COMPANY, "Pontarlier", "25300", S.MEDIUM, "C", ""),
    ("Le Mas d'Héricourt", "Le Mas", K.ASSOCIATION, "Héricourt", "70400", S.MICRO, "Q", "Épicerie solidaire créée en 1998."),
    ("Vadapad", "", K.COMPANY, "Besançon", "25000", S.MICRO, "C", "Vêtements adaptés pour les personnes dépendantes."),
    # 2022 laureates and 2023 speakers
    ("Les Délices Bleus", "", K.ASSOCIATION, "Dijon", "21000", S.MICRO, "I",
     "Restaurant ordinaire dont l'équipe compte trois jeunes autistes et trois encadrants."),
    ("Métalhom", "", K.COMPANY, "Brognard", "25600", S.SMALL, "C", "Conception et fabrication de composants métallurgiques."),
    ("Blond Vénitien", "", K.COMPANY, "Dijon", "21000", S.MICRO, "S", ""),
    ("Cogitec", "", K.COMPANY, "Besançon", "25000", S.SMALL, "J", ""),
    ("L'Atelier Panel", "", K.COMPANY, "Dole", "39100", S.MICRO, "C", ""),
    ("Institut des Futurs souhaitables", "IFs", K.ASSOCIATION, "Paris", "75001", S.MICRO, "P", ""),
]

# (first name, last name, structure, job title, roles, public)
PEOPLE = [
    ("Lydie", "Auger", "Fact", "Mise en page des publications", [R.STAFF], True),
    ("Nathalie", "Bertin", "Direccte Franche-Comté", "Adjointe, service développement économique", [R.OFFICIAL], True),
    ("Marie-France", "Vinot", "Conseil régional de Franche-Comté", "Cheffe de service « économie sociale et solidaire »",
     [R.OFFICIAL], True),
    ("Pierre", "Grosset", "Conseil régional de Franche-Comté", "Conseiller régional", [R.OFFICIAL, R.SPEAKER], True),
    ("Jean", "Ribeil", "Direccte Franche-Comté", "Directeur", [R.OFFICIAL, R.SPEAKER], True),
    ("Steven", "Dhondt", "Euwin", "Référent du projet européen Euwin", [R.SPEAKER, R.EXPERT], True),
    ("Martine", "Bourlon", "Le Mas", "Fondatrice", [R.LEADER], True),
    ("Jean-Edouard", "Grézy", "", "Anthropologue", [R.SPEAKER], True),
    ("Olivier", "Pastor", "IFs", "Institut des Futurs souhaitables", [R.SPEAKER], True),
]


# (former structure, the one it became, date): the regional agency for working conditions of
# Franche-Comté (Fact) and the Aract of Burgundy merged after the regions did, as Aract
# Bourgogne-Franche-Comté; the State's regional directorate (Direccte) became the DREETS on
# 1 April 2021; the regional council of Franche-Comté is part of the merged Region since 2016.
SUCCESSIONS = [
    ("Fact", "Aract BFC", datetime.date(2017, 1, 1)),
    ("Direccte", "DREETS", datetime.date(2021, 4, 1)),
    ("Conseil régional de Franche-Comté", "Région Bourgogne-Franche-Comté", datetime.date(2016, 1, 1)),
]


def _organization_by_label(label):
    return Organization.objects.filter(acronym=label).first() or Organization.objects.get(name=label)


def load(*, programme, log):
    now = timezone.now()
    for name, acronym, kind, commune, postal_code, size, naf, description in ORGANIZATIONS:
        Organization.objects.update_or_create(
            name=name,
            defaults={
                "acronym": acronym,
                "kind": kind,
                "commune": resolve_commune(commune, postal_code) if commune else None,
                "size_band": size,
                "naf_section": naf,
                "description": description,
            },
        )
    for first, last, org_label, title, roles, public in PEOPLE:
        organization = _organization_by_label(org_label) if org_label else None
        person, created = Person.objects.get_or_create(
            first_name=first,
            last_name=last,
            defaults={
                "organization": organization,
                "job_title": title,
                "is_public": public,
                "purpose": DataPurpose.PUBLICATION,
                "consent_at": now,
                "consent_text": "Nom, fonction et propos publiés dans le bilan du programme (information publique).",
            },
        )
        if created:
            for role in roles:
                Role.objects.create(person=person, role=role, organization=organization)
    for former, successor, date in SUCCESSIONS:
        organization = _organization_by_label(former)
        organization.successor = _organization_by_label(successor)
        organization.succeeded_on = date
        organization.save(update_fields=["successor", "succeeded_on"])
    operator = Organization.objects.get(acronym="Aract BFC")
    programme.operator = operator
    programme.save(update_fields=["operator"])
    log(f"  {Organization.objects.count()} structures, {Person.objects.count()} personnes")
