"""Benchmark of the reporting part: key figures of a year, the figures API, the yearly PDF.

    python benchmarks/bench_reporting.py            # SQLite then PostgreSQL, 100,000 initiatives
    python benchmarks/bench_reporting.py --quick    # small sizes, throw-away SQLite (a few minutes)
    python benchmarks/bench_reporting.py --vendor sqlite|postgresql [--rebuild]

The full run measures the target size of issue 7 (100,000 initiatives, 500 events of the measured
year, 50,000 registrations) on prebuilt data, reused from one run to the next:
`/work/benchdata/reporting/bench-100k.sqlite3` (BENCH_DATA_DIR to move it) and the PostgreSQL
database `bench_reporting_100k` on 127.0.0.1:5432 (BENCH_REPORTING_PG_URL to change it). When the
data is missing or does not hold exactly these counts, it is built once (about 10 minutes per
database on a quiet 2-core machine); `--rebuild` forces it. New migrations are applied to the
prebuilt data before measuring. Measuring alone takes a few minutes per database.

Data: initiatives catalogued over the years with a growing trend, structures of every kind and
size, events of the measured year and their registrations (about three quarters present). Prints
a Markdown section and writes it to benchmarks/results/reporting.md, with the load average and the
number of SQL queries of one year's key figures (which must not grow with the data).
Targets: key figures < 1 s, yearly PDF < 10 s.
"""

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reporting_data import YEAR, Builder, ensure_catalogue_index  # noqa: E402 (after sys.path)

FULL_SIZE = (100_000, 500, 50_000)
QUICK_SIZES = [(2_000, 20, 1_000), (10_000, 50, 5_000)]
RUNS = 7
DATA_DIR = Path(os.environ.get("BENCH_DATA_DIR", "/work/benchdata/reporting"))
SQLITE_FILE = DATA_DIR / "bench-100k.sqlite3"
PG_URL = os.environ.get("BENCH_REPORTING_PG_URL", "postgres://postgres@127.0.0.1:5432/bench_reporting_100k")

def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rallynov.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(function, runs=RUNS):
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), percentile(timings, 0.95)


def per_part_timings(programme):
    from rallynov.reporting import keyfigures

    result = {}
    for label, module in keyfigures.figure_modules().items():
        try:
            p50, _p95 = measure(lambda module=module: module.figures(programme=programme, year=YEAR), runs=3)
        except Exception as exc:  # a part's bug is reported in the results, not fatal to the benchmark
            result[label] = f"erreur ({exc.__class__.__name__})"
            continue
        result[label] = f"{p50:,.0f}".replace(",", "\u202f")
    return result


def existing_sizes():
    """(initiatives, events, registrations) of the benchmark data already in the database."""
    from rallynov.events.models import EventPage, Registration
    from rallynov.initiatives.models import InitiativePage

    return (
        InitiativePage.objects.filter(slug__startswith="initiative-bench-").count(),
        EventPage.objects.filter(slug__startswith="evenement-bench-").count(),
        Registration.objects.filter(email__startswith="participant", is_generated=True).count(),
    )


def analyze_postgres():
    """Refresh PostgreSQL's planner statistics and visibility map after the bulk load, as autovacuum
    does on a live server: without them it estimates 1 event and 16 registrations and picks nested
    loops (3x slower), and counts cannot use index-only scans."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def count_queries(function):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def measure_size(client, programme, size_label, runs, lines, parts_lines, query_lines):
    from rallynov.reporting import keyfigures
    from rallynov.reporting.report import build_report, render_pdf

    for url in (f"/api/v1/figures/{YEAR}", f"/chiffres-cles/?annee={YEAR}"):
        status = client.get(url).status_code
        if status != 200:
            raise SystemExit(f"{url} a répondu {status}")
    figures_p50, figures_p95 = measure(lambda p=programme: keyfigures.collect(programme=p, year=YEAR), runs=runs)
    api_p50, api_p95 = measure(lambda: client.get(f"/api/v1/figures/{YEAR}"), runs=runs)
    page_p50, page_p95 = measure(lambda: client.get(f"/chiffres-cles/?annee={YEAR}"), runs=runs)
    pdf_p50, pdf_p95 = measure(lambda p=programme: render_pdf(build_report(programme=p, year=YEAR)), runs=3)
    for kind, p50, p95, target in (
        ("Chiffres clés d'une année (agrégation)", figures_p50, figures_p95, 1000),
        ("API `/api/v1/figures/{année}`", api_p50, api_p95, 1000),
        ("Page `/chiffres-cles/`", page_p50, page_p95, None),
        ("Bilan PDF (données + Typst)", pdf_p50, pdf_p95, 2000),
    ):
        verdict = "" if target is None else (" ✅" if p95 < target else " ❌")
        lines.append(f"| {size_label} | {kind} | {p50:,.0f} | {p95:,.0f}{verdict} |".replace(",", "\u202f"))
    parts = per_part_timings(programme)
    parts_lines.append(f"| {size_label} | " + " ; ".join(f"{label} {ms}" for label, ms in sorted(parts.items())) + " |")
    query_lines.append(
        f"| {size_label} | {count_queries(lambda: keyfigures.collect(programme=programme, year=YEAR))} | "
        f"{count_queries(lambda: build_report(programme=programme, year=YEAR))} |"
    )


def size_label(initiatives, events, registrations):
    return f"{initiatives:,} init. / {events} évén. / {registrations:,} inscr.".replace(",", "\u202f")


def run(sizes, database_url, vendor_label, *, prebuilt=False, rebuild=False):
    import logging

    setup_django(database_url)
    # A failing part is logged with its traceback on every call; once in the results is enough.
    logging.getLogger("rallynov.reporting.keyfigures").setLevel(logging.CRITICAL)
    from django.core.management import call_command
    from django.test import Client

    from rallynov.core.models import Programme

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    setup_seconds = time.perf_counter() - started
    client = Client()
    lines, parts_lines, query_lines = [], [], []
    data_note = "données construites pour ce passage"
    if prebuilt and not rebuild and existing_sizes() == sizes[0]:
        data_note = "données préconstruites réutilisées"
        print(f"{vendor_label} : données préconstruites réutilisées", flush=True)
        ensure_catalogue_index()
        analyze_postgres()
        programme = Programme.objects.get(slug="bfc")
        measure_size(client, programme, size_label(*sizes[0]), 3, lines, parts_lines, query_lines)
    else:
        if prebuilt and any(existing_sizes()):
            raise SystemExit("Données de banc d'essai incomplètes : relancer avec --rebuild.")
        builder = Builder()
        for initiatives, events, registrations in sizes:
            build_started = time.perf_counter()
            builder.grow(initiatives, events, registrations)
            analyze_postgres()
            print(
                f"{vendor_label} : taille {size_label(initiatives, events, registrations)} construite "
                f"en {time.perf_counter() - build_started:.0f} s",
                flush=True,
            )
            # Fewer runs at the largest size: one run of the key figures there used to take seconds.
            runs = RUNS if initiatives <= 10_000 else 3
            label = size_label(initiatives, events, registrations)
            measure_size(client, builder.programme, label, runs, lines, parts_lines, query_lines)
    with open("/proc/loadavg", encoding="ascii") as handle:
        load = " ".join(handle.read().split()[:3])
    return (
        f"### {vendor_label}\n\n"
        f"Date : {datetime.date.today():%Y-%m-%d}. Année mesurée : {YEAR} (tous les événements et "
        f"inscriptions dans cette année, le pire cas). {RUNS} mesures par requête (3 pour le PDF et "
        f"pour 100\u202f000 initiatives), côté serveur, en millisecondes. {data_note} ; migrations : "
        f"{setup_seconds:.0f} s. Charge de la machine (loadavg 1/5/15 min) à la fin : {load}.\n\n"
        "| taille | requête | p50 (ms) | p95 (ms) |\n| --- | --- | ---: | ---: |\n"
        + "\n".join(lines)
        + "\n\nTemps (p50, ms) de chaque partie dans l'agrégation :\n\n"
        "| taille | parties |\n| --- | --- |\n" + "\n".join(parts_lines)
        + "\n\nRequêtes SQL (indépendant de la charge ; ne doit pas croître avec les données) :\n\n"
        "| taille | chiffres clés d'une année | données du bilan |\n| --- | ---: | ---: |\n"
        + "\n".join(query_lines)
        + "\n"
    )


HEADER = (
    "## Chiffres clés et bilan (reporting)\n\n"
    "Objectifs (issue 7) : chiffres clés d'une année < 1 000 ms, bilan PDF < 2 000 ms (issue 16 ; ✅ / ❌ sur le "
    "p95) pour 100\u202f000 initiatives, 500 événements et 50\u202f000 inscriptions. Commande : "
    "`.venv/bin/python benchmarks/bench_reporting.py` (SQLite puis PostgreSQL, données préconstruites "
    "dans /work/benchdata/reporting/ et la base `bench_reporting_100k`).\n\n"
)


def run_vendor(vendor, *, quick, rebuild):
    """One database in this process; returns its Markdown subsection."""
    with tempfile.TemporaryDirectory(prefix="bench-reporting-") as tmp:
        os.environ["MEDIA_ROOT"] = str(Path(tmp) / "media")
        if quick:
            return run(QUICK_SIZES, f"sqlite:///{tmp}/bench.sqlite3", "SQLite (fichier jetable, mode rapide)")
        if vendor == "sqlite":
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            if rebuild and SQLITE_FILE.exists():
                SQLITE_FILE.unlink()
            return run([FULL_SIZE], f"sqlite:///{SQLITE_FILE}", "SQLite (fichier)", prebuilt=True, rebuild=rebuild)
        _ensure_postgres_database(PG_URL)
        if rebuild:
            _reset_postgres(PG_URL)
        return run([FULL_SIZE], PG_URL, "PostgreSQL", prebuilt=True, rebuild=rebuild)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="petites tailles, SQLite jetable (quelques minutes)")
    parser.add_argument("--vendor", choices=("sqlite", "postgresql"), help="une seule base (défaut : les deux)")
    parser.add_argument("--rebuild", action="store_true", help="reconstruire les données préconstruites")
    parser.add_argument("--section-file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick or args.vendor:
        section = run_vendor(args.vendor or "sqlite", quick=args.quick, rebuild=args.rebuild)
        if args.section_file:
            Path(args.section_file).write_text(section, encoding="utf-8")
            return 0
        sections = [section]
    else:
        # Each database in its own process: Django is set up once per process.
        sections = []
        for vendor in ("sqlite", "postgresql"):
            if vendor == "postgresql" and not _postgres_reachable(PG_URL):
                sections.append("### PostgreSQL\n\nNon mesuré : serveur PostgreSQL injoignable.\n")
                continue
            with tempfile.NamedTemporaryFile(suffix=".md") as out:
                command = [sys.executable, __file__, "--vendor", vendor, "--section-file", out.name]
                if args.rebuild:
                    command.append("--rebuild")
                # Our own script with our own interpreter.
                subprocess.run(command, check=True)  # noqa: S603
                sections.append(Path(out.name).read_text(encoding="utf-8"))
    text = HEADER + "\n".join(sections)
    print(text)
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "reporting.md").write_text(text, encoding="utf-8")
    return 0


def _postgres_reachable(url):
    import psycopg

    try:
        _ensure_postgres_database(url)
        with psycopg.connect(url, connect_timeout=5):
            return True
    except psycopg.Error:
        return False


def _ensure_postgres_database(url):
    """Create the benchmark database on first use (the server's `postgres` database is the admin one)."""
    import psycopg

    name = url.rstrip("/").rsplit("/", 1)[1]
    admin = url.rstrip("/").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def _reset_postgres(url):
    """Empty the benchmark PostgreSQL database (only on --rebuild)."""
    import psycopg

    _ensure_postgres_database(url)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
