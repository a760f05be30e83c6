from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "rallynov.territories"
    label = "territories"
    verbose_name = "Territoires"
