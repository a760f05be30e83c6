"""A programme's logo and colours (site settings): checked for contrast, served per host, and
never stale; the footer read from its snapshot changes at the next view."""

import re

import pytest
from django.core.exceptions import ValidationError

from rallynov.site.branding import contrast, darker, validate_colour

THEME_LINK = re.compile(r'<link rel="stylesheet" href="(/habillage/[0-9a-f]{12}\.css)">')


def test_contrast_is_the_wcag_ratio():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#595959", "#ffffff"), 2) == 7.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("rouge", "Saisissez une couleur au format #rrvvbb (par exemple #00566b)."),
        ("#12345", "Saisissez une couleur au format #rrvvbb (par exemple #00566b)."),
        (
            "#ffcc00",
            "Cette couleur ne contraste pas assez avec le fond clair et le texte blanc du site : 1,3:1, "
            "il faut au moins 4,5:1 (RGAA 3.2). Choisissez une couleur plus foncée.",
        ),
        (
            "#767676",  # 4.54:1 on white, but 4.18:1 on the pale background of boxes
            "Cette couleur ne contraste pas assez avec le fond clair et le texte blanc du site : 4,1:1, "
            "il faut au moins 4,5:1 (RGAA 3.2). Choisissez une couleur plus foncée.",
        ),
    ],
)
def test_a_colour_too_light_or_malformed_is_refused_in_french(value, message):
    with pytest.raises(ValidationError) as refused:
        validate_colour(value)

    assert refused.value.messages == [message]


def test_a_dark_enough_colour_is_accepted_and_its_darker_shade_stays_readable():
    validate_colour("#8a1538")
    validate_colour("")

    assert contrast(darker("#8a1538"), "#ffffff") > contrast("#8a1538", "#ffffff")


def _settings(site_pages):
    from wagtail.models import Site

    from rallynov.site.models import SiteSettings

    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.mark.django_db
def test_the_colours_reach_every_page_through_a_stylesheet_that_changes_with_them(site_pages, client):
    assert THEME_LINK.search(client.get("/").content.decode()) is None  # rallynov's colours
    settings = _settings(site_pages)
    settings.primary_colour = "#8A1538"
    settings.save()

    first = THEME_LINK.search(client.get("/").content.decode()).group(1)
    stylesheet = client.get(first)
    settings.primary_colour = "#1d4f91"
    settings.save()
    second = THEME_LINK.search(client.get("/plan-du-site/").content.decode()).group(1)

    assert stylesheet["Content-Type"] == "text/css; charset=utf-8"
    assert stylesheet["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "--c-primary: #8a1538;" in stylesheet.content.decode()
    assert second != first
    # An old address gets today's colours, kept only briefly.
    old = client.get(first)
    assert "--c-primary: #1d4f91;" in old.content.decode() and old["Cache-Control"] == "public, max-age=60"
    assert not old.cookies


@pytest.mark.django_db
def test_the_logo_replaces_rallynovs_in_the_header(site_pages, client):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    settings = _settings(site_pages)
    settings.logo = Image.objects.create(title="Logo", file=get_test_image_file(size=(200, 100)))
    settings.save()

    header = client.get("/").content.decode().split("</header>", 1)[0]

    assert re.search(r'<img src="/media/images/[^"]+\.height-80\.[a-z]+" alt="" width="80" height="40">', header)
    assert "rallynov/img/logo.svg" not in header


@pytest.mark.django_db
def test_the_footer_changes_at_the_next_view(site_pages, client):
    from rallynov.site.models import StandardPage

    settings = _settings(site_pages)
    client.get("/")  # the chrome is kept from now on
    settings.footer_text = "Financé par la Région et l'État."
    settings.save()
    legal = StandardPage.objects.get(slug="mentions-legales")
    legal.title = "Mentions légales et crédits"
    legal.save_revision().publish()

    footer = client.get("/").content.decode().split('class="site-footer"', 1)[1]

    assert "<p>Financé par la Région et l&#x27;État.</p>" in footer
    assert ">Mentions légales et crédits</a>" in footer


@pytest.mark.django_db
def test_the_admin_refuses_a_colour_too_light_and_keeps_what_was_typed(site_pages, client, superuser):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    client.force_login(superuser)
    url = f"/admin/settings/rallynov_site/sitesettings/{site.pk}/"
    form = client.get(url)
    assert form.status_code == 200

    response = client.post(url, {"primary_colour": "#ffcc00", "accent_colour": "#8a1538", "footer_text": "Texte"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Cette couleur ne contraste pas assez" in page
    assert 'value="#ffcc00"' in page and "Texte</textarea>" in page
    assert _settings(site_pages).primary_colour == ""
