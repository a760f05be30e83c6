from django.core.management.base import BaseCommand

from rallynov.events.domain import expire_due_offers


class Command(BaseCommand):
    help = (
        "Expire les places proposées non confirmées à temps et les propose aux suivants (à lancer par cron)."
    )

    def handle(self, *args, **options):
        count = expire_due_offers()
        self.stdout.write(f"{count} proposition(s) expirée(s).")
