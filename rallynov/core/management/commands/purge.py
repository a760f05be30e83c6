"""`rallynov purge [--dry-run]`: anonymise the personal data kept past its retention period."""

from django.core.management.base import BaseCommand

from rallynov.core.personal_data import purge


class Command(BaseCommand):
    help = "Anonymise les données personnelles dont la durée de conservation est dépassée (registre RGPD)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compter sans rien modifier.")

    def handle(self, *args, dry_run=False, **options):
        lines = purge(dry_run=dry_run)
        total = 0
        for line in lines:
            label = f"{line.processing.name} ({line.processing.model})"
            if line.reason:
                self.stdout.write(f"{label} : {line.count} — {line.reason}")
            else:
                self.stdout.write(f"{label} : {line.count} anonymisé(s)")
            if line.done:
                total += line.count
        verb = "à anonymiser" if dry_run else "anonymisé(s)"
        if dry_run:
            total = sum(line.count for line in lines if line.reason == "simulation")
        self.stdout.write(self.style.SUCCESS(f"Total : {total} enregistrement(s) {verb}."))
