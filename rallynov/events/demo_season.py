"""The demo's next season of events, dated from the day the demo runs (flagged `is_generated`).

The seed reports' events are all in the past; a newcomer needs something to try at once: a small
breakfast meeting whose three places are taken (the next person joins the waiting list) and a
workshop day with room. `refresh` moves them after today again on an existing demo; the seeds'
events are never touched (only generated events with the season's slugs move).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from rallynov.events.domain import register
from rallynov.events.enums import EventKind, RegistrationRole, RegistrationSource
from rallynov.events.models import PARIS, EventIndexPage, EventPage, Registration, WorkshopGroup
from rallynov.organizations.enums import OrganizationKind
from rallynov.organizations.models import Organization

BREAKFAST = "petit-dejeuner-innovation-sociale"
WORKSHOP = "defis-de-l-is-prochaine-edition"
SLUGS = (BREAKFAST, WORKSHOP)

# Generated people who already hold the breakfast's three places, and one waiting.
BREAKFAST_PEOPLE = [
    ("Camille", "Vuillemin", "Menuiserie Vuillemin", RegistrationRole.MANAGER),
    ("Julien", "Faivre", "Transports Faivre", RegistrationRole.EMPLOYEE),
    ("Sophie", "Cuenot", "Épicerie solidaire du Doubs", RegistrationRole.SUPPORT),
    ("Nicolas", "Jeannin", "Fromagerie Jeannin", RegistrationRole.MANAGER),
]
WORKSHOP_GROUPS = ["Travailler autrement", "Coopérer sur le territoire", "Produire et consommer local"]


def _at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)


def schedule(now):
    """The season's dates for a given instant: {slug: fields}. A pure function of the day in
    Paris, so two runs on the same day give the same dates (refresh is idempotent)."""
    today = timezone.localtime(now, PARIS).date()
    breakfast_day = today + datetime.timedelta(days=14)
    workshop_day = today + datetime.timedelta(days=42)
    return {
        BREAKFAST: {
            "title": "Petit-déjeuner de l'innovation sociale",
            "starts_at": _at(breakfast_day, 8, 30),
            "ends_at": _at(breakfast_day, 10, 30),
            "registration_opens_at": _at(today - datetime.timedelta(days=10), 9),
            "registration_closes_at": _at(breakfast_day - datetime.timedelta(days=1), 18),
        },
        WORKSHOP: {
            "title": f"Les Défis de l'IS {workshop_day.year}",
            "starts_at": _at(workshop_day, 9),
            "ends_at": _at(workshop_day, 17),
            "registration_opens_at": _at(today - datetime.timedelta(days=10), 9),
            "registration_closes_at": _at(workshop_day - datetime.timedelta(days=2), 18),
        },
    }


def season_events():
    return EventPage.objects.filter(is_generated=True, slug__in=SLUGS)


@transaction.atomic
def load(*, programme, log, now=None):
    """Create the season's two events (once) and the breakfast's registrations."""
    now = now or timezone.now()
    index_page = EventIndexPage.objects.first()
    if index_page is None or season_events().exists():
        return []
    dates = schedule(now)
    breakfast = EventPage(
        slug=BREAKFAST,
        programme=programme,
        kind=EventKind.SEMINAR,
        venue=None,
        summary="Un petit-déjeuner pour découvrir l'innovation sociale en entreprise autour de deux témoignages. "
        "Petite salle : trois places seulement, puis liste d'attente.",
        body="<p>Deux entreprises de la région racontent comment elles ont associé leurs salariés à un projet "
        "d'organisation du travail. Échanges libres autour d'un café.</p>",
        audience="Dirigeants, salariés, représentants du personnel",
        registration_enabled=True,
        capacity=3,
        offer_hours=48,
        is_generated=True,
        **dates[BREAKFAST],
    )
    index_page.add_child(instance=breakfast)
    breakfast.save_revision().publish()
    workshop = EventPage(
        slug=WORKSHOP,
        programme=programme,
        kind=EventKind.WORKSHOP,
        summary="Une journée pour imaginer, en groupes, des solutions innovantes aux défis sociaux et "
        "environnementaux des entreprises de la région.",
        body="<p>Salariés, directions, étudiants et retraités travaillent en groupes sur les défis apportés par "
        "des entreprises, puis présentent leurs productions.</p>",
        audience="Salariés, directions, étudiants, retraités",
        registration_enabled=True,
        capacity=60,
        is_generated=True,
        **dates[WORKSHOP],
    )
    for position, name in enumerate(WORKSHOP_GROUPS):
        workshop.groups.add(WorkshopGroup(name=name, sort_order=position))
    index_page.add_child(instance=workshop)
    workshop.save_revision().publish()

    for first, last, organization, role in BREAKFAST_PEOPLE:
        # The structure exists before the registration, so that it is flagged as generated too.
        Organization.objects.get_or_create(
            name=organization, defaults={"kind": OrganizationKind.COMPANY, "is_generated": True}
        )
        register(
            event=breakfast,
            first_name=first,
            last_name=last,
            email=f"{first}.{last}@exemple.invalid".lower(),
            organization_name=organization,
            role=role,
            source=RegistrationSource.STAFF,
            now=now - datetime.timedelta(days=3),
            is_generated=True,
            send_email=False,
        )
    log(
        f"  saison à venir : « {breakfast.title} » le {breakfast.local_start:%d/%m/%Y}, "
        f"« {workshop.title} » le {workshop.local_start:%d/%m/%Y}"
    )
    return [breakfast, workshop]


# Registration timestamps that move with their event.
MOVING_FIELDS = (
    "consent_at",
    "confirmed_at",
    "waiting_since",
    "offer_expires_at",
    "cancelled_at",
    "checked_in_at",
)


@transaction.atomic
def refresh(*, programme, log, now=None):
    """Move the season's events (and their registrations' dates) forward so that they are after
    today again. Only forward: an event already later than the schedule stays where it is."""
    now = now or timezone.now()
    dates = schedule(now)
    moved = []
    for event in season_events().filter(programme=programme):
        target = dates[event.slug]
        shift = target["starts_at"] - event.starts_at
        if shift <= datetime.timedelta(0):
            continue
        for name, value in target.items():
            setattr(event, name, value)
        event.save_revision().publish()
        registrations = list(Registration.objects.filter(event=event, is_generated=True))
        for registration in registrations:
            for name in MOVING_FIELDS:
                value = getattr(registration, name)
                if value is not None:
                    setattr(registration, name, value + shift)
        Registration.objects.bulk_update(registrations, MOVING_FIELDS)
        moved.append(event)
        log(f"  « {event.title} » déplacé au {event.local_start:%d/%m/%Y}")
    return moved
