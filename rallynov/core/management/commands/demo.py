from django.core.management.base import BaseCommand, CommandError

from rallynov.core.demo import database_is_empty, load_demo, purge_generated, refresh_season
from rallynov.core.demo_region import load_second_region, set_demo_port


class Command(BaseCommand):
    help = "Charge les données de démonstration tirées des bilans 2014 et 2023."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Ne rien faire si la base contient déjà un programme."
        )
        parser.add_argument(
            "--purge-generated", action="store_true", help="Supprimer les enregistrements générés."
        )
        parser.add_argument(
            "--with-second-region",
            action="store_true",
            help="Ajouter un second programme généré (Occitanie, une vingtaine d'initiatives) et le site national "
            "(rallynov.core.demo_region) ; la démonstration de Bourgogne-Franche-Comté ne change pas.",
        )
        parser.add_argument(
            "--port",
            type=int,
            help="Port où le serveur de développement sert la démonstration (`make run` : 8000), pour que les "
            "liens d'un site de la démonstration à l'autre le gardent.",
        )
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Déplacer après aujourd'hui la saison à venir de la démonstration (événements, appel du prix, "
            "enquête) ; rien d'autre ne change.",
        )

    def handle(self, *args, if_empty=False, purge_generated_=False, **options):
        try:
            self._handle(if_empty=if_empty, **options)
        finally:
            if options.get("port") and not options.get("purge_generated"):
                set_demo_port(options["port"])

    def _handle(self, *, if_empty, **options):
        if options.get("purge_generated"):
            total = purge_generated(log=self.stdout.write)
            self.stdout.write(self.style.SUCCESS(f"{total} enregistrement(s) généré(s) supprimé(s)."))
            return
        if options.get("refresh"):
            if not refresh_season(log=self.stdout.write):
                raise CommandError("Aucune démonstration à rafraîchir : lancez d'abord « rallynov demo ».")
            self.stdout.write(self.style.SUCCESS("Saison à venir de la démonstration à jour."))
            return
        if options.get("with_second_region"):
            if database_is_empty():
                load_demo(log=self.stdout.write)
            second = load_second_region(log=self.stdout.write)
            self.stdout.write(self.style.SUCCESS(f"Second programme prêt : {second} ({second.site.hostname})."))
            return
        if if_empty and not database_is_empty():
            self.stdout.write("La base contient déjà des données : démonstration non rechargée.")
            return
        programme = load_demo(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Démonstration chargée : {programme}."))
