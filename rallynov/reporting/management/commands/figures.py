"""`rallynov figures --year 2023 [--format json|text]`: the key figures of a year, from the records."""

import json

from django.core.management.base import BaseCommand, CommandError

from rallynov.core.commands import add_programme_argument, programme_from_option
from rallynov.reporting import keyfigures


class Command(BaseCommand):
    help = "Affiche les chiffres clés d'une année, calculés à partir des données."
    # A read-only report: the system checks (which import every view to check the URL table,
    # ≈ 1 s) are for `rallynov check` and the server, as for the import and export commands.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Année, par exemple 2023.")
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="text (défaut) ou json."
        )
        add_programme_argument(parser)

    def handle(self, *args, year, format, programme=None, **options):
        try:
            year = keyfigures.check_year(year)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        programme = programme_from_option(programme)
        figures = keyfigures.collect(programme=programme, year=year)
        if format == "json":
            self.stdout.write(json.dumps(figures.as_dict(), ensure_ascii=False, indent=2, default=str))
            return
        self.stdout.write(f"Chiffres clés {year} — {programme.name}")
        for row in figures:
            value = (
                keyfigures.format_value(row.value, row.unit)
                if row.available
                else f"{row.status} ({row.part_label})"
            )
            note = f" {row.note}" if row.note else ""
            self.stdout.write(f"  {row.label} : {value}{note}")
        if not figures.has_data:
            self.stdout.write(f"Aucune donnée enregistrée pour {year}.")

