"""gunicorn settings for rallynov (`gunicorn -c gunicorn.conf.py rallynov.wsgi`, or `make serve`).

Sized for a small server (2 cores): a few processes, each with a few threads (gthread), so that
slow clients and database waits do not block a whole process while the CPU-bound page building
stays spread over the cores. Every value can be changed from the environment (GUNICORN_…) or on
the command line (`-w 4`, `--threads 8`, `-b 0.0.0.0:8000`…), which wins over this file.
"""

import multiprocessing
import os


def _int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name}={raw!r} n'est pas un nombre entier.") from None


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes: one per core plus one (Python runs one thread at a time per process).
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1)
# Threads: each holds one persistent PostgreSQL connection (CONN_MAX_AGE): workers × threads must
# stay well under PostgreSQL's max_connections (100 by default). Two, not more: Python runs one
# thread at a time per process, and with four threads per process registrations to a full event
# fell from about 200 to 160 a second on 2 cores (benchmarks/results/events.md).
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 2)
# Pending connections the kernel queues while every thread is busy (a burst of visitors).
backlog = _int("GUNICORN_BACKLOG", 2048)
# A request that takes longer than this is killed (the process restarts); PDFs and exports run
# well under it.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)
keepalive = 5
# Restart each process after this many requests (with jitter, not all at once): bounds the
# memory a slow leak could take.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Heartbeat files in memory: a slow disk must not make the arbiter kill healthy workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# No access log by default (the reverse proxy keeps one; `GUNICORN_ACCESS_LOG=-` for stdout);
# errors on stderr.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
# Trust X-Forwarded-* only from the local reverse proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "rallynov"


# Audience measurement (rallynov.site.audience): page views are buffered in each worker and
# written in batches. A background flusher writes a quiet worker's views every
# AUDIENCE_FLUSH_SECONDS; a worker that stops cleanly (restart after max_requests, reload,
# SIGTERM) writes what it still holds, so no counted view is lost.
def post_worker_init(worker):
    from rallynov.site import audience

    audience.start_flusher()


def worker_exit(server, worker):
    from rallynov.site import audience

    audience.flush()
