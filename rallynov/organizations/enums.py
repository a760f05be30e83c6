from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    COMPANY = "entreprise", _("Entreprise")
    ASSOCIATION = "association", _("Association")
    SCOP = "scop", _("Coopérative (SCOP)")
    SCIC = "scic", _("Coopérative (SCIC)")
    LOCAL_AUTHORITY = "collectivite", _("Collectivité")
    PUBLIC_BODY = "etablissement_public", _("Établissement public")
    CHAMBER = "chambre_consulaire", _("Chambre consulaire")
    NETWORK = "reseau", _("Réseau")
    OTHER = "autre", _("Autre")


class SizeBand(models.TextChoices):
    # INSEE employee bands, grouped as funders (FSE) ask for them.
    NONE = "0", _("Sans salarié")
    MICRO = "1-9", _("1 à 9 salariés")
    SMALL = "10-49", _("10 à 49 salariés")
    MEDIUM = "50-249", _("50 à 249 salariés")
    INTERMEDIATE = "250-4999", _("250 à 4 999 salariés")
    LARGE = "5000+", _("5 000 salariés et plus")


class NafSection(models.TextChoices):
    A = "A", _("Agriculture, sylviculture et pêche")
    B = "B", _("Industries extractives")
    C = "C", _("Industrie manufacturière")
    D = "D", _("Électricité, gaz, vapeur et air conditionné")
    E = "E", _("Eau, assainissement, déchets et dépollution")
    F = "F", _("Construction")
    G = "G", _("Commerce ; réparation d'automobiles et de motocycles")
    H = "H", _("Transports et entreposage")
    I = "I", _("Hébergement et restauration")  # noqa: E741 - the NAF letter
    J = "J", _("Information et communication")
    K = "K", _("Activités financières et d'assurance")
    L = "L", _("Activités immobilières")
    M = "M", _("Activités spécialisées, scientifiques et techniques")
    N = "N", _("Activités de services administratifs et de soutien")
    O = "O", _("Administration publique")  # noqa: E741 - the NAF letter
    P = "P", _("Enseignement")
    Q = "Q", _("Santé humaine et action sociale")
    R = "R", _("Arts, spectacles et activités récréatives")
    S = "S", _("Autres activités de services")
    T = "T", _("Activités des ménages en tant qu'employeurs")
    U = "U", _("Activités extra-territoriales")


class PersonRole(models.TextChoices):
    CONTACT = "contact", _("Contact de la structure")
    LEADER = "dirigeant", _("Dirigeant·e")
    EMPLOYEE = "salarie", _("Salarié·e")
    SPEAKER = "intervenant", _("Intervenant·e")
    OFFICIAL = "officiel", _("Représentant·e institutionnel·le")
    JUROR = "jure", _("Membre du jury")
    PARTNER = "partenaire", _("Référent·e partenaire")
    STAFF = "equipe", _("Équipe du programme")
    EXPERT = "expert", _("Expert·e")


class DataPurpose(models.TextChoices):
    """Why personal data about a person is kept (RGPD register)."""

    PROGRAMME_CONTACT = "contact_programme", _("Contact dans le cadre du programme")
    EVENT = "evenement", _("Organisation d'un événement")
    PRIZE = "prix", _("Instruction du prix et jury")
    STUDY = "etude", _("Étude ou entretien")
    PUBLICATION = "publication", _("Publication (intervenant, témoin)")
    NEWSLETTER = "lettre", _("Lettre d'information")
