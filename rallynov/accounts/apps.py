from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "rallynov.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self):
        post_migrate.connect(_ensure_groups, sender=self)


def _ensure_groups(**kwargs):
    from rallynov.accounts.domain import ensure_groups

    ensure_groups()
