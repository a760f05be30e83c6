"""`rallynov backup [--output DIR] [--keep N]`: database + media + private uploads in one archive."""

from django.core.management.base import BaseCommand, CommandError

from rallynov.core.backups import BackupError, create_backup, describe, read_manifest


class Command(BaseCommand):
    help = "Sauvegarde la base de données, les médias et les fichiers privés dans une archive vérifiable."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", metavar="DOSSIER", help="Dossier des archives (défaut : BACKUP_DIR ou var/backups)."
        )
        parser.add_argument(
            "--keep", type=int, default=None, help="Ne garder que les N archives les plus récentes."
        )

    def handle(self, *args, output=None, keep=None, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep doit valoir au moins 1.")
        try:
            path = create_backup(output, keep=keep)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(describe(read_manifest(path)))
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite : {path}"))
