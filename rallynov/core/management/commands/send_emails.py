"""`rallynov send_emails [--loop] [--batch N] [--pause S]`: send the queued e-mails (core.mailqueue)."""

import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from rallynov.core import mailqueue


class Command(BaseCommand):
    help = (
        "Envoie les e-mails en file (confirmations d'inscription, listes d'attente…) et retente ceux dont "
        "l'envoi a échoué. Avec --loop, tourne sans fin (processus d'envoi, EMAIL_QUEUE_WORKER=true)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Ne pas s'arrêter : envoyer au fil de l'eau.")
        parser.add_argument(
            "--batch", type=int, default=100, help="E-mails envoyés par passage (défaut : 100)."
        )
        parser.add_argument(
            "--pause", type=float, default=1.0, help="Secondes d'attente quand la file est vide (défaut : 1)."
        )

    def handle(self, *args, loop=False, batch=100, pause=1.0, **options):
        if batch < 1:
            raise CommandError("--batch doit valoir au moins 1.")
        if pause <= 0:
            raise CommandError("--pause doit être positif.")
        stopping = []
        if loop:
            # systemd or a terminal stops the loop between two e-mails, never in the middle of one.
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stopping.append(True))
        totals = [0, 0, 0]
        last_cleanup = 0.0
        while True:
            if loop:
                # A process that runs for days: drop a connection that broke or aged (CONN_MAX_AGE).
                close_old_connections()
            sent, failed, dropped = mailqueue.send_due(limit=batch)
            for i, value in enumerate((sent, failed, dropped)):
                totals[i] += value
            if loop and time.monotonic() - last_cleanup > 3600:
                mailqueue.forget_sent()
                last_cleanup = time.monotonic()
            if not loop:
                if sent + failed + dropped < batch:
                    break
                continue
            if stopping:
                break
            if sent + failed + dropped == 0:
                time.sleep(pause)
        if not loop:
            mailqueue.forget_sent()
        self.stdout.write(
            f"{totals[0]} e-mail(s) envoyé(s), {totals[1]} en échec (nouvel essai plus tard), "
            f"{totals[2]} sans objet."
        )
