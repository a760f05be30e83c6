"""The key figures and the yearly report read a fixed number of SQL queries, whatever the year holds.

Issue 7 asks for a year of 100,000 initiatives, 500 events and 50,000 registrations in under a
second: a query per event, per registration or per initiative would grow with the data. Each test
measures the same year with a small and a larger data set and expects the same number of queries.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rallynov.reporting import keyfigures
from rallynov.reporting.report import build_report

pytestmark = pytest.mark.django_db

YEAR = timezone.now().year - 1


def queries_of(function):
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


@pytest.fixture
def year_data(programme, home_page, catalogue):
    """grow(n): adds n initiatives of the year, n held events with three registrations each (two
    present, one with a structure), n partnerships and n days of audience."""
    from rallynov.events.enums import EventKind, RegistrationStatus
    from rallynov.events.models import EventIndexPage, EventPage, Registration
    from rallynov.initiatives.indexing import index_many
    from rallynov.initiatives.models import InitiativePage
    from rallynov.organizations.models import Organization
    from rallynov.partners.enums import PartnershipRole
    from rallynov.partners.models import Partnership
    from rallynov.site.models import PageViewDay, VisitorDay
    from rallynov.territories.models import Commune

    events_index = EventIndexPage(title="Événements", slug="evenements")
    home_page.add_child(instance=events_index)
    commune = Commune.objects.get(insee="21231")
    state = {"n": 0}

    def grow(count):
        new_pages = []
        for _ in range(count):
            state["n"] += 1
            number = state["n"]
            organization = Organization.objects.create(
                name=f"Structure {number}", name_key=f"structure-{number}", kind="entreprise"
            )
            page = InitiativePage(
                title=f"Initiative {number}",
                programme=programme,
                year=YEAR,
                main_commune=commune,
                summary="Résumé.",
            )
            catalogue.add_child(instance=page)
            new_pages.append(page.pk)
            starts = timezone.make_aware(datetime.datetime(YEAR, 3, 1 + number % 27, 14))
            event = EventPage(
                title=f"Atelier {number}",
                slug=f"atelier-{number}",
                programme=programme,
                kind=EventKind.WORKSHOP if number % 2 else EventKind.REGIONAL_MEETING,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=3),
            )
            events_index.add_child(instance=event)
            for index, (present, structure) in enumerate(((True, organization), (True, None), (False, None))):
                Registration.objects.create(
                    event=event,
                    status=RegistrationStatus.CONFIRMED,
                    first_name="Camille",
                    last_name=f"Martin {number}-{index}",
                    email=f"camille{number}-{index}@exemple.fr",
                    organization=structure,
                    checked_in_at=starts if present else None,
                )
            Partnership.objects.create(
                programme=programme, organization=organization, year=YEAR, role=PartnershipRole.PARTNER
            )
            day = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=number)
            VisitorDay.objects.create(programme=programme, day=day, visitors=10)
            PageViewDay.objects.create(programme=programme, day=day, path="/", title="Accueil", views=30)
        index_many(new_pages)

    return grow


def test_key_figures_of_a_year_take_the_same_queries_with_more_data(programme, year_data):
    year_data(1)
    small = queries_of(lambda: keyfigures.collect(programme=programme, year=YEAR))
    year_data(4)
    large = queries_of(lambda: keyfigures.collect(programme=programme, year=YEAR))

    figures = keyfigures.collect(programme=programme, year=YEAR)
    assert (figures.value("initiatives.new"), figures.value("events.count")) == (5, 5)
    assert figures.value("events.participants") == 10
    assert figures.value("events.structures_represented") == 5
    assert figures.value("events.workshop_participants") == 6  # events 1, 3 and 5 are workshops
    assert figures.value("partners.count") == 5
    assert figures.value("site.page_views") == 150
    assert large == small


def test_yearly_report_data_take_the_same_queries_with_more_data(programme, year_data, monkeypatch):
    from rallynov.reporting import report as report_module

    monkeypatch.setattr(report_module, "MAX_EVENTS", 3)
    year_data(1)
    small = queries_of(lambda: build_report(programme=programme, year=YEAR))
    year_data(4)
    large = queries_of(lambda: build_report(programme=programme, year=YEAR))

    report = build_report(programme=programme, year=YEAR)
    assert (len(report["events"]), report["events_more"]) == (3, 2)
    assert [e["figures"] for e in report["events"]][0] == [
        {"value": 2, "label": "participants"},
        {"value": 1, "label": "structures représentées"},
    ]
    assert report["initiatives_count"] == 5
    assert large == small


@pytest.mark.parametrize("size", [1, 5])
def test_key_figures_and_home_pages_take_a_bounded_number_of_queries(client, year_data, size):
    """Their second view, once the kept figures are computed."""
    from django.urls import reverse

    year_data(size)
    counts = {}
    for name, url in {"figures": reverse("reporting:figures"), "home": "/"}.items():
        client.get(url)  # the kept figures are computed
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        counts[name] = len(captured)
        assert response.status_code == 200

    # The chrome included (site, programme, footer). Before the data stamp was read once per page
    # and the years and the published report were kept with it: 17 and 21.
    assert counts["figures"] <= 13
    assert counts["home"] <= 20
