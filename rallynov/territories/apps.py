import os

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TerritoriesConfig(AppConfig):
    name = "rallynov.territories"
    label = "territories"
    verbose_name = "Territoires"

    def ready(self):
        post_migrate.connect(_ensure_reference_data, sender=self)


def _ensure_reference_data(using="default", **kwargs):
    """Reference data comes with the migrations; a test flush (TransactionTestCase) removes it,
    and this puts it back. Tests may ask for the region 27 communes only (faster)."""
    from rallynov.territories.loading import load_territories
    from rallynov.territories.models import Commune, Department, DepartmentRegion, Region

    if Region.objects.using(using).exists():
        return
    only = os.environ.get("RALLYNOV_TERRITORIES_ONLY_REGION") or None
    load_territories(Region, Department, DepartmentRegion, Commune, only_region=only)
