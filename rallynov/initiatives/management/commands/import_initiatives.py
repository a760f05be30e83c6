import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rallynov.core.commands import add_programme_argument, programme_from_option
from rallynov.initiatives.interchange.importing import Importer
from rallynov.initiatives.interchange.progress import Progress
from rallynov.initiatives.interchange.reading import ImportFileError, read_rows


class Command(BaseCommand):
    help = "Importe des initiatives depuis un fichier CSV (UTF-8, ; ou ,), XLSX ou GeoJSON."
    # Django's system checks load every URL, view and admin module (1.3 s of CPU): they are for
    # `check` and the server, not for a data command.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier CSV (UTF-8, « ; » ou « , »), XLSX ou GeoJSON.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Montrer ce qui serait fait, sans rien enregistrer."
        )
        add_programme_argument(parser)

    def handle(self, *args, file, dry_run, programme, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        target = programme_from_option(programme)
        # A bar on a terminal, a line at each tenth in a log (cron, pipe).
        progress = Progress(label=_("Import") if not dry_run else _("Simulation"), stream=sys.stderr)

        try:
            # The file's bytes are dropped once read (import_file would keep them to the end).
            rows = read_rows(path.read_bytes(), path.name)
            report = Importer(programme=target, progress=progress).run(rows, dry_run=dry_run)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        for row in report.problems:
            self.stdout.write(f"ligne {row.line} ({row.status_label}) : {' '.join(row.messages)}")
        self.stdout.write(self.style.SUCCESS(report.summary()))
