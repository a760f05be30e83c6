from django.apps import AppConfig


class StudiesConfig(AppConfig):
    name = "rallynov.studies"
    label = "studies"
    verbose_name = "Études et enquêtes"
