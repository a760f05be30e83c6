from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "rallynov.reporting"
    label = "reporting"
    verbose_name = "Chiffres clés et bilan"
