import datetime

import pytest
from django.utils import timezone


def ensure_wagtail_roots():
    """Transactional tests flush every table, Wagtail's root page and root collection included
    (they come from data migrations): put them back so pages and images can be created."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    locale = Locale.objects.first() or Locale.objects.create(language_code="fr")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Page.objects.exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale,
                                    content_type=ContentType.objects.get_for_model(Page)))


@pytest.fixture
def wagtail_roots(db):
    ensure_wagtail_roots()


@pytest.fixture
def events_index(wagtail_roots, home_page):
    from rallynov.events.models import EventIndexPage

    index = EventIndexPage(title="Événements", slug="evenements")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_event(events_index, programme):
    """make_event(capacity=10, ...) -> a published event tomorrow with registration open."""
    counter = {"n": 0}

    def make(**fields):
        from rallynov.events.enums import EventKind
        from rallynov.events.models import EventPage

        counter["n"] += 1
        now = timezone.now()
        defaults = {
            "title": f"Rencontre régionale {counter['n']}",
            "slug": f"rencontre-{counter['n']}",
            "programme": programme,
            "kind": EventKind.REGIONAL_MEETING,
            "starts_at": now + datetime.timedelta(days=10),
            "ends_at": now + datetime.timedelta(days=10, hours=4),
            "registration_enabled": True,
            "registration_opens_at": now - datetime.timedelta(days=1),
            "capacity": None,
        }
        defaults.update(fields)
        event = EventPage(**defaults)
        events_index.add_child(instance=event)
        event.save_revision().publish()
        event.refresh_from_db()
        return event

    return make


@pytest.fixture
def event(make_event):
    return make_event(capacity=2)


@pytest.fixture
def register_person():
    """register_person(event, "Nom") -> registration, through the domain function."""
    counter = {"n": 0}

    def do(event, last_name=None, **fields):
        from rallynov.events import domain

        counter["n"] += 1
        data = {
            "first_name": "Camille",
            "last_name": last_name or f"Martin{counter['n']}",
            "email": f"personne{counter['n']}@exemple.fr",
        }
        data.update(fields)
        registration, _created = domain.register(event=event, **data)
        return registration

    return do
