#!/usr/bin/env python
"""Benchmark of events: check-in search at the door, check-in itself, and registrations under load.

    .venv/bin/python benchmarks/bench_events.py [--quick] [--rebuild] [--processes 3 --threads 2] [--inline-mail] [--nice 10]

PostgreSQL on 127.0.0.1:5432 (user postgres). The data (site, structures of the region, events of
200, 2,000 and 5,000 registrations) is built once into the database `bench_events_data` (about two
minutes) and kept; each run copies it (`CREATE DATABASE bench_events_run TEMPLATE
bench_events_data`, a few seconds), so every run starts from the same data. `--rebuild` builds it
again. A run takes about one minute with `--quick`, two without, on a quiet 2-core machine.

Measured:
- check-in search by a name prefix: the HTMX fragment the phone asks for as one types, through
  Django's test client (session, permission, query, rendering), server side; SQL queries counted;
  the query alone beside it;
- marking one person present (the conditional UPDATE + the journal entry);
- sustained registrations: P processes (like P web workers) of T threads each call
  `events.domain.register` back to back for S seconds on an event with a capacity smaller than
  what is registered. As deployed at scale (EMAIL_QUEUE_WORKER=true), each registration queues
  its e-mail and one more process, the sender (`rallynov send_emails --loop`, niced), builds and
  "sends" them alongside (.ics and QR code attached; Django's in-memory mail backend, no SMTP);
  with --inline-mail each registration sends its own e-mail after its commit instead. The end
  checks that no error happened, that exactly the capacity is confirmed and everyone else waits
  in order, and that each person got exactly one e-mail;
- a quota: N registrations at once for N/2 places; exactly N/2 must be confirmed.

Writes benchmarks/results/events.md and prints it. Exit status 1 if an error or an overbooking
was seen.
"""

import argparse
import datetime
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "events.md"
DATA_DB = "bench_events_data"
RUN_DB = "bench_events_run"
PG = "postgres://postgres@127.0.0.1:5432/"
DATA_VERSION = "events-bench-3"  # bump when the prebuilt data changes
SIZES = [200, 2_000, 5_000]
QUICK_SIZES = [2_000]
SAMPLES = 200
QUICK_SAMPLES = 100
FIRST = ["Camille", "Julien", "Sophie", "Nicolas", "Claire", "Thomas", "Hélène", "Mathieu", "Émilie", "Sébastien",
         "Céline", "Antoine", "Aurélie", "François", "Léa", "Hugo", "Inès", "Gérard", "Agnès", "Jérôme"]
LAST = ["Martin", "Bernard", "Dubois", "Moreau", "Lefèvre", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
        "Rousseau", "Mercier", "Guérin", "Chevalier", "Vuillemin", "Jeannin", "Cuenot", "Grandjean", "Mougin",
        "Faivre", "Girardot", "Pernot", "Jacquot", "Bouveret", "Perrin", "Gauthier", "Masson", "Marchand"]
TRADES = ["Menuiserie", "Fromagerie", "Transports", "Plasturgie", "Horlogerie", "Insertion", "Aide à domicile",
          "Imprimerie", "Coopérative", "Bureau d'études"]
POSTAL_CODES = ["21000", "25000", "39100", "58000", "70000", "71100", "89000", "90000", "25200", "21200"]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def psql(sql, database="postgres", check=True):
    return subprocess.run(  # noqa: S603 - fixed commands on the local benchmark server
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-qtAX", "-c", sql],  # noqa: S607
        check=check, capture_output=True, text=True,
    )


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ["EMAIL_URL"] = "locmem://"
    os.environ["RALLYNOV_TERRITORIES_ONLY_REGION"] = "27"  # the region's communes are enough here
    os.environ["DJANGO_SETTINGS_MODULE"] = "rallynov.settings"
    os.environ.setdefault("RATELIMIT_ENABLE", "false")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STAFF_MFA_REQUIRED = False
    settings.DEBUG = False


# --- Prebuilt data ------------------------------------------------------------------------------


def data_is_ready():
    done = psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATA_DB}'", check=False).stdout.strip()  # noqa: S608 - a constant
    if done != "1":
        return False
    marker = psql("SELECT value FROM bench_marker", database=DATA_DB, check=False)
    return marker.returncode == 0 and marker.stdout.strip() == DATA_VERSION


def build_data():
    """Once: migrate, the site, structures of the region and one event per size (a child process,
    so that the measuring process connects to the copy only)."""
    print(f"Construction des données dans {DATA_DB} (une fois)…", flush=True)
    psql(f"DROP DATABASE IF EXISTS {DATA_DB}")
    psql(f"CREATE DATABASE {DATA_DB}")
    subprocess.run([sys.executable, __file__, "--build-only"], check=True)  # noqa: S603


def build_only():
    setup_django(PG + DATA_DB)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from rallynov.accounts import roles
    from rallynov.accounts.domain import add_to_group
    from rallynov.accounts.models import User
    from rallynov.core.seed import create_programme
    from rallynov.events.models import EventIndexPage
    from rallynov.site import demo as site_demo
    from rallynov.site.models import HomePage

    random.seed(2023)
    programme = create_programme()
    site_demo.load(programme=programme, log=lambda *args: None)
    index = EventIndexPage(title="Événements", slug="evenements")
    HomePage.objects.get().add_child(instance=index)
    staff = User.objects.create_user("equipe@exemple.fr", "motdepasse-solide-1", is_staff=True)
    add_to_group(staff, roles.PROGRAMME_TEAM)
    organizations = make_organizations(400)
    for size in SIZES:
        fill(make_event(programme, index, slug=f"taille-{size}", capacity=size), size, organizations)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_marker (value text)")
        cursor.execute("INSERT INTO bench_marker VALUES (%s)", [DATA_VERSION])
        cursor.execute("ANALYZE")


def make_event(programme, index, *, slug, capacity):
    from django.utils import timezone

    from rallynov.events.enums import EventKind
    from rallynov.events.models import EventPage

    starts = timezone.now() + datetime.timedelta(days=20)
    event = EventPage(title=f"Rencontre régionale {slug}", slug=slug, programme=programme,
                      kind=EventKind.REGIONAL_MEETING, starts_at=starts, ends_at=starts + datetime.timedelta(hours=4),
                      registration_enabled=True, capacity=capacity)
    index.add_child(instance=event)
    return event


def make_organizations(count):
    from rallynov.organizations.models import Organization
    from rallynov.territories.models import Commune

    communes = list(Commune.objects.order_by("-population")[:30])
    organizations = []
    for n in range(count):
        organization = Organization(name=f"{random.choice(TRADES)} {random.choice(LAST)} {n}", kind="entreprise",
                                    commune=random.choice(communes), is_generated=True)
        organization.save()
        organizations.append(organization)
    return organizations


def fill(event, size, organizations):
    """`size` confirmed registrations with French names and structures of the region."""
    from rallynov.core.text import fold
    from rallynov.events.models import Registration

    rows = []
    for n in range(size):
        first, last = random.choice(FIRST), random.choice(LAST)
        organization = random.choice(organizations)
        email = f"p{n}.{fold(last)}@exemple.fr"
        rows.append(Registration(
            event=event, first_name=first, last_name=last, email=email,
            organization=organization, organization_name=organization.name,
            department_id=organization.commune.department_id,
            search_key=fold(f"{first} {last} {email} {organization.name}")[:250], is_generated=True,
        ))
    Registration.objects.bulk_create(rows, batch_size=1000)


# --- Measures -----------------------------------------------------------------------------------


def fold_prefix(name):
    from rallynov.core.text import fold

    return fold(name)[: random.randint(3, 6)]


def measure_search(client, event, samples):
    """The HTMX fragment: wall time, CPU time of this process, SQL queries of the last request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("events:checkin", args=[event.pk])
    for _ in range(10):  # warm the template cache and the connection
        client.get(url, {"q": "mart", "partial": "results"}, HTTP_HX_REQUEST="true")
    walls, cpus = [], []
    for _ in range(samples):
        query = fold_prefix(random.choice(LAST))
        start, cpu = time.perf_counter(), time.process_time()
        response = client.get(url, {"q": query, "partial": "results"}, HTTP_HX_REQUEST="true")
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as captured:
        client.get(url, {"q": "mart", "partial": "results"}, HTTP_HX_REQUEST="true")
    return walls, cpus, len(captured.captured_queries)


def measure_search_query(event, samples):
    from rallynov.events.queries import search_registrations

    durations = []
    for _ in range(samples):
        query = fold_prefix(random.choice(LAST))
        start = time.perf_counter()
        search_registrations(event.pk, query, live_only=True)
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def measure_check_in(event, staff, samples):
    from rallynov.events import domain
    from rallynov.events.models import Registration

    ids = list(Registration.objects.filter(event=event, checked_in_at__isnull=True).values_list("pk", flat=True)[:samples])
    durations = []
    for pk in ids:
        registration = Registration.objects.get(pk=pk)
        start = time.perf_counter()
        domain.check_in(registration=registration, by=staff)
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def backend_ticks(pid):
    """CPU time (user + system, in clock ticks) of a PostgreSQL backend on this machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def warm_up(event, structures):
    """What a web worker has done before its first request: imports, templates, the QR and
    calendar code, the queries' compilation (without registering anyone)."""
    from django.core import mail

    from rallynov.events import domain, notifications
    from rallynov.events.ics import calendar_bytes
    from rallynov.events.models import Registration
    from rallynov.events.qr import qr_png, ticket_payload

    someone = Registration(event=event, first_name="Camille", last_name="Essai", email="essai@exemple.fr")
    notifications._message(someone, "confirmed", "Essai", attachments=[
        ("evenement.ics", calendar_bytes([event], name=event.title), "text/calendar"),
        ("billet-qr.png", qr_png(ticket_payload(someone)), "image/png"),
    ]).send()
    notifications._message(someone, "waiting", "Essai").send()
    domain._resolve_organization(structures[0], "entreprise")
    domain._department_id(None, POSTAL_CODES[0])
    Registration.objects.filter(event=event, email="personne@exemple.fr").exists()
    mail.outbox = []


def register_worker(url, event_id, prefix, threads, ready, go, stop_at, results, inline_mail):
    """One process (one web worker): `threads` threads register people back to back."""
    if not inline_mail:
        os.environ["EMAIL_QUEUE_WORKER"] = "true"  # the web workers only queue the e-mails
    setup_django(url)
    from django.core import mail
    from django.db import connections

    from rallynov.events import domain
    from rallynov.events.models import EventPage
    from rallynov.organizations.models import Organization

    mail.outbox = []
    event = EventPage.objects.get(pk=event_id)
    structures = list(Organization.objects.filter(is_generated=True).values_list("name", flat=True)[:200])
    lock = threading.Lock()
    done, errors, latencies = [], [], []
    counter = iter(range(10**9))
    warm_up(event, structures)
    ready.put(prefix)
    go.wait()

    backends = []

    def work():
        try:
            rng = random.Random()
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
            start_ticks = backend_ticks(pid)
            while time.time() < stop_at.value:
                with lock:
                    n = next(counter)
                start = time.perf_counter()
                try:
                    domain.register(event=event, first_name=rng.choice(FIRST), last_name=rng.choice(LAST),
                                    email=f"{prefix}-{n}@exemple.fr", organization_name=rng.choice(structures),
                                    organization_kind="entreprise", postal_code=rng.choice(POSTAL_CODES),
                                    role="salarie", consent=True)
                    done.append(n)
                    latencies.append((time.perf_counter() - start) * 1000)
                except Exception as exc:  # noqa: BLE001 - counted and reported
                    errors.append(repr(exc))
            backends.append(backend_ticks(pid) - start_ticks)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    cpu = time.process_time()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    cpu = time.process_time() - cpu
    mails = [m.to[0] for m in mail.outbox]
    results.put({"done": len(done), "errors": errors, "latencies": latencies, "mails": mails, "cpu": cpu,
                 "pg_cpu": sum(backends) / os.sysconf("SC_CLK_TCK"),
                 "mail_subjects": sorted({m.subject.split(" :")[0] for m in mail.outbox})})


def send_worker(url, event_id, ready, go, stop_at, results, niceness):
    """The e-mail sender (`rallynov send_emails --loop`, at a lower priority as the README's
    deployment advises): sends what the web workers queue, during the load and until the queue
    is empty after it."""
    os.nice(niceness)
    setup_django(url)
    from django.core import mail
    from django.db import connection

    from rallynov.core import mailqueue
    from rallynov.events.models import EventPage
    from rallynov.organizations.models import Organization

    mail.outbox = []
    event = EventPage.objects.get(pk=event_id)
    warm_up(event, list(Organization.objects.filter(is_generated=True).values_list("name", flat=True)[:1]))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    ready.put("sender")
    go.wait()
    start_ticks = backend_ticks(pid)
    cpu = time.process_time()
    during_load, failed, last = 0, 0, None
    while True:
        sent, not_sent, _dropped = mailqueue.send_due(limit=50)
        failed += not_sent
        now = time.time()
        if sent:
            last = now
            if now <= stop_at.value:
                during_load += sent
        elif now > stop_at.value + 0.5:  # the load is over and the queue is empty
            break
        else:
            time.sleep(0.05)
    cpu = time.process_time() - cpu
    mails = [m.to[0] for m in mail.outbox]
    results.put({"mails": mails, "during_load": during_load, "failed": failed, "cpu": cpu,
                 "pg_cpu": (backend_ticks(pid) - start_ticks) / os.sysconf("SC_CLK_TCK"),
                 "drained_after": max(0.0, (last or stop_at.value) - stop_at.value),
                 "mail_subjects": sorted({m.subject.split(" :")[0] for m in mail.outbox})})


def run_registrations(url, programme, index, *, name, capacity, processes, threads, seconds, inline_mail=False,
                      niceness=10):
    """Processes × threads register for `seconds` (with the e-mail sender alongside, unless the
    requests send their e-mails themselves); then the invariants are checked."""
    from rallynov.events.enums import RegistrationStatus as S
    from rallynov.events.models import Registration

    event = make_event(programme, index, slug=name, capacity=capacity)
    context = multiprocessing.get_context("spawn")
    results, ready, go, stop_at = context.Queue(), context.Queue(), context.Event(), context.Value("d", 0.0)
    sender_results = context.Queue()
    children = [context.Process(target=register_worker,
                                args=(url, event.pk, f"{name}{p}", threads, ready, go, stop_at, results, inline_mail))
                for p in range(processes)]
    sender = None
    if not inline_mail:
        sender = context.Process(target=send_worker, args=(url, event.pk, ready, go, stop_at, sender_results, niceness))
        children.append(sender)
    for child in children:
        child.start()
    for _child in children:  # every process has started Django and loaded the event
        ready.get(timeout=300)
    stop_at.value = time.time() + seconds
    go.set()
    outcomes = [results.get(timeout=seconds + 120) for _ in range(processes)]
    sending = sender_results.get(timeout=seconds + 600) if sender else None
    for child in children:
        child.join()
    done = sum(o["done"] for o in outcomes)
    errors = [e for o in outcomes for e in o["errors"]]
    latencies = [x for o in outcomes for x in o["latencies"]]
    mails = [m for o in outcomes for m in o["mails"]] + (sending["mails"] if sending else [])
    cpu = sum(o["cpu"] for o in outcomes)
    pg_cpu = sum(o["pg_cpu"] for o in outcomes)
    rows = list(Registration.objects.filter(event=event).values_list("status", "waiting_since", "confirmed_at"))
    confirmed = sum(1 for status, _w, _c in rows if status == S.CONFIRMED)
    waiting = sorted(w for status, w, _c in rows if status == S.WAITING)
    last_confirmed = max((c for status, _w, c in rows if status == S.CONFIRMED), default=None)
    in_order = not waiting or last_confirmed is None or last_confirmed <= waiting[0]
    expected_confirmed = min(capacity, done) if capacity is not None else done
    ok = (done > 0 and not errors and len(rows) == done and confirmed == expected_confirmed and len(waiting) == done - confirmed
          and in_order and len(mails) == done and len(set(mails)) == done and not (sending and sending["failed"]))
    result = {"done": done, "seconds": seconds, "rate": done / seconds, "errors": errors, "latencies": latencies,
              "confirmed": confirmed, "waiting": len(waiting), "capacity": capacity, "mails": len(mails),
              "in_order": in_order, "ok": ok, "processes": processes, "threads": threads, "inline_mail": inline_mail,
              "cpu_ms": cpu / done * 1000 if done else 0, "pg_cpu_ms": pg_cpu / done * 1000 if done else 0}
    if sending:
        sent = len(sending["mails"])
        result.update(sender_niceness=niceness, sent_during_load=sending["during_load"],
                      drained_after=sending["drained_after"],
                      mail_cpu_ms=(sending["cpu"] + sending["pg_cpu"]) / sent * 1000 if sent else 0)
    return result


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="one event size, shorter load")
    parser.add_argument("--rebuild", action="store_true", help="build the prebuilt data again")
    parser.add_argument("--processes", type=int, default=3,
                        help="worker processes for the load (default 3, as gunicorn.conf.py on 2 cores)")
    parser.add_argument("--threads", type=int, default=2,
                        help="threads per worker process (default 2, as gunicorn.conf.py)")
    parser.add_argument("--seconds", type=int, default=None, help="length of the sustained load")
    parser.add_argument("--inline-mail", action="store_true",
                        help="each registration sends its e-mail itself (EMAIL_QUEUE_WORKER=false), no sender")
    parser.add_argument("--nice", type=int, default=10, help="niceness of the e-mail sender process (default 10)")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_only:
        build_only()
        return 0
    began = time.perf_counter()
    if args.rebuild or not data_is_ready():
        build_data()
    psql(f"DROP DATABASE IF EXISTS {RUN_DB}")
    psql(f"CREATE DATABASE {RUN_DB} TEMPLATE {DATA_DB}")
    url = PG + RUN_DB
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)  # the prebuilt data may predate a migration
    from django.test import Client

    from rallynov.accounts.models import User
    from rallynov.core.models import Programme
    from rallynov.events.models import EventIndexPage, EventPage

    random.seed(2023)
    loads = [os.getloadavg()[0]]
    programme = Programme.objects.get(slug="bfc")
    index = EventIndexPage.objects.get()
    staff = User.objects.get(email="equipe@exemple.fr")
    client = Client()
    client.force_login(staff)
    sizes = QUICK_SIZES if args.quick else SIZES
    samples = QUICK_SAMPLES if args.quick else SAMPLES
    rows = []
    for size in sizes:
        event = EventPage.objects.get(slug=f"taille-{size}")
        walls, cpus, queries = measure_search(client, event, samples)
        query_only = measure_search_query(event, samples)
        check = measure_check_in(event, staff, 60)
        rows.append((size, walls, cpus, queries, query_only, check))
    loads.append(os.getloadavg()[0])
    seconds = args.seconds or (8 if args.quick else 15)
    # A capacity below what the load registers: places are taken, then the waiting list grows.
    load = run_registrations(url, programme, index, name="charge", capacity=600 if args.quick else 1500,
                             processes=args.processes, threads=args.threads, seconds=seconds,
                             inline_mail=args.inline_mail, niceness=args.nice)
    loads.append(os.getloadavg()[0])
    quota = run_registrations(url, programme, index, name="quota", capacity=100, processes=args.processes,
                              threads=args.threads, seconds=4, inline_mail=args.inline_mail, niceness=args.nice)
    loads.append(os.getloadavg()[0])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        database = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    connection.close()
    psql(f"DROP DATABASE IF EXISTS {RUN_DB}")

    def n(value):
        return f"{value:,}".replace(",", " ")

    lines = [
        "## Événements (events)",
        "",
        f"Date : {datetime.date.today():%Y-%m-%d} · base : {database} · `benchmarks/bench_events.py"
        f"{' --quick' if args.quick else ''}` · {samples} recherches par taille · charge de la machine "
        f"(loadavg 1 min) au début, après la recherche, après la charge, à la fin : "
        f"{', '.join(f'{x:.1f}' for x in loads)} (2 cœurs) · durée totale {time.perf_counter() - began:.0f} s.",
        "",
        "Recherche à l'accueil : le fragment HTMX que le téléphone demande à la frappe (session, droits, requête, "
        "rendu), par le client de test de Django, côté serveur ; « CPU » est le temps de calcul du processus "
        "Python (indépendant de l'attente de la base), « requêtes » le nombre de requêtes SQL d'un appel. Pointage : "
        "la mise à jour conditionnelle et l'entrée du journal. Durées en millisecondes.",
        "",
        "| inscriptions | recherche p50 | recherche p95 | CPU p50 | requêtes | requête seule p50 | requête seule p95 "
        "| pointage p50 | pointage p95 |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, walls, cpus, queries, query_only, check in rows:
        lines.append(f"| {n(size)} | {statistics.median(walls):.1f} | {percentile(walls, 95):.1f} | "
                     f"{statistics.median(cpus):.1f} | {queries} | {statistics.median(query_only):.1f} | "
                     f"{percentile(query_only, 95):.1f} | {statistics.median(check):.1f} | {percentile(check, 95):.1f} |")
    for label, result in (("Inscriptions soutenues", load), ("Jauge", quota)):
        latencies = result["latencies"] or [0]
        if result["inline_mail"]:
            how = ("appellent `events.domain.register`, chacune construisant et envoyant son e-mail (confirmation "
                   "avec le .ics et le QR code, ou avis de liste d'attente) après sa validation "
                   "(EMAIL_QUEUE_WORKER=false)")
        else:
            how = ("appellent `events.domain.register`, qui met l'e-mail en file dans la même transaction "
                   "(EMAIL_QUEUE_WORKER=true) ; un processus d'envoi (`send_emails --loop`, nice "
                   f"{result['sender_niceness']}) construit et envoie en même temps les e-mails (confirmation avec "
                   "le .ics et le QR code, ou avis de liste d'attente)")
        lines += [
            "",
            f"{label} : {result['processes']} processus × {result['threads']} fils pendant {result['seconds']} s "
            f"{how}, sur un événement de {n(result['capacity'])} places → "
            f"**{result['rate']:.0f} inscriptions/s** ({n(result['done'])} inscriptions), "
            f"{len(result['errors'])} erreur(s), latence p50 {statistics.median(latencies):.1f} ms, "
            f"p95 {percentile(latencies, 95):.1f} ms ; à la fin {n(result['confirmed'])} confirmées, "
            f"{n(result['waiting'])} en liste d'attente, {n(result['mails'])} e-mails (un par personne), "
            f"{'aucune surréservation, liste d’attente dans l’ordre' if result['ok'] else 'ÉCHEC DES VÉRIFICATIONS'}.",
        ]
        if result["done"]:
            per = result["cpu_ms"] + result["pg_cpu_ms"]
            lines.append(
                f"Temps de calcul par inscription (indépendant de la charge) : Python {result['cpu_ms']:.1f} ms "
                f"+ PostgreSQL {result['pg_cpu_ms']:.1f} ms = {per:.1f} ms, soit un plafond de "
                f"{2000 / per:.0f} inscriptions/s sur 2 cœurs entièrement disponibles."
            )
        if not result["inline_mail"] and result["mails"]:
            lines.append(
                f"E-mails : {n(result['sent_during_load'])} envoyés pendant la charge, tous partis "
                f"{result['drained_after']:.1f} s après sa fin ; {result['mail_cpu_ms']:.1f} ms de calcul par e-mail "
                "(Python et PostgreSQL) dans le processus d'envoi."
            )
        if result["errors"]:
            lines.append(f"Première erreur : `{result['errors'][0][:200]}`")
    lines.append("")
    report = "\n".join(lines)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report, encoding="utf-8")
    print(report)
    return 0 if load["ok"] and quota["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
