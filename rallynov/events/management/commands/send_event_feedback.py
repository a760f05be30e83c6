from django.core.management.base import BaseCommand

from rallynov.events.domain import send_due_feedback


class Command(BaseCommand):
    help = (
        "Envoie le questionnaire de satisfaction (enquête du module Études, créée au besoin) aux personnes "
        "présentes des événements terminés depuis au moins --apres-heures heures et au plus --jours jours "
        "(à lancer par cron, par exemple chaque heure). Une personne ne le reçoit qu'une fois."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apres-heures",
            dest="after_hours",
            type=int,
            default=2,
            help="Envoyer aux événements terminés depuis au moins H heures (défaut : 2).",
        )
        parser.add_argument(
            "--jours",
            dest="within_days",
            type=int,
            default=14,
            help="… et depuis au plus J jours (défaut : 14).",
        )

    def handle(self, *args, after_hours, within_days, **options):
        sent = send_due_feedback(after_hours=after_hours, within_days=within_days)
        for event, count in sent.items():
            self.stdout.write(f"{event.title} : {count} questionnaire(s) envoyé(s).")
        self.stdout.write(f"{sum(sent.values())} questionnaire(s) envoyé(s) au total.")
