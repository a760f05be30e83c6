"""`rallynov create-programme --slug SLUG --name NAME --region CODE --host HOST`."""

from django.core.management.base import BaseCommand, CommandError

from rallynov.core.programmes import ProgrammeError, create_programme


class Command(BaseCommand):
    help = (
        "Crée un programme régional complet : site Wagtail sur son nom d'hôte, pages, groupes de l'équipe "
        "et des éditeurs partenaires, workflows de modération, réglages. Relancée, ne change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="Identifiant du programme (ex. : occitanie).")
        parser.add_argument("--name", required=True, help="Nom du programme (ex. : « Rally'nov Occitanie »).")
        parser.add_argument("--region", required=True, help="Code INSEE de la région (ex. : 76).")
        parser.add_argument("--host", required=True, help="Nom d'hôte du site (ex. : occitanie.rallynov.fr).")
        parser.add_argument("--contact", default="", help="E-mail de contact du programme.")

    def handle(self, *args, slug, name, region, host, contact, **options):
        try:
            programme, created = create_programme(
                slug=slug,
                name=name,
                region_code=region,
                host=host,
                contact_email=contact,
                log=self.stdout.write,
            )
        except ProgrammeError as exc:
            raise CommandError(str(exc)) from exc
        if created:
            self.stdout.write(
                self.style.SUCCESS(f"Programme « {programme.name} » créé sur {programme.site.hostname}.")
            )
        else:
            self.stdout.write(f"Le programme « {programme.name} » existe déjà : rien n'a changé.")
