"""`rallynov restore ARCHIVE [--force]`: put a backup back (database, media, private uploads)."""

from django.core.management.base import BaseCommand, CommandError

from rallynov.core.backups import BackupError, describe, restore_backup


class Command(BaseCommand):
    help = "Restaure une sauvegarde rallynov (base de données, médias, fichiers privés)."

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="ARCHIVE", help="Archive écrite par « rallynov backup ».")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remplacer une base de données qui contient déjà des données.",
        )

    def handle(self, *args, archive, force=False, **options):
        try:
            manifest = restore_backup(archive, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(describe(manifest))
        self.stdout.write(self.style.SUCCESS("Restauration terminée."))
