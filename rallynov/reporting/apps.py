from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReportingConfig(AppConfig):
    name = "rallynov.reporting"
    label = "reporting"
    verbose_name = "Chiffres clés et bilan"

    def ready(self):
        from rallynov.core.snapshot import install_triggers

        # After every migrate: the key figures' data stamp gets a trigger on each new table.
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="reporting_stamp_triggers")
