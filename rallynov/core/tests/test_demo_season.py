"""The demo's next season: every journey of the README can be tried on the day the demo runs,
and `rallynov demo --refresh` puts the season after today again when the clock has moved."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from rallynov.awards.models import Edition
from rallynov.events.enums import RegistrationStatus as S
from rallynov.events.models import EventPage, Registration
from rallynov.studies.models import Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def season(programme, home_page):
    """The pages the season hangs on (events index, catalogue), a seed event, then the season."""
    from rallynov.core.demo import load_season
    from rallynov.events.enums import EventKind
    from rallynov.events.models import EventIndexPage
    from rallynov.initiatives.models import CataloguePage

    index = EventIndexPage(title="Événements", slug="evenements")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    catalogue = CataloguePage(title="Initiatives", slug="initiatives")
    home_page.add_child(instance=catalogue)
    catalogue.save_revision().publish()
    seed_event = EventPage(
        title="Rencontre régionale 2023",
        slug="rencontre-regionale-2023",
        programme=programme,
        kind=EventKind.REGIONAL_MEETING,
        starts_at=datetime.datetime(2023, 9, 26, 12, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2023, 9, 26, 16, tzinfo=datetime.UTC),
    )
    index.add_child(instance=seed_event)
    seed_event.save_revision().publish()
    load_season(programme=programme, log=lambda *args: None)
    return programme


def _breakfast():
    return EventPage.objects.get(slug="petit-dejeuner-innovation-sociale")


def _workshop():
    return EventPage.objects.get(slug="defis-de-l-is-prochaine-edition")


def _register(event, n):
    from rallynov.events import domain

    registration, _created = domain.register(
        event=event, first_name="Alex", last_name=f"Essai{n}", email=f"essai{n}@exemple.fr", send_email=False
    )
    return registration


def test_season_records_are_generated_and_after_today(season):
    now = timezone.now()
    events = list(EventPage.objects.filter(is_generated=True).order_by("starts_at"))
    assert [e.slug for e in events] == [
        "petit-dejeuner-innovation-sociale",
        "defis-de-l-is-prochaine-edition",
    ]
    assert all(e.starts_at > now and e.registration_state(now) == "open" for e in events)
    edition = Edition.objects.get(is_generated=True)
    assert edition.is_open(now)
    assert edition.closes_at - now > datetime.timedelta(days=14)
    survey = Survey.objects.get(slug="barometre-innovation-sociale")
    assert survey.is_generated and survey.is_open(now)
    assert set(Registration.objects.values_list("is_generated", flat=True)) == {True}


def test_breakfast_is_full_so_a_registration_today_joins_the_waiting_list(season):
    breakfast = _breakfast()
    assert breakfast.capacity == 3
    assert Registration.objects.filter(event=breakfast, status=S.CONFIRMED).count() == 3

    registration = _register(breakfast, 1)

    assert registration.status == S.WAITING
    waiting = Registration.objects.filter(event=breakfast, status=S.WAITING).order_by("waiting_since")
    assert [r.email for r in waiting] == ["nicolas.jeannin@exemple.invalid", "essai1@exemple.fr"]


def test_a_cancelled_place_is_offered_to_the_first_person_waiting(season):
    from rallynov.events import domain

    breakfast = _breakfast()
    confirmed = Registration.objects.filter(event=breakfast, status=S.CONFIRMED).first()

    domain.cancel_registration(registration=confirmed)

    first_waiting = Registration.objects.get(event=breakfast, email="nicolas.jeannin@exemple.invalid")
    assert first_waiting.status == S.OFFERED


def test_workshop_day_takes_a_registration_today_and_checks_it_in(season, team_member):
    from rallynov.events import domain

    registration = _register(_workshop(), 2)
    assert registration.status == S.CONFIRMED

    domain.check_in_by_code(event=_workshop(), code=f"RALLYNOV:{registration.checkin_code}", by=team_member)

    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_open_call_accepts_an_application_today(season, applicant):
    from rallynov.awards.domain import create_application
    from rallynov.organizations.models import Organization

    edition = Edition.objects.get(is_generated=True, published_at__isnull=True)
    organization = Organization.objects.create(name="Coopérative d'essai", kind="scop")

    application = create_application(
        edition=edition, applicant=applicant, organization=organization, new_title="Un atelier partagé"
    )

    assert list(edition.applications.values_list("pk", flat=True)) == [application.pk]


def test_open_survey_accepts_an_answer_today(season):
    from rallynov.studies.domain import accept_consent, save_page, start_response, submit_response

    survey = Survey.objects.get(slug="barometre-innovation-sociale")

    response = start_response(survey=survey, category="salarie")
    accept_consent(response=response)
    save_page(
        response=response, page_index=0, values={"effectif": "10-49", "themes": ["temps"], "soutien": 4}
    )
    submit_response(response=response)

    assert list(survey.responses.filter(completed_at__isnull=False).values_list("pk", flat=True)) == [
        response.pk
    ]


def test_refresh_after_the_clock_moved_puts_the_season_after_today_again(season):
    seed_before = EventPage.objects.get(slug="rencontre-regionale-2023").starts_at
    held = Registration.objects.filter(event=_breakfast(), status=S.CONFIRMED).values_list(
        "confirmed_at", flat=True
    )
    confirmed_before = sorted(held)
    days = 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=days), tick=False):
        now = timezone.now()
        assert _breakfast().starts_at < now  # the season is over before the refresh

        call_command("demo", refresh=True, stdout=io.StringIO())

        breakfast, workshop = _breakfast(), _workshop()
        assert breakfast.starts_at > now and breakfast.registration_state(now) == "open"
        assert workshop.starts_at > now and workshop.registration_state(now) == "open"
        assert breakfast.live_revision.as_object().starts_at == breakfast.starts_at
        edition = Edition.objects.get(is_generated=True, published_at__isnull=True)
        assert edition.is_open(now)
        assert edition.year == timezone.localtime(edition.closes_at).year
        assert Survey.objects.get(slug="barometre-innovation-sociale").is_open(now)
        # Registrations move with their event: the waiting list keeps its order and its full places.
        moved = Registration.objects.filter(event=breakfast, status=S.CONFIRMED).values_list(
            "confirmed_at", flat=True
        )
        shift = sorted(moved)[0] - confirmed_before[0]
        assert datetime.timedelta(days=days - 1) <= shift <= datetime.timedelta(days=days + 1)
        assert _register(breakfast, 3).status == S.WAITING
        # Idempotent, and the seeds' records never move.
        starts = (breakfast.starts_at, workshop.starts_at, edition.closes_at)
        call_command("demo", refresh=True, stdout=io.StringIO())
        assert (
            _breakfast().starts_at,
            _workshop().starts_at,
            Edition.objects.get(pk=edition.pk).closes_at,
        ) == starts
        assert EventPage.objects.get(slug="rencontre-regionale-2023").starts_at == seed_before
        assert EventPage.objects.filter(is_generated=True).count() == 2
