"""`rallynov create-national-site --host HOST [--name NAME]`."""

from django.core.management.base import BaseCommand, CommandError

from rallynov.core.programmes import ProgrammeError
from rallynov.initiatives.national import NATIONAL_NAME, create_national_site


class Command(BaseCommand):
    help = (
        "Crée le site national : son catalogue, sa carte, sa recherche et son API listent les initiatives "
        "publiées de tous les programmes, chacune reliée au site de sa région. Relancée, ne change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host", required=True, help="Nom d'hôte du site national (ex. : carrefour.example.org)."
        )
        parser.add_argument(
            "--name", default=NATIONAL_NAME, help=f"Nom du site (défaut : « {NATIONAL_NAME} »)."
        )

    def handle(self, *args, host, name, **options):
        try:
            national, created = create_national_site(host=host, name=name)
        except ProgrammeError as exc:
            raise CommandError(str(exc)) from exc
        if created:
            self.stdout.write(
                self.style.SUCCESS(f"Site national « {national.name} » créé sur {national.site.hostname}.")
            )
        else:
            self.stdout.write(f"Le site national existe déjà sur {national.site.hostname} : rien n'a changé.")
