"""`rallynov report --year 2023 --output bilan-2023.pdf`: the yearly report as a PDF (Typst)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rallynov.core.commands import add_programme_argument, programme_from_option
from rallynov.reporting import keyfigures
from rallynov.reporting.report import build_report, render_pdf


class Command(BaseCommand):
    help = "Produit le bilan annuel en PDF, calculé à partir des données."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Année du bilan, par exemple 2023.")
        parser.add_argument(
            "--output", required=True, help="Fichier PDF à écrire, par exemple bilan-2023.pdf."
        )
        add_programme_argument(parser)
        parser.add_argument(
            "--png", action="store_true", help="Écrire aussi chaque page en PNG (pour la relecture)."
        )

    def handle(self, *args, year, output, programme=None, png=False, **options):
        try:
            year = keyfigures.check_year(year)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        output = Path(output)
        if output.suffix.lower() != ".pdf":
            raise CommandError("Le fichier de sortie doit se terminer par .pdf.")
        if not output.parent.exists():
            raise CommandError(f"Le dossier {output.parent} n'existe pas.")
        programme = programme_from_option(programme)
        started = time.perf_counter()
        report = build_report(programme=programme, year=year)
        pdf, warnings = render_pdf(report)
        output.write_bytes(pdf)
        for warning in warnings:
            self.stderr.write(warning)
        if png:
            render_pdf(report, fmt="png", output=output.with_name(output.stem + "-{p}.png"), ppi=60)
        if not report["has_data"]:
            self.stdout.write(f"Aucune donnée enregistrée pour {year} : le bilan est presque vide.")
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Bilan {year} écrit dans {output} ({len(pdf) // 1024} Ko, {elapsed:.1f} s).")
        )
