"""`make bench`: run every benchmarks/bench_*.py and gather their reports in BENCHMARKS.md.

Each bench script is standalone (`python benchmarks/bench_<part>.py [--quick]`, see its docstring):
it builds its data set once (SQLite files under /work/benchdata/<part>/ or BENCH_DATA_DIR,
PostgreSQL databases bench_<part>_* on 127.0.0.1:5432), reuses it on later runs, prints a
Markdown section and writes it to benchmarks/results/<part>.md. This runner adds the machine and
the date. `bench_http_pages.py` measures every public page whole, over HTTP through gunicorn
(server CPU per request, queries, p50/p95; its PostgreSQL databases bench_http_10k and
bench_http_100k are built the first time: a few minutes since the demo and the benchmark data
are written in bulk).
`python benchmarks/run.py initiatives studies http_pages` runs only those parts;
`python benchmarks/run.py --gather` only rebuilds BENCHMARKS.md from the results already written.
"""

import datetime
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cœurs ({cpu}){memory}, Python {platform.python_version()}, {platform.system()}"


def main(argv):
    gather = "--gather" in argv
    only = [a for a in argv if not a.startswith("-")]
    extra = [a for a in argv if a.startswith("-") and a != "--gather"]
    RESULTS.mkdir(parents=True, exist_ok=True)
    scripts = sorted(p for p in (ROOT / "benchmarks").glob("bench_*.py") if not only or p.stem[6:] in only)
    if gather:
        scripts = []
    failures = 0
    for script in scripts:
        print(f"== {script.name}", flush=True)
        # Runs our own benchmark scripts with our own interpreter.
        result = subprocess.run([sys.executable, str(script), *extra], cwd=ROOT, check=False)  # noqa: S603
        failures += result.returncode != 0
    sections = [p.read_text(encoding="utf-8") for p in sorted(RESULTS.glob("*.md"))]
    header = (
        "# Benchmarks\n\n"
        f"Produced by `make bench` (benchmarks/run.py). Last run: {datetime.date.today():%Y-%m-%d}; "
        f"machine: {machine()}.\n"
        "Each section says its own date, sizes and database. Latencies are server-side, in milliseconds.\n\n"
    )
    (ROOT / "BENCHMARKS.md").write_text(header + "\n\n".join(sections), encoding="utf-8")
    print(f"BENCHMARKS.md écrit ({len(sections)} section(s)).")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
