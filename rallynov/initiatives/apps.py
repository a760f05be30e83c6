from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "rallynov.initiatives"
    label = "initiatives"
    verbose_name = "Observatoire des initiatives"

    def ready(self):
        from rallynov.initiatives import signals  # noqa: F401 - connects the receivers
