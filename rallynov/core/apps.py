from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rallynov.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self):
        from rallynov.core import csrf  # noqa: F401  (registers the CSRF system check)
