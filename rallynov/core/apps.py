from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rallynov.core"
    label = "core"
    verbose_name = "Socle"
