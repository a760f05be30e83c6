from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "rallynov.organizations"
    label = "organizations"
    verbose_name = "Structures et personnes"
