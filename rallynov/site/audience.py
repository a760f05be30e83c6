"""Audience measurement without cookies and without personal data.

Every successful public HTML page view is counted on the server, in daily aggregates per page
(`PageViewDay`) and per day (`VisitorDay`). A visitor is estimated by a digest of a random salt
that changes every day, the site's host, the browser's User-Agent and the first bytes of its
address (IPv4 /24, IPv6 /48): no address, no cookie and no identifier is ever stored; the day's
digests and salt are deleted when the day is over, so nobody can link two days or go back to a
person. Bots (by User-Agent) and staff are not counted.

The counter must never slow down or break a page: a view is added to an in-memory buffer of the
process (no query, no transaction: a few microseconds), and the buffer is written in one short
transaction every `AUDIENCE_BATCH_SIZE` views or `AUDIENCE_FLUSH_SECONDS` seconds (after the
response has been sent), by a background flusher in gunicorn workers, and at a clean shutdown
(`atexit`, and gunicorn's `worker_exit` hook in `gunicorn.conf.py`): no view is lost when a
process stops cleanly. Reads (`totals`, `top_pages`, `series`) flush the process's buffer first;
another worker's pending views reach the database within `AUDIENCE_FLUSH_SECONDS`. Errors are
swallowed and logged, and a flood from one source is throttled in the counter (its extra hits
are ignored), never turned into an error for the visitor.
"""

import atexit
import hashlib
import ipaddress
import logging
import re
import secrets
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
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


def _insert_new_digests(day, digests):
    """Inserts today's digests not seen yet and returns how many were new (one statement per 500:
    INSERT … ON CONFLICT DO NOTHING RETURNING, on SQLite 3.35+ and PostgreSQL), so that two
    workers flushing the same visitor count them once."""
    from rallynov.site.models import VisitorDigest

    table = connection.ops.quote_name(VisitorDigest._meta.db_table)
    new = 0
    digests = sorted(digests)
    with connection.cursor() as cursor:
        for start in range(0, len(digests), 500):
            chunk = digests[start : start + 500]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            params = [p for digest in chunk for p in (day, digest)]
            cursor.execute(
                f"INSERT INTO {table} (day, digest) VALUES {values} ON CONFLICT (day, digest) DO NOTHING RETURNING digest",  # noqa: S608 (table name from the model, values bound)
                params,
            )
            new += len(cursor.fetchall())
    return new


def _add_counts(model, key_columns, rows, field, extra=()):
    """Adds counts in one statement per 500 rows: INSERT … ON CONFLICT (key) DO UPDATE SET
    field = field + excluded.field (SQLite 3.24+ and PostgreSQL). `rows`: [(key values…, extra
    values…, count)]; a new row is not generated demo data."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [*key_columns, *extra, field, "is_generated"]
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    keys = ", ".join(quote(c) for c in key_columns)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608 (names from the model, values bound)
                f"VALUES {', '.join([placeholders] * len(chunk))} "
                f"ON CONFLICT ({keys}) DO UPDATE SET {quote(field)} = {table}.{quote(field)} + excluded.{quote(field)}",
                [value for row in chunk for value in (*row, False)],
            )


def write_views(*, views, digests):
    """Writes a batch in one transaction (one commit). `views`: {(programme_id, day, path): [count,
    title]}; `digests`: {(programme_id, day): {digest, …}}. Side effect: writes `PageViewDay`,
    `VisitorDay` and today's `VisitorDigest`."""
    from rallynov.site.models import PageViewDay, VisitorDay

    with transaction.atomic():
        page_rows = [(pid, day, path, title, count) for (pid, day, path), (count, title) in sorted(views.items())]
        _add_counts(PageViewDay, ["programme_id", "day", "path"], page_rows, "views", extra=["title"])
        visitor_rows = []
        for (programme_id, day), seen in sorted(digests.items()):
            new = _insert_new_digests(day, seen)
            if new:
                visitor_rows.append((programme_id, day, new))
        _add_counts(VisitorDay, ["programme_id", "day"], visitor_rows, "visitors")


def record_view(*, programme, path, title, digest, day):
    """Counts one page view, and one visitor when the digest is new today, right away (in one
    transaction). The middleware buffers instead (`buffer.add`)."""
    write_views(views={(programme.pk, day, path[:255]): [1, title]}, digests={(programme.pk, day): {digest}})


class ViewBuffer:
    """The page views counted by this process and not written yet. Thread-safe; `flush` writes
    them in one transaction and puts them back if the write fails (nothing lost on an error)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._views = {}
        self._digests = {}
        self._count = 0
        self._since = time.monotonic()

    def add(self, *, programme_id, path, title, digest, day):
        """Adds one view; returns True when the batch is due (size or age)."""
        with self._lock:
            if not self._count:
                self._since = time.monotonic()  # the age of a batch is that of its oldest view
            entry = self._views.setdefault((programme_id, day, path[:255]), [0, title])
            entry[0] += 1
            self._digests.setdefault((programme_id, day), set()).add(digest)
            self._count += 1
            return self._due()

    def _due(self):
        batch = getattr(settings, "AUDIENCE_BATCH_SIZE", 100)
        seconds = getattr(settings, "AUDIENCE_FLUSH_SECONDS", 10)
        return self._count >= batch or (self._count and time.monotonic() - self._since >= seconds)

    def pending(self):
        with self._lock:
            return self._count

    def _take(self):
        with self._lock:
            views, digests = self._views, self._digests
            self._views, self._digests, self._count = {}, {}, 0
            self._since = time.monotonic()
            return views, digests

    def _put_back(self, views, digests):
        with self._lock:
            for key, (count, title) in views.items():
                entry = self._views.setdefault(key, [0, title])
                entry[0] += count
                self._count += count
            for key, seen in digests.items():
                self._digests.setdefault(key, set()).update(seen)

    def flush(self):
        """Writes the pending views; returns how many were written."""
        with self._flush_lock:
            views, digests = self._take()
            if not views:
                return 0
            try:
                write_views(views=views, digests=digests)
            except Exception:
                self._put_back(views, digests)
                raise
            return sum(count for count, _title in views.values())

    def discard(self):
        self._take()

    def pending_for(self, *, programme_id, start, end):
        """(views, {(day, digest)}) pending for a programme between two dates, inclusive."""
        with self._lock:
            views = sum(
                count
                for (pid, day, _path), (count, _title) in self._views.items()
                if pid == programme_id and start <= day <= end
            )
            digests = {
                (day, digest)
                for (pid, day), seen in self._digests.items()
                if pid == programme_id and start <= day <= end
                for digest in seen
            }
        return views, digests


buffer = ViewBuffer()


def flush():
    """Writes this process's pending page views (used before reads, at exit and by the flusher);
    never raises: an error is logged and the views stay pending for the next try."""
    try:
        return buffer.flush()
    except Exception:
        logger.exception("Mesure d'audience : pages vues non écrites (nouvel essai plus tard)")
        return 0


def _flush_at_exit():
    if buffer.pending():
        flush()
    from django.db import connections

    connections.close_all()


atexit.register(_flush_at_exit)

_flusher = None


def start_flusher():
    """Starts (once per process) a daemon thread that writes the buffer every
    AUDIENCE_FLUSH_SECONDS, so that a quiet worker's last views do not wait for the next one.
    Called by gunicorn's `post_worker_init` hook (not in tests or commands)."""
    global _flusher
    if _flusher is not None and _flusher.is_alive():
        return _flusher
    seconds = getattr(settings, "AUDIENCE_FLUSH_SECONDS", 10)

    def loop():
        from django.db import close_old_connections

        while True:
            time.sleep(seconds)
            if buffer.pending():
                flush()
                close_old_connections()

    _flusher = threading.Thread(target=loop, name="audience-flusher", daemon=True)
    _flusher.start()
    return _flusher


class AudienceMiddleware:
    """Counts public page views (see the module docstring). Put it after AuthenticationMiddleware.

    The cheap part (filters, digest, flood check, adding to the buffer) runs with the request;
    a due batch is written after the response has been sent: WSGI servers call
    `response.close()` after the last byte, and Django runs the response's closers there (the
    same hook it uses to close served files). The visitor never waits for the counter."""

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
        from rallynov.core.queries import programme_for_request

        now = local_now()
        day = now.date()
        digest = visitor_digest(request, day)
        if is_flooding(digest, now):
            return
        programme = programme_for_request(request)
        if programme is None:
            return
        due = buffer.add(programme_id=programme.pk, path=request.path, title=page_title(request, response), digest=digest, day=day)
        if due:
            response._resource_closers.append(flush)


# --- Reads for the staff report and the figures -------------------------------------------------


def first_year(*, programme, default):
    """The year of the first measured day (the report's year choices start there)."""
    from rallynov.site.models import VisitorDay

    flush()

    first = VisitorDay.objects.filter(programme=programme).order_by("day").values_list("day", flat=True).first()
    return first.year if first else default


def totals(*, programme, start, end):
    """{"visitors", "page_views"} between two dates, inclusive: what is written plus this
    process's pending views (never stale), without writing (the home page shows these figures
    and reads them at every view)."""
    from rallynov.site.models import PageViewDay, VisitorDay, VisitorDigest

    visitors = VisitorDay.objects.filter(programme=programme, day__range=(start, end)).aggregate(n=Sum("visitors"))["n"]
    views = PageViewDay.objects.filter(programme=programme, day__range=(start, end)).aggregate(n=Sum("views"))["n"]
    pending_views, pending_digests = buffer.pending_for(programme_id=programme.pk, start=start, end=end)
    new_visitors = 0
    for day in {day for day, _digest in pending_digests}:
        seen = {digest for d, digest in pending_digests if d == day}
        known = VisitorDigest.objects.filter(day=day, digest__in=seen).count()
        new_visitors += len(seen) - known
    return {"visitors": (visitors or 0) + new_visitors, "page_views": (views or 0) + pending_views}


def top_pages(*, programme, start, end, limit=20):
    from rallynov.site.models import PageViewDay

    flush()

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

    flush()
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
