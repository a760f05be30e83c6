from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "rallynov.awards"
    label = "awards"
    verbose_name = "Prix de l'innovation sociale"
