"""`rallynov remind-follow-ups [--programme SLUG] [--dry-run]`: e-mail the team the laureate sheets
without a follow-up for a year (cron, e.g. on the first of each month)."""

from django.core.management.base import BaseCommand

from rallynov.core.commands import add_programme_argument, programme_from_option
from rallynov.initiatives.followups.domain import remind_team, stale_laureate_sheets


class Command(BaseCommand):
    help = "Rappelle à l'équipe, par e-mail, les fiches de lauréats sans suivi depuis un an."

    def add_arguments(self, parser):
        add_programme_argument(parser)
        parser.add_argument("--dry-run", action="store_true", help="Lister les fiches sans envoyer d'e-mail.")

    def handle(self, *args, programme="", dry_run=False, **options):
        programme = programme_from_option(programme)
        sheets = stale_laureate_sheets(programme)
        for page in sheets:
            last = (
                f"dernier suivi le {page.last_follow_up:%d/%m/%Y}" if page.last_follow_up else "aucun suivi"
            )
            self.stdout.write(f"  {page.title} (lauréat {page.laureate_year}) : {last}")
        if not sheets:
            self.stdout.write("Toutes les fiches de lauréats ont eu un suivi dans l'année.")
            return
        if dry_run:
            self.stdout.write(f"{len(sheets)} fiche(s) ; simulation : aucun e-mail envoyé.")
            return
        remind_team(programme)
        self.stdout.write(f"{len(sheets)} fiche(s) ; rappel envoyé à l'équipe.")
