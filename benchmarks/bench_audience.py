"""Benchmark of the cookie-free audience measurement (site.audience).

    python benchmarks/bench_audience.py            # SQLite then PostgreSQL (about 5 minutes quiet)
    python benchmarks/bench_audience.py --quick    # SQLite only, smaller sizes
    python benchmarks/bench_audience.py --vendor sqlite|postgresql

Databases are kept between runs so that only new migrations are applied: the SQLite file
`/work/benchdata/reporting/audience.sqlite3` (BENCH_DATA_DIR to move it) and the PostgreSQL
database `bench_audience_pg` on 127.0.0.1:5432 (BENCH_AUDIENCE_PG_URL to change it), created on
first use. Each size empties the audience tables and fills them with realistic daily aggregates
(French page titles, weekday/weekend and seasonal traffic, a long tail of pages), then measures
server-side latencies:

- the counter's cost per page view (what the middleware adds to a page), new and returning
  visitors, and the cost of a flood from one source (throttled hits);
- the staff report's queries (totals, most-read pages, monthly series) for a month and a year.

Prints a Markdown section and writes it to benchmarks/results/audience.md.
"""

import argparse
import datetime
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA_DIR = Path(os.environ.get("BENCH_DATA_DIR", "/work/benchdata/reporting"))
PG_URL = os.environ.get("BENCH_AUDIENCE_PG_URL", "postgres://postgres@127.0.0.1:5432/bench_audience_pg")
QUICK = False


def configure(vendor):
    """Point Django at the benchmark database of `vendor` (before django.setup())."""
    if vendor == "postgresql":
        create_pg_database()
        os.environ["DATABASE_URL"] = PG_URL
    else:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{DATA_DIR / 'audience.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rallynov.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.setdefault("EMAIL_URL", "locmem://")
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-audience-"))

SECTIONS = [
    "Accueil", "Observatoire des initiatives", "Actualités", "Prix de l'innovation sociale", "Événements",
    "Partenaires et financeurs", "Chiffres clés", "Études", "Rechercher sur le site", "Mentions légales",
]
WORDS = [
    "épicerie solidaire", "semaine de 4 jours", "covoiturage", "circuits courts", "inclusion", "handicap",
    "mobilité", "aidants", "conditions de travail", "gouvernance partagée", "tiers-lieu", "insertion",
]


def create_pg_database():
    """Create the benchmark database on first use (kept afterwards: migrations are slow)."""
    import psycopg

    name = PG_URL.rstrip("/").rsplit("/", 1)[1]
    admin = PG_URL.rstrip("/").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered) * 1000, p95 * 1000


def measure(fn, repeat):
    samples = []
    for i in range(repeat):
        start = time.perf_counter()
        fn(i)
        samples.append(time.perf_counter() - start)
    return percentiles(samples)


def page_paths(count, rng):
    paths = [("/", "Accueil")]
    for i in range(count - 1):
        section = rng.choice(SECTIONS)
        word = rng.choice(WORDS)
        paths.append((f"/{section.split()[0].lower()}/{word.replace(' ', '-')}-{i}/", f"{word.capitalize()} — {section}"))
    return paths


def fill(programme, *, days, pages, rng):
    """Daily aggregates for `days` days before today over `pages` pages with a long tail (Zipf-like)."""
    from rallynov.site.models import PageViewDay, VisitorDay

    paths = page_paths(pages, rng)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(pages)]
    today = datetime.date.today()
    day_rows, page_rows = [], []
    for offset in range(1, days + 1):
        day = today - datetime.timedelta(days=offset)
        base = (40 if day.weekday() < 5 else 18) * (0.5 if day.month == 8 else 1) * rng.uniform(0.7, 1.3)
        visitors = int(base)
        views = int(visitors * rng.uniform(3.5, 5))
        day_rows.append(VisitorDay(programme=programme, day=day, visitors=visitors))
        counts = {}
        for index in rng.choices(range(pages), weights=weights, k=views):
            counts[index] = counts.get(index, 0) + 1
        for index, count in counts.items():
            path, title = paths[index]
            page_rows.append(PageViewDay(programme=programme, day=day, path=path, title=title, views=count))
    VisitorDay.objects.bulk_create(day_rows, batch_size=1000)
    PageViewDay.objects.bulk_create(page_rows, batch_size=2000)
    return paths, len(page_rows)


def run():
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.http import HttpResponse
    from django.test import RequestFactory

    settings.RATELIMIT_ENABLE = False
    started = time.perf_counter()
    call_command("migrate", "rallynov_site", verbosity=0)
    from rallynov.core.seed import create_programme
    from rallynov.site import audience
    from rallynov.site.models import PageViewDay, VisitorDay, VisitorDigest

    programme = create_programme()
    migrate_seconds = time.perf_counter() - started
    rng = random.Random(2014)
    sizes = [(365, 50), (3 * 365, 500)] if QUICK else [(365, 50), (3 * 365, 500), (5 * 365, 2000)]
    repeat = 200 if QUICK else 300
    factory = RequestFactory()
    html = "<!DOCTYPE html><html lang='fr'><head><title>Séminaire de lancement — Rally'nov</title></head><body>…</body></html>"
    from django.contrib.auth.models import AnonymousUser

    def page(_request):
        return HttpResponse(html, content_type="text/html; charset=utf-8")

    middleware = audience.AudienceMiddleware(page)
    lines = []
    rows_info = []
    def bench_size(days, pages):
        PageViewDay.objects.all().delete()
        VisitorDay.objects.all().delete()
        VisitorDigest.objects.all().delete()
        paths, row_count = fill(programme, days=days, pages=pages, rng=rng)
        rows_info.append(f"{days} jours × {pages} pages → {row_count} lignes « pages vues par jour »")
        agents = [
            f"Mozilla/5.0 (X11; Linux x86_64; rv:{100 + i % 40}.0) Gecko/20100101 Firefox/{100 + i % 40}.0"
            for i in range(repeat)
        ]

        def request_for(i, *, same_source=False):
            path, _ = paths[i % len(paths)]
            request = factory.get(path, HTTP_USER_AGENT=agents[0 if same_source else i],
                                  REMOTE_ADDR="192.0.2.1" if same_source else f"10.{i % 250}.{i // 250}.7")
            request.user = AnonymousUser()
            # Rendering base.html already looked the programme up (context processor), as on a real page.
            request._rallynov_programme = programme
            return request

        from django.core.cache import cache

        cache.clear()

        def served(i, *, same_source=False, timings):
            """Time the page as the visitor gets it, then what runs after sending (response.close():
            the batch write when one is due)."""
            start, start_cpu = time.perf_counter(), time.process_time()
            response = middleware(request_for(i, same_source=same_source))
            middle = time.perf_counter()
            held = audience.buffer.pending()
            response.close()
            end, end_cpu = time.perf_counter(), time.process_time()
            wrote = held > 0 and audience.buffer.pending() == 0
            timings.append((middle - start, end - middle, wrote, end_cpu - start_cpu))

        def run(same_source=False):
            timings = []
            audience.flush()
            for i in range(repeat):
                served(i, same_source=same_source, timings=timings)
            audience.flush()
            writes = [b for _a, b, wrote, _cpu in timings if wrote]  # the views after which a batch was written
            # Server time of a counted view: CPU of this process (Django and SQLite, which runs in it;
            # a busy machine stretches wall time, hardly CPU time). PostgreSQL's own CPU is not in it.
            per_view = statistics.fmean(cpu for *_rest, cpu in timings) * 1000
            return percentiles([t[0] for t in timings]), per_view, (percentiles(writes) if writes else (0.0, 0.0))

        new, new_cost, new_batch = run()
        returning, returning_cost, returning_batch = run()  # same digests: known visitors
        flood, flood_cost, flood_batch = run(same_source=True)
        bare = measure(lambda i: page(request_for(i)), repeat)
        today = datetime.date.today()
        year = (today - datetime.timedelta(days=365), today)
        month = (today - datetime.timedelta(days=30), today)
        report = {
            "totals, 30 jours": measure(lambda i: audience.totals(programme=programme, start=month[0], end=month[1]), 50),
            "totals, 1 an": measure(lambda i: audience.totals(programme=programme, start=year[0], end=year[1]), 50),
            "pages les plus lues, 1 an": measure(
                lambda i: audience.top_pages(programme=programme, start=year[0], end=year[1]), 50
            ),
            "série mensuelle, 1 an": measure(
                lambda i: audience.series(programme=programme, start=year[0], end=year[1]), 50
            ),
        }
        label = f"{days} j × {pages} pages"
        lines.append(f"| {label} | page sans compteur | {bare[0]:.2f} | {bare[1]:.2f} |")
        lines.append(f"| {label} | page avec compteur, nouveau visiteur | {new[0]:.2f} | {new[1]:.2f} |")
        lines.append(f"| {label} | page avec compteur, visiteur déjà vu | {returning[0]:.2f} | {returning[1]:.2f} |")
        lines.append(f"| {label} | page avec compteur, afflux d'une même source | {flood[0]:.2f} | {flood[1]:.2f} |")
        batch = settings.AUDIENCE_BATCH_SIZE if hasattr(settings, "AUDIENCE_BATCH_SIZE") else 100
        lines.append(f"| {label} | écriture d'un lot de {batch} vues, nouveaux visiteurs | {new_batch[0]:.2f} | {new_batch[1]:.2f} |")
        lines.append(
            f"| {label} | écriture d'un lot de {batch} vues, visiteurs déjà vus | {returning_batch[0]:.2f} | "
            f"{returning_batch[1]:.2f} |"
        )
        lines.append(f"| {label} | CPU moyen d'une page vue comptée (compteur + part du lot), nouveaux visiteurs | {new_cost:.3f} | |")
        lines.append(f"| {label} | CPU moyen d'une page vue comptée, visiteurs déjà vus | {returning_cost:.3f} | |")
        lines.append(f"| {label} | CPU moyen, afflux d'une même source | {flood_cost:.3f} | |")
        for name, (p50, p95) in report.items():
            lines.append(f"| {label} | rapport : {name} | {p50:.2f} | {p95:.2f} |")

    for days, pages in sizes:
        bench_size(days, pages)
    vendor = connection.vendor
    with open("/proc/loadavg", encoding="ascii") as handle:
        load = " ".join(handle.read().split()[:3])
    return "\n".join(
        [
            f"### {'PostgreSQL' if vendor == 'postgresql' else 'SQLite'}",
            "",
            f"Date : {datetime.date.today():%Y-%m-%d}. Base : {vendor}, conservée d'un passage à l'autre ; "
            f"migrations en {migrate_seconds:.0f} s. Mode : {'rapide' if QUICK else 'complet'}, "
            f"{repeat} requêtes par mesure. Charge de la machine (loadavg 1/5/15 min) à la fin : {load}.",
            "",
            "Données : " + " ; ".join(rows_info) + ".",
            "",
            "| données | mesure | p50 (ms) | p95 (ms) |",
            "| --- | --- | ---: | ---: |",
            *lines,
            "",
        ]
    )


INTRO = (
    "## Audience (mesure sans cookie)\n\n"
    "Commande : `.venv/bin/python benchmarks/bench_audience.py` (SQLite puis PostgreSQL). Trafic réaliste : "
    "semaine/week-end, creux d'août, longue traîne de pages (loi de Zipf), titres en français. "
    "« Page avec compteur » : le middleware autour d'une vue qui ne fait rien, ce qu'attend le visiteur. "
    "Les vues sont gardées en mémoire dans le processus et écrites par lots (AUDIENCE_BATCH_SIZE vues, "
    "100 par défaut, ou toutes les AUDIENCE_FLUSH_SECONDS secondes), en une transaction, après l'envoi "
    "de la réponse (response.close()). « Écriture d'un lot » : le temps de cette écriture ; « CPU moyen » : "
    "temps CPU du processus (Django, et SQLite qui y tourne) pour le compteur plus l'écriture des lots, "
    "divisé par le nombre de pages vues. Au-delà de 60 pages "
    "par minute, une même source n'est plus comptée (ni écrite).\n\n"
)


def main(argv):
    global QUICK
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="SQLite seulement, petites tailles")
    parser.add_argument("--vendor", choices=("sqlite", "postgresql"), help="une seule base (défaut : les deux)")
    parser.add_argument("--section-file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    QUICK = args.quick
    if args.quick or args.vendor:
        configure(args.vendor or "sqlite")
        section = run()
        if args.section_file:
            Path(args.section_file).write_text(section, encoding="utf-8")
            return 0
        sections = [section]
    else:
        sections = []
        for vendor in ("sqlite", "postgresql"):
            with tempfile.NamedTemporaryFile(suffix=".md") as out:
                # Our own script with our own interpreter, one process per database.
                result = subprocess.run(  # noqa: S603
                    [sys.executable, __file__, "--vendor", vendor, "--section-file", out.name], check=False
                )
                text = Path(out.name).read_text(encoding="utf-8")
            sections.append(text if result.returncode == 0 and text else f"### {vendor}\n\nÉchec du passage.\n")
    text = INTRO + "\n".join(sections)
    print(text)
    out = ROOT / "benchmarks" / "results" / "audience.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
