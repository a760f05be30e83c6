from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "rallynov.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self):
        # After every app has migrated, so that Wagtail's `access_admin` permission exists.
        post_migrate.connect(_ensure_groups)
        # Team screens (core.decorators.team_only) stop at the programmes of the member's team.
        from rallynov.accounts.rules import works_on_request_programme
        from rallynov.core.decorators import set_programme_scope

        set_programme_scope(works_on_request_programme)


def _ensure_groups(app_config=None, **kwargs):
    from django.apps import apps

    from rallynov.accounts.domain import ensure_groups

    # post_migrate is sent only for apps that have models: wait for the last of them.
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if app_config is not None and app_config.label == last.label:
        ensure_groups()
