from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "rallynov.site"
    label = "rallynov_site"
    verbose_name = "Site public"
