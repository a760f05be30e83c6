"""Benchmark of a large initiative import: time, CPU and peak memory of `rallynov import-initiatives`.

    python benchmarks/bench_import.py --rows 100000                 # SQLite, /tmp/bench-import.sqlite3
    python benchmarks/bench_import.py --rows 100000 --vendor postgresql

Prepares a database (migrations, territories, the demo programme and its catalogue), writes a CSV
of `--rows` rows (names, structures, communes of the region, two themes, years, summaries), then
runs the real command twice in a child process under `/usr/bin/time -v`: a dry run, then a real
import. Prints wall time, CPU time and maximum resident memory of each, as a Markdown table.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HEADER = "name;organization;organization_kind;siret;commune_insee;commune;postal_code;themes;year;summary;description;website;video_url;laureate_year"


def prepare(env, csv_path, rows):
    """Migrate, load the region and the catalogue, write the CSV (in a child: settings from env)."""
    code = f"""
import os, random, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from rallynov.territories.models import Commune, Region
if not Region.objects.filter(code="27").exists():
    call_command("load_territories", verbosity=0)
from rallynov.core.seed import create_programme
from rallynov.initiatives.demo import seed_reference
from rallynov.initiatives.domain import ensure_catalogue
from rallynov.initiatives.models import Theme
programme = create_programme()
seed_reference()
if not programme.site_id:
    from rallynov.site import demo as site_demo
    site_demo.load(programme=programme, log=lambda *a: None)
    programme.refresh_from_db()
ensure_catalogue(programme=programme)
communes = list(Commune.objects.filter(department__region=programme.region).values_list("insee", "name"))
themes = list(Theme.objects.values_list("name", flat=True))
rng = random.Random({rows})
with open({str(csv_path)!r}, "w", encoding="utf-8") as out:
    out.write({HEADER!r} + "\\n")
    for i in range({rows}):
        code, name = rng.choice(communes)
        picked = "|".join(rng.sample(themes, 2))
        out.write(f"Initiative importée n° {{i}} à {{name}};Structure importée {{i}};association;;{{code}};;;"
                  f"{{picked}};{{rng.randint(2013, 2023)}};Résumé de l'initiative importée {{i}}.;;;;\\n")
"""
    subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, check=True)  # noqa: S603 (our own script)


def timed_command(env, args):
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 (our own interpreter and command)
        ["/usr/bin/time", "-v", PYTHON, "-m", "rallynov", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    stats = done.stderr

    def field(label):
        match = re.search(rf"{re.escape(label)}: ([0-9.]+)", stats)
        return float(match.group(1)) if match else float("nan")

    summary = [line for line in done.stdout.splitlines() if line.strip()][-1:] or [done.stderr[-500:]]
    return {
        "wall": wall,
        "cpu": field("User time (seconds)") + field("System time (seconds)"),
        "rss_mb": field("Maximum resident set size (kbytes)") / 1024,
        "status": done.returncode,
        "summary": summary[0],
        "progress": [line for line in stats.splitlines() if "%" in line and "lignes" in line][-3:],
    }


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--vendor", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--database-url", help="défaut : /tmp/bench-import.sqlite3 ou postgres …/rallynov_bench_import"
    )
    args = parser.parse_args(argv)
    # As in production: DEBUG off (Django's list of every query would hold hundreds of megabytes).
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="rallynov.settings",
        LOG_LEVEL="ERROR",
        EMAIL_URL="locmem://",
        DEBUG="false",
        SECRET_KEY="bench-import-" + "x" * 50,
        SECURE_SSL_REDIRECT="false",
    )
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    elif args.vendor == "postgresql":
        name = "rallynov_bench_import"
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)  # noqa: S603, S607 (fixed PostgreSQL tools)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)  # noqa: S603, S607 (fixed PostgreSQL tools)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    else:
        path = Path("/tmp/bench-import.sqlite3")  # noqa: S108 (a throwaway benchmark database)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{path}"
        # The prepared database (migrations take minutes) is kept and copied for each run.
        base = Path("/tmp/bench-import-base.sqlite3")  # noqa: S108
        if base.exists():
            shutil.copyfile(base, path)
    csv_path = Path(f"/tmp/bench-import-{args.rows}.csv")  # noqa: S108
    prepare(env, csv_path, args.rows)
    if args.vendor == "sqlite" and not args.database_url and not base.exists():
        subprocess.run(["sqlite3", str(path), "PRAGMA wal_checkpoint(TRUNCATE);"], check=False)  # noqa: S603, S607
        shutil.copyfile(path, base)
    size_mb = csv_path.stat().st_size / 1e6
    results = {
        "simulation (--dry-run)": timed_command(env, ["import-initiatives", str(csv_path), "--dry-run"]),
        "import réel": timed_command(env, ["import-initiatives", str(csv_path)]),
    }
    with open("/proc/loadavg", encoding="ascii") as handle:
        load = " ".join(handle.read().split()[:3])
    print(f"\n{args.rows} lignes ({size_mb:.1f} Mo), {args.vendor}, charge (loadavg) à la fin : {load}\n")
    print("| passage | durée (s) | CPU (s) | mémoire max (Mo) | résultat |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, r in results.items():
        print(f"| {name} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['rss_mb']:.0f} | {r['summary']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
