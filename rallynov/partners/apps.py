from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "rallynov.partners"
    label = "partners"
    verbose_name = "Partenaires et financements"
