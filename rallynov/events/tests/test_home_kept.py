"""The home page's events section is kept between views (site.home) and never stale: a new event
shows at the next view, and an event that ends leaves the section without any write."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from rallynov.core import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    snapshot.clear()
    yield
    snapshot.clear()


def shown_events(client):
    response = client.get("/")
    assert response.status_code == 200
    sections = [s for s in response.context["sections"] if "events" in s.get("context", {})]
    return [event.title for section in sections for event in section["context"]["events"]]


def test_a_new_event_shows_at_the_next_view(client, make_event, home_page):
    make_event(title="Séminaire")
    assert shown_events(client) == ["Séminaire"]

    make_event(title="Atelier", starts_at=timezone.now() + datetime.timedelta(days=2),
               ends_at=timezone.now() + datetime.timedelta(days=2, hours=2))

    assert shown_events(client) == ["Atelier", "Séminaire"]


def test_an_event_that_ends_leaves_the_section_without_any_write(client, make_event, home_page):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False) as clock:
        make_event(title="Atelier", starts_at=start + datetime.timedelta(hours=1),
                   ends_at=start + datetime.timedelta(hours=3))
        make_event(title="Séminaire")
        assert shown_events(client) == ["Atelier", "Séminaire"]
        assert shown_events(client) == ["Atelier", "Séminaire"]  # from what was kept

        clock.shift(datetime.timedelta(hours=4))

        assert shown_events(client) == ["Séminaire"]


def test_a_renamed_event_shows_in_the_list_at_the_next_view(client, make_event, home_page):
    event = make_event(title="Séminaire")
    assert "Séminaire</a>" in client.get("/evenements/").content.decode()

    event.title = "Séminaire d'automne"
    event.save_revision().publish()

    assert "Séminaire d&#x27;automne</a>" in client.get("/evenements/").content.decode()


def test_a_new_registration_shows_on_the_event_page_at_the_next_view(client, make_event, register_person):
    event = make_event(title="Séminaire", capacity=2)
    assert "2 places disponibles." in client.get(event.url).content.decode()
    assert "2 places disponibles." in client.get(event.url).content.decode()  # from what was kept

    register_person(event)
    assert "1 place disponible." in client.get(event.url).content.decode()
    register_person(event)
    html = client.get(event.url).content.decode()
    assert "Complet : les nouvelles inscriptions rejoignent la liste d" in html and "Rejoindre la liste d" in html


def test_the_events_page_moves_an_event_to_the_past_when_it_ends_without_any_write(client, make_event):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False) as clock:
        make_event(title="Atelier", starts_at=start + datetime.timedelta(hours=1),
                   ends_at=start + datetime.timedelta(hours=3))

        def upcoming():
            return [event.title for event in client.get("/evenements/").context["upcoming"]]

        assert upcoming() == ["Atelier"]
        assert upcoming() == ["Atelier"]  # from what was kept
        clock.shift(datetime.timedelta(hours=4))

        assert upcoming() == []
        assert "Atelier" in client.get("/evenements/").content.decode()  # now among the past ones
