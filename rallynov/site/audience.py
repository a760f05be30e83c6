"""Audience measurement without cookies and without personal data.

Every successful public HTML page view is counted on the server, in daily aggregates per page
(`PageViewDay`) and per day (`VisitorDay`). A visitor is estimated by a digest of a random salt
that changes every day, the site's host, the browser's User-Agent and the first bytes of its
address (IPv4 /24, IPv6 /48): no address, no cookie and no identifier is ever stored; the day's
digests and salt are deleted when the day is over, so nobody can link two days or go back to a
person. Bots (by User-Agent) and staff are not counted.

The counter must never slow down or break a page: it does a couple of cheap upserts after the
response is built, swallows and logs any error, and a flood from one source is throttled in the
counter (its extra hits are ignored), never turned into an error for the visitor.
"""

import hashlib
import ipaddress
import logging
import re
import secrets
from datetime import timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

logger = logging.getLogger(__name__)

EXCLUDED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/api/",
    "/static/",
    "/media/",
    "/documents/",
    "/comptes/",
    "/compte/",
    "/langue/",
    "/sante/",
    "/favicon",
    "/robots.txt",
)
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|archiver|curl|wget|python|httpx|aiohttp|java/|go-http|okhttp|libwww|perl|ruby|"
    r"headless|phantom|lighthouse|pagespeed|gtmetrix|pingdom|uptime|monitor|check|scan|preview|fetch|feed|"
    r"facebookexternalhit|embedly|whatsapp|telegram|slack|discord|validator|scrapy|axios|node-fetch",
    re.IGNORECASE,
)
# Hits counted per visitor digest and minute before the counter stops counting that source.
FLOOD_LIMIT_PER_MINUTE = 60
_TITLE = re.compile(rb"<title>\s*(.*?)\s*</title>", re.IGNORECASE | re.DOTALL)
_salt_cache = {}


def local_now():
    return timezone.localtime()


def is_bot(user_agent):
    return not user_agent or len(user_agent) < 10 or bool(BOT_PATTERN.search(user_agent))


def should_count(request, response):
    """Only successful, full HTML GET pages of the public site, seen by people who are not staff."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    headers = request.headers
    if headers.get("HX-Request") or headers.get("Purpose") == "prefetch" or headers.get("Sec-Purpose", "").startswith("prefetch"):
        return False
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return False
    return not is_bot(headers.get("User-Agent", ""))


def address_prefix(request):
    """The network part of the client's address: /24 in IPv4, /48 in IPv6 (never stored)."""
    raw = request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return ""
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def daily_salt(day):
    """Today's salt, shared by every worker through the database; older salts are deleted."""
    cached = _salt_cache.get(day)
    if cached:
        return cached
    from rallynov.site.models import DailySalt, VisitorDigest

    salt = DailySalt.objects.filter(day=day).values_list("value", flat=True).first()
    if salt is None:
        try:
            with transaction.atomic():
                salt = DailySalt.objects.create(day=day, value=secrets.token_hex(32)).value
        except IntegrityError:  # another worker created it first
            salt = DailySalt.objects.get(day=day).value
        # The day changed: forget yesterday's salt and digests for good.
        DailySalt.objects.filter(day__lt=day).delete()
        VisitorDigest.objects.filter(day__lt=day).delete()
    _salt_cache.clear()
    _salt_cache[day] = salt
    return salt


def visitor_digest(request, day):
    user_agent = request.headers.get("User-Agent", "")
    material = "|".join([daily_salt(day), request.get_host(), user_agent, address_prefix(request)])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def is_flooding(digest, now):
    """True once a source has gone over FLOOD_LIMIT_PER_MINUTE hits in the current minute."""
    key = f"audience:rate:{digest}:{now:%Y%m%d%H%M}"
    if cache.add(key, 1, timeout=120):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        return False
    if count == FLOOD_LIMIT_PER_MINUTE + 1:
        logger.warning("Mesure d'audience : une source dépasse %s pages par minute, ignorée.", FLOOD_LIMIT_PER_MINUTE)
    return count > FLOOD_LIMIT_PER_MINUTE


def page_title(request, response):
    """The page's <title> without the programme suffix; blank when the URL has a query string,
    whose title may repeat what the visitor typed (a search, for instance)."""
    if request.GET:
        return ""
    match = _TITLE.search(response.content[:4096])
    if not match:
        return ""
    from html import unescape

    title = unescape(match.group(1).decode("utf-8", "replace"))
    return " ".join(title.rsplit(" — ", 1)[0].split())[:255]


def _increment(model, lookup, field, defaults):
    """UPDATE … SET field = field + 1; INSERT when the row does not exist yet (race-safe)."""
    if model.objects.filter(**lookup).update(**{field: F(field) + 1}):
        return
    try:
        with transaction.atomic():
            model.objects.create(**lookup, **defaults, **{field: 1})
    except IntegrityError:
        model.objects.filter(**lookup).update(**{field: F(field) + 1})


def record_view(*, programme, path, title, digest, day):
    """Count one page view, and one visitor when the digest is new today, in one transaction
    (one commit). Side effect: writes `PageViewDay`, `VisitorDay` and today's `VisitorDigest`."""
    from rallynov.site.models import PageViewDay, VisitorDay, VisitorDigest

    with transaction.atomic():
        _increment(PageViewDay, {"programme": programme, "day": day, "path": path[:255]}, "views", {"title": title})
        try:
            with transaction.atomic():
                VisitorDigest.objects.create(day=day, digest=digest)
        except IntegrityError:
            return  # already counted today
        _increment(VisitorDay, {"programme": programme, "day": day}, "visitors", {})


class AudienceMiddleware:
    """Counts public page views (see the module docstring). Put it after AuthenticationMiddleware.

    The cheap part (filters, digest, flood check) runs with the request; the database write is
    deferred until the response has been sent: WSGI servers call `response.close()` after the
    last byte, and Django runs the response's closers there (the same hook it uses to close
    served files). The visitor never waits for the counter."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        try:
            if should_count(request, response):
                self.count(request, response)
        except Exception:  # the counter must never break a page
            logger.exception("Mesure d'audience : page vue non comptée")
        return response

    def count(self, request, response):
        now = local_now()
        day = now.date()
        digest = visitor_digest(request, day)
        if is_flooding(digest, now):
            return
        title = page_title(request, response)

        def write():
            from rallynov.core.queries import programme_for_request

            try:
                programme = programme_for_request(request)
                if programme is not None:
                    record_view(programme=programme, path=request.path, title=title, digest=digest, day=day)
            except Exception:
                logger.exception("Mesure d'audience : page vue non comptée")

        response._resource_closers.append(write)


# --- Reads for the staff report and the figures -------------------------------------------------


def first_year(*, programme, default):
    """The year of the first measured day (the report's year choices start there)."""
    from rallynov.site.models import VisitorDay

    first = VisitorDay.objects.filter(programme=programme).order_by("day").values_list("day", flat=True).first()
    return first.year if first else default


def totals(*, programme, start, end):
    """{"visitors", "page_views"} between two dates, inclusive."""
    from rallynov.site.models import PageViewDay, VisitorDay

    visitors = VisitorDay.objects.filter(programme=programme, day__range=(start, end)).aggregate(n=Sum("visitors"))["n"]
    views = PageViewDay.objects.filter(programme=programme, day__range=(start, end)).aggregate(n=Sum("views"))["n"]
    return {"visitors": visitors or 0, "page_views": views or 0}


def top_pages(*, programme, start, end, limit=20):
    from rallynov.site.models import PageViewDay

    rows = (
        PageViewDay.objects.filter(programme=programme, day__range=(start, end))
        .values("path")
        .annotate(views=Sum("views"))
        .order_by("-views", "path")[:limit]
    )
    rows = list(rows)
    titles = dict(
        PageViewDay.objects.filter(programme=programme, day__range=(start, end), path__in=[r["path"] for r in rows])
        .order_by("day")
        .values_list("path", "title")
    )
    return [{"path": r["path"], "title": titles.get(r["path"]) or r["path"], "views": r["views"]} for r in rows]


def series(*, programme, start, end):
    """[(period start, visitors, page views)] by day for up to 62 days, else by month."""
    from django.db.models.functions import TruncMonth

    from rallynov.site.models import PageViewDay, VisitorDay

    by_month = (end - start).days > 62
    if by_month:
        visitors = dict(
            VisitorDay.objects.filter(programme=programme, day__range=(start, end))
            .annotate(period=TruncMonth("day"))
            .values("period")
            .annotate(n=Sum("visitors"))
            .values_list("period", "n")
        )
        views = dict(
            PageViewDay.objects.filter(programme=programme, day__range=(start, end))
            .annotate(period=TruncMonth("day"))
            .values("period")
            .annotate(n=Sum("views"))
            .values_list("period", "n")
        )
        periods, cursor = [], start.replace(day=1)
        while cursor <= end:
            periods.append(cursor)
            cursor = (cursor + timedelta(days=32)).replace(day=1)
    else:
        visitors = dict(
            VisitorDay.objects.filter(programme=programme, day__range=(start, end)).values_list("day", "visitors")
        )
        views = dict(
            PageViewDay.objects.filter(programme=programme, day__range=(start, end))
            .values("day")
            .annotate(n=Sum("views"))
            .values_list("day", "n")
        )
        periods = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    return by_month, [(p, visitors.get(p, 0), views.get(p, 0)) for p in periods]
