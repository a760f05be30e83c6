import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rallynov.core.commands import add_programme_argument, programme_from_option
from rallynov.events.domain import import_video_views


class Command(BaseCommand):
    help = (
        "Importe des relevés de vues de vidéos : CSV UTF-8 (séparateur , ou ;) avec les colonnes "
        "url, date (JJ/MM/AAAA ou AAAA-MM-JJ), views. Réimporter le même fichier ne change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier CSV « url;date;views » (UTF-8).")
        add_programme_argument(parser)

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"Fichier introuvable : {path}")
        programme = programme_from_option(options["programme"])
        text = path.read_text(encoding="utf-8-sig")
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;") if text.strip() else csv.excel
        rows = list(csv.DictReader(text.splitlines(), dialect=dialect))
        imported, errors = import_video_views(programme=programme, rows=rows)
        for line, reason in errors:
            self.stderr.write(f"ligne {line} : {reason}")
        self.stdout.write(f"{imported} relevé(s) importé(s), {len(errors)} ligne(s) en erreur.")
