"""Demo accounts, one per role, only in development (DEBUG): their passwords are public."""

from django.conf import settings

from rallynov.accounts import roles
from rallynov.accounts.domain import add_to_group
from rallynov.accounts.models import PartnerTerritory, User
from rallynov.territories.models import Department

DEMO_PASSWORD = "rallynov-demo-2023"  # noqa: S105 - documented development-only password

# The demo partner editor (a chamber of Burgundy) edits the initiatives and news of these departments.
DEMO_PARTNER_DEPARTMENTS = ("21", "89")  # Côte-d'Or, Yonne

DEMO_ACCOUNTS = [
    ("admin@rallynov.example", "Admin", "Rallynov", None, True),
    ("equipe@rallynov.example", "Camille", "Équipe", roles.PROGRAMME_TEAM, False),
    ("partenaire@rallynov.example", "Paul", "Partenaire", roles.PARTNER_EDITOR, False),
    ("jury@rallynov.example", "Julie", "Jury", roles.JUROR, False),
    ("porteur@rallynov.example", "Pierre", "Porteur", roles.APPLICANT, False),
]


def load(*, programme, log):
    if not settings.DEBUG:
        log("  Comptes de démonstration non créés (DEBUG=false) : utilisez `rallynov createsuperuser`.")
        return
    from allauth.account.models import EmailAddress

    for email, first, last, group, superuser in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            factory = User.objects.create_superuser if superuser else User.objects.create_user
            user = factory(
                email,
                DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                is_staff=superuser or group == roles.PROGRAMME_TEAM,
            )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if group:
            add_to_group(user, group)
        if group == roles.PARTNER_EDITOR:
            give_demo_territory(user=user, programme=programme)
    log(
        f"  comptes de démonstration : {', '.join(a[0] for a in DEMO_ACCOUNTS)} (mot de passe {DEMO_PASSWORD})"
    )


def give_demo_territory(*, user, programme):
    territory, _created = PartnerTerritory.objects.get_or_create(user=user, programme=programme)
    territory.departments.add(*Department.objects.filter(code__in=DEMO_PARTNER_DEPARTMENTS))
    return territory
