"""The national catalogue's host serves the catalogue and what it gathers, and nothing of a
region's own: every URL of the public parts is walked, so a screen added later is either named
in core.national.NATIONAL_URL_NAMES (and must work on the national host) or not found there."""

import re

import pytest
from django.urls import URLResolver, get_resolver, reverse

from rallynov.core.national import NATIONAL_URL_NAMES, PUBLIC_NAMESPACES
from tests.trust.hosts import NATIONAL_HOST, OCC_HOST

# A value for each kind of URL argument; for the regions' screens any value will do, since the
# national host refuses them before their view runs.
SAMPLE_BY_CONVERTER = {
    "IntConverter": 1,
    "ExportFormat": "csv",
    "UnicodeSlugConverter": "x",
    "SlugConverter": "x",
    "StringConverter": "x",
}
SAMPLE_BY_GROUP = {"fmt": "csv"}


def public_url_names():
    """{"namespace:name": sample kwargs} for every URL of the public parts."""
    names = {}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace in PUBLIC_NAMESPACES and pattern.name:
                converters = getattr(pattern.pattern, "converters", {})
                kwargs = {key: SAMPLE_BY_CONVERTER[type(conv).__name__] for key, conv in converters.items()}
                if not converters:
                    regex = re.compile(str(pattern.pattern))
                    kwargs = {group: SAMPLE_BY_GROUP[group] for group in regex.groupindex}
                names[f"{namespace}:{pattern.name}"] = kwargs

    walk(get_resolver().url_patterns, None)
    return names


PUBLIC_URLS = public_url_names()
REGIONAL = sorted(set(PUBLIC_URLS) - NATIONAL_URL_NAMES)


def test_every_national_url_name_exists():
    assert set(PUBLIC_URLS) >= NATIONAL_URL_NAMES
    assert len(REGIONAL) > 50  # the walk found the parts' screens


@pytest.fixture
def national(two_programmes, any_host):
    from rallynov.initiatives.national import create_national_site

    return create_national_site(host=NATIONAL_HOST)[0]


@pytest.mark.django_db
def test_a_regions_own_screens_are_not_found_on_the_national_host(national, client, team_member):
    """Every one of them, in French and in English, even for a team member (one set-up for all:
    the walk is the point)."""
    client.force_login(team_member)
    found = {}
    for name in REGIONAL:
        path = reverse(name, kwargs=PUBLIC_URLS[name])
        for address in (path, "/en" + path):
            status = client.get(address, HTTP_HOST=NATIONAL_HOST).status_code
            if status != 404:
                found[address] = status

    assert found == {}


@pytest.mark.django_db
def test_what_the_national_host_serves_answers_there(national, client, two_programmes):
    occ_sheet = two_programmes[3]
    kwargs = {"initiatives:map_card": {"pk": occ_sheet.pk}}
    statuses = {}
    for name in sorted(NATIONAL_URL_NAMES):
        path = reverse(name, kwargs=kwargs.get(name, PUBLIC_URLS[name]))
        statuses[name] = client.get(path, HTTP_HOST=NATIONAL_HOST).status_code

    assert statuses == dict.fromkeys(NATIONAL_URL_NAMES, 200)


@pytest.mark.django_db
def test_the_regions_still_serve_their_own_screens(national, client):
    paths = ["/prix/", "/evenements/", "/actualites/", "/partenaires/", "/etudes/"]
    statuses = {
        (host, path): client.get(path, HTTP_HOST=host).status_code
        for host in (OCC_HOST, "localhost")
        for path in paths
    }

    assert {key for key, status in statuses.items() if status not in (200, 302)} == set()


@pytest.mark.django_db
def test_the_national_site_has_its_own_legal_pages(national, client):
    from wagtail.models import Site

    from rallynov.initiatives.national import create_national_site
    from rallynov.site.models import SiteSettings, StandardPage

    create_national_site(host=NATIONAL_HOST)  # again: nothing more
    footer = client.get("/", HTTP_HOST=NATIONAL_HOST).content.decode().split('class="site-footer"', 1)[1]
    legal = client.get("/mentions-legales/", HTTP_HOST=NATIONAL_HOST).content.decode()
    settings = SiteSettings.for_site(Site.objects.get(hostname=NATIONAL_HOST))

    assert [f'href="/{slug}/"' in footer for slug in ("mentions-legales", "donnees-personnelles", "accessibilite")] == [
        True,
        True,
        True,
    ]
    assert "Le site national est édité par l'exploitant de l'instance." in legal
    assert "Aract" not in legal
    assert StandardPage.objects.descendant_of(national.site.root_page).count() == 3
    assert settings.footer_text.startswith("Carrefour des innovations sociales — ")
    # A region's own legal notice names its own publisher, not Bourgogne-Franche-Comté's.
    occ_legal = client.get("/mentions-legales/", HTTP_HOST=OCC_HOST).content.decode()
    assert "Le site est édité par l'équipe du programme Rally'nov Occitanie." in occ_legal
