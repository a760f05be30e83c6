from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "rallynov.initiatives"
    label = "initiatives"
    verbose_name = "Observatoire des initiatives"
