#!/usr/bin/env python
"""What a visitor's page costs the server: every public page over HTTP, through gunicorn, on PostgreSQL.

    .venv/bin/python benchmarks/bench_http_pages.py [--sizes 10000,100000] [--requests 200]
        [--concurrency 8] [--no-build] [--quick] [--visitor] [--port 8765]

Data: for each size, the PostgreSQL database `bench_http_<size>` on 127.0.0.1:5432 (user postgres),
built once and kept: migrate, `rallynov demo` (the seeds' events, prize editions, studies, news,
partners, about 180 initiatives), then `rallynov benchmark-data` up to the size, then ANALYZE.
A size is built from a copy of the largest smaller one already built (CREATE DATABASE … TEMPLATE).
On a shared 2-core machine (2026-12-03 evening), 100,000 initiatives were built in a few minutes
(the demo and the benchmark data are written in bulk); under a load average of 8 to 18 the day
before, with the older code, it took an hour. `--quick` measures 1,000 initiatives with 50 requests per page.

Server: gunicorn with the repository's gunicorn.conf.py (processes and threads as in production),
DEBUG=false, the page cache off (PAGE_CACHE_SECONDS=0), rate limits off (every request comes from
127.0.0.1). The requests carry a robot's User-Agent, which the audience counter does not count
(its cost is measured by benchmarks/bench_audience.py); `--visitor` sends a browser's instead.

For each public page: a few warm-up requests (not counted: the first request of a process builds
the facet index, loads templates), then N requests from C threads (each with its own keep-alive
connection). Reported:
- server CPU per request: user + system CPU of the gunicorn arbiter and workers and of the
  PostgreSQL backends connected to the database (Linux /proc/<pid>/stat), before and after,
  divided by N; `/sante/` in the same run is the floor;
- p50 and p95 of the time to the whole response, at C connections;
- SQL queries of one request (Django's test client in a separate process, second request);
- the size of the response.

Writes benchmarks/results/http_pages.md and prints it. Exit status 1 when a page answered
anything but 200.
"""

import argparse
import contextlib
import datetime
import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
RESULTS = ROOT / "benchmarks" / "results" / "http_pages.md"
PG = "postgres://postgres@127.0.0.1:5432/"
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", "/tmp/bench_http_static"))  # noqa: S108 - collected files, rebuilt
BOT_AGENT = "rallynov-bench-http (robot)"
BROWSER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
TARGET_CPU_MS = 25
WARM_UP = 12  # warm-up requests per connection, not counted
TARGET_QUERIES = 15

# Finds the pages whose address depends on the data (a sheet, an event, an edition, a theme).
DISCOVER = r"""
import datetime
from rallynov.awards.models import Edition
from rallynov.core.models import Programme
from rallynov.events.models import EventPage
from rallynov.initiatives.models import CatalogueEntry, InitiativePage, Theme
programme = Programme.objects.default()
entries = CatalogueEntry.objects.filter(programme=programme, department_code="21").order_by("pk")
# A sheet in the middle of the catalogue, in Côte-d'Or: many related initiatives to weigh.
sheet = InitiativePage.objects.get(pk=entries[entries.count() // 2].pk)
event = EventPage.objects.live().filter(programme=programme).order_by("-starts_at").first()
edition = Edition.objects.filter(programme=programme, year__lt=datetime.date.today().year).order_by("-year").first()
theme = Theme.objects.filter(parent__isnull=True).order_by("position", "pk").first()
print(json.dumps({
    "sheet": sheet.url,
    "event": event.url,
    "edition": edition.year if edition else None,
    "theme": theme.slug,
    "initiatives": CatalogueEntry.objects.filter(programme=programme).count(),
}))
"""

# Counts the SQL queries of each page with Django's test client (second request: the first one
# fills the per-process caches, as the warm-up does on the server).
COUNT_QUERIES = r"""
import sys
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_USER_AGENT=sys.argv[2])
counts = {}
for url in json.loads(sys.argv[1]):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    counts[url] = [len(captured.captured_queries), response.status_code]
print(json.dumps(counts))
"""


def label(size):
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def database_url(size):
    return PG + f"bench_http_{label(size)}"


def server_env(url, *, port):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="rallynov.settings",
        DATABASE_URL=url,
        DEBUG="false",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SITE_URL=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        RATELIMIT_ENABLE="false",
        PAGE_CACHE_SECONDS="0",
        EMAIL_URL="dummy://",
        LOG_LEVEL="ERROR",
        STATIC_ROOT=str(STATIC_ROOT),
    )
    return env


def rallynov(url, *command, port=0):
    print(f"   rallynov {' '.join(command)}", flush=True)
    result = subprocess.run(  # noqa: S603 - our own interpreter and commands
        [str(PYTHON), "-m", "rallynov", *command], cwd=ROOT, env=server_env(url, port=port), check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"rallynov {' '.join(command)} a échoué ({url}).")


def django_json(url, code, *argv, port=0):
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [str(PYTHON), "-c", "import django, json; django.setup()\n" + code, *argv],
        cwd=ROOT,
        env=server_env(url, port=port),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"Échec d'un script Django sur {url} :\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def admin():
    import psycopg

    return psycopg.connect(PG + "postgres", autocommit=True)


def existing_databases():
    with admin() as connection:
        return {row[0] for row in connection.execute("SELECT datname FROM pg_database")}


def initiative_count(url):
    code = (
        "from rallynov.initiatives.models import CatalogueEntry\n"
        "print(json.dumps(CatalogueEntry.objects.count()))"
    )
    return django_json(url, code)


def build(size, sizes_built):
    """The database of `size` initiatives, made from the largest smaller one when there is one."""
    name = f"bench_http_{label(size)}"
    url = database_url(size)
    if name not in existing_databases():
        smaller = [s for s in sizes_built if s < size]
        with admin() as connection:
            if smaller:
                source = f"bench_http_{label(max(smaller))}"
                print(f"-- {name} : copie de {source}", flush=True)
                connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
            else:
                print(f"-- {name} : nouvelle base", flush=True)
                connection.execute(f'CREATE DATABASE "{name}"')
        rallynov(url, "migrate", "--noinput", "-v", "0")
        if not smaller:
            rallynov(url, "demo")
    else:
        rallynov(url, "migrate", "--noinput", "-v", "0")
    missing = size - initiative_count(url)
    if missing > 0:
        # Another seed than the smaller size's, so that the added initiatives are new draws.
        rallynov(url, "benchmark-data", "--initiatives", str(missing), "--seed", str(size))
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")
    return url


# --- Server and its CPU ----------------------------------------------------------------------------


def start_server(url, *, port, log):
    with contextlib.suppress(OSError):
        fetch_once(port, "/sante/", BOT_AGENT)
        raise SystemExit(f"Le port {port} répond déjà : un autre serveur y tourne (--port pour en changer).")
    command = [
        str(GUNICORN),
        "-c",
        str(ROOT / "gunicorn.conf.py"),
        "-b",
        f"127.0.0.1:{port}",
        "rallynov.wsgi",
    ]
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and commands
        command,
        cwd=ROOT,
        env=server_env(url, port=port),
        stdout=subprocess.DEVNULL,
        stderr=open(log, "w"),  # noqa: SIM115 - closed with the process
        start_new_session=True,
    )
    for _ in range(240):
        try:
            status, _body, _elapsed = fetch_once(port, "/sante/", BOT_AGENT)
            if status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            break
        time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"gunicorn n'a pas démarré : voir {log}")


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _ticks(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])  # utime, stime


def server_pids(server, database):
    """The gunicorn arbiter and workers, and the PostgreSQL backends connected to `database`."""
    pids = {server.pid}
    with contextlib.suppress(OSError):
        pids |= {int(p) for p in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()}
    with admin() as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [database]
        ).fetchall()
    return pids | {row[0] for row in rows}


def cpu_snapshot(server, database):
    return {pid: ticks for pid in server_pids(server, database) if (ticks := _ticks(pid)) is not None}


def cpu_seconds_between(before, after):
    """CPU spent between two snapshots; a process born in between counts from zero."""
    ticks = sum(after[pid] - before.get(pid, 0) for pid in after)
    return ticks / os.sysconf("SC_CLK_TCK")


# --- Load -----------------------------------------------------------------------------------------


def fetch_once(port, path, agent, connection=None):
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    connection.request("GET", path, headers={"User-Agent": agent, "Accept-Language": "fr"})
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    if own or response.getheader("Connection", "").lower() == "close":
        connection.close()
    return response.status, body, elapsed


def hammer(port, path, *, requests, concurrency, agent):
    """`requests` GETs of `path` from `concurrency` threads; [(status, seconds)] and the body size."""
    results = []
    sizes = []
    lock = threading.Lock()
    remaining = [requests]

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            try:
                status, body, elapsed = fetch_once(port, path, agent, connection)
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status, body, elapsed = 0, b"", 0.0
            with lock:
                results.append((status, elapsed))
                sizes.append(len(body))
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, (max(sizes) if sizes else 0)


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else 0.0


def pages(found):
    """(label, path) of every public page measured, the floor first."""
    edition = found["edition"]
    theme = found["theme"]
    return [
        ("`/sante/` (plancher)", "/sante/"),
        ("accueil", "/"),
        ("catalogue", "/initiatives/"),
        ("catalogue, texte", "/initiatives/?q=epicerie+solidaire"),
        ("catalogue, 2 facettes", f"/initiatives/?theme={theme}&department=21"),
        ("catalogue, texte + 2 facettes", f"/initiatives/?q=innovation&theme={theme}&department=21"),
        ("fiche d'initiative", found["sheet"]),
        ("carte, GeoJSON de la Côte-d'Or", "/initiatives/carte.geojson?department=21"),
        ("API, liste", "/api/v1/initiatives"),
        ("API, liste, texte", "/api/v1/initiatives?q=innovation"),
        ("API, GeoJSON de la Côte-d'Or", "/api/v1/initiatives.geojson?department=21"),
        ("événements", "/evenements/"),
        ("un événement", found["event"]),
        ("prix", "/prix/"),
        *([("une édition du prix", f"/prix/{edition}/")] if edition else []),
        ("lauréats", "/prix/laureats/"),
        ("études", "/etudes/"),
        ("actualités", "/actualites/"),
        ("chiffres clés", "/chiffres-cles/"),
        ("partenaires", "/partenaires/"),
        ("recherche sur le site", "/recherche/?q=innovation"),
    ]


def loadavg():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def measure(size, url, args):
    database = urllib.parse.urlparse(url).path.lstrip("/")
    rallynov(url, "collectstatic", "--noinput", "-v", "0")
    found = django_json(url, DISCOVER, port=args.port)
    measured = pages(found)
    agent = BROWSER_AGENT if args.visitor else BOT_AGENT
    queries = django_json(url, COUNT_QUERIES, json.dumps([p for _, p in measured]), agent, port=args.port)
    log = Path(f"/tmp/bench_http_{label(size)}.log")  # noqa: S108 - the server's stderr, kept to read
    server = start_server(url, port=args.port, log=log)
    rows = []
    try:
        for name, path in measured:
            # Warm-up: every process and thread meets the page several times (facet index,
            # templates, values kept per process, the database connections of each thread and
            # their caches); with 4 per connection, a second measure of the same page still cost
            # up to three times the first's steady state.
            hammer(args.port, path, requests=WARM_UP * args.concurrency, concurrency=args.concurrency, agent=agent)
            before = cpu_snapshot(server, database)
            started = time.perf_counter()
            results, body = hammer(
                args.port, path, requests=args.requests, concurrency=args.concurrency, agent=agent
            )
            wall = time.perf_counter() - started
            after = cpu_snapshot(server, database)
            cpu = cpu_seconds_between(before, after)
            times = [elapsed * 1000 for status, elapsed in results if status == 200]
            statuses = sorted({status for status, _ in results})
            rows.append(
                {
                    "name": name,
                    "path": path,
                    "cpu_ms": cpu * 1000 / len(results),
                    "p50": percentile(times, 0.5),
                    "p95": percentile(times, 0.95),
                    "rate": len(results) / wall,
                    "queries": queries.get(path, [None])[0],
                    "statuses": statuses,
                    "bytes": body,
                }
            )
            print(
                f"   {name:40} {rows[-1]['cpu_ms']:7.1f} ms CPU  p50 {rows[-1]['p50']:7.1f}  "
                f"p95 {rows[-1]['p95']:7.1f}  {rows[-1]['queries']} requêtes  {statuses}",
                flush=True,
            )
    finally:
        stop_server(server)
    return {"size": size, "initiatives": found["initiatives"], "rows": rows, "load": loadavg()}


def report(runs, args, started, load_start):
    lines = [
        "## Pages publiques entières par HTTP (gunicorn, PostgreSQL)\n",
        f"Mesuré le {started:%Y-%m-%d} de {started:%H:%M} à {datetime.datetime.now(datetime.UTC):%H:%M} UTC par "
        "`benchmarks/bench_http_pages.py` ; machine de "
        f"{os.cpu_count()} cœurs partagée ; charge moyenne (/proc/loadavg 1/5/15 min) au début {load_start}, "
        + ", ".join(f"après {label(run['size'])} : {run['load']}" for run in runs)
        + ". "
        f"gunicorn avec `gunicorn.conf.py` (processus et fils de production), DEBUG=false, cache des pages "
        f"désactivé (PAGE_CACHE_SECONDS=0), {args.requests} requêtes par page à {args.concurrency} connexions "
        f"persistantes après un échauffement non compté de {WARM_UP * args.concurrency} requêtes ; "
        + (
            "User-Agent d'un navigateur (la mesure d'audience compte chaque vue). "
            if args.visitor
            else "User-Agent de robot (la mesure d'audience ne compte pas ces vues). "
        )
        + "**CPU serveur** : temps CPU (utilisateur + système, /proc) des processus gunicorn et des processus "
        "PostgreSQL de la base, divisé par le nombre de requêtes. **Requêtes** : requêtes SQL d'une vue "
        "(client de test de Django, 2ᵉ vue). p50 / p95 : temps jusqu'à la réponse entière, en ms. "
        f"Cibles (issue 18) : ≤ {TARGET_CPU_MS} ms de CPU serveur par page, ≤ {TARGET_QUERIES} requêtes SQL. "
        "Données : `rallynov demo` puis `rallynov benchmark-data` jusqu'à la taille, puis ANALYZE.\n",
    ]
    sizes = [run["size"] for run in runs]
    header = (
        "| page | "
        + " | ".join(f"{label(s)} CPU ms | {label(s)} p50 / p95 | {label(s)} req." for s in sizes)
        + " | octets |"
    )
    lines.append(header)
    lines.append("| --- |" + " ---: | ---: | ---: |" * len(sizes) + " ---: |")
    for index, row in enumerate(runs[0]["rows"]):
        cells = []
        for run in runs:
            r = run["rows"][index]
            flag = "" if r["statuses"] == [200] else f" ⚠ {r['statuses']}"
            over = " ⚠" if index and r["cpu_ms"] > TARGET_CPU_MS else ""
            cells.append(f"{r['cpu_ms']:.1f}{over}{flag} | {r['p50']:.0f} / {r['p95']:.0f} | {r['queries']}")
        lines.append(
            f"| {row['name']} | "
            + " | ".join(cells)
            + f" | {runs[-1]['rows'][index]['bytes']:,} |".replace(",", " ")
        )
    lines.append("")
    lines.append(
        "Adresses mesurées : "
        + ", ".join(f"`{row['path']}`" for row in runs[-1]["rows"])
        + ". Initiatives publiées : "
        + ", ".join(f"{label(run['size'])} → {run['initiatives']}" for run in runs)
        + ".\n"
    )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="10000,100000", help="Nombres d'initiatives, séparés par des virgules."
    )
    parser.add_argument("--requests", type=int, default=200, help="Requêtes mesurées par page.")
    parser.add_argument("--concurrency", type=int, default=8, help="Connexions simultanées.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--no-build", action="store_true", help="Ne mesure que les bases déjà construites.")
    parser.add_argument("--quick", action="store_true", help="1 000 initiatives, 50 requêtes par page.")
    parser.add_argument("--visitor", action="store_true", help="User-Agent de navigateur (vues comptées).")
    args = parser.parse_args(argv)
    sizes = [1_000] if args.quick else sorted(int(s) for s in args.sizes.split(",") if s.strip())
    if args.quick:
        args.requests = 50
    started = datetime.datetime.now(datetime.UTC)
    load_start = loadavg()
    runs, built = [], []
    for size in sizes:
        name = f"bench_http_{label(size)}"
        if args.no_build and name not in existing_databases():
            print(f"-- {name} absente : taille ignorée (--no-build)")
            continue
        print(f"== {label(size)} initiatives", flush=True)
        url = build(size, built) if not args.no_build else database_url(size)
        built.append(size)
        runs.append(measure(size, url, args))
    if not runs:
        raise SystemExit("Aucune base à mesurer.")
    text = report(runs, args, started, load_start)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    bad = [r for run in runs for r in run["rows"] if r["statuses"] != [200]]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
