"""Forms sent back with errors, with the keyboard only: focus lands on the error summary, which
is read first, and each error is a link that puts the focus in its field (shared include
templates/includes/form_error_summary.html and rallynov/js/form-errors.js)."""

import datetime

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_event(transactional_db, request):
    from tests.browser.test_events import ensure_wagtail_roots

    ensure_wagtail_roots()
    from rallynov.events.enums import EventKind
    from rallynov.events.models import EventIndexPage, EventPage

    home_page = request.getfixturevalue("home_page")
    programme = request.getfixturevalue("programme")
    index = EventIndexPage(title="Événements", slug="evenements")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    starts = (timezone.now() + datetime.timedelta(days=10)).replace(second=0, microsecond=0)
    event = EventPage(
        title="Petit-déjeuner de l'innovation sociale",
        slug="petit-dejeuner",
        programme=programme,
        kind=EventKind.SEMINAR,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        registration_enabled=True,
        capacity=3,
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    return event


def focused(page):
    return page.evaluate(
        "() => ({id: document.activeElement.id, tag: document.activeElement.tagName,"
        " href: document.activeElement.getAttribute('href')})"
    )


def test_error_summary_takes_the_focus_and_links_to_each_field(
    live_server, page, open_event, assert_accessible
):
    page.goto(f"{live_server.url}/evenements/{open_event.pk}/inscription/")
    page.fill("#id_email", "camille@")
    # Sent with the keyboard: Enter in a text field submits the form.
    page.focus("#id_email")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-error-summary]")
    page.locator("[data-error-summary]:focus").wait_for()  # (no string evaluation: the CSP forbids eval)

    summary = page.locator("[data-error-summary]")
    assert focused(page)["id"] == "form-errors"
    assert summary.get_attribute("tabindex") == "-1"
    links = summary.locator("a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert "#id_first_name" in hrefs and "#id_email" in hrefs
    for href in hrefs:  # every link has its field on the page
        assert page.locator(href).count() == 1, href
    assert page.input_value("#id_email") == "camille@"  # nothing typed is lost

    # Tab reaches the first error link, Enter puts the focus in its field.
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["tag"] == "A" and first["href"] == hrefs[0]
    page.keyboard.press("Enter")
    assert "#" + focused(page)["id"] == hrefs[0]

    # The e-mail's link too: the field is focused with its value kept, ready to be corrected.
    page.locator("[data-error-summary] a[href='#id_email']").focus()
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_email"
    page.keyboard.type("exemple.fr")
    assert page.input_value("#id_email") == "camille@exemple.fr"
    assert_accessible(page)
    assert page.console_errors == []
