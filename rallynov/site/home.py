"""Sections of the home page contributed by the parts.

Each app may have a module `home.py` (like this one) with `home_section(request)` returning None
or a dict(template=…, context=…, order=…); the home page shows them by order.

A section is the same for every visitor of a programme's home page in a language: it is kept per
data stamp (core.snapshot), so that a view reads nothing but the stamp, and computed again at the
first view after any write. What also moves with time alone says when: a part's home module may
have `home_section_changes_at(programme, now)`, the next moment its section changes without a
write (an event ends, a call for applications opens or closes); every section is computed again
at midnight (the year shown, what was published today). A part that keeps its section's values
itself, with their own moments, says `HOME_SECTION_KEPT = False` (reporting: the key figures).
"""

from django.utils import timezone

from rallynov.core import snapshot
from rallynov.core.parts import part_modules
from rallynov.core.queries import programme_for_request


def news_section(request):
    """The site's own section: the latest news of the programme."""
    from rallynov.site import news

    programme = programme_for_request(request)
    articles = news.latest(programme=programme) if programme else []
    if not articles:
        return None
    return {"template": "site/includes/home_news.html", "context": {"articles": articles}, "order": 90}


def _builders():
    yield "rallynov.site", news_section, None, True
    for config, module in part_modules("home"):
        if config.name != "rallynov.site":
            changes_at = getattr(module, "home_section_changes_at", None)
            yield config.name, module.home_section, changes_at, getattr(module, "HOME_SECTION_KEPT", True)


def _until(changes_at, programme):
    """When a kept section must be computed again without a write: midnight, or earlier."""
    moments = [snapshot.end_of_day()]
    if changes_at is not None:
        moments.append(changes_at(programme, timezone.now()))
    return min(moment for moment in moments if moment is not None)


def home_sections(request):
    programme = programme_for_request(request)
    stamp = snapshot.data_stamp()
    sections = []
    for name, build, changes_at, kept in _builders():
        section = snapshot.remember(
            ("home-section", programme.pk if programme else None, name),
            stamp,
            lambda build=build: build(request),
            keep=kept and programme is not None,
            expires_at=lambda changes_at=changes_at: _until(changes_at, programme),
        )
        if section:
            sections.append(section)
    sections.sort(key=lambda s: s.get("order", 100))
    return sections
