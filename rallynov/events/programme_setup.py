"""A new programme's events page (core.programmes), published under its home page."""

from rallynov.events.models import EventIndexPage

EVENTS_INTRO = "<p>Rencontres régionales, séminaires, défis de l'innovation sociale, salons et tournée.</p>"


def setup_programme(*, programme, host, log):
    home = programme.site.root_page
    if EventIndexPage.objects.child_of(home).exists():
        return
    index_page = EventIndexPage(title="Événements", slug="evenements", intro=EVENTS_INTRO)
    home.add_child(instance=index_page)
    index_page.save_revision().publish()
