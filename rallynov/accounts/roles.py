"""The groups of the platform. Their names are what staff see in the admin."""

from django.conf import settings

PROGRAMME_TEAM = "Équipe du programme"
PARTNER_EDITOR = "Éditeur partenaire"
JUROR = "Membre du jury"
APPLICANT = "Porteur de projet"
# Reads the funders' indicators, with the FSE+ special categories (events.fse); given by hand.
FUNDERS_REPORTING = "Rapports aux financeurs"

ALL_GROUPS = (PROGRAMME_TEAM, PARTNER_EDITOR, JUROR, APPLICANT)

# A programme other than the instance's default one has groups of its own, named after it, so
# that its team's page permissions and moderation tasks stop at its own site.
PROGRAMME_SEPARATOR = " · "


def programme_group_name(base, programme):
    """The name of group `base` (PROGRAMME_TEAM or PARTNER_EDITOR) for `programme`: the plain
    name for the default programme (DEFAULT_PROGRAMME_SLUG), "<base> · <slug>" for the others."""
    if programme is None or programme.slug == settings.DEFAULT_PROGRAMME_SLUG:
        return base
    return f"{base}{PROGRAMME_SEPARATOR}{programme.slug}"
