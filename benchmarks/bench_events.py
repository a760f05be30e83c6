#!/usr/bin/env python
"""Benchmark of events: check-in search at the door, check-in itself, and registrations under load.

Builds its own throw-away database (PostgreSQL `rallynov_bench_events` on 127.0.0.1:5432, or a
SQLite file in /tmp with `--backend sqlite`), then for each size of event (registrations with
French names, structures and departments):

- check-in search by a name prefix (the HTMX partial the phone asks for: query + rendering),
  measured through Django's test client, server side;
- marking one person present (the conditional UPDATE + audit entry);
- sustained registrations: W threads register people as fast as they can for T seconds;
  reports registrations per second, latency and errors;
- a quota: N registrations at once for N/2 places; checks that exactly N/2 are confirmed.

Usage: .venv/bin/python benchmarks/bench_events.py [--quick] [--backend postgres|sqlite]
Writes benchmarks/results/events.md and prints it.
"""

import argparse
import datetime
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
SIZES = [500, 2_000, 5_000]
QUICK_SIZES = [200, 2_000]
SAMPLES = 60
FIRST = ["Camille", "Julien", "Sophie", "Nicolas", "Claire", "Thomas", "Hélène", "Mathieu", "Émilie", "Sébastien",
         "Céline", "Antoine", "Aurélie", "François", "Léa", "Hugo", "Inès", "Gérard", "Agnès", "Jérôme"]
LAST = ["Martin", "Bernard", "Dubois", "Moreau", "Lefèvre", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
        "Rousseau", "Mercier", "Guérin", "Chevalier", "Vuillemin", "Jeannin", "Cuenot", "Grandjean", "Mougin",
        "Faivre", "Girardot", "Pernot", "Jacquot", "Bouveret", "Perrin", "Gauthier", "Masson", "Marchand"]
TRADES = ["Menuiserie", "Fromagerie", "Transports", "Plasturgie", "Horlogerie", "Insertion", "Aide à domicile",
          "Imprimerie", "Coopérative", "Bureau d'études"]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def reset_database(backend):
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"/tmp/rallynov-bench-events.sqlite3{suffix}").unlink(missing_ok=True)  # noqa: S108 - throw-away database
        return "sqlite:////tmp/rallynov-bench-events.sqlite3"  # noqa: S108 - a throw-away benchmark database
    for sql in ("DROP DATABASE IF EXISTS rallynov_bench_events", "CREATE DATABASE rallynov_bench_events"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql], check=True)  # noqa: S603, S607
    return "postgres://postgres@127.0.0.1:5432/rallynov_bench_events"


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ["EMAIL_URL"] = "locmem://"
    os.environ["RALLYNOV_TERRITORIES_ONLY_REGION"] = "27"  # the region's communes are enough here
    os.environ["DJANGO_SETTINGS_MODULE"] = "rallynov.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STAFF_MFA_REQUIRED = False
    settings.DEBUG = False
    call_command("migrate", verbosity=0)


def build_site():
    from rallynov.accounts import roles
    from rallynov.accounts.domain import add_to_group
    from rallynov.accounts.models import User
    from rallynov.core.seed import create_programme
    from rallynov.events.models import EventIndexPage
    from rallynov.site import demo as site_demo
    from rallynov.site.models import HomePage

    programme = create_programme()
    site_demo.load(programme=programme, log=lambda *args: None)
    index = EventIndexPage(title="Événements", slug="evenements")
    HomePage.objects.get().add_child(instance=index)
    staff = User.objects.create_user("equipe@exemple.fr", "motdepasse-solide-1", is_staff=True)
    add_to_group(staff, roles.PROGRAMME_TEAM)
    return programme, index, staff


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


def fill(event, size):
    """`size` confirmed registrations with French names and structures of the region."""
    from rallynov.core.text import fold
    from rallynov.events.models import Registration
    from rallynov.organizations.models import Organization
    from rallynov.territories.models import Commune

    communes = list(Commune.objects.order_by("-population")[:30])
    organizations = []
    for n in range(max(10, size // 8)):
        organization = Organization(name=f"{random.choice(TRADES)} {random.choice(LAST)} {n}", kind="entreprise",
                                    commune=random.choice(communes), is_generated=True)
        organization.save()
        organizations.append(organization)
    rows = []
    for n in range(size):
        first, last = random.choice(FIRST), random.choice(LAST)
        organization = random.choice(organizations)
        rows.append(Registration(
            event=event, first_name=first, last_name=last, email=f"p{n}.{fold(last)}@exemple.fr",
            organization=organization, organization_name=organization.name,
            department_id=organization.commune.department_id,
            search_key=fold(f"{first} {last} p{n}.{fold(last)}@exemple.fr {organization.name}"), is_generated=True,
        ))
    Registration.objects.bulk_create(rows, batch_size=1000)


def measure_search(client, event):
    from django.urls import reverse

    url = reverse("events:checkin", args=[event.pk])
    durations = []
    for _ in range(SAMPLES):
        query = fold_prefix(random.choice(LAST))
        start = time.perf_counter()
        response = client.get(url, {"q": query, "partial": "results"}, HTTP_HX_REQUEST="true")
        durations.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return durations


def measure_search_query(event):
    from rallynov.events.queries import search_registrations

    durations = []
    for _ in range(SAMPLES):
        query = fold_prefix(random.choice(LAST))
        start = time.perf_counter()
        search_registrations(event, query)
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def fold_prefix(name):
    from rallynov.core.text import fold

    return fold(name)[: random.randint(3, 6)]


def measure_check_in(event, staff):
    from rallynov.events import domain
    from rallynov.events.models import Registration

    ids = list(Registration.objects.filter(event=event, checked_in_at__isnull=True).values_list("pk", flat=True)[:SAMPLES])
    durations = []
    for pk in ids:
        registration = Registration.objects.get(pk=pk)
        start = time.perf_counter()
        domain.check_in(registration=registration, by=staff)
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def sustained(programme, index, *, workers, seconds):
    """Threads register people back to back on an event without a limit, for `seconds`."""
    from django.db import connections

    from rallynov.events import domain
    from rallynov.events.enums import RegistrationStatus
    from rallynov.events.models import Registration

    event = make_event(programme, index, slug="charge", capacity=None)
    counter = iter(range(10**9))
    lock = threading.Lock()
    done, errors, latencies = [], [], []
    deadline = time.perf_counter() + seconds

    def work():
        try:
            while time.perf_counter() < deadline:
                with lock:
                    n = next(counter)
                start = time.perf_counter()
                try:
                    domain.register(event=event, first_name=random.choice(FIRST), last_name=random.choice(LAST),
                                    email=f"charge{n}@exemple.fr", send_email=False)
                    done.append(n)
                    latencies.append((time.perf_counter() - start) * 1000)
                except Exception as exc:  # noqa: BLE001 - counted and reported
                    errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()
    return {"registrations": len(done), "seconds": elapsed, "rate": len(done) / elapsed, "errors": errors,
            "latencies": latencies, "confirmed": confirmed}


def capped(programme, index, *, workers, attempts, capacity):
    """`attempts` registrations at once for `capacity` places: never more confirmed than places."""
    from django.db import connections

    from rallynov.events import domain
    from rallynov.events.enums import RegistrationStatus
    from rallynov.events.models import Registration

    event = make_event(programme, index, slug="quota", capacity=capacity)
    numbers = iter(range(attempts))
    lock = threading.Lock()
    errors = []

    def work():
        try:
            while True:
                with lock:
                    n = next(numbers, None)
                if n is None:
                    return
                try:
                    domain.register(event=event, first_name="Camille", last_name=f"Quota {n}",
                                    email=f"quota{n}@exemple.fr", send_email=False)
                except Exception as exc:  # noqa: BLE001 - counted and reported
                    errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    counts = {s: Registration.objects.filter(event=event, status=s).count()
              for s in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)}
    return {"attempts": attempts, "capacity": capacity, "confirmed": counts[RegistrationStatus.CONFIRMED],
            "waiting": counts[RegistrationStatus.WAITING], "errors": errors, "rate": attempts / elapsed}


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--backend", choices=["postgres", "sqlite"], default="postgres")
    args = parser.parse_args(argv)
    random.seed(2023)
    url = reset_database(args.backend)
    setup_django(url)
    from django.db import connection
    from django.test import Client

    programme, index, staff = build_site()
    client = Client()
    client.force_login(staff)
    sizes = QUICK_SIZES if args.quick else SIZES
    rows = []
    for size in sizes:
        event = make_event(programme, index, slug=f"taille-{size}", capacity=size)
        fill(event, size)
        client.get(f"/evenements/{event.pk}/accueil/")  # warm the template cache
        search = measure_search(client, event)
        query_only = measure_search_query(event)
        check = measure_check_in(event, staff)
        rows.append((size, search, query_only, check))
    workers = 4 if args.quick else 8
    seconds = 5 if args.quick else 15
    load = sustained(programme, index, workers=workers, seconds=seconds)
    quota = capped(programme, index, workers=workers, attempts=200 if args.quick else 1000,
                   capacity=100 if args.quick else 500)
    import sqlite3

    database = f"SQLite {sqlite3.sqlite_version}"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"

    lines = [
        "## Événements (events)",
        "",
        f"Date : {datetime.date.today():%Y-%m-%d} · base : {database} · tailles : "
        f"{', '.join(f'{s:,}'.replace(',', ' ') for s in sizes)} inscriptions par événement · "
        f"{SAMPLES} mesures par ligne · {'--quick' if args.quick else 'complet'} · "
        f"charge de la machine pendant la mesure : {os.getloadavg()[0]:.1f} (machine partagée, 2 cœurs).",
        "",
        "Durées en millisecondes, côté serveur. Recherche à l'accueil : la vue HTMX (session, droits, "
        "requête, rendu du fragment) et la requête seule, par un début de nom sans accents. Pointage : la "
        "mise à jour conditionnelle et l'entrée du journal.",
        "",
        "| inscriptions | recherche (vue) p50 | recherche (vue) p95 | requête seule p50 | requête seule p95 "
        "| pointage p50 | pointage p95 |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, search, query_only, check in rows:
        lines.append(f"| {size:,} | {statistics.median(search):.1f} | {percentile(search, 95):.1f} | "
                     f"{statistics.median(query_only):.1f} | {percentile(query_only, 95):.1f} | "
                     f"{statistics.median(check):.1f} | {percentile(check, 95):.1f} |".replace(",", " "))
    lines += [
        "",
        f"Inscriptions soutenues : {workers} fils pendant {load['seconds']:.1f} s → "
        f"**{load['rate']:.0f} inscriptions/s**, {len(load['errors'])} erreur(s), "
        f"latence p50 {statistics.median(load['latencies']):.1f} ms, p95 {percentile(load['latencies'], 95):.1f} ms "
        f"({load['registrations']} inscriptions, chacune verrouille la ligne de l'événement).",
        "",
        f"Jauge : {quota['attempts']} inscriptions simultanées ({workers} fils) pour {quota['capacity']} places → "
        f"{quota['confirmed']} confirmées, {quota['waiting']} en liste d'attente, {len(quota['errors'])} erreur(s), "
        f"{quota['rate']:.0f} inscriptions/s "
        f"({'aucune surréservation' if quota['confirmed'] == quota['capacity'] else 'SURRÉSERVATION'}).",
        "",
    ]
    report = "\n".join(lines)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report, encoding="utf-8")
    print(report)
    ok = quota["confirmed"] == quota["capacity"] and not quota["errors"] and not load["errors"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
