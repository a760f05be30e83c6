"""Load and fault test of rallynov behind gunicorn on PostgreSQL (loopback only, bounded in time).

The full run (about 7 minutes on a quiet 2-core machine; the first one builds the template
database, about 3 minutes more):

    .venv/bin/python benchmarks/load_test.py \
        --database-url postgres://postgres@127.0.0.1:5433/rallynov_load \
        --restart-command "pg_ctlcluster 15 trust restart" \
        --users 200 --duration 120 --restart-at 60 --prepare --import-kill

It needs its own PostgreSQL cluster, so that restarting it disturbs no other database:
`pg_createcluster 15 trust -p 5433 --start -- --auth=trust` (as root, once).

N simulated visitors (threads, standard library only) browse the catalogue, register for an event
and answer a survey for D seconds, each reading every page for a few seconds (think time, see
--think) as people do. The server is gunicorn with the repository's gunicorn.conf.py, DEBUG=false,
the production settings (page cache, persistent connections). Optionally the database is
restarted in the middle, and an import is killed half-way. Then the database is checked:
  - no server error: any 500 is one, and so is a 503 outside the database outage window (a 503
    « Service momentanément indisponible » inside it is a clean failure),
  - no overbooking (confirmed + offered registrations <= capacity, for every event),
  - no lost answer (every registration and completed survey the server acknowledged is stored,
    including those acknowledged before the restart),
  - the killed import left the database as before or as after, never in between.
Writes benchmarks/results/load.md. Rate limits are switched off on the server under test: all
simulated users come from 127.0.0.1.

--prepare builds a template database once (`<name>_template`: migrate, demo, collectstatic) and
recreates the test database from it at every run (a few seconds): each run starts from the same
data. --rebuild-template builds the template again (after new migrations or demo changes).
"""

import argparse
import html.parser
import json
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
WORDS = [
    "semaine",
    "quatre jours",
    "epicerie",
    "covoiturage",
    "inclusion",
    "handicap",
    "insertion",
    "mobilite",
    "circuit court",
    "conditions de travail",
    "Besançon",
    "Dijon",
    "cooperative",
    "soins",
    "environnement",
]
REQUEST_TIMEOUT = 20
# Visitors' browsers: the audience counter counts them (a bot's User-Agent would not be), so the
# test pays for the page-view counting as real visits do. One version number per visitor.
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:{n}.0) Gecko/20100101 Firefox/{n}.0"


# --- A tiny browser -------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies kept by hand (the server marks them Secure; we talk plain HTTP on loopback)."""

    opener = urllib.request.build_opener(NoRedirect)

    def __init__(self, base, stats, *, user_agent, rng, think, deadline):
        self.base = base
        self.cookies = {}
        self.stats = stats
        self.user_agent = user_agent
        self.rng = rng
        self.think_range = think
        self.deadline = deadline

    def think(self, factor=1.0):
        """Read the page (or fill the form) before the next click; False once the run is over."""
        low, high = self.think_range
        pause = self.rng.uniform(low, high) * factor
        remaining = self.deadline - time.monotonic()
        if remaining <= pause:
            time.sleep(max(0.0, remaining))
            return False
        time.sleep(pause)
        return True

    def request(self, method, path, data=None, *, label, follow=True, referer=None):
        url = path if path.startswith("http") else self.base + path
        for _ in range(5):
            if urllib.parse.urlparse(url).hostname not in {"127.0.0.1", "localhost"}:
                # Loopback only: never follow a form or a redirect off this machine.
                self.stats.record(label, None, 0, error="hors boucle locale")
                return None, "", url
            body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
            request = urllib.request.Request(url, data=body, method=method)  # noqa: S310 - loopback checked above
            if self.cookies:
                request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
            request.add_header("Referer", referer or self.base + "/")
            request.add_header("User-Agent", self.user_agent)
            request.add_header("Accept-Language", "fr-FR,fr;q=0.9")
            if body is not None:
                request.add_header("Content-Type", "application/x-www-form-urlencoded")
            started = time.monotonic()
            try:
                response = self.opener.open(request, timeout=REQUEST_TIMEOUT)
                status, headers, content = response.status, response.headers, response.read()
            except urllib.error.HTTPError as exc:
                status, headers, content = exc.code, exc.headers, exc.read()
            except Exception as exc:  # noqa: BLE001 - connection refused, timeout: counted, not raised
                self.stats.record(label, None, time.monotonic() - started, error=type(exc).__name__)
                return None, "", url
            self.stats.record(label, status, time.monotonic() - started)
            for header in headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            if status in (301, 302, 303) and follow:
                url = urllib.parse.urljoin(url, headers["Location"])
                method, data = "GET", None
                continue
            return status, content.decode("utf-8", "replace"), url
        return status, "", url


class FormParser(html.parser.HTMLParser):
    """The forms of a page: action, method and fields (first choice for radios and selects)."""

    def __init__(self):
        super().__init__()
        self.forms, self.form, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = {
                "action": a.get("action") or "",
                "method": (a.get("method") or "get").lower(),
                "fields": {},
                "radios": {},
                "required_checks": set(),
                "checks": {},
            }
            self.forms.append(self.form)
        if self.form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if a.get("inputmode") in {"numeric", "decimal"}:
                kind = "number"
            if kind == "radio":
                self.form["radios"].setdefault(name, a.get("value", "on"))
            elif kind == "checkbox":
                self.form["checks"].setdefault(name, a.get("value", "on"))
                if "required" in a:
                    self.form["required_checks"].add(name)
            elif kind not in ("submit", "button", "file", "image", "reset"):
                default = a.get("value") or (a.get("min") or a.get("max") or "" if kind == "number" else "")
                self.form["fields"][name] = (kind, default)
        elif tag == "select" and name:
            self.select = name
            self.form["fields"].setdefault(name, ("select", []))
        elif tag == "option" and self.select:
            if a.get("value"):
                self.form["fields"][self.select][1].append(a.get("value"))
        elif tag == "textarea" and name:
            self.form["fields"][name] = ("textarea", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def fill(form, *, email):
    data = {}
    ranks = Counter()  # selects of one ranking question ("q__a", "q__b") get different ranks
    for name, (kind, value) in form["fields"].items():
        if kind == "select":
            prefix = name.split("__", 1)[0]
            data[name] = value[ranks[prefix] % len(value)] if value else ""
            ranks[prefix] += 1
            continue
        lowered = name.lower()
        if kind == "hidden":
            data[name] = value
        elif "postal" in lowered:
            data[name] = "25000"
        elif kind == "email" or "email" in lowered or "courriel" in lowered:
            data[name] = email
        elif kind == "number":
            data[name] = value or "35"
        elif kind == "date":
            data[name] = value or "2024-01-15"
        elif kind == "textarea":
            data[name] = "Réponse d'un test de charge."
        elif "phone" in lowered or "telephone" in lowered:
            data[name] = "0381000000"
        elif "postal" in lowered:
            data[name] = "25000"
        else:
            data[name] = value or "Testeur"
    data.update(form["radios"])
    # Check consent boxes and the first choice of each multiple-choice question.
    data.update(form["checks"])
    return data


def forms_of(page):
    parser = FormParser()
    parser.feed(page or "")
    return [f for f in parser.forms if f["method"] == "post"]


# --- Statistics ------------------------------------------------------------------------------------


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.rows = []  # (time, label, status, seconds, error)
        self.registrations = []  # (time, token) acknowledged by the server
        self.surveys = []  # (time, response token) that reached the thanks page
        self.health = []  # (time, status of /sante/)
        self.skipped = Counter()

    def record(self, label, status, seconds, error=""):
        with self.lock:
            self.rows.append((time.monotonic(), label, status, seconds, error))


# --- Scenarios -------------------------------------------------------------------------------------


def browse(browser, targets):
    browser.request("GET", "/", label="accueil")
    if targets["catalogue"] and browser.think():
        query = urllib.parse.urlencode({"q": browser.rng.choice(WORDS)})
        status, page, _ = browser.request("GET", f"{targets['catalogue']}?{query}", label="catalogue ?q=")
        links = [
            link
            for link in re.findall(r'href="(' + re.escape(targets["catalogue"]) + r'[^"?#]+/)"', page or "")
            if not re.search(r"/(signaler|carte)/", link)
        ]
        if links and browser.think():
            browser.request("GET", browser.rng.choice(links), label="fiche initiative")
    if not browser.think():
        return
    # What a page's script or a reuser of the open data asks for.
    browser.request(
        "GET",
        "/api/v1/initiatives?" + urllib.parse.urlencode({"q": browser.rng.choice(WORDS)}),
        label="API initiatives",
    )
    if browser.think():
        browser.request("GET", browser.rng.choice(targets["pages"]), label="pages")


def register(browser, targets, stats, n):
    event_url = browser.rng.choice(targets["events"])
    status, page, url = browser.request("GET", event_url, label="inscription (formulaire)")
    forms = [f for f in forms_of(page) if "inscription" in (f["action"] or url)]
    if status != 200 or not forms or not browser.think(FORM_FACTOR):
        return
    form = forms[0]
    email = f"charge-{n}-{secrets.token_hex(4)}@example.org"
    action = urllib.parse.urljoin(url, form["action"] or url)
    status, page, final = browser.request(
        "POST", action, fill(form, email=email), label="inscription (envoi)", referer=url
    )
    match = re.search(r"/evenements/inscription/([\w-]+)/", final or "")
    if status == 200 and match:
        with stats.lock:
            stats.registrations.append((time.monotonic(), match.group(1)))


def answer_survey(browser, targets, stats, n):
    start = browser.rng.choice(targets["surveys"])
    status, page, url = browser.request("GET", start, label="enquête (début)")
    for _ in range(12):  # pages of the questionnaire, bounded
        if status != 200:
            return
        match = re.search(r"/enquetes/reponse/([\w-]+)/merci/", url)
        if match:
            with stats.lock:
                stats.surveys.append((time.monotonic(), match.group(1)))
            return
        forms = forms_of(page)
        if not forms or not browser.think(FORM_FACTOR):
            return
        form = forms[-1]
        data = fill(form, email=f"repondant-{n}@example.org")
        data["action"] = "next"
        action = urllib.parse.urljoin(url, form["action"] or url)
        status, page, url = browser.request("POST", action, data, label="enquête (page)", referer=url)


# Filling in a form page takes longer than reading a page.
FORM_FACTOR = 2.0


def user_loop(index, base, targets, stats, deadline, args):
    rng = random.Random(index)
    browser = Browser(
        base,
        stats,
        user_agent=USER_AGENT.format(n=100 + index),
        rng=rng,
        think=(args.think_min, args.think_max),
        deadline=deadline,
    )
    # Visitors arrive over the first reading time, not all in the same second.
    time.sleep(rng.uniform(0, args.think_max))
    count = 0
    while time.monotonic() < deadline and count < args.max_visits_per_user:
        roll = rng.random()
        try:
            if roll < 0.6 or not (targets["events"] or targets["surveys"]):
                browse(browser, targets)
            elif roll < 0.8 and targets["events"]:
                register(browser, targets, stats, f"{index}-{count}")
            elif targets["surveys"]:
                answer_survey(browser, targets, stats, f"{index}-{count}")
            else:
                browse(browser, targets)
        except Exception as exc:  # noqa: BLE001 - a client bug must not stop the run; it is counted
            stats.record("client", None, 0, error=f"{type(exc).__name__}: {exc}"[:80])
        count += 1
        if not browser.think():
            break


def monitor_health(base, stats, deadline, period=0.5):
    """Poll /sante/ (it always reads the database) to see when the site loses and gets back its
    database; not counted with the visitors' requests."""
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(base + "/sante/", timeout=5) as response:  # noqa: S310 - loopback only
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except Exception:  # noqa: BLE001 - refused or timed out: no answer
            status = None
        with stats.lock:
            stats.health.append((started, status))
        time.sleep(max(0.0, period - (time.monotonic() - started)))


# --- Server and database --------------------------------------------------------------------------


def server_env(args):
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "rallynov.settings"
    env.update(
        DATABASE_URL=args.database_url,
        DEBUG="false",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{args.port}",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        RATELIMIT_ENABLE="false",
        STATIC_ROOT=args.static_root,
        MEDIA_ROOT=str(Path(args.static_root).parent / "media"),
        PRIVATE_MEDIA_ROOT=str(Path(args.static_root).parent / "private"),
        EMAIL_URL="dummy://",
        LOG_LEVEL="ERROR",
    )
    return env


def manage(args, *command, check=True, timeout=900):
    result = subprocess.run(  # noqa: S603 - our own interpreter and commands
        [str(PYTHON), "-m", "rallynov", *command],
        cwd=ROOT,
        env=server_env(args),
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise SystemExit(f"rallynov {' '.join(command)} a échoué :\n{result.stderr[-3000:]}")
    return result


def django_json(args, code, *argv):
    """Run Django code in a subprocess against the database under test; returns its JSON output."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and commands
        [str(PYTHON), "-c", "import django, json; django.setup()\n" + code, *argv],
        cwd=ROOT,
        env=server_env(args),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def admin_connection(args):
    import psycopg

    parsed = urllib.parse.urlparse(args.database_url)
    return psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True)


def database_names(args):
    name = urllib.parse.urlparse(args.database_url).path.lstrip("/")
    return name, f"{name}_template"


def prepare(args):
    """Build the template database once (migrate, demo), then recreate the test database from it."""
    name, template = database_names(args)
    with admin_connection(args) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        if args.rebuild_template or not exists:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
            built = True
        else:
            built = False
    if built:
        print("migrate…", flush=True)
        manage(args, "migrate", "--noinput", "-v", "0")
        print("demo…", flush=True)
        manage(args, "demo")
        with admin_connection(args) as conn:
            conn.execute(f'CREATE DATABASE "{template}" TEMPLATE "{name}"')
    else:
        with admin_connection(args) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        print("migrate (migrations plus récentes que le modèle)…", flush=True)
        manage(args, "migrate", "--noinput", "-v", "0")
    print("collectstatic…", flush=True)
    collectstatic(args)


def collectstatic(args):
    # The production storage (see rallynov.core.staticfiles) needs its manifest.
    manage(args, "collectstatic", "--noinput", "-v", "0")


# The demo's events and surveys are in the past: open one of each for the test (this database only).
OPEN_TARGETS = r"""
import sys
from datetime import timedelta
from django.utils import timezone
out = {}
now = timezone.now()
try:
    from rallynov.events.models import EventPage
    event = EventPage.objects.order_by("-starts_at").first()
    if event is not None:
        event.registration_enabled = True
        event.registration_opens_at = None
        event.registration_closes_at = None
        event.starts_at = now + timedelta(days=30)
        event.ends_at = now + timedelta(days=30, hours=8)
        event.capacity = int(sys.argv[1])
        event.live = True
        event.save()
        out["event"] = [event.pk, event.title, event.capacity]
except Exception as exc:
    out["event_error"] = repr(exc)
try:
    from rallynov.studies.models import Survey
    survey = Survey.objects.order_by("-pk").first()
    if survey is not None:
        survey.opens_at = None
        survey.closes_at = now + timedelta(days=30)
        survey.public_link = True
        survey.save()
        out["survey"] = [survey.slug]
except Exception as exc:
    out["survey_error"] = repr(exc)
print(json.dumps(out))
"""

DISCOVER = r"""
from django.urls import reverse, NoReverseMatch
from django.utils import timezone
out = {"catalogue": "", "events": [], "surveys": [], "pages": ["/"]}
for name in ("initiatives:catalogue", "events:index", "studies:index", "reporting:figures", "partners:index", "site:news"):
    try:
        url = reverse(name)
    except NoReverseMatch:
        continue
    if name == "initiatives:catalogue":
        out["catalogue"] = url
    out["pages"].append(url)
try:
    from rallynov.events.models import EventPage
    for event in EventPage.objects.live().filter(capacity__gt=0):
        if event.registration_state() == "open":
            out["events"].append(reverse("events:register", args=[event.pk]))
except Exception as exc:
    out["events_error"] = str(exc)
try:
    from rallynov.studies.models import Survey
    for survey in Survey.objects.all():
        if survey.is_open() and getattr(survey, "public_link", True):
            out["surveys"].append(reverse("studies:survey_start", args=[survey.slug]))
except Exception as exc:
    out["surveys_error"] = str(exc)
print(json.dumps(out))
"""

CHECK = r"""
import sys
acknowledged = json.loads(sys.argv[1])
out = {}
try:
    from rallynov.events.enums import HOLDING_STATUSES
    from rallynov.events.models import EventPage, Registration
    over = []
    for event in EventPage.objects.filter(capacity__gt=0):
        held = Registration.objects.filter(event=event, status__in=HOLDING_STATUSES).count()
        if held > event.capacity:
            over.append([event.title, held, event.capacity])
    out["overbooked"] = over
    out["registrations_total"] = Registration.objects.count()
    if acknowledged.get("event"):
        event = EventPage.objects.get(pk=acknowledged["event"])
        mine = Registration.objects.filter(event=event)
        out["test_event"] = {
            "capacity": event.capacity,
            "holding": mine.filter(status__in=HOLDING_STATUSES).count(),
            "registrations": mine.count(),
        }
    tokens = acknowledged["registrations"]
    stored = set(Registration.objects.filter(token__in=tokens).values_list("token", flat=True))
    out["registrations_missing"] = sorted(set(tokens) - stored)
except Exception as exc:
    out["events_error"] = repr(exc)
try:
    from rallynov.studies.models import Response
    tokens = acknowledged["surveys"]
    done = set(
        Response.objects.filter(token__in=tokens, completed_at__isnull=False, answers__isnull=False)
        .values_list("token", flat=True)
    )
    out["surveys_missing"] = sorted(set(tokens) - done)
except Exception as exc:
    out["lost_check_error"] = repr(exc)
print(json.dumps(out))
"""


def check_database(args, stats):
    acknowledged = {
        "registrations": [token for _, token in stats.registrations],
        "surveys": [token for _, token in stats.surveys],
        "event": args.event_pk,
    }
    try:
        return django_json(args, CHECK, json.dumps(acknowledged))
    except subprocess.CalledProcessError as exc:
        return {"lost_check_error": exc.stderr[-500:]}


def start_server(args):
    command = [str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py"), "-b", f"127.0.0.1:{args.port}"]
    if args.workers:
        command += ["-w", str(args.workers)]
    if args.threads:
        command += ["--threads", str(args.threads)]
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and commands
        [*command, "rallynov.wsgi"],
        cwd=ROOT,
        env=server_env(args),
        stdout=subprocess.DEVNULL,
        stderr=open(args.server_log, "w"),  # noqa: SIM115 - closed with the process
        start_new_session=True,
    )
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/sante/", timeout=2)  # noqa: S310 - loopback only
            return server
        except Exception:  # noqa: BLE001 - not up yet
            if server.poll() is not None:
                break
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit("gunicorn n'a pas démarré : voir " + args.server_log)


def server_cpu_seconds(server):
    """User + system CPU seconds of the gunicorn arbiter and its current workers (Linux /proc)."""
    pids = [server.pid]
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        pids += [int(pid) for pid in children]
    except OSError:
        pass
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def server_config(args):
    """Processes and threads the server ran with (gunicorn.conf.py unless overridden)."""
    import runpy

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    return args.workers or config["workers"], args.threads or config["threads"]


# --- Import killed half-way ------------------------------------------------------------------------


COUNT = r"""
from wagtail.models import Page
from rallynov.core.models import AuditEntry
from rallynov.initiatives.models import InitiativePage
from rallynov.organizations.models import Organization
print(json.dumps({
    "initiatives": InitiativePage.objects.count(),
    "pages": Page.objects.count(),
    "organizations": Organization.objects.count(),
    "audit_entries": AuditEntry.objects.count(),
}))
"""
# A table the import writes to; its lock shows the import's transaction has started writing.
WRITE_LOCK = """
SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
WHERE l.granted AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()
  AND c.relname IN ('wagtailcore_page', 'initiatives_initiativepage', 'organizations_organization')
"""


def import_kill(args, rows=1000):
    """Import `rows` new initiatives; SIGKILL the import once its transaction has been writing
    for a moment; compare the database with before; then import again to completion ("after")."""
    if not (ROOT / "rallynov/initiatives/management/commands/import_initiatives.py").exists():
        return {"skipped": "pas de commande import_initiatives"}
    import psycopg

    path = Path(args.static_root).parent / "load-import.csv"
    communes = ["25056", "21231", "39198", "70550", "90010", "71270", "58194", "89024"]
    lines = ["name;organization;organization_kind;commune_insee;themes;year;summary"]
    run = secrets.token_hex(3)
    for i in range(rows):
        lines.append(
            f"Initiative de charge {run}-{i};Structure de charge {run}-{i % 50};association;"
            f"{communes[i % len(communes)]};Mobilité;2024;Résumé {i}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = django_json(args, COUNT)
    started = time.monotonic()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and commands
        [str(PYTHON), "-m", "rallynov", "import-initiatives", str(path)],
        cwd=ROOT,
        env=server_env(args),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    writing_since = None
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        while process.poll() is None and time.monotonic() - started < 300:
            if conn.execute(WRITE_LOCK).fetchone()[0]:
                writing_since = time.monotonic()
                break
            time.sleep(0.05)
    if writing_since is not None:
        # Half-way through the writes, give or take: a random moment in the next second.
        time.sleep(random.uniform(0.2, 1.0))
    finished_before_kill = process.poll() is not None
    killed_at = time.monotonic()
    process.kill()
    process.wait()
    middle = django_json(args, COUNT)
    full_started = time.monotonic()
    manage(args, "import-initiatives", str(path), timeout=1200)
    full_seconds = time.monotonic() - full_started
    after = django_json(args, COUNT)
    return {
        "rows": rows,
        "killed_after_start_s": round(killed_at - started, 1),
        "killed_after_first_write_s": round(killed_at - writing_since, 1) if writing_since else None,
        "finished_before_kill": finished_before_kill,
        "full_import_s": round(full_seconds, 1),
        "before": before,
        "after_kill": middle,
        "after_full_import": after,
        "consistent": middle in (before, after),
    }


# --- Main ------------------------------------------------------------------------------------------


def percentile(values, q):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main(argv=None):
    run_started = time.monotonic()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url",
        required=True,
        help="PostgreSQL base dédiée au test (elle est recréée avec --prepare).",
    )
    parser.add_argument(
        "--restart-command",
        default="",
        help="Commande qui redémarre CE serveur PostgreSQL (ex. « pg_ctlcluster 15 trust restart »).",
    )
    parser.add_argument(
        "--restart-at",
        type=float,
        default=0,
        help="Secondes après le début où redémarrer la base (0 : jamais).",
    )
    parser.add_argument(
        "--outage-grace",
        type=float,
        default=10,
        help="Secondes après la fin du redémarrage comptées dans la panne (requêtes en cours).",
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(2.0, 8.0),
        metavar=("MIN", "MAX"),
        help="Temps de lecture d'une page, en secondes, tiré au hasard entre MIN et MAX (×2 pour un formulaire).",
    )
    parser.add_argument("--max-visits-per-user", type=int, default=100)
    parser.add_argument(
        "--capacity", type=int, default=0, help="Places de l'événement du test (défaut : un visiteur sur sept)."
    )
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--workers", type=int, default=0, help="Processus gunicorn (défaut : gunicorn.conf.py).")
    parser.add_argument("--threads", type=int, default=0, help="Fils par processus (défaut : gunicorn.conf.py).")
    parser.add_argument(
        "--prepare",
        action="store_true",
        help="Recréer la base depuis son modèle (construit au premier passage : migrate, demo), collectstatic.",
    )
    parser.add_argument("--rebuild-template", action="store_true", help="Reconstruire le modèle de la base.")
    parser.add_argument(
        "--import-kill", action="store_true", help="Tuer une importation à mi-chemin et vérifier la base."
    )
    parser.add_argument("--static-root", default="/tmp/rallynov-load/static")  # noqa: S108 - test-only scratch space
    parser.add_argument("--server-log", default="/tmp/rallynov-load/gunicorn.log")  # noqa: S108 - test-only scratch space
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "results" / "load.md"))
    args = parser.parse_args(argv)
    args.think_min, args.think_max = sorted(args.think)
    if args.users > 300 or args.duration > 600 or args.think_max > 60:
        raise SystemExit("Bornes : 300 utilisateurs, 600 secondes et 60 secondes de lecture au plus.")
    if urllib.parse.urlparse(args.database_url).hostname not in {"127.0.0.1", "localhost"}:
        raise SystemExit("Boucle locale seulement : la base doit être sur 127.0.0.1.")
    Path(args.static_root).mkdir(parents=True, exist_ok=True)
    Path(args.server_log).parent.mkdir(parents=True, exist_ok=True)
    if args.prepare or args.rebuild_template:
        prepare(args)
    elif not (Path(args.static_root) / "staticfiles.json").exists():
        collectstatic(args)
    # Fewer places than visitors who will ask for one: the waiting list and the lock on the last
    # places are exercised at every size.
    args.capacity = args.capacity or max(5, args.users // 7)
    opened = django_json(args, OPEN_TARGETS, str(args.capacity))
    args.event_pk = (opened.get("event") or [None])[0]
    print("Cibles ouvertes pour le test :", opened, flush=True)
    targets = django_json(args, DISCOVER)
    for kind in ("events", "surveys"):
        if not targets[kind]:
            print(
                f"Scénario {kind} ignoré : {targets.get(kind + '_error', 'aucune cible ouverte dans la démo')}"
            )
    server = start_server(args)
    cpu_before = server_cpu_seconds(server)
    stats = Stats()
    restart = {}
    load = {"start": loadavg()}
    base = f"http://127.0.0.1:{args.port}"
    print(f"{args.users} visiteurs pendant {args.duration:g} s…", flush=True)
    try:
        started = time.monotonic()
        deadline = started + args.duration
        threads = [
            threading.Thread(target=user_loop, args=(i, base, targets, stats, deadline, args), daemon=True)
            for i in range(args.users)
        ]
        threads.append(threading.Thread(target=monitor_health, args=(base, stats, deadline), daemon=True))
        for thread in threads:
            thread.start()
        if args.restart_at and args.restart_command:
            time.sleep(max(0, started + args.restart_at - time.monotonic()))
            print("redémarrage de la base…", flush=True)
            restart["start"] = time.monotonic()
            subprocess.run(args.restart_command, shell=True, check=True, timeout=120)  # noqa: S602 - operator's own command
            restart["end"] = time.monotonic()
        # Visitors stop at the deadline; a request still running ends within its time-out.
        end = deadline + REQUEST_TIMEOUT + 5
        for thread in threads:
            thread.join(timeout=max(0.1, end - time.monotonic()))
        elapsed = time.monotonic() - started
        load["end"] = loadavg()
        # CPU time of gunicorn and its workers during the test (start-up excluded): less
        # sensitive to the machine's load than latencies.
        load["server_cpu"] = server_cpu_seconds(server) - cpu_before
    finally:
        stop_server(server)
    checks = check_database(args, stats)
    kill = None
    if args.import_kill:
        print("import tué à mi-chemin…", flush=True)
        kill = import_kill(args)
    outcome = summarise(args, targets, stats, restart, elapsed, checks, kill, load, time.monotonic() - run_started)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(outcome["report"], encoding="utf-8")
    print(outcome["report"])
    return 0 if outcome["passed"] else 1


def loadavg():
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def summarise(args, targets, stats, restart, elapsed, checks, kill, load, total):
    rows = stats.rows
    if restart:
        window = (restart["start"], restart["end"] + args.outage_grace)
    else:
        window = (float("inf"), float("-inf"))

    def in_window(t):
        return window[0] <= t <= window[1]

    clean = [r for r in rows if r[2] == 503 and in_window(r[0])]
    server_errors = [r for r in rows if r[2] is not None and r[2] >= 500 and not (r[2] == 503 and in_window(r[0]))]
    unanswered = [r for r in rows if r[2] is None and not in_window(r[0])]
    unanswered_outage = [r for r in rows if r[2] is None and in_window(r[0])]
    latencies = [r[3] for r in rows if r[2] is not None]
    by_label = Counter(r[1] for r in rows)
    lost_registrations = checks.get("registrations_missing")
    lost_surveys = checks.get("surveys_missing")
    overbooked = checks.get("overbooked")
    workers, threads = server_config(args)

    def count(value):
        return "non vérifié" if value is None else str(len(value))

    command = (
        f"benchmarks/load_test.py --users {args.users} --duration {args.duration:g}"
        f"{f' --restart-at {args.restart_at:g}' if restart else ''}{' --import-kill' if kill else ''}"
    )
    lines = [
        "## Test de charge et de pannes",
        "",
        f"Date : {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} — `{command}` — durée totale du passage "
        f"{total / 60:.1f} min. Charge de la machine (/proc/loadavg, 1 min) : {load['start']} au début, "
        f"{load.get('end', '?')} à la fin du test.",
        f"Serveur : gunicorn ({ROOT.name}/gunicorn.conf.py) {workers} processus × {threads} fils, PostgreSQL local, "
        f"DEBUG=false, cache des pages publiques anonymes, machine à {os.cpu_count()} cœurs partagée avec le "
        "générateur de charge.",
        f"Visiteurs : chacun lit chaque page {args.think_min:g} à {args.think_max:g} s (tirage uniforme, "
        f"×{FORM_FACTOR:g} pour remplir un formulaire) ; 60 % des visites parcourent le catalogue, 20 % "
        "s'inscrivent à un événement, 20 % répondent à une enquête.",
        "",
        "| mesure | valeur |",
        "| --- | --- |",
        f"| visiteurs simultanés | {args.users} |",
        f"| durée | {elapsed:.0f} s |",
        f"| requêtes | {len(rows)} ({len(rows) / elapsed:.1f}/s) |",
        f"| erreurs serveur (500, ou 503 hors panne) | {len(server_errors)} |",
        f"| requêtes sans réponse en {REQUEST_TIMEOUT} s hors panne | {len(unanswered)} |",
        f"| latence médiane | {statistics.median(latencies) * 1000 if latencies else 0:.0f} ms |",
        f"| latence 95e centile | {percentile(latencies, 0.95) * 1000:.0f} ms |",
        f"| latence 99e centile | {percentile(latencies, 0.99) * 1000:.0f} ms |",
        f"| temps CPU du serveur (gunicorn) | {load.get('server_cpu', 0):.0f} s, "
        f"{load.get('server_cpu', 0) * 1000 / max(len(rows), 1):.0f} ms par requête |",
        f"| inscriptions acquittées par le serveur (place ou liste d'attente) | {len(stats.registrations)} |",
        f"| questionnaires terminés | {len(stats.surveys)} |",
        f"| événements en surréservation | {count(overbooked)} |",
        f"| inscriptions perdues | {count(lost_registrations)} |",
        f"| réponses perdues | {count(lost_surveys)} |",
        "",
        "| parcours | requêtes | médiane | 95e centile |",
        "| --- | --- | --- | --- |",
        *(
            f"| {label} | {n} | {statistics.median(times) * 1000:.0f} ms | {percentile(times, 0.95) * 1000:.0f} ms |"
            for label, n in sorted(by_label.items())
            if (times := [r[3] for r in rows if r[1] == label and r[2] is not None])
        ),
        "",
        "Statuts : " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(str(r[2]) for r in rows).items())),
    ]
    if "test_event" in checks:
        event = checks["test_event"]
        lines += [
            "",
            f"Événement du test : {event['capacity']} places, {event['registrations']} inscriptions enregistrées dont "
            f"{event['holding']} tiennent une place (confirmées ou proposées), les autres en liste d'attente ou annulées.",
        ]
    if restart:
        statuses = Counter(str(r[2]) if r[2] is not None else (r[4] or "sans réponse") for r in rows if in_window(r[0]))
        health = sorted(stats.health)
        down = [t for t, status in health if t >= restart["start"] and status != 200]
        back = [t for t, status in health if down and t > down[0] and status == 200]
        before = [token for t, token in stats.registrations + stats.surveys if t < restart["start"]]
        lost = set(lost_registrations or []) | set(lost_surveys or [])
        lines += [
            "",
            "### Base de données redémarrée pendant le test",
            "",
            f"Redémarrage à t = {args.restart_at:g} s (`{args.restart_command}`), {restart['end'] - restart['start']:.1f} s ; "
            f"panne comptée jusqu'à {args.outage_grace:g} s après. Requêtes dans cette fenêtre : "
            f"{sum(statuses.values())} — " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())) + ".",
            f"Échecs propres (503 « Service momentanément indisponible », Retry-After) : {len(clean)} ; "
            f"sans réponse pendant la panne : {len(unanswered_outage)} ; 500 pendant la panne : "
            f"{sum(1 for r in rows if r[2] == 500 and in_window(r[0]))}.",
            (
                f"Sonde /sante/ (toutes les 0,5 s) : première erreur {down[0] - restart['start']:.1f} s après le début "
                f"du redémarrage, de nouveau 200 {back[0] - restart['start']:.1f} s après ce début, sans intervention "
                f"(la commande de redémarrage a rendu la main après {restart['end'] - restart['start']:.1f} s)."
                if down and back
                else "Sonde /sante/ : " + ("aucune erreur vue." if not down else "jamais revenue à 200 !")
            ),
            f"Données validées avant le redémarrage (inscriptions et questionnaires acquittés) : {len(before)}, "
            f"perdues : {len(lost & set(before))}.",
        ]
    if kill:
        lines += [
            "",
            "### Import tué à mi-chemin (SIGKILL)",
            "",
            "```",
            json.dumps(kill, indent=2, ensure_ascii=False),
            "```",
        ]
    for key in ("events_error", "lost_check_error"):
        if key in checks:
            lines += ["", f"Vérification incomplète ({key}) : {checks[key]}"]
    if overbooked:
        lines += ["", f"Surréservation : {overbooked}"]
    skipped = [k for k in ("events", "surveys") if not targets[k]]
    if skipped:
        lines += ["", "Scénarios ignorés (partie absente ou sans cible ouverte) : " + ", ".join(skipped)]
    if server_errors:
        examples = Counter(f"{r[1]} {r[2]}" for r in server_errors)
        lines += ["", "Erreurs serveur par parcours : " + ", ".join(f"{k} × {v}" for k, v in examples.most_common(10))]
    passed = (
        not server_errors
        and not unanswered
        and overbooked == []
        and lost_registrations == []
        and lost_surveys == []
        and (kill is None or kill.get("consistent", True))
        and not any(key in checks for key in ("events_error", "lost_check_error"))
    )
    lines += ["", "Verdict : " + ("**rien de perdu, aucune erreur serveur.**" if passed else "**À CORRIGER** (voir plus haut).")]
    return {"report": "\n".join(lines) + "\n", "passed": passed}


if __name__ == "__main__":
    sys.exit(main())
