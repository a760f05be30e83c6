"""No cookie and no third party for a visitor.

1. No public page (every one, see public_pages.py, in French and in English, GET and HEAD) sets
   a cookie for an anonymous visitor: the language is in the address, forms are checked by
   Origin instead of a CSRF cookie (rallynov/core/csrf.py).
2. No page, public or admin, loads anything from another host: scripts, style sheets, icons,
   images, frames, media and the url() of inline styles all stay on the site (Wagtail's
   avatars from gravatar.com are off).
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.trust.public_pages import in_english, matrix_context, public_paths

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(1200)]

# Attributes that make the browser fetch something when the page is shown (links, <a href>, are
# the visitor's own choice and are not counted).
FETCHED = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
FETCHED_LINK_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "preload",
    "modulepreload",
    "prefetch",
    "manifest",
    "mask-icon",
    "dns-prefetch",
    "preconnect",
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""", re.I)
IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""", re.I)


class FetchedUrls(HTMLParser):
    """Every URL a browser would fetch to show the page."""

    def __init__(self):
        super().__init__()
        self.urls = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in FETCHED.get(tag, ()):
            value = attrs.get(name)
            if value:
                self.urls += (
                    [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
                )
        rels = set((attrs.get("rel") or "").lower().split())
        if tag == "link" and attrs.get("href") and rels & FETCHED_LINK_RELS:
            self.urls.append(attrs["href"])
        if attrs.get("style"):
            self.urls += CSS_URL.findall(attrs["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls += CSS_URL.findall(data) + IMPORT.findall(data)


def own_hosts():
    hosts = {"", "testserver", urlsplit(settings.SITE_URL).netloc}
    return hosts | {h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".")}


def off_site(html):
    """The URLs of `html` that a browser would fetch from another host."""
    parser = FetchedUrls()
    parser.feed(html)
    hosts = own_hosts()
    return sorted(
        {url for url in parser.urls if urlsplit(url).scheme != "data" and urlsplit(url).netloc not in hosts}
    )


def body_of(response):
    if response.streaming:
        for closer in response._resource_closers:
            closer()
        return ""
    if "html" not in response.get("Content-Type", ""):
        return ""
    return response.content.decode("utf-8", errors="replace")


@pytest.fixture
def ctx(request, programme, home_page):
    return matrix_context(request)


def test_off_site_finder_sees_scripts_styles_images_and_css_urls():
    html = """<link rel="stylesheet" href="https://cdn.example.org/a.css"><script src="//cdn.example.org/b.js"></script>
    <img src="/media/x.png" srcset="/media/x.png 1x, https://img.example.org/x2.png 2x">
    <a href="https://www.openstreetmap.org/">carte</a><div style="background: url('https://t.example.org/bg.png')"></div>
    <style>@import "https://fonts.example.org/f.css"; .x { background: url(data:image/png;base64,AA) }</style>
    <link rel="alternate" href="https://other.example.org/feed">"""

    assert off_site(html) == [
        "//cdn.example.org/b.js",
        "https://cdn.example.org/a.css",
        "https://fonts.example.org/f.css",
        "https://img.example.org/x2.png",
        "https://t.example.org/bg.png",
    ]


def test_it_sets_no_cookie_on_any_public_page_for_an_anonymous_visitor(ctx, settings):
    settings.RATELIMIT_ENABLE = False
    paths = public_paths(ctx)
    english = [in_english(path) for path in paths]
    assert (
        len(paths) > 40 and len(set(english) - set(paths)) > 40
    )  # the walk found the site, in both languages
    cookies, answers = [], {}
    for path in [*paths, *english]:
        for method in ("GET", "HEAD"):
            response = Client().generic(method, path)
            body_of(response)
            answers[(method, path)] = response.status_code
            if response.cookies:
                cookies.append(f"{method} {path} : {sorted(response.cookies)}")
    assert cookies == []
    # Every page answers (HEAD may be refused with a 405 by the views that take GET only).
    assert [
        key for key, status in answers.items() if status >= 400 and (key[0], status) != ("HEAD", 405)
    ] == []


def test_it_loads_nothing_from_another_host_on_public_pages(ctx, settings):
    settings.RATELIMIT_ENABLE = False
    found = {}
    for path in public_paths(ctx):
        for address in {path, in_english(path)}:
            urls = off_site(body_of(Client().get(address)))
            if urls:
                found[address] = urls
    assert found == {}


def test_it_loads_nothing_from_another_host_in_the_admin(ctx, settings):
    from wagtail.models import Page

    settings.RATELIMIT_ENABLE = False
    client = Client()
    client.force_login(ctx["superuser"])
    page = Page.objects.live().filter(depth__gt=2).first()
    screens = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=[ctx["home_page"].pk]),
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:edit", args=[ctx["team_member"].pk]),
        reverse("wagtailadmin_account"),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
    ]
    found, statuses = {}, {}
    for screen in screens:
        response = client.get(screen)
        statuses[screen] = response.status_code
        urls = off_site(body_of(response))
        if urls:
            found[screen] = urls
    assert found == {}
    assert set(statuses.values()) == {200}


def test_anonymous_form_is_accepted_from_the_site_and_refused_from_another(ctx, settings):
    """The cookie-less check of core/csrf.py: same Origin accepted, another Origin or none refused,
    and no cookie either way."""
    settings.RATELIMIT_ENABLE = False
    url = reverse("initiatives:submit")
    visitor = Client(enforce_csrf_checks=True)

    form_page = visitor.get(url)
    from_elsewhere = visitor.post(url, {"name": "x"}, HTTP_ORIGIN="https://attaquant.example")
    from_nowhere = visitor.post(url, {"name": "x"})
    from_the_site = visitor.post(url, {"name": ""}, HTTP_ORIGIN="http://testserver")

    assert (form_page.status_code, form_page.cookies) == (200, {})
    assert (from_elsewhere.status_code, from_nowhere.status_code) == (403, 403)
    assert from_the_site.status_code == 400  # the form again (refused data), with its French errors
    assert "Champ requis." in from_the_site.content.decode()
    assert from_the_site.cookies == {}


def test_logged_in_visitor_keeps_the_usual_token_check(ctx, settings):
    settings.RATELIMIT_ENABLE = False
    url = reverse("initiatives:submit")
    member = Client(enforce_csrf_checks=True)
    member.force_login(ctx["applicant"])

    page = member.get(url)
    without_token = member.post(url, {"name": ""}, HTTP_ORIGIN="http://testserver")

    assert "csrftoken" in page.cookies
    assert without_token.status_code == 403


def test_gravatar_is_off():
    from wagtail.users.utils import get_gravatar_url

    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert get_gravatar_url("someone@exemple.fr") is None
