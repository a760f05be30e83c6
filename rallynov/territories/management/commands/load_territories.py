from django.core.management.base import BaseCommand

from rallynov.territories.loading import load_territories
from rallynov.territories.models import Commune, Department, DepartmentRegion, Region


class Command(BaseCommand):
    help = "Charge (ou complète) les régions, départements et communes livrés avec rallynov."

    def handle(self, *args, **options):
        created = load_territories(Region, Department, DepartmentRegion, Commune)
        self.stdout.write(
            self.style.SUCCESS(f"{created} commune(s) ajoutée(s) ; {Commune.objects.count()} en tout.")
        )
