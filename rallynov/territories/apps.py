import os

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class TerritoriesConfig(AppConfig):
    name = "rallynov.territories"
    label = "territories"
    verbose_name = "Territoires"

    def ready(self):
        from rallynov.territories.lookups import clear_reference_caches

        post_migrate.connect(_ensure_reference_data, sender=self)
        # The departments of postal codes and communes are kept in memory (territories.lookups):
        # a change of the territories empties them.
        for model in ("territories.Commune", "territories.Department"):
            post_save.connect(
                clear_reference_caches, sender=model, dispatch_uid=f"territories-refcache-save-{model}"
            )
            post_delete.connect(
                clear_reference_caches, sender=model, dispatch_uid=f"territories-refcache-delete-{model}"
            )


def _ensure_reference_data(using="default", **kwargs):
    """Reference data comes with the migrations; a test flush (TransactionTestCase) removes it,
    and this puts it back. Tests may ask for the region 27 communes only (faster)."""
    from rallynov.territories.loading import load_territories
    from rallynov.territories.models import Commune, Department, DepartmentRegion, Region

    if Region.objects.using(using).exists():
        return
    only = os.environ.get("RALLYNOV_TERRITORIES_ONLY_REGION") or None
    load_territories(Region, Department, DepartmentRegion, Commune, only_region=only)
