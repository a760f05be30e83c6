from django.core.management.base import BaseCommand

from rallynov.initiatives.indexing import reindex_all


class Command(BaseCommand):
    help = "Reconstruit l'index du catalogue (recherche, facettes, carte) à partir des pages publiées."

    def handle(self, *args, **options):
        count = reindex_all(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"{count} initiatives indexées."))
