"""Key figures kept between views (core.snapshot) are never stale: whatever writes a record
the figures count, the next view shows it; and nothing is computed again while nothing changed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rallynov.core import snapshot
from rallynov.reporting import keyfigures

pytestmark = pytest.mark.django_db

YEAR = timezone.now().year


@pytest.fixture(autouse=True)
def clock():
    """Mid-June of this year, standing still: the events of these tests fall in this year at any
    hour the tests run."""
    import time_machine

    with time_machine.travel(datetime.datetime(YEAR, 6, 15, 12, tzinfo=datetime.UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def event(programme, home_page):
    from rallynov.events.enums import EventKind
    from rallynov.events.models import EventIndexPage, EventPage

    index = EventIndexPage(title="Événements", slug="evenements")
    home_page.add_child(instance=index)
    starts = timezone.now() - datetime.timedelta(hours=2)
    page = EventPage(
        title="Rencontre régionale",
        slug="rencontre",
        programme=programme,
        kind=EventKind.REGIONAL_MEETING,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4),
    )
    index.add_child(instance=page)
    return page


def register(event, number, *, present=True):
    from rallynov.events.enums import RegistrationStatus
    from rallynov.events.models import Registration

    return Registration.objects.create(
        event=event,
        status=RegistrationStatus.CONFIRMED,
        first_name="Camille",
        last_name=f"Martin {number}",
        email=f"camille{number}@exemple.fr",
        checked_in_at=timezone.now() if present else None,
    )


def test_snapshot_new_registration_shows_at_the_next_view(client, programme, event):
    register(event, 1)
    url = reverse("reporting:figures") + f"?annee={YEAR}"
    first = client.get(url)
    register(event, 2)

    second = client.get(url)

    assert first.context["figures"].value("events.participants") == 1
    assert second.context["figures"].value("events.participants") == 2


def test_snapshot_new_published_initiative_shows_at_the_next_view(programme, make_initiative):
    make_initiative("Épicerie solidaire", year=YEAR)
    before = keyfigures.collect(programme=programme, year=YEAR)

    make_initiative("Garage solidaire", year=YEAR)
    after = keyfigures.collect(programme=programme, year=YEAR)

    assert (before.value("initiatives.new"), after.value("initiatives.new")) == (1, 2)
    assert (before.value("initiatives.total"), after.value("initiatives.total")) == (1, 2)


def test_snapshot_home_page_shows_a_new_initiative_at_the_next_view(client, programme, site_demo, make_initiative):
    make_initiative("Épicerie solidaire", year=YEAR)
    first = client.get("/")
    make_initiative("Garage solidaire", year=YEAR)

    second = client.get("/")

    def total(response):
        sections = response.context.get("sections", [])
        return [s["context"]["total"] for s in sections if "total" in s.get("context", {})]

    assert (total(first), total(second)) == ([1], [2])


def test_snapshot_a_cancelled_check_in_moves_the_figure_back(programme, event):
    register(event, 1)
    kept = register(event, 2)
    before = keyfigures.collect(programme=programme, year=YEAR).value("events.participants")

    kept.checked_in_at = None
    kept.save()
    after = keyfigures.collect(programme=programme, year=YEAR).value("events.participants")

    assert (before, after) == (2, 1)


def test_snapshot_nothing_is_computed_again_while_nothing_changed(programme, event):
    register(event, 1)
    with CaptureQueriesContext(connection) as first:
        keyfigures.collect(programme=programme, year=YEAR)
    with CaptureQueriesContext(connection) as second:
        figures = keyfigures.collect(programme=programme, year=YEAR)

    from rallynov.site import figures as site_figures

    with CaptureQueriesContext(connection) as site:
        site_figures.figures(programme=programme, year=YEAR)
    # Again: the stamp, then only the site's audience figures, which are never kept.
    assert [q["sql"] for q in second.captured_queries] == [snapshot.STAMP_SQL] + [
        q["sql"] for q in site.captured_queries
    ]
    assert len(first) > len(second)
    assert figures.value("events.participants") == 1


def test_snapshot_an_event_starting_counts_without_any_write(programme, event, clock):
    from rallynov.events.enums import EventKind
    from rallynov.events.models import EventPage

    later = EventPage(
        title="Atelier",
        slug="atelier",
        programme=programme,
        kind=EventKind.WORKSHOP,
        starts_at=timezone.now() + datetime.timedelta(minutes=30),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
    )
    event.get_parent().add_child(instance=later)
    before = keyfigures.collect(programme=programme, year=YEAR).value("events.count")

    clock.shift(datetime.timedelta(hours=1))
    after = keyfigures.collect(programme=programme, year=YEAR).value("events.count")

    assert (before, after) == (1, 2)


def test_snapshot_a_rolled_back_write_leaves_no_figure_behind(programme, event):
    from django.db import transaction

    register(event, 1)
    try:
        with transaction.atomic():
            register(event, 2)
            inside = keyfigures.collect(programme=programme, year=YEAR).value("events.participants")
            raise RuntimeError
    except RuntimeError:
        pass

    after = keyfigures.collect(programme=programme, year=YEAR).value("events.participants")

    assert (inside, after) == (2, 1)


def test_snapshot_every_table_of_the_platform_moves_the_stamp():
    tables = snapshot.stamped_tables()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'reporting_figures_%'"
            )
        else:
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = 'reporting_stamp'"
            )
        with_trigger = {row[0] for row in cursor.fetchall()}

    assert "events_registration" in tables
    assert "initiatives_catalogueentry" in tables
    assert snapshot.unstamped_tables() == {
        "rallynov_site_pageviewday",
        "rallynov_site_visitorday",
        "rallynov_site_dailysalt",
        "rallynov_site_visitordigest",
    }
    assert snapshot.unstamped_tables() & set(tables) == set()
    assert snapshot.unstamped_tables() & with_trigger == set()
    assert sorted(set(tables) - with_trigger) == []
    # The catalogue's own triggers are still counted right (its facet index stays on).
    from rallynov.initiatives import facets

    assert facets.triggers_in_place()


def test_snapshot_a_counted_page_view_leaves_the_stamp_as_it_is(programme):
    """The audience counters are written at every page view a person makes: if they moved the
    stamp, every kept value (figures, chrome, site) would be computed again at every such view."""
    from rallynov.site.audience import record_view

    before = snapshot.data_stamp()
    record_view(programme=programme, path="/", title="Accueil", digest="d" * 32, day=timezone.localdate())
    record_view(programme=programme, path="/", title="Accueil", digest="e" * 32, day=timezone.localdate())

    assert snapshot.data_stamp() == before


def test_snapshot_a_past_years_report_page_follows_its_records(programme, make_initiative):
    """The report of a year already over is kept (reporting.report.kept_report), never stale."""
    from rallynov.reporting.report import kept_report

    def new_initiatives():
        report = kept_report(programme=programme, year=YEAR - 1)
        return next(f["value"] for f in report["figures"] if f["key"] == "initiatives.new")

    make_initiative("Épicerie solidaire", year=YEAR - 1)
    first, again = new_initiatives(), new_initiatives()
    make_initiative("Garage solidaire", year=YEAR - 1)

    assert (first, again, new_initiatives()) == (1, 1, 2)
