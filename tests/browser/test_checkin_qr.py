"""QR check-in on a phone without BarcodeDetector (iOS Safari, Firefox): the page falls back to
the decoder shipped with the site (events/vendor/jsqr) and checks the ticket's holder in."""

import base64

import pytest

from rallynov.events.qr import qr_png, ticket_payload
from tests.browser.test_events import log_in, make_event, site  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ticket_image_is_decoded_without_barcode_detector_and_checks_in(
    live_server,
    page,
    assert_accessible,
    artifacts_dir,
    request,
):
    from rallynov.events import domain
    from rallynov.events.models import Registration

    team_member = request.getfixturevalue("team_member")
    event = request.getfixturevalue("make_event")(capacity=3, days=0)
    registration, _ = domain.register(
        event=event, first_name="Hélène", last_name="Lefèvre", email="helene@exemple.fr", send_email=False
    )
    # The ticket as the e-mail carries it: a PNG of the QR code, generated here.
    ticket = base64.b64encode(qr_png(ticket_payload(registration))).decode()
    page.add_init_script("delete window.BarcodeDetector; delete window.__proto__.BarcodeDetector;")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, team_member)
    decoder_requests = []
    page.on("request", lambda req: decoder_requests.append(req.url) if "jsqr" in req.url.lower() else None)

    page.goto(live_server.url + f"/evenements/{event.pk}/accueil/")

    assert page.evaluate("'BarcodeDetector' in window") is False
    assert page.locator("#scanner-start").is_visible()  # the camera is offered all the same
    assert decoder_requests == []  # the fallback is loaded only when needed
    code = page.evaluate(
        """(data) => new Promise((resolve, reject) => {
            const img = new Image();
            img.onload = () => window.rallynovCheckin.scanImage(img).then(resolve, reject);
            img.onerror = reject;
            img.src = "data:image/png;base64," + data;
        })""",
        ticket,
    )
    assert code == ticket_payload(registration)
    assert len(decoder_requests) == 1 and decoder_requests[0].startswith(live_server.url)
    page.wait_for_selector("#checkin-outcome .message-success")
    assert page.locator("#checkin-outcome").inner_text() == "Bienvenue Hélène Lefèvre : présence enregistrée."
    registration = Registration.objects.get(pk=registration.pk)
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == team_member
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "events-checkin-qr-fallback-phone.png", full_page=True)
    assert page.console_errors == []
