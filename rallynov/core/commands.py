"""The `--programme SLUG` option shared by every command that reads or writes a programme's
records: one help text, one default (DEFAULT_PROGRAMME_SLUG), one French refusal."""

from django.conf import settings
from django.core.management.base import CommandError

from rallynov.core.models import Programme

PROGRAMME_HELP = "Identifiant (slug) du programme ; par défaut, celui de l'instance (DEFAULT_PROGRAMME_SLUG)."


def add_programme_argument(parser):
    parser.add_argument("--programme", default="", metavar="SLUG", help=PROGRAMME_HELP)


def programme_from_option(slug):
    """The programme named by `--programme` (the instance's default one without it), or a
    CommandError in French naming the slug and the programmes there are."""
    slug = (slug or "").strip()
    programme = (
        Programme.objects.select_related("region").filter(slug=slug).first()
        if slug
        else Programme.objects.select_related("region").default()
    )
    if programme is not None:
        return programme
    if not slug and not Programme.objects.exists():
        raise CommandError("Aucun programme : chargez la démonstration (rallynov demo) ou créez-en un.")
    known = ", ".join(Programme.objects.order_by("slug").values_list("slug", flat=True)) or "aucun"
    raise CommandError(
        f"Programme inconnu : « {slug or settings.DEFAULT_PROGRAMME_SLUG} » (programmes existants : {known})."
    )
