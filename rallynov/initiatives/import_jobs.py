"""Imports run in the background, with their progress, for the admin import screen.

A large file (more than BACKGROUND_THRESHOLD rows) is imported in a thread; the page polls the
job's state and shows a progress bar. The studies' exports keep their progress in a database
row; an import cannot: it runs inside one transaction (a dry run is rolled back, a real run is
all or nothing), so a progress row written on another connection would wait for that transaction
on SQLite (one writer at a time) and stay invisible until the commit. The state is therefore a
small JSON file under PRIVATE_MEDIA_ROOT/imports/, replaced atomically, which every worker of the
host reads; the uploaded bytes wait next to it and are deleted once read.
"""

import json
import os
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections
from django.utils.translation import gettext as _

BACKGROUND_THRESHOLD = 500  # rows; smaller files are imported while the request waits
KEEP_SECONDS = 24 * 3600  # finished jobs' states are removed after a day


def _folder():
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _state_path(job_id):
    return _folder() / f"{job_id}.json"


def _data_path(job_id):
    return _folder() / f"{job_id}.bin"


def _valid(job_id):
    try:
        return str(uuid.UUID(str(job_id))) == str(job_id)
    except ValueError:
        return False


def write_state(job_id, **changes):
    state = read_state(job_id) or {}
    state.update(changes, updated_at=time.time())
    path = _state_path(job_id)
    temporary = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)
    return state


def read_state(job_id):
    """The job's state (dict) or None when it does not exist (or its id is not a job id)."""
    if not _valid(job_id):
        return None
    try:
        return json.loads(_state_path(job_id).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def report_as_dict(report):
    """What the import screen shows of an ImportReport, in JSON-friendly form."""
    return {
        "dry_run": report.dry_run,
        "summary": report.summary(),
        "rows": len(report.rows),
        "created": report.created,
        "rejected": report.rejected,
        "problems": [
            {
                "line": r.line,
                "name": r.name,
                "status_label": r.status_label,
                "messages": [str(m) for m in r.messages],
            }
            for r in report.problems
        ],
    }


def percent(state):
    total = state.get("total") or 0
    if state.get("status") == "done":
        return 100
    return min(100, int(100 * (state.get("done") or 0) / total)) if total else 0


def start(*, data, filename, total, programme, user, dry_run, background=True):
    """Create a job for `data` (bytes of a file already read once, `total` rows) and run it: in a
    thread when `background`, else at once. Returns the job id."""
    _clean_old()
    job_id = str(uuid.uuid4())
    _data_path(job_id).write_bytes(data)
    write_state(
        job_id,
        status="pending",
        filename=filename,
        dry_run=dry_run,
        done=0,
        total=total,
        programme_id=programme.pk,
        user_id=user.pk,
        report=None,
        error="",
    )
    if background:
        threading.Thread(target=_run_in_thread, args=(job_id,), daemon=True).start()
    else:
        run(job_id)
    return job_id


def _run_in_thread(job_id):
    try:
        run(job_id)
    finally:
        close_old_connections()


def run(job_id):
    """Import the job's file, writing its progress as it goes, then its report (or its error)."""
    from rallynov.accounts.models import User
    from rallynov.core.models import Programme
    from rallynov.initiatives.interchange.importing import import_file
    from rallynov.initiatives.interchange.reading import ImportFileError

    state = read_state(job_id)
    data_path = _data_path(job_id)
    data = data_path.read_bytes()
    data_path.unlink(missing_ok=True)
    write_state(job_id, status="running")

    def progress(done, total):
        write_state(job_id, done=done, total=total)

    try:
        report = import_file(
            data,
            filename=state["filename"],
            programme=Programme.objects.get(pk=state["programme_id"]),
            actor=User.objects.filter(pk=state["user_id"]).first(),
            dry_run=state["dry_run"],
            progress=progress,
        )
    except ImportFileError as exc:
        write_state(job_id, status="failed", error=str(exc))
    except Exception:
        write_state(
            job_id,
            status="failed",
            error=_("L'import a échoué. Réessayez ; si l'échec se répète, signalez-le à l'administrateur."),
        )
        raise
    else:
        write_state(job_id, status="done", done=len(report.rows), report=report_as_dict(report))


def _clean_old():
    limit = time.time() - KEEP_SECONDS
    for path in _folder().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            continue
