import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from rallynov.site.accessibility import AUDIT_FILE, read_runs, summarise, write_audit


class Command(BaseCommand):
    help = (
        "Calcule les chiffres de la déclaration d'accessibilité à partir des passages d'axe-core des tests "
        "navigateur (RALLYNOV_AXE_LOG=fichier make test, puis cette commande sur ce fichier)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "log", help="Fichier JSON Lines écrit par les tests navigateur (RALLYNOV_AXE_LOG)."
        )
        parser.add_argument(
            "--output",
            default=str(AUDIT_FILE),
            help="Fichier d'audit à écrire (défaut : celui que lit le site).",
        )
        parser.add_argument("--date", help="Date de l'audit (AAAA-MM-JJ ; défaut : aujourd'hui).")

    def handle(self, *args, log, output, date=None, **options):
        try:
            runs = read_runs(log)
        except OSError as exc:
            raise CommandError(f"Fichier illisible : {log} ({exc.strerror}).") from exc
        except ValueError as exc:
            raise CommandError(f"Ce fichier n'est pas au format JSON Lines des tests : {log}.") from exc
        if not runs:
            raise CommandError(
                f"Aucun passage d'axe-core dans {log} : lancez les tests navigateur avec RALLYNOV_AXE_LOG."
            )
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"Date invalide : {date} (attendu AAAA-MM-JJ).") from exc
        audit = summarise(runs, date=day)
        write_audit(audit, output)
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit du {day:%d/%m/%Y} : {audit.pages} pages ({audit.runs} passages), {audit.rules_checked} règles "
                f"vérifiées, {len(audit.rules_failed)} en échec, taux {audit.rate} % — {audit.status_label}. "
                f"Écrit dans {output}."
            )
        )
