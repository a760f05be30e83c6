"""`rallynov harvest [--source ID] [--programme SLUG] [--all]`: harvest partners' catalogues."""

from django.core.management.base import BaseCommand, CommandError

from rallynov.core.commands import add_programme_argument, programme_from_option
from rallynov.initiatives.harvest.fetching import HarvestError
from rallynov.initiatives.harvest.models import HarvestSource
from rallynov.initiatives.harvest.running import harvest_source


class Command(BaseCommand):
    help = (
        "Moissonne les catalogues partenaires (CSV ou JSON à une adresse) réglés dans l'administration : "
        "les nouvelles fiches attendent la modération de l'équipe. Sans option, les sources dont la "
        "fréquence est échue (à lancer chaque jour, par exemple depuis cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, help="Numéro d'une source à moissonner maintenant.")
        parser.add_argument("--all", action="store_true", help="Toutes les sources actives, échues ou non.")
        add_programme_argument(parser)

    def handle(self, *args, source=None, all=False, programme="", **options):  # noqa: A002 (the option's name)
        sources = HarvestSource.objects.select_related("programme__region")
        if source is not None:
            sources = sources.filter(pk=source)
            if not sources:
                raise CommandError(f"Source de moisson inconnue : {source}.")
        else:
            sources = [
                s
                for s in sources.filter(programme=programme_from_option(programme), active=True)
                if all or s.is_due()
            ]
        failures = []
        for item in sources:
            try:
                harvest_source(source=item)
            except HarvestError as exc:
                failures.append(f"{item.name} : {exc}")
                self.stderr.write(f"{item.name} : {exc}")
                continue
            self.stdout.write(f"{item.name} : {item.last_message}")
        if failures:
            raise CommandError(f"{len(failures)} source(s) non moissonnée(s).")
        if not sources:
            self.stdout.write("Aucune source à moissonner.")
