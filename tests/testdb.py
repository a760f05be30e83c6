"""The test database: migrated once per run, then copied for each worker (pytest plugin).

Migrating a fresh database costs about a minute of CPU (some 230 migrations of Django, Wagtail
and ours, and the reference territories). Doing it in every xdist worker, inside the first test's
time-out, made a busy machine fail the whole suite at set-up. So:

- the controller process (or the only process, without xdist) builds one *template* database
  with the migrations at the start of the session, before any test and outside any test's
  time-out, under its own generous limit (`SETUP_LIMIT_SECONDS`);
- each worker copies it (SQLite: the backup API into its own file in /dev/shm; PostgreSQL:
  ``CREATE DATABASE … TEMPLATE …``), which costs well under a second of CPU;
- every database of the run carries the controller's process id in its name; all of them are
  removed at the end of the run, when the set-up fails, on Ctrl-C and on SIGTERM, and a run
  removes what a killed run (whose process is gone) left behind.

Outside CI the migrated template is also kept between runs, under a name made of a digest of
what the migrations depend on (every migration file, the reference data they load, the installed
packages' versions, the database engine): the next run whose digest is the same copies it
instead of migrating again, and a changed migration gives a new digest, hence a fresh build.
`RALLYNOV_TEST_DB_CACHE=0` turns this off; CI (`CI=true`) always migrates from scratch. Kept
templates unused for a day are removed.
"""

import contextlib
import faulthandler
import hashlib
import importlib.metadata
import os
import re
import signal
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import pytest

# A set-up that takes longer than this is stuck, not slow: dump the stacks and stop.
SETUP_LIMIT_SECONDS = 1800
RUN_KEY = "rallynov_test_run"
TEMPLATE_NAME_KEY = "rallynov_test_template"
_SQLITE_PREFIX = "rallynov-test-r"
_CACHE_PREFIX = "rallynov-testcache-"
_PG_CACHE_PREFIX = "test_rallynov_cache_"
_CACHE_MAX_IDLE_SECONDS = 24 * 3600
_ROOT = Path(__file__).resolve().parent.parent
_PG_NAME = re.compile(r"^test_.*_r(?P<pid>\d+)_(?:tpl|gw\d+|main)$")


def _run_id(config):
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        return workerinput[RUN_KEY]
    return str(os.getpid())


def _worker_suffix(config):
    workerinput = getattr(config, "workerinput", None)
    return workerinput["workerid"] if workerinput is not None else "main"


def _is_worker(config):
    return getattr(config, "workerinput", None) is not None


def _uses_xdist(config):
    return bool(getattr(config.option, "numprocesses", None)) and not getattr(
        config.option, "collectonly", False
    )


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- Names --------------------------------------------------------------------------------------


def _sqlite_dir():
    shm = Path("/dev/shm")  # noqa: S108 - test databases only, names unique per run
    return shm if shm.is_dir() else Path(tempfile.gettempdir())


def _is_sqlite(connection):
    return connection.vendor == "sqlite"


def _database_name(connection, run, suffix):
    if _is_sqlite(connection):
        return str(_sqlite_dir() / f"{_SQLITE_PREFIX}{run}-{suffix}.sqlite3")
    return f"test_{connection.settings_dict['NAME']}_r{run}_{suffix}"[:63]


def _cache_enabled():
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        return False
    return os.environ.get("RALLYNOV_TEST_DB_CACHE", "1") not in {"0", "false", "no", ""}


def migrations_digest(connection):
    """A digest of everything the migrated template depends on (see the module's docstring)."""
    digest = hashlib.sha256()
    package = _ROOT / "rallynov"
    # The migrations, the reference data they load, and what post_migrate runs: the groups'
    # permissions and the data stamp's triggers (which tables have one).
    files = (
        sorted(package.glob("*/migrations/*.py"))
        + sorted(package.glob("*/data/**/*"))
        + sorted(package.glob("*/permissions.py"))
        + [package / "core" / "snapshot.py"]
    )
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(_ROOT)).encode())
            digest.update(path.read_bytes())
    versions = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    digest.update("\n".join(versions).encode())
    digest.update(f"{connection.vendor}:{sys.version_info[:2]}".encode())
    return digest.hexdigest()[:16]


def _cache_name(connection, key):
    if _is_sqlite(connection):
        return str(_sqlite_dir() / f"{_CACHE_PREFIX}{key}.sqlite3")
    return f"{_PG_CACHE_PREFIX}{key}"


def _pg_exists(connection, name):
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def _cache_exists(connection, name):
    if _is_sqlite(connection):
        return os.path.exists(name)
    return _pg_exists(connection, name)


def _keep_as_cache(connection, built, cached):
    """Turn the freshly built template into the kept one (atomic; a concurrent run may win)."""
    if _is_sqlite(connection):
        os.replace(built, cached)
        return cached
    try:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'ALTER DATABASE "{built}" RENAME TO "{cached}"')
    except Exception:  # noqa: BLE001 - another run kept the same template first: use ours
        return built
    return cached


def _sweep_idle_caches(connection, keep):
    """Kept templates of other digests that nobody used for a day."""
    if _is_sqlite(connection):
        for path in _sqlite_dir().glob(f"{_CACHE_PREFIX}*"):
            if str(path) != keep and time.time() - path.stat().st_atime > _CACHE_MAX_IDLE_SECONDS:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(path)
        return
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
            [_PG_CACHE_PREFIX.replace("_", "\\_") + "%", keep],
        )
        names = [row[0] for row in cursor.fetchall()]
    for name in names:  # no access time here: other digests are old ones, dropped unless in use
        with contextlib.suppress(Exception), connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _remove_sqlite(path):
    for extra in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{extra}")


def _drop_pg(connection, name):
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _remove(connection, name):
    if _is_sqlite(connection):
        _remove_sqlite(name)
    else:
        _drop_pg(connection, name)


def _run_databases(connection):
    """{name: controller pid} of every database that a test run made here."""
    if _is_sqlite(connection):
        pattern = re.compile(rf"^{_SQLITE_PREFIX}(?P<pid>\d+)-")
        found = {}
        for path in _sqlite_dir().glob(f"{_SQLITE_PREFIX}*"):
            match = pattern.match(path.name)
            if match:
                found[str(path)] = int(match["pid"])
        return found
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE 'test\\_%%'")
        names = [row[0] for row in cursor.fetchall()]
    return {name: int(match["pid"]) for name in names if (match := _PG_NAME.match(name))}


def _drop_run_databases(connection, *, run=None):
    """Remove every database of the run `run`, or of the runs whose process is gone."""
    for name, pid in _run_databases(connection).items():
        if (run is not None and pid == int(run)) or (run is None and not _pid_alive(pid)):
            if _is_sqlite(connection):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(name)
            else:
                _drop_pg(connection, name)


# --- Building and copying -----------------------------------------------------------------------


@contextlib.contextmanager
def set_up_time_limit():
    """Set-up (fixtures) runs outside the per-test time-out (`timeout_func_only`), under this one:
    past it the set-up is stuck, not slow, so the stacks are dumped and the process stops."""
    faulthandler.dump_traceback_later(SETUP_LIMIT_SECONDS, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


def _point_at(connection, name):
    from django.conf import settings

    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name


def build_template(config):
    """Migrate the run's template database (once, in the controller), or take the kept one.

    Returns its name."""
    from django.db import connection

    run = _run_id(config)
    name = _database_name(connection, run, "tpl")
    original = connection.settings_dict["NAME"]
    config.stash[_ORIGINAL_KEY] = original
    _drop_run_databases(connection)  # what killed runs left behind
    cached = None
    if _cache_enabled():
        cached = _cache_name(connection, migrations_digest(connection))
        _sweep_idle_caches(connection, keep=cached)
        if _cache_exists(connection, cached):
            if _is_sqlite(connection):
                os.utime(cached)
            config.stash[_TEMPLATE_KEY] = cached
            return cached
    test_settings = connection.settings_dict.setdefault("TEST", {})
    test_settings["NAME"] = name
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
        if _is_sqlite(connection):
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except BaseException:
        _point_at(connection, original)
        _remove(connection, name)
        raise
    _point_at(connection, original)
    if cached is not None:
        name = _keep_as_cache(connection, name, cached)
    config.stash[_TEMPLATE_KEY] = name
    return name


def clone_template(config):
    """Copy the run's template into this worker's own database and point Django at it."""
    from django.db import connection

    run = _run_id(config)
    workerinput = getattr(config, "workerinput", None)
    # The controller built (or took the kept) template; a run without xdist did it itself.
    template = workerinput[TEMPLATE_NAME_KEY] if workerinput is not None else config.stash[_TEMPLATE_KEY]
    name = _database_name(connection, run, _worker_suffix(config))
    _remove(connection, name)
    if _is_sqlite(connection):
        if not os.path.exists(template):
            raise RuntimeError(f"Base de test modèle absente : {template}")
        source = sqlite3.connect(template)
        target = sqlite3.connect(name)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    config.stash[_WORKER_DB_KEY] = (connection.settings_dict["NAME"], name)
    _point_at(connection, name)
    return name


def drop_worker_database(config):
    from django.db import connection

    names = config.stash.get(_WORKER_DB_KEY, None)
    if names is None:
        return
    original, name = names
    _point_at(connection, original)
    _remove(connection, name)
    config.stash[_WORKER_DB_KEY] = None


def drop_run_databases(config):
    """The controller, at the end: the template and any worker copy an interrupted worker left."""
    from django.db import connection

    if config.stash.get(_TEMPLATE_KEY, None) is None:
        return
    _point_at(connection, config.stash[_ORIGINAL_KEY])
    _drop_run_databases(connection, run=_run_id(config))
    config.stash[_TEMPLATE_KEY] = None


_TEMPLATE_KEY = pytest.StashKey[str | None]()
_ORIGINAL_KEY = pytest.StashKey[str]()
_WORKER_DB_KEY = pytest.StashKey[tuple | None]()


# --- Hooks ----------------------------------------------------------------------------------------


def _blocker(config):
    from pytest_django.plugin import blocking_manager_key

    return config.stash[blocking_manager_key]


def _terminate(signum, frame):
    # SIGTERM (CI's time-out, `kill`): unwind like Ctrl-C so that the databases are removed.
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_configure(config):
    config.stash[_TEMPLATE_KEY] = None
    config.stash[_WORKER_DB_KEY] = None
    if not _is_worker(config):
        config.stash[_RUN_KEY] = str(os.getpid())
    if threading_is_main():
        signal.signal(signal.SIGTERM, _terminate)


_RUN_KEY = pytest.StashKey[str]()


def threading_is_main():
    import threading

    return threading.current_thread() is threading.main_thread()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """xdist (controller side): every worker learns the run's id, hence the template's name."""
    node.workerinput[RUN_KEY] = node.config.stash[_RUN_KEY]
    node.workerinput[TEMPLATE_NAME_KEY] = node.config.stash[_TEMPLATE_KEY]


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    config = session.config
    if _is_worker(config) or not _uses_xdist(config):
        return
    # The controller builds the template before the workers start.
    started = time.process_time()
    with set_up_time_limit(), _blocker(config).unblock():
        build_template(config)
    if os.environ.get("RALLYNOV_TEST_DB_VERBOSE"):
        sys.stderr.write(f"[testdb] base modèle : {time.process_time() - started:.1f} s de CPU\n")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    with set_up_time_limit():
        return (yield)


def pytest_sessionfinish(session):
    config = session.config
    with _blocker(config).unblock():
        drop_worker_database(config)
        drop_run_databases(config)


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker):
    """Replaces pytest-django's: each worker gets a copy of the run's migrated template."""
    config = request.config
    with django_db_blocker.unblock():
        if not _is_worker(config) and config.stash[_TEMPLATE_KEY] is None:
            build_template(config)  # a run without xdist: built on first use
        clone_template(config)
    yield
    with django_db_blocker.unblock():
        drop_worker_database(config)
