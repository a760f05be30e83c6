#!/usr/bin/env python
"""Benchmark of the observatory: catalogue search with facets, GeoJSON of a department, import.

Two steps, so that the timed part fits in a few minutes:

1. `build`: the catalogues of 1,000, 10,000 and 100,000 initiatives, made once by
   `rallynov benchmark-data` and kept for the next runs: SQLite files
   /work/benchdata/initiatives/bench_<size>.sqlite3 (BENCH_DATA_DIR to change the folder) and
   PostgreSQL databases bench_initiatives_1k, _10k, _100k on 127.0.0.1:5432 (user postgres).
   Each size starts from a copy of the size below; a build that was interrupted goes on where
   it stopped (rerun the same command). Measured under a load average of 13 on 2 cores: SQLite
   1k 14 s, 10k 95 s, 100k about 45 min; PostgreSQL 1k 57 s, 10k 8 min. On a quiet machine
   expect roughly a third of that: build once, ahead of the timed run.
2. `run` (the default): on each prebuilt catalogue, the requests a visitor makes, through
   Django's test client (middleware, view, SQL, facet counts, template or JSON: everything the
   server does, nothing of the network), p50 and p95 in milliseconds per kind of query:
   broad text ("innovation"), narrow text, two facets (a theme and a department), text and two
   facets, the unfiltered first page, the whole page with two facets, the GeoJSON of one
   department; plus the number of SQL queries of a catalogue page (the same at every size), and
   importing 10,000 CSV rows into the largest catalogue (a dry run: the whole work, then rolled
   back, so the catalogue keeps its size).

Usage:
  .venv/bin/python benchmarks/bench_initiatives.py build [--backends sqlite,postgres] [--sizes ...]
  .venv/bin/python benchmarks/bench_initiatives.py [run] [--backends sqlite,postgres] [--sizes ...]
      [--samples 20] [--import-rows 10000] [--no-build]
`run` builds what is missing first; with `--no-build` it measures only the catalogues already
built whole and says which it skipped. Each worker migrates its database first (migration 0007
adds PostgreSQL's stored search_vector: a few seconds at 10,000). The first request of each
catalogue builds the in-process facet index (facets.py) and is not timed; its time is reported
as "index_build_ms". `--quick` uses 1,000 initiatives and 500 import rows.
Writes benchmarks/results/initiatives.md and prints it.
"""

import argparse
import datetime
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "initiatives.md"
DATA_DIR = Path(os.environ.get("BENCH_DATA_DIR", "/work/benchdata/initiatives"))
SIZES = [1_000, 10_000, 100_000]
QUICK_SIZES = [1_000]
IMPORT_ROWS = 10_000
QUICK_IMPORT_ROWS = 500
SAMPLES = 20
BROAD = ["innovation", "solidaire", "salariés"]
NARROW = ["épicerie solidaire", "covoiturer", "garage", "crèche", "tiers-lieu", "vélos", "aidants", "Héricourt",
          "recyclerie", "cantine bio"]
# Typos that find nothing and get a « Vouliez-vous dire … » (initiatives/queries/suggest.py).
TYPOS = ["innovasion", "epicries solidaires", "covoiturrage", "recyclerei", "Héricourd", "solidiare"]
KINDS = [
    ("broad", "texte large (« innovation »…)"),
    ("narrow", "texte précis (« épicerie solidaire »…)"),
    ("two_facets", "2 facettes (thème + département)"),
    ("text_two_facets", "texte + 2 facettes"),
    ("unfiltered", "sans filtre, 1ʳᵉ page"),
    ("full_page", "page entière, 2 facettes"),
    ("geojson_department", "GeoJSON d'un département"),
    ("typo", "faute de frappe (« innovasion »…)"),
]


def label(size):
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def sqlite_path(size):
    return DATA_DIR / f"bench_{label(size)}.sqlite3"


def pg_name(size):
    return f"bench_initiatives_{label(size)}"


def database_url(backend, size):
    if backend == "sqlite":
        return f"sqlite:///{sqlite_path(size)}"
    return f"postgres://postgres@127.0.0.1:5432/{pg_name(size)}"


def psql(sql, database="postgres"):
    return subprocess.run(  # noqa: S603
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-Atqc", sql],  # noqa: S607
        capture_output=True, text=True, timeout=3600, check=True,
    ).stdout.strip()


def postgres_available():
    try:
        return psql("SELECT 1") == "1"
    except (OSError, subprocess.SubprocessError):
        return False


def exists(backend, size):
    if backend == "sqlite":
        return sqlite_path(size).exists()
    return psql(f"SELECT 1 FROM pg_database WHERE datname = '{pg_name(size)}'") == "1"  # noqa: S608 - our own name


def entry_count(backend, size):
    """Published entries of a prebuilt catalogue (0 when it is not there or not migrated)."""
    sql = "SELECT count(*) FROM initiatives_catalogueentry"
    if not exists(backend, size):
        return 0
    try:
        if backend == "sqlite":
            with closing(sqlite3.connect(sqlite_path(size))) as db:
                return db.execute(sql).fetchone()[0]
        return int(psql(sql, database=pg_name(size)))
    except (sqlite3.Error, subprocess.SubprocessError, ValueError):
        return 0


def copy_database(backend, source, target):
    """Start the catalogue of size `target` from the (finished) one of size `source`."""
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            origin = Path(f"{sqlite_path(source)}{suffix}")
            if origin.exists():
                shutil.copyfile(origin, f"{sqlite_path(target)}{suffix}")
        return
    psql(f"CREATE DATABASE {pg_name(target)} TEMPLATE {pg_name(source)}")


def percentile(values, p):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def run_worker(mode, backend, size, extra=()):
    """Run this script as a Django process on one database; return the JSON lines it printed."""
    env = {**os.environ, "DATABASE_URL": database_url(backend, size), "LOG_LEVEL": "ERROR"}
    command = [sys.executable, __file__, f"--{mode}", backend, "--size", str(size), *extra]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)  # noqa: S603
    rows = []
    for line in process.stdout:
        if line.startswith("{"):
            rows.append(json.loads(line))
        else:
            print(f"  [{backend} {label(size)}] {line.rstrip()}", file=sys.stderr, flush=True)
    if process.wait() != 0:
        raise SystemExit(f"{mode} {backend} {size}: échec (code {process.returncode})")
    return rows


# --- Worker: runs inside Django, one database ----------------------------------------------------


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rallynov.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def analyze():
    """Fresh planner statistics after a bulk load, as autovacuum would give them in time."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def build_worker(size):
    setup_django()
    from rallynov.core.models import Programme
    from rallynov.core.seed import create_programme
    from rallynov.initiatives.management.commands.benchmark_data import generate
    from rallynov.initiatives.models import CatalogueEntry

    programme = Programme.objects.default() or create_programme()
    current = CatalogueEntry.objects.count()
    started = time.perf_counter()
    if size > current:
        generate(programme=programme, count=size - current, seed=size + current, log=print)
    analyze()
    print(json.dumps({"size": CatalogueEntry.objects.count(), "build_s": time.perf_counter() - started}), flush=True)


def import_rows_csv(rows, communes, themes, rng):
    header = "name;organization;organization_kind;siret;commune_insee;commune;postal_code;themes;year;summary;description;website;video_url;laureate_year"
    lines = [header]
    for i in range(rows):
        commune = rng.choice(communes)
        picked = "|".join(rng.sample(themes, 2))
        lines.append(
            f"Initiative importée n° {i} à {commune[1]};Structure importée {i};association;;{commune[0]};;;"
            f"{picked};{rng.randint(2013, 2023)};Résumé de l'initiative importée {i}.;;;;"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def timed(fn, samples):
    """Wall-clock and CPU time (this process: Django, and SQLite which runs inside it) per call.
    CPU time hardly depends on the other processes of a busy machine."""
    durations, cpu = [], []
    for sample in samples:
        start, start_cpu = time.perf_counter(), time.process_time()
        fn(sample)
        durations.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return {
        "p50": statistics.median(durations), "p95": percentile(durations, 95), "n": len(durations),
        "cpu_p50": statistics.median(cpu), "cpu_p95": percentile(cpu, 95),
    }


def measure_worker(size, samples, import_rows):
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from rallynov.core.models import Programme
    from rallynov.initiatives import facets
    from rallynov.initiatives.models import CatalogueEntry, Theme

    analyze()
    programme = Programme.objects.select_related("region").default()
    rng = random.Random(7)
    parents = list(Theme.objects.filter(parent__isnull=True).values_list("slug", flat=True))
    departments = programme.region.all_department_codes()
    client = Client()
    catalogue_url = reverse("initiatives:catalogue")
    geojson_url = reverse("initiatives:map_geojson")
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "catalogue-results"}

    def get(url, params, headers):
        response = client.get(url, params, **headers)
        if response.status_code != 200:
            raise SystemExit(f"{url} {params}: {response.status_code}")
        return response

    def results(params):
        # Every text search is timed as a first search of its words: the facet index keeps the
        # last text queries' matches, which would make repeated words look cheaper than they are.
        for index in facets._cache.values():
            index.texts.clear()
        get(catalogue_url, params, htmx)

    def full_page(params):
        get(catalogue_url, params, {})

    def geojson(params):
        get(geojson_url, params, {})

    def two():
        return {"theme": rng.choice(parents), "department": rng.choice(departments)}

    cases = {
        "broad": (results, [{"q": rng.choice(BROAD)} for _ in range(samples)]),
        "narrow": (results, [{"q": rng.choice(NARROW)} for _ in range(samples)]),
        "two_facets": (results, [two() for _ in range(samples)]),
        "text_two_facets": (results, [{"q": rng.choice(BROAD + NARROW), **two()} for _ in range(samples)]),
        "unfiltered": (results, [{} for _ in range(max(5, samples // 3))]),
        "full_page": (full_page, [two() for _ in range(max(5, samples // 3))]),
        "geojson_department": (geojson, [{"department": rng.choice(departments)} for _ in range(samples)]),
        "typo": (results, [{"q": rng.choice(TYPOS)} for _ in range(samples)]),
    }
    started = time.perf_counter()
    full_page({})  # warm up: connection, caches of reference tables, templates, the facet index
    index_build_ms = (time.perf_counter() - started) * 1000
    geojson({"department": departments[0]})
    started = time.perf_counter()
    results({"q": TYPOS[0]})  # builds the vocabulary of « Vouliez-vous dire … », kept until the catalogue changes
    vocabulary_build_ms = (time.perf_counter() - started) * 1000
    with CaptureQueriesContext(connection) as captured:
        full_page(two())
    row = {"size": CatalogueEntry.objects.count(), "vendor": connection.vendor, "queries": len(captured),
           "index_build_ms": index_build_ms, "vocabulary_build_ms": vocabulary_build_ms}
    for name, (fn, params) in cases.items():
        row[name] = timed(fn, params)
    features = get(geojson_url, {"department": "21"}, {}).json()["features"]
    row["geojson_21_features"] = len(features)
    if import_rows:
        from rallynov.initiatives.interchange import import_file
        from rallynov.territories.models import Commune

        communes = list(
            Commune.objects.filter(department__region=programme.region).values_list("insee", "name")[:3000]
        )
        theme_names = list(Theme.objects.filter(parent__isnull=False).values_list("name", flat=True))
        data = import_rows_csv(import_rows, communes, theme_names, rng)
        started = time.perf_counter()
        report = import_file(data, filename="bench.csv", programme=programme, dry_run=True)
        row["import_s"] = time.perf_counter() - started
        row["import_rows"] = import_rows
        row["import_created"] = report.created
    print(json.dumps(row), flush=True)


# --- Report ------------------------------------------------------------------------------------


def markdown(rows, *, load, started, finished):
    lines = [
        "## Observatoire (initiatives)",
        "",
        f"Mesuré le {started:%Y-%m-%d} de {started:%H:%M} à {finished:%H:%M} UTC ; charge moyenne (1 min) "
        f"{load[0]:.1f} au début, {load[1]:.1f} à la fin (2 cœurs). Temps côté serveur en millisecondes, p50 / p95 : "
        "chaque requête passe par le client de test de Django (intergiciels, vue, SQL, comptes des facettes, "
        "gabarit ou JSON), sans le réseau. Les recherches sont les requêtes HTMX de la liste (ce qu'envoie un clic "
        "sur une facette) ; « page entière » est la page complète. Catalogues construits par "
        "`rallynov benchmark-data` (`benchmarks/bench_initiatives.py build`).",
        "",
        "| base | initiatives | " + " | ".join(title for _key, title in KINDS) + " | requêtes SQL d'une page |",
        "| --- | ---: | " + " | ".join("---:" for _ in KINDS) + " | ---: |",
    ]
    for r in rows:
        cells = " | ".join(f"{r[key]['p50']:.0f} / {r[key]['p95']:.0f}" for key, _title in KINDS)
        lines.append(f"| {r['vendor']} | {r['size']:,} | {cells} | {r['queries']} |".replace(",", " "))
    lines += [
        "",
        "Temps CPU du processus Django par requête, p50 / p95 (ms) : il dépend peu de la charge de la machine. "
        "Avec SQLite il comprend le travail de la base (dans le même processus) ; avec PostgreSQL, non.",
        "",
        "| base | initiatives | " + " | ".join(title for _key, title in KINDS) + " |",
        "| --- | ---: | " + " | ".join("---:" for _ in KINDS) + " |",
    ]
    for r in rows:
        if "cpu_p50" not in r[KINDS[0][0]]:
            continue
        cells = " | ".join(f"{r[key]['cpu_p50']:.0f} / {r[key]['cpu_p95']:.0f}" for key, _title in KINDS)
        lines.append(f"| {r['vendor']} | {r['size']:,} | {cells} |".replace(",", " "))
    imports = [r for r in rows if r.get("import_rows")]
    if imports:
        lines += ["", "Import (simulation complète puis annulation) dans le plus grand catalogue :", ""]
        lines += [
            f"- {r['vendor']}, {r['size']:,} initiatives : {r['import_rows']:,} lignes en {r['import_s']:.1f} s".replace(",", " ")
            for r in imports
        ]
    lines += [
        "",
        "Chaque recherche de texte est mesurée comme une première recherche de ses mots (l'index des "
        "facettes garde les 64 dernières recherches de texte ; ce cache est vidé avant chaque mesure).",
        "",
        "Première requête de chaque catalogue (page entière sans filtre : elle construit l'index des facettes "
        "en mémoire, facets.py, refait après chaque modification du catalogue, et charge gabarits et caches ; "
        "non comptée ci-dessus) : "
        + ", ".join(f"{r['vendor']} {r['size']:,} → {r.get('index_build_ms', 0):.0f} ms".replace(",", " ") for r in rows)
        + ".",
        "",
        "Première faute de frappe de chaque catalogue (elle construit le vocabulaire des suggestions, "
        "suggest.py, refait après chaque modification du catalogue ; non comptée ci-dessus) : "
        + ", ".join(f"{r['vendor']} {r['size']:,} → {r.get('vocabulary_build_ms', 0):.0f} ms".replace(",", " ") for r in rows)
        + ".",
        "",
        "Nombre d'éléments du GeoJSON de la Côte-d'Or (21) : "
        + ", ".join(f"{r['vendor']} {r['size']:,} → {r['geojson_21_features']:,}".replace(",", " ") for r in rows)
        + ".",
        "",
        "Objectifs (issue 3) : recherche avec deux facettes < 100 ms au 95ᵉ centile, GeoJSON d'un département "
        "< 200 ms, import de 10 000 lignes < 60 s, à 100 000 initiatives.",
        "",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", nargs="?", default="run", choices=["run", "build"])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--sizes", default="")
    parser.add_argument("--samples", type=int, default=SAMPLES)
    parser.add_argument("--import-rows", type=int, default=-1, help="0: no import measure")
    parser.add_argument("--output", default=str(RESULTS), help="the Markdown file to write")
    parser.add_argument("--no-build", action="store_true",
                        help="measure only the catalogues already built whole, build nothing")
    parser.add_argument("--build-worker", default="", help=argparse.SUPPRESS)
    parser.add_argument("--measure-worker", default="", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_worker:
        build_worker(args.size)
        return
    if args.measure_worker:
        measure_worker(args.size, args.samples, max(0, args.import_rows))
        return
    sizes = sorted(int(s) for s in args.sizes.split(",")) if args.sizes else (QUICK_SIZES if args.quick else SIZES)
    import_rows = args.import_rows if args.import_rows >= 0 else (QUICK_IMPORT_ROWS if args.quick else IMPORT_ROWS)
    backends = []
    for backend in args.backends.split(","):
        if backend == "postgres" and not postgres_available():
            print("PostgreSQL ne répond pas sur 127.0.0.1:5432 : ignoré.", file=sys.stderr)
            continue
        backends.append(backend)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    built_sizes = {backend: list(sizes) for backend in backends}
    for backend in backends:
        if args.no_build:
            built_sizes[backend] = [size for size in sizes if entry_count(backend, size) == size]
            for size in sorted(set(sizes) - set(built_sizes[backend])):
                print(f"{backend} {label(size)} : pas construit en entier, non mesuré (--no-build)", file=sys.stderr)
            continue
        previous = None
        for size in sizes:
            if not exists(backend, size):
                if previous is not None:
                    copy_database(backend, previous, size)
                elif backend == "postgres":
                    psql(f"CREATE DATABASE {pg_name(size)}")
            if entry_count(backend, size) == size:
                previous = size
                continue
            (built,) = run_worker("build-worker", backend, size)
            print(f"{backend} {label(size)} : {built['size']} initiatives ({built['build_s']:.0f} s de construction)",
                  file=sys.stderr, flush=True)
            previous = size
    if args.step == "build":
        return
    rows = []
    load_before = os.getloadavg()[0]
    started = datetime.datetime.now(datetime.UTC)
    output = Path(args.output)
    for backend in backends:
        measured = built_sizes[backend]
        for size in measured:
            extra = ["--samples", str(args.samples), "--import-rows", str(import_rows if size == measured[-1] else 0)]
            rows += run_worker("measure-worker", backend, size, extra)
            print(json.dumps({"backend": backend, **rows[-1]}), file=sys.stderr, flush=True)
            text = markdown(rows, load=(load_before, os.getloadavg()[0]), started=started,
                            finished=datetime.datetime.now(datetime.UTC))
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
    print(output.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
