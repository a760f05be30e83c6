"""The groups of the platform. Their names are what staff see in the admin."""

PROGRAMME_TEAM = "Équipe du programme"
PARTNER_EDITOR = "Éditeur partenaire"
JUROR = "Membre du jury"
APPLICANT = "Porteur de projet"

ALL_GROUPS = (PROGRAMME_TEAM, PARTNER_EDITOR, JUROR, APPLICANT)
