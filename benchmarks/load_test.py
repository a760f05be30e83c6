"""Load and fault test of rallynov behind gunicorn on PostgreSQL (loopback only, bounded in time).

    .venv/bin/python benchmarks/load_test.py \
        --database-url postgres://postgres@127.0.0.1:5433/rallynov_load \
        --restart-command "pg_ctlcluster 15 trust restart" \
        --users 200 --duration 120 --restart-at 60 --prepare --import-kill

N simulated users (threads, standard library only) browse the catalogue, register for events and
answer surveys for D seconds. Optionally the database is restarted in the middle, and an import
is killed half-way. Then the database is checked:
  - no server error (outside the database outage window, reported separately),
  - no overbooking (confirmed + offered registrations <= capacity, for every event),
  - no lost answer (every registration and completed survey the server acknowledged is stored),
  - the killed import left the database as before or as after, never in between.
Writes benchmarks/results/load.md. Rate limits are switched off on the server under test: all
simulated users come from 127.0.0.1.
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


# --- A tiny browser -------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies kept by hand (the server marks them Secure; we talk plain HTTP on loopback)."""

    opener = urllib.request.build_opener(NoRedirect)

    def __init__(self, base, stats):
        self.base = base
        self.cookies = {}
        self.stats = stats

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
        self.registrations = []  # tokens acknowledged by the server
        self.surveys = []  # response tokens that reached the thanks page
        self.skipped = Counter()

    def record(self, label, status, seconds, error=""):
        with self.lock:
            self.rows.append((time.monotonic(), label, status, seconds, error))


# --- Scenarios -------------------------------------------------------------------------------------


def browse(browser, targets):
    browser.request("GET", "/", label="accueil")
    if targets["catalogue"]:
        query = urllib.parse.urlencode({"q": random.choice(WORDS)})
        status, page, _ = browser.request("GET", f"{targets['catalogue']}?{query}", label="catalogue ?q=")
        links = re.findall(r'href="(' + re.escape(targets["catalogue"]) + r'[^"?#]+/)"', page or "")
        if links:
            browser.request("GET", random.choice(links), label="fiche initiative")
    browser.request(
        "GET",
        "/api/v1/initiatives?" + urllib.parse.urlencode({"q": random.choice(WORDS)}),
        label="API initiatives",
    )
    browser.request("GET", random.choice(targets["pages"]), label="pages")


def register(browser, targets, stats, n):
    event_url = random.choice(targets["events"])
    status, page, url = browser.request("GET", event_url, label="inscription (formulaire)")
    forms = [f for f in forms_of(page) if "inscription" in (f["action"] or url)]
    if status != 200 or not forms:
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
            stats.registrations.append(match.group(1))


def answer_survey(browser, targets, stats, n):
    start = random.choice(targets["surveys"])
    status, page, url = browser.request("GET", start, label="enquête (début)")
    for _ in range(12):  # pages of the questionnaire, bounded
        if status != 200:
            return
        match = re.search(r"/enquetes/reponse/([\w-]+)/merci/", url)
        if match:
            with stats.lock:
                stats.surveys.append(match.group(1))
            return
        forms = forms_of(page)
        if not forms:
            return
        form = forms[-1]
        data = fill(form, email=f"repondant-{n}@example.org")
        data["action"] = "next"
        action = urllib.parse.urljoin(url, form["action"] or url)
        status, page, url = browser.request("POST", action, data, label="enquête (page)", referer=url)


def user_loop(index, base, targets, stats, deadline, max_requests):
    browser = Browser(base, stats)
    rng = random.Random(index)
    count = 0
    while time.monotonic() < deadline and count < max_requests:
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
        time.sleep(rng.uniform(0.2, 1.0))  # think time


# --- Server and database --------------------------------------------------------------------------


# Until rallynov/settings.py uses it, the server under test gets the production static storage
# that tolerates vendored source maps (rallynov.core.staticfiles) through a settings overlay.
OVERLAY = """from rallynov.settings import *  # noqa: F403
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "rallynov.core.staticfiles.StaticStorage"}}
"""


def overlay_dir(args):
    path = Path(args.static_root).parent / "settings_overlay"
    path.mkdir(parents=True, exist_ok=True)
    (path / "rallynov_load_settings.py").write_text(OVERLAY, encoding="utf-8")
    return path


def server_env(args):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(overlay_dir(args)), env.get("PYTHONPATH", "")]))
    env["DJANGO_SETTINGS_MODULE"] = "rallynov_load_settings"
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


def django_json(args, code):
    """Run Django code in a subprocess against the database under test; returns its JSON output."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and commands
        [str(PYTHON), "-c", "import django, json; django.setup()\n" + code],
        cwd=ROOT,
        env=server_env(args),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def prepare(args):
    import psycopg

    parsed = urllib.parse.urlparse(args.database_url)
    name = parsed.path.lstrip("/")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    print("migrate…", flush=True)
    manage(args, "migrate", "--noinput", "-v", "0")
    print("demo…", flush=True)
    manage(args, "demo")
    print("collectstatic…", flush=True)
    collectstatic(args)


def collectstatic(args):
    # The production storage (see rallynov.core.staticfiles) needs its manifest.
    manage(args, "collectstatic", "--noinput", "-v", "0")


# The demo's events and surveys are in the past: open one of each for the test (this database only).
OPEN_TARGETS = r"""
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
        event.capacity = 60
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
registrations = json.loads(sys.argv[1]) if len(sys.argv) > 1 else []
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
except Exception as exc:
    out["events_error"] = str(exc)
print(json.dumps(out))
"""


def check_database(args, stats):
    result = django_json(args, CHECK)
    tokens = stats.registrations
    surveys = stats.surveys
    code = (
        "from rallynov.events.models import Registration\n"
        "from rallynov.studies.models import Response\n"
        f"reg = set(Registration.objects.filter(token__in={tokens!r}).values_list('token', flat=True))\n"
        f"done = set(Response.objects.filter(token__in={surveys!r}, completed_at__isnull=False, answers__isnull=False).values_list('token', flat=True))\n"
        f"print(json.dumps({{'registrations_missing': sorted(set({tokens!r}) - reg), 'surveys_missing': sorted(set({surveys!r}) - done)}}))"
    )
    try:
        result.update(django_json(args, code))
    except subprocess.CalledProcessError as exc:
        result["lost_check_error"] = exc.stderr[-500:]
    return result


def start_server(args):
    command = [
        str(GUNICORN),
        "rallynov.wsgi",
        "-b",
        f"127.0.0.1:{args.port}",
        "-w",
        str(args.workers),
        "-k",
        "gthread",
        "--threads",
        str(args.threads),
        "--timeout",
        "30",
        "--graceful-timeout",
        "5",
        "--backlog",
        "512",
    ]
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and commands
        command,
        cwd=ROOT,
        env=server_env(args),
        stdout=subprocess.DEVNULL,
        stderr=open(args.server_log, "w"),  # noqa: SIM115 - closed with the process
        start_new_session=True,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/sante/", timeout=2)  # noqa: S310 - loopback only
            return server
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit("gunicorn n'a pas démarré : voir " + args.server_log)


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


# --- Import killed half-way ------------------------------------------------------------------------


COUNT = "from rallynov.initiatives.models import InitiativePage\nfrom rallynov.organizations.models import Organization\nprint(json.dumps([InitiativePage.objects.count(), Organization.objects.count()]))"


def import_kill(args, rows=600, kill_after=4.0):
    """Start an import of `rows` new initiatives, SIGKILL it after `kill_after` seconds, and
    compare the database with before; then import again to completion ("after")."""
    if not (ROOT / "rallynov/initiatives/management/commands/import_initiatives.py").exists():
        return {"skipped": "pas de commande import_initiatives"}
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
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and commands
        [str(PYTHON), "-m", "rallynov", "import-initiatives", str(path)],
        cwd=ROOT,
        env=server_env(args),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(kill_after)
    finished_before_kill = process.poll() is not None
    process.kill()
    process.wait()
    middle = django_json(args, COUNT)
    manage(args, "import-initiatives", str(path), timeout=1200)
    after = django_json(args, COUNT)
    return {
        "rows": rows,
        "killed_after_s": kill_after,
        "finished_before_kill": finished_before_kill,
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
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--max-requests-per-user", type=int, default=400)
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--prepare", action="store_true", help="Recréer la base, migrer, charger la démo, collectstatic."
    )
    parser.add_argument(
        "--import-kill", action="store_true", help="Tuer une importation à mi-chemin et vérifier la base."
    )
    parser.add_argument("--static-root", default="/tmp/rallynov-load/static")  # noqa: S108 - test-only scratch space
    parser.add_argument("--server-log", default="/tmp/rallynov-load/gunicorn.log")  # noqa: S108 - test-only scratch space
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "results" / "load.md"))
    args = parser.parse_args(argv)
    if args.users > 300 or args.duration > 600:
        raise SystemExit("Bornes : 300 utilisateurs et 600 secondes au plus.")
    if urllib.parse.urlparse(args.database_url).hostname not in {"127.0.0.1", "localhost"}:
        raise SystemExit("Boucle locale seulement : la base doit être sur 127.0.0.1.")
    Path(args.static_root).mkdir(parents=True, exist_ok=True)
    if args.prepare:
        prepare(args)
    elif not (Path(args.static_root) / "staticfiles.json").exists():
        collectstatic(args)
    print("Cibles ouvertes pour le test :", django_json(args, OPEN_TARGETS))
    targets = django_json(args, DISCOVER)
    for kind in ("events", "surveys"):
        if not targets[kind]:
            print(
                f"Scénario {kind} ignoré : {targets.get(kind + '_error', 'aucune cible ouverte dans la démo')}"
            )
    server = start_server(args)
    stats = Stats()
    restart = {}
    try:
        started = time.monotonic()
        deadline = started + args.duration
        threads = [
            threading.Thread(
                target=user_loop,
                args=(
                    i,
                    f"http://127.0.0.1:{args.port}",
                    targets,
                    stats,
                    deadline,
                    args.max_requests_per_user,
                ),
                daemon=True,
            )
            for i in range(args.users)
        ]
        for thread in threads:
            thread.start()
            time.sleep(min(0.02, args.duration / max(args.users, 1) / 10))
        if args.restart_at and args.restart_command:
            time.sleep(max(0, started + args.restart_at - time.monotonic()))
            restart["start"] = time.monotonic()
            subprocess.run(args.restart_command, shell=True, check=True, timeout=120)  # noqa: S602 - operator's own command
            restart["end"] = time.monotonic()
        for thread in threads:
            thread.join(timeout=max(1, deadline - time.monotonic() + REQUEST_TIMEOUT * 3))
        elapsed = time.monotonic() - started
    finally:
        stop_server(server)
    checks = check_database(args, stats)
    kill = import_kill(args) if args.import_kill else None
    report = summarise(args, targets, stats, restart, elapsed, checks, kill)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(report, encoding="utf-8")
    print(report)
    return 0


def summarise(args, targets, stats, restart, elapsed, checks, kill):
    rows = stats.rows
    window = (restart.get("start", 0), restart.get("end", 0) + 10) if restart else (0, 0)
    in_window = [r for r in rows if window[0] <= r[0] <= window[1]]
    outside = [r for r in rows if not (window[0] <= r[0] <= window[1])]
    server_errors = [r for r in outside if r[2] is not None and r[2] >= 500]
    failures = [r for r in outside if r[2] is None]
    latencies = [r[3] for r in rows if r[2] is not None]
    by_label = Counter(r[1] for r in rows)
    lines = [
        "# Test de charge et de pannes",
        "",
        f"Date : {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} — commande : `benchmarks/load_test.py --users {args.users} "
        f"--duration {args.duration:g}{f' --restart-at {args.restart_at:g}' if args.restart_at else ''}"
        f"{' --import-kill' if kill else ''}`",
        f"Serveur : gunicorn {args.workers} processus × {args.threads} fils (gthread), PostgreSQL 15 local, DEBUG=false, "
        "machine partagée à 2 cœurs.",
        "",
        "| mesure | valeur |",
        "| --- | --- |",
        f"| utilisateurs simultanés | {args.users} |",
        f"| durée | {elapsed:.0f} s |",
        f"| requêtes | {len(rows)} ({len(rows) / elapsed:.1f}/s) |",
        f"| erreurs serveur (5xx) hors panne | {len(server_errors)} |",
        f"| échecs de connexion hors panne | {len(failures)} |",
        f"| latence médiane | {statistics.median(latencies) * 1000 if latencies else 0:.0f} ms |",
        f"| latence 95e centile | {percentile(latencies, 0.95) * 1000:.0f} ms |",
        f"| inscriptions confirmées par le serveur | {len(stats.registrations)} |",
        f"| questionnaires terminés | {len(stats.surveys)} |",
        f"| événements en surréservation | {len(checks.get('overbooked', [])) if 'overbooked' in checks else 'non vérifié'} |",
        f"| inscriptions perdues | {len(checks.get('registrations_missing', [])) if 'registrations_missing' in checks else 'non vérifié'} |",
        f"| réponses perdues | {len(checks.get('surveys_missing', [])) if 'surveys_missing' in checks else 'non vérifié'} |",
        "",
        "Requêtes par parcours : " + ", ".join(f"{k} {v}" for k, v in sorted(by_label.items())),
        "",
        "Statuts : " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(str(r[2]) for r in rows).items())),
    ]
    if restart:
        statuses = Counter(str(r[2]) if r[2] is not None else r[4] for r in in_window)
        lines += [
            "",
            "## Base de données redémarrée pendant le test",
            "",
            f"Redémarrage à t = {args.restart_at:g} s, durée {restart['end'] - restart['start']:.1f} s ; fenêtre observée "
            f"jusqu'à 10 s après. Requêtes dans la fenêtre : {len(in_window)} — "
            + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())),
            "Après la fenêtre : "
            + ("aucune erreur serveur." if not server_errors else f"{len(server_errors)} erreurs serveur."),
        ]
    if kill:
        lines += [
            "",
            "## Import tué à mi-chemin (SIGKILL)",
            "",
            "```",
            json.dumps(kill, indent=2, ensure_ascii=False),
            "```",
        ]
    for key in ("events_error", "lost_check_error"):
        if key in checks:
            lines += ["", f"Vérification incomplète ({key}) : {checks[key]}"]
    if checks.get("overbooked"):
        lines += ["", f"Surréservation : {checks['overbooked']}"]
    skipped = [k for k in ("events", "surveys") if not targets[k]]
    if skipped:
        lines += ["", "Scénarios ignorés (partie absente ou sans cible ouverte) : " + ", ".join(skipped)]
    if server_errors:
        lines += ["", "Exemples d'erreurs : " + ", ".join(f"{r[1]} {r[2]}" for r in server_errors[:10])]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
