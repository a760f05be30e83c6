"""The modules other parts discover: home, account, sheet, permissions."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from rallynov.events import account, home, rules

pytestmark = pytest.mark.django_db


def test_home_section_lists_upcoming_events(make_event, home_page):
    make_event(title="Prochaine rencontre")
    make_event(title="Ancienne", starts_at=timezone.now() - datetime.timedelta(days=9),
               ends_at=timezone.now() - datetime.timedelta(days=8))
    section = home.home_section(RequestFactory().get("/"))
    assert [e.title for e in section["context"]["events"]] == ["Prochaine rencontre"]


def test_account_section_lists_my_registrations(make_event, register_person, applicant, other_applicant):
    event = make_event(title="Séminaire")
    register_person(event, email="PORTEUR@example.org")
    section = account.dashboard_section(applicant)
    assert [r.event.title for r in section["context"]["registrations"]] == ["Séminaire"]
    assert account.dashboard_section(other_applicant) is None


def test_sheet_section_lists_events_citing_the_initiative(make_event, programme, home_page):
    from rallynov.events.sheet import sheet_section
    from rallynov.initiatives.models import CataloguePage, InitiativePage

    catalogue = CataloguePage(title="Initiatives", slug="initiatives")
    home_page.add_child(instance=catalogue)
    initiative = InitiativePage(title="Semaine de 4 jours", programme=programme, year=2023)
    catalogue.add_child(instance=initiative)
    event = make_event(title="Rencontre régionale")
    event.initiatives.add(initiative)
    event.save_revision().publish()
    section = sheet_section(initiative, RequestFactory().get("/"))
    assert [e.title for e in section["context"]["events"]] == ["Rencontre régionale"]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("applicant", False), ("juror", False), ("partner_editor", False), ("team_member", True), ("superuser", True)],
)
def test_manage_and_check_in_rules_by_role(request, role, allowed):
    user = request.getfixturevalue(role)
    assert (rules.can_manage_events(user), rules.can_check_in(user)) == (allowed, allowed)


def test_team_group_gets_event_permissions():
    from rallynov.accounts.domain import group_permissions
    from rallynov.accounts.roles import PROGRAMME_TEAM

    assert "events.change_eventpage" in group_permissions()[PROGRAMME_TEAM]
