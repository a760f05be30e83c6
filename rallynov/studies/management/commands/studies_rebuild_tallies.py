from django.core.management.base import BaseCommand, CommandError

from rallynov.studies.models import Survey
from rallynov.studies.tallies import rebuild


class Command(BaseCommand):
    help = "Recalcule les totaux d'analyse des enquêtes à partir des réponses envoyées (après un import en masse)."

    def add_arguments(self, parser):
        parser.add_argument("--survey", help="identifiant d'URL d'une enquête (toutes par défaut)")

    def handle(self, *args, survey=None, **options):
        surveys = Survey.objects.all()
        if survey:
            surveys = surveys.filter(slug=survey)
            if not surveys:
                raise CommandError(f"Aucune enquête « {survey} ».")
        for item in surveys:
            rebuild(item)
            self.stdout.write(f"{item} : totaux recalculés")
