#!/usr/bin/env python
"""Benchmark of the observatory: catalogue search with facets, GeoJSON of a department, import.

Builds its own throw-away databases (a SQLite file in /tmp, and PostgreSQL database
`rallynov_bench_obs` when PostgreSQL answers on 127.0.0.1:5432), grows the catalogue through
the sizes with `benchmark-data`, and at each size measures, server side (the Python functions the
views call, facet counts and serialisation included):

- search with two facets selected (a theme and a department), facet counts included;
- search with text and two facets; text only; the unfiltered first page;
- the map's GeoJSON of one department;
- importing 10,000 CSV rows (a dry run: the whole work, then rolled back, so the catalogue keeps
  its size).

Usage: .venv/bin/python benchmarks/bench_initiatives.py [--quick] [--backends sqlite,postgres]
Writes benchmarks/results/initiatives.md and prints it.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "initiatives.md"
SIZES = [1_000, 10_000, 100_000]
QUICK_SIZES = [200, 1_000]
IMPORT_ROWS = 10_000
QUICK_IMPORT_ROWS = 500
SAMPLES = 40
WORDS = ["épicerie", "covoiturage", "solidaire", "jardin", "crèche", "réemploi", "insertion", "tiers-lieu", "vélo", "aidants"]


def percentile(values, p):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def database_url(backend):
    if backend == "sqlite":
        return "sqlite:////tmp/rallynov-bench-initiatives.sqlite3"  # noqa: S108 - a throw-away benchmark database
    return "postgres://postgres@127.0.0.1:5432/rallynov_bench_obs"


def reset_database(backend):
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"/tmp/rallynov-bench-initiatives.sqlite3{suffix}").unlink(missing_ok=True)  # noqa: S108
        return
    for sql in ("DROP DATABASE IF EXISTS rallynov_bench_obs", "CREATE DATABASE rallynov_bench_obs"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql], check=True)  # noqa: S603, S607


def postgres_available():
    try:
        result = subprocess.run(  # noqa: S603
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SELECT 1"],  # noqa: S607
            capture_output=True, text=True, timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.stdout.strip() == "1"


# --- Worker: runs inside Django, one backend, every size ---------------------------------------


def timed(fn, samples):
    durations = []
    for args in samples:
        start = time.perf_counter()
        fn(*args)
        durations.append((time.perf_counter() - start) * 1000)
    return {"p50": statistics.median(durations), "p95": percentile(durations, 95), "n": len(durations)}


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


def worker(backend, sizes, import_rows):
    os.environ["DATABASE_URL"] = database_url(backend)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rallynov.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from rallynov.core.seed import create_programme
    from rallynov.initiatives import queries
    from rallynov.initiatives.interchange import import_file
    from rallynov.initiatives.management.commands.benchmark_data import generate
    from rallynov.initiatives.models import CatalogueEntry, Theme

    call_command("migrate", verbosity=0)
    programme = create_programme()
    rng = random.Random(7)
    parents = list(Theme.objects.filter(parent__isnull=True).values_list("slug", flat=True))
    results = []
    for size in sizes:
        current = CatalogueEntry.objects.count()
        started = time.perf_counter()
        if size > current:
            generate(programme=programme, count=size - current, seed=size)
        build_seconds = time.perf_counter() - started
        if not parents:
            parents = list(Theme.objects.filter(parent__isnull=True).values_list("slug", flat=True))
        departments = programme.region.all_department_codes()

        def run_search(params):
            filters = queries.CatalogueFilters.from_params(params)
            queries.search(programme=programme, filters=filters)

        def run_geojson(department):
            data = queries.geojson(programme=programme, filters=queries.CatalogueFilters(departments=(department,)))
            json.dumps(data, separators=(",", ":"))

        two_facets = [({"theme": [rng.choice(parents)], "department": [rng.choice(departments)]},) for _ in range(SAMPLES)]
        text_facets = [
            ({"q": [rng.choice(WORDS)], "theme": [rng.choice(parents)], "department": [rng.choice(departments)]},)
            for _ in range(SAMPLES)
        ]
        text_only = [({"q": [rng.choice(WORDS)]},) for _ in range(SAMPLES)]
        unfiltered = [({},) for _ in range(10)]
        geo = [(rng.choice(departments),) for _ in range(20)]
        run_search({})  # warm up connections and caches of reference tables
        row = {
            "size": CatalogueEntry.objects.count(),
            "build_s": build_seconds,
            "two_facets": timed(run_search, two_facets),
            "text_two_facets": timed(run_search, text_facets),
            "text_only": timed(run_search, text_only),
            "unfiltered": timed(run_search, unfiltered),
            "geojson_department": timed(run_geojson, geo),
        }
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
        results.append(row)
        print(json.dumps({"backend": backend, "vendor": connection.vendor, **row}), flush=True)
    return results


# --- Report ------------------------------------------------------------------------------------


def markdown(rows, *, quick):
    lines = [
        "## Observatoire (initiatives)",
        "",
        f"Mesuré le {datetime.date.today().isoformat()} sur cette machine (2 cœurs partagés, charge moyenne "
        f"{os.getloadavg()[0]:.1f} pendant la mesure : d'autres processus tournaient), "
        f"{'mode rapide' if quick else 'tailles 1 000, 10 000 et 100 000'} ; temps côté serveur (fonctions appelées "
        "par les vues, comptes des facettes et sérialisation compris), en millisecondes. Chaque taille est "
        "construite par `rallynov benchmark-data` ; l'import est une simulation complète (tout le travail, puis "
        "annulation) de fichiers CSV générés.",
        "",
        "| base | initiatives | 2 facettes p50 / p95 | texte + 2 facettes p50 / p95 | texte seul p50 / p95 | "
        "sans filtre p50 / p95 | GeoJSON d'un département p50 / p95 | import (lignes) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    def pair(r, key):
        return f"{r[key]['p50']:.0f} / {r[key]['p95']:.0f}"

    for r in rows:
        lines.append(
            f"| {r['vendor']} | {r['size']:,} | {pair(r, 'two_facets')} | {pair(r, 'text_two_facets')} | {pair(r, 'text_only')} | "
            f"{pair(r, 'unfiltered')} | {pair(r, 'geojson_department')} | {r['import_s']:.1f} s ({r['import_rows']:,}) |".replace(
                ",", " "
            )
        )
    lines += [
        "",
        "Objectifs : recherche avec deux facettes < 100 ms au 95ᵉ centile, GeoJSON d'un département < 200 ms, "
        "import de 10 000 lignes < 60 s, à 100 000 initiatives.",
        "",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--worker", default="")
    parser.add_argument("--sizes", default="")
    parser.add_argument("--import-rows", type=int, default=0)
    parser.add_argument("--output", default=str(RESULTS), help="the Markdown file to write")
    parser.add_argument("--from-json", nargs="*", default=None, help="render saved worker lines (JSON) only")
    args = parser.parse_args()
    output = Path(args.output)
    if args.from_json is not None:
        rows = [json.loads(line) for name in args.from_json for line in Path(name).read_text().splitlines() if line.startswith("{")]
        output.write_text(markdown(rows, quick=args.quick), encoding="utf-8")
        print(markdown(rows, quick=args.quick))
        return
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else (QUICK_SIZES if args.quick else SIZES)
    import_rows = args.import_rows or (QUICK_IMPORT_ROWS if args.quick else IMPORT_ROWS)
    if args.worker:
        worker(args.worker, sizes, import_rows)
        return
    rows = []
    for backend in args.backends.split(","):
        if backend == "postgres" and not postgres_available():
            print("PostgreSQL ne répond pas sur 127.0.0.1:5432 : ignoré.", file=sys.stderr)
            continue
        reset_database(backend)
        command = [sys.executable, __file__, "--worker", backend, "--sizes", ",".join(map(str, sizes)),
                   "--import-rows", str(import_rows)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)  # noqa: S603
        for line in process.stdout:
            if line.startswith("{"):
                rows.append(json.loads(line))
                output.parent.mkdir(parents=True, exist_ok=True)
                output.write_text(markdown(rows, quick=args.quick), encoding="utf-8")
                print(line.strip(), file=sys.stderr, flush=True)
        process.wait()
    text = markdown(rows, quick=args.quick)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
