"""The demo reproduces the reports' figures, computed from registrations and check-ins."""

import pytest

from rallynov.events.figures import figures
from rallynov.events.models import EventPage, Registration
from rallynov.events.queries import event_figures

pytestmark = pytest.mark.django_db

QUIET = {"log": lambda *args: None}


@pytest.fixture
def demo(home_page, programme, monkeypatch):
    from rallynov.events import demo as events_demo
    from rallynov.organizations import demo as organizations_demo
    from rallynov.territories import demo as territories_demo
    from rallynov.territories.queries import UnknownCommune, resolve_commune

    def resolve_in_test_region(*args, **kwargs):
        # Tests load the communes of one region only (RALLYNOV_TERRITORIES_ONLY_REGION); the few
        # structures seated elsewhere (Paris) keep no commune here.
        try:
            return resolve_commune(*args, **kwargs)
        except UnknownCommune:
            return None

    monkeypatch.setattr(organizations_demo, "resolve_commune", resolve_in_test_region)

    territories_demo.load(programme=programme, **QUIET)
    organizations_demo.load(programme=programme, **QUIET)
    events_demo.load(programme=programme, **QUIET)
    return programme


def by_key(programme, year):
    return {f.key: f for f in figures(programme=programme, year=year)}


def test_demo_gives_the_reports_figures(demo):
    per_event = {e.slug: event_figures(e) for e in EventPage.objects.filter(slug__endswith="2023")}
    assert per_event["rencontre-regionale-2023"]["participants"] == 143
    assert (per_event["seminaire-lancement-2023"]["participants"], per_event["seminaire-lancement-2023"]["structures"]) == (22, 16)
    assert per_event["defis-de-l-is-2023"]["participants"] == 53
    result = by_key(demo, 2023)
    assert result["events.participants"].value == 143 + 22 + 53
    assert result["events.workshop_participants"].value == 53
    assert result["events.count"].value == 3
    assert sum(result["events.participants"].details["by_kind"].values()) == 218
    assert sum(result["events.participants"].details["by_department"].values()) == 218
    # 2014 meetings, 2022 views, the 2024 programme; every made-up registration is flagged
    meetings = {e.slug: event_figures(e)["participants"] for e in EventPage.objects.filter(slug__contains="2014")}
    assert (meetings["rencontre-montbeliard-2014"], meetings["rencontre-juratri-2014"]) == (60, 70)
    assert by_key(demo, 2022)["events.video_views"].value == 2882
    assert by_key(demo, 2024)["events.count"].value == 3
    assert Registration.objects.filter(is_generated=False).count() == 0


def test_workshop_day_lists_the_seven_productions_and_figures_move(demo, client, team_member):
    event = EventPage.objects.get(slug="defis-de-l-is-2023")
    groups = list(event.groups.order_by("sort_order"))
    assert [g.production_title for g in groups][:2] == ["Un espace de co-working virtuel",
                                                         "Un parcours d'accompagnement au changement"]
    assert len(groups) == 7
    assert sum(g.members.filter(checked_in_at__isnull=False).count() for g in groups) == 53
    html = client.get(event.url).content.decode()
    assert "Une instance d&#x27;adaptation des compétences" in html
    # One more person present and the yearly figure moves.
    from rallynov.events import domain

    event = EventPage.objects.get(slug="rencontre-regionale-2023")
    domain.add_walk_in(event=event, first_name="Lou", last_name="Garnier", by=team_member)
    assert by_key(demo, 2023)["events.participants"].value == 219


def test_erased_participants_still_count(demo):
    from rallynov.events.privacy import PROCESSING

    event = EventPage.objects.get(slug="seminaire-lancement-2023")
    (processing,) = [p for p in PROCESSING if p.model == "events.Registration"]
    processing.anonymise(Registration.objects.filter(event=event))
    assert event_figures(event)["participants"] == 22
    assert event_figures(event)["structures"] == 16
    assert set(Registration.objects.filter(event=event).values_list("last_name", "email")) == {("Personne effacée", "")}
