import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rallynov.core.models import Programme
from rallynov.events.domain import import_video_views


class Command(BaseCommand):
    help = (
        "Importe des relevés de vues de vidéos : CSV UTF-8 (séparateur , ou ;) avec les colonnes "
        "url, date (JJ/MM/AAAA ou AAAA-MM-JJ), views. Réimporter le même fichier ne change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier CSV « url;date;views » (UTF-8).")
        parser.add_argument(
            "--programme", default="", help="identifiant du programme (par défaut : celui de l'instance)"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"Fichier introuvable : {path}")
        programme = (
            Programme.objects.filter(slug=options["programme"]).first()
            if options["programme"]
            else Programme.objects.default()
        )
        if programme is None:
            raise CommandError("Aucun programme : lancez d'abord « rallynov demo » ou créez-en un.")
        text = path.read_text(encoding="utf-8-sig")
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;") if text.strip() else csv.excel
        rows = list(csv.DictReader(text.splitlines(), dialect=dialect))
        imported, errors = import_video_views(programme=programme, rows=rows)
        for line, reason in errors:
            self.stderr.write(f"ligne {line} : {reason}")
        self.stdout.write(f"{imported} relevé(s) importé(s), {len(errors)} ligne(s) en erreur.")
