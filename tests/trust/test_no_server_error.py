"""No server error for anyone: the full demo is loaded once, then each role of the demo
(rallynov/accounts/demo.py) visits every page it is offered.

1. The crawl: from the home page and from the person's space (`/compte/`), same-host links are
   followed breadth-first, GET only. It is bounded by the URL pattern: a few URLs per view (and
   per set of query parameters), so the 163 sheets of the catalogue count as one kind of page.
   The admin is visited too, less deeply (its own screens are Wagtail's).
2. The named URLs: every named URL of the parts and of the admin the matrix knows, with keyword
   arguments taken from the URLs the crawl met (an event's `pk` for the event's check-in, …), is
   opened once by each role.

Any answer >= 500 or any exception fails the test, with the URL and the end of the traceback.
"""

import os
import re
import time
import traceback
from collections import defaultdict, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.test import Client, override_settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from tests.trust.urlwalk import OUR_NAMESPACES, named_patterns

# Each test here walks a crawl of the whole demo per role: about 4 minutes of CPU on a loaded 2-core machine, so it gets a
# longer limit than the suite's 5 minutes (a hang still fails).
pytestmark = [pytest.mark.django_db, pytest.mark.timeout(1200), pytest.mark.usefixtures("without_template_capture")]

DEMO_ROLES = {
    "anonymous": None,
    "applicant": "porteur@rallynov.example",
    "juror": "jury@rallynov.example",
    "partner_editor": "partenaire@rallynov.example",
    "team_member": "equipe@rallynov.example",
    "superuser": "admin@rallynov.example",
}

# Bounds of the crawl (per role): URLs per view and per set of query parameters, URLs per view,
# admin screens, and all URLs.
PER_SHAPE = 2
PER_VIEW = 5
MAX_ADMIN = 40
MAX_URLS = 260

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
# CRAWL_TRACE=/tmp/file writes each URL with the CPU time spent so far (to find slow pages).
TRACE = os.environ.get("CRAWL_TRACE")
# Never followed: leaving (logout), the language switch (a redirect to where one is), and
# links that change something on GET in Wagtail's admin.
SKIPPED = re.compile(r"^/(comptes/logout/|langue/|admin/logout/|django-admin/logout/)|/(unlock|lock|delete)/")
# The parts' named URLs (urlwalk.OUR_NAMESPACES) are all opened; the admin's are reached by the crawl.


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The full demo with its accounts (created only in development: DEBUG on while loading),
    loaded once for the module and rolled back at the end."""
    from django.db import transaction

    from rallynov.accounts.domain import ensure_groups
    from rallynov.core.demo import load_demo

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            ensure_groups()
            with override_settings(DEBUG=True):
                load_demo(log=lambda *args: None)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(base, html):
    parser = Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        parts = urlsplit(urljoin(base, href))
        if parts.scheme not in {"http", "https", ""} or parts.netloc not in {"", "testserver"}:
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def view_of(path):
    """The name of the view that answers `path`; Wagtail's pages are told apart by their first
    segment and depth ("page:initiatives:2")."""
    try:
        match = resolve(path)
    except Resolver404:
        return "404"
    if match.url_name == "wagtail_serve":
        segments = [s for s in path.split("/") if s]
        return f"page:{segments[0] if segments else ''}:{len(segments)}"
    return match.view_name or match._func_path


class Visitor:
    def __init__(self, role, user):
        self.role = role
        self.client = Client()
        if user is not None:
            self.client.force_login(user)
        self.visited = set()
        self.failures = []
        self.kwargs_seen = defaultdict(list)  # view name -> [kwargs]

    def get(self, url):
        self.visited.add(url)
        if TRACE:
            with open(TRACE, "a") as trace:
                trace.write(f"{time.process_time():8.2f} {self.role} {url}\n")
        try:
            response = self.client.get(url)
        except Exception:  # noqa: BLE001 - a crash is what this test looks for: listed, not raised
            lines = traceback.format_exc().strip().splitlines()
            self.failures.append(f"{self.role} GET {url} : exception\n    " + "\n    ".join(lines[-12:]))
            return None
        if response.streaming:
            for closer in response._resource_closers:  # close a download's file, not the connection
                closer()
        if response.status_code >= 500:
            self.failures.append(f"{self.role} GET {url} : {response.status_code}")
        return response

    def crawl(self, starts):
        per_shape, per_view, admin_count = defaultdict(int), defaultdict(int), 0
        queue = deque(starts)
        queued = set(starts)
        while queue and len(self.visited) < MAX_URLS:
            url = queue.popleft()
            path, _, query = url.partition("?")
            view = view_of(path)
            shape = (view, tuple(sorted({k for k, _v in parse_qsl(query, keep_blank_values=True)})))
            is_admin = path.startswith(ADMIN_PREFIXES)
            if (
                per_shape[shape] >= PER_SHAPE
                or per_view[view] >= PER_VIEW
                or (is_admin and admin_count >= MAX_ADMIN)
            ):
                continue
            per_shape[shape] += 1
            per_view[view] += 1
            admin_count += is_admin
            response = self.get(url)
            if view != "404":
                self.remember_kwargs(path)
            if response is None or response.status_code != 200 or response.streaming:
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            for link in links_of(url, response.content.decode("utf-8", "replace")):
                if link not in queued and not SKIPPED.search(link.partition("?")[0]):
                    queued.add(link)
                    queue.append(link)

    def remember_kwargs(self, path):
        match = resolve(path)
        if match.kwargs and match.view_name:
            self.kwargs_seen[match.view_name].append(match.kwargs)


def named_urls():
    """(full name, [keyword argument names]) of the parts' named URL patterns."""

    found = {}
    for name, pattern in named_patterns():
        kwargs = list(pattern.pattern.converters)
        namespace = name.split(":", 1)[0] if ":" in name else ""
        # Root names: ours (health, the trust admin pages…) and allauth's; Wagtail's own admin
        # and Django's are reached by the crawl.
        if namespace in OUR_NAMESPACES or (not namespace and not name.startswith(("wagtail", "admin"))):
            found.setdefault(name, kwargs)
    return sorted(found.items())


def kwargs_candidates(name, needed, seen):
    """Keyword arguments for URL `name`: those the crawl met for it, else those met for other
    URLs of its namespace that have the same names (an event's pk serves its check-in)."""
    if not needed:
        return [{}]
    candidates = list(seen.get(name, []))
    namespace = name.rsplit(":", 1)[0] if ":" in name else ""
    for other, kwargs_list in seen.items():
        if other != name and (other.rsplit(":", 1)[0] if ":" in other else "") == namespace:
            candidates += [{k: kw[k] for k in needed} for kw in kwargs_list if set(needed) <= set(kw)]
    unique = []
    for kwargs in candidates:
        if kwargs not in unique:
            unique.append(kwargs)
    return unique[:2]


def demo_seen_kwargs():
    """Keyword arguments from the demo's records, for URLs no crawl reached."""
    from rallynov.awards.models import Application
    from rallynov.events.models import EventPage
    from rallynov.studies.models import Interview, Survey

    seen = defaultdict(list)
    event = EventPage.objects.live().order_by("pk").first()
    if event:
        seen["events:detail"].append({"pk": event.pk})
    survey = Survey.objects.order_by("pk").first()
    if survey:
        seen["studies:survey_start"].append({"slug": survey.slug})
    interview = Interview.objects.order_by("pk").first()
    if interview:
        seen["studies:interview"].append({"pk": interview.pk})
    application = Application.objects.order_by("pk").first()
    if application:
        seen["awards:application"].append({"pk": application.pk})
    return seen


def visit_named_urls(visitor, seen):
    for name, needed in named_urls():
        for kwargs in kwargs_candidates(name, needed, seen):
            try:
                url = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            if url not in visitor.visited and not SKIPPED.search(url):
                visitor.get(url)


@pytest.fixture(scope="module")
def crawled():
    """Keyword arguments met by every role's crawl, shared with the named-URL pass."""
    return defaultdict(list)


@pytest.mark.parametrize("role", list(DEMO_ROLES))
def test_no_page_offered_to_the_role_answers_a_server_error(demo, crawled, settings, role):
    from rallynov.accounts.models import User

    settings.RATELIMIT_ENABLE = False
    email = DEMO_ROLES[role]
    visitor = Visitor(role, None if email is None else User.objects.get(email=email))
    starts = ["/"] if email is None else ["/compte/", "/"]

    visitor.crawl(starts)
    for name, kwargs_list in visitor.kwargs_seen.items():
        crawled[name] += kwargs_list
    seen = demo_seen_kwargs()
    for name, kwargs_list in crawled.items():
        seen[name] += kwargs_list
    visit_named_urls(visitor, seen)

    print(f"\n{role} : {len(visitor.visited)} URL visitées")
    assert len(visitor.visited) > 30
    assert visitor.failures == [], "\n".join(visitor.failures)
