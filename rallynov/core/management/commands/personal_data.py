"""`rallynov personal-data --email X [--export FILE | --erase]`: a person's right of access and
right to erasure (RGPD), the same as the admin's "Demande d'une personne" page."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rallynov.core.personal_data import erase_person, export_person_json, person_records


class Command(BaseCommand):
    help = "Liste, exporte (JSON) ou efface (anonymise) les données d'une personne, par son e-mail."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="Adresse e-mail de la personne concernée.")
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--export", metavar="FICHIER", help="Écrire l'export JSON dans ce fichier (« - » : sortie)."
        )
        action.add_argument("--erase", action="store_true", help="Anonymiser tous les enregistrements.")
        parser.add_argument(
            "--yes", action="store_true", help="Ne pas demander de confirmation pour --erase."
        )

    def handle(self, *args, email, export=None, erase=False, yes=False, **options):
        found = person_records(email)
        if not found:
            raise CommandError(f"Aucune donnée personnelle trouvée pour « {email} ».")
        if export:
            text = export_person_json(email, actor="rallynov personal-data")
            if export == "-":
                self.stdout.write(text)
            else:
                Path(export).write_text(text, encoding="utf-8")
                self.stdout.write(self.style.SUCCESS(f"Export écrit dans {export}."))
            return
        for processing, objects in found:
            self.stdout.write(f"{processing.name} ({processing.model}) : {len(objects)} enregistrement(s)")
        if not erase:
            return
        if not yes and input(
            "Anonymiser ces enregistrements ? Cette action est définitive. [oui/non] "
        ).strip().lower() not in {"oui", "o", "yes", "y"}:
            raise CommandError("Effacement annulé.")
        for line in erase_person(email, actor="rallynov personal-data"):
            state = "anonymisé(s)" if line.done else line.reason
            self.stdout.write(f"{line.processing.name} : {line.count} {state}")
        self.stdout.write(self.style.SUCCESS("Effacement terminé ; les enregistrements restent comptés."))
