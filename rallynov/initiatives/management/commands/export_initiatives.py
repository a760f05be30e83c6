import sys

from django.core.management.base import BaseCommand, CommandError

from rallynov.core.commands import add_programme_argument, programme_from_option
from rallynov.initiatives.interchange import export
from rallynov.initiatives.models import CatalogueEntry


class Command(BaseCommand):
    help = "Exporte les initiatives publiées (CSV, XLSX ou GeoJSON), avec les colonnes de l'import."
    # Django's system checks load every URL, view and admin module (1.3 s of CPU): they are for
    # `check` and the server, not for a data command.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=["csv", "xlsx", "geojson"],
            default="csv",
            help="csv (défaut), xlsx ou geojson.",
        )
        parser.add_argument(
            "--output", default="-", help="Fichier de sortie ; « - » pour la sortie standard."
        )
        add_programme_argument(parser)

    def handle(self, *args, format, output, programme, **options):
        target = programme_from_option(programme)
        entries = CatalogueEntry.objects.filter(programme=target)
        data = {"csv": export.export_csv, "xlsx": export.export_xlsx, "geojson": export.export_geojson}[
            format
        ](entries)
        if output == "-":
            if format == "xlsx":
                raise CommandError("Le format XLSX demande --output FICHIER.")
            sys.stdout.buffer.write(data)
            return
        with open(output, "wb") as handle:
            handle.write(data)
        self.stderr.write(self.style.SUCCESS(f"{entries.count()} initiatives exportées dans {output}"))
