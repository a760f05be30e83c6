#!/usr/bin/env python
"""Benchmark of the national catalogue: every programme's initiatives on the national host.

Thirteen programmes (the thirteen regions of metropolitan France), each with its share of a
catalogue made by `rallynov benchmark-data`'s generator in its own region's communes, and the
national site (`create-national-site`). Built once into a SQLite file
/work/benchdata/national/national_<size>.sqlite3 (BENCH_DATA_DIR to change the folder), or a
PostgreSQL database bench_national_<size> on 127.0.0.1:5432 (`--backend postgres`); a build that
was interrupted goes on where it stopped.

Then, through Django's test client on the national host (middleware, view, SQL, facets,
template or JSON; no network), p50 and p95 in milliseconds: the unfiltered national catalogue,
broad text, one region (programme facet), a region and a theme, text and two facets, the API's
first page and the API with ?programme=. The targets are the observatory's (benchmarks/results/
initiatives.md): a catalogue request under 150 ms at p95.

Usage: .venv/bin/python benchmarks/bench_national.py [--size 100000] [--backend sqlite|postgres]
       [--samples 15] [--quick]   (--quick: 1,300 initiatives)
Writes benchmarks/results/national.md and prints it.
"""

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "national.md"
DATA_DIR = Path(os.environ.get("BENCH_DATA_DIR", "/work/benchdata/national"))
REGIONS = ["11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"]
NATIONAL_HOST = "carrefour.bench"
TARGET_P95_MS = 150
KINDS = [
    ("unfiltered", "sans filtre", "/initiatives/", {}),
    ("broad", "texte large", "/initiatives/", {"q": "innovation"}),
    ("region", "une région", "/initiatives/", {"programme": "r76"}),
    ("region_theme", "région + thème", "/initiatives/", {"programme": "r76", "theme": "covoiturage"}),
    (
        "text_two_facets",
        "texte + 2 facettes",
        "/initiatives/",
        {"q": "solidaire", "programme": "r84", "year": "2022"},
    ),
    ("api", "API, 1ʳᵉ page", "/api/v1/initiatives", {}),
    ("api_programme", "API ?programme=", "/api/v1/initiatives", {"programme": "r76"}),
]


def label(size):
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def setup(backend, size):
    if backend == "sqlite":
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{DATA_DIR / f'national_{label(size)}.sqlite3'}"
    else:
        name = f"bench_national_{label(size)}"
        # Our own database name; createdb from PATH as the other benchmarks call psql.
        command = ["createdb", "-h", "127.0.0.1", "-U", "postgres", name]
        subprocess.run(command, capture_output=True, check=False)  # noqa: S603
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rallynov.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(size):
    """Thirteen programmes, each with size/13 generated initiatives, and the national site."""
    from rallynov.core.models import Programme
    from rallynov.core.programmes import create_programme
    from rallynov.core.seed import create_programme as create_demo_programme
    from rallynov.initiatives.management.commands.benchmark_data import generate
    from rallynov.initiatives.models import InitiativePage
    from rallynov.initiatives.national import create_national_site
    from rallynov.site import demo as site_demo
    from rallynov.territories.models import Region

    if not Programme.objects.exists():
        site_demo.load_pages(programme=create_demo_programme())
    share = size // len(REGIONS)
    for code in REGIONS:
        region = Region.objects.get(code=code)
        existing = Programme.objects.filter(region=region).first()
        programme = (
            existing
            or create_programme(
                slug=f"r{code}", name=f"Programme {region.name}", region_code=code, host=f"r{code}.bench"
            )[0]
        )
        missing = share - InitiativePage.objects.filter(programme=programme).count()
        if missing > 0:
            started = time.perf_counter()
            generate(programme=programme, count=missing, seed=int(code), log=lambda *a: None)
            print(
                f"  {region.name} : {missing} initiatives en {time.perf_counter() - started:.0f} s",
                flush=True,
            )
    create_national_site(host=NATIONAL_HOST)


def measure(samples):
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    client = Client(HTTP_HOST=NATIONAL_HOST)
    results = {}
    for key, _label, path, params in KINDS:
        client.get(path, params)  # warm-up (templates, caches)
        times = []
        for _ in range(samples):
            started = time.perf_counter()
            response = client.get(path, params)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (key, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(path, params)
        ordered = sorted(times)
        results[key] = (
            statistics.median(ordered),
            ordered[max(0, round(0.95 * (len(ordered) - 1)))],
            len(queries),
        )
    return results


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--samples", type=int, default=15)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    size = 1_300 if args.quick else args.size
    setup(args.backend, size)
    from rallynov.initiatives.models import CatalogueEntry

    started = time.perf_counter()
    build(size)
    built_s = time.perf_counter() - started
    count = CatalogueEntry.objects.count()
    results = measure(args.samples)
    load = os.getloadavg()[0]
    lines = [
        "## Catalogue national (13 régions)",
        "",
        f"Mesuré le {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC ; charge moyenne (1 min) {load:.1f} "
        f"(2 cœurs). {count} initiatives publiées réparties entre 13 programmes, sur l'hôte national ; "
        f"construction {built_s:.0f} s. Temps côté serveur (client de test de Django), p50 / p95 en ms ; "
        f"cible de l'observatoire : p95 < {TARGET_P95_MS} ms.",
        "",
        "| base | requête | p50 | p95 | requêtes SQL | cible |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for key, text, _path, _params in KINDS:
        p50, p95, queries = results[key]
        verdict = "tenue" if p95 < TARGET_P95_MS else "manquée"
        lines.append(f"| {args.backend} | {text} | {p50:.0f} | {p95:.0f} | {queries} | {verdict} |")
    report = "\n".join(lines) + "\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main(sys.argv[1:])
