"""Backups: one archive with the database (SQLite online backup, or `pg_dump -Fc`), the public
media and the private uploads, a manifest and SHA-256 checksums; and their restoration.

    rallynov backup [--output DIR] [--keep N]
    rallynov restore ARCHIVE [--force]

The archive is a plain tar file:
    manifest.json          format, date, engine, applied migrations, checksums
    database.sqlite3       (SQLite)  or  database.pgdump  (PostgreSQL, custom format)
    media.tar.gz           MEDIA_ROOT
    private.tar.gz         PRIVATE_MEDIA_ROOT
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = "rallynov-backup/1"
PREFIX = "rallynov-"
SUFFIX = ".tar"


class BackupError(Exception):
    """A backup or a restoration could not be done; the message is in French."""


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine(alias="default"):
    vendor = connections[alias].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Base de données « {vendor} » non prise en charge par la sauvegarde.")
    return vendor


def _pg_env_and_args(alias="default"):
    params = connections[alias].settings_dict
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    args = []
    if params.get("HOST"):
        args += ["-h", params["HOST"]]
    if params.get("PORT"):
        args += ["-p", str(params["PORT"])]
    if params.get("USER"):
        args += ["-U", params["USER"]]
    return env, args, params["NAME"]


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"« {' '.join(command[:1])} » a échoué : {result.stderr.strip()[:500]}")
    return result


def _dump_database(target_dir, alias="default"):
    engine = _engine(alias)
    connection = connections[alias]
    if engine == "sqlite":
        target = target_dir / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # The online backup API copies a consistent snapshot while the site keeps running.
            connection.connection.backup(destination)
        finally:
            destination.close()
        return target
    target = target_dir / "database.pgdump"
    env, args, name = _pg_env_and_args(alias)
    _run(["pg_dump", "-Fc", "--no-owner", "--no-acl", *args, "-d", name, "-f", str(target)], env)
    return target


def _tar_directory(source, target):
    with tarfile.open(target, "w:gz") as archive:
        if source.exists():
            for path in sorted(source.rglob("*")):
                archive.add(path, arcname=str(path.relative_to(source)), recursive=False)
    return target


def _applied_migrations(alias="default"):
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connections[alias])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def create_backup(output_dir=None, *, keep=None, alias="default", now=None):
    """Write one archive into `output_dir` (default settings.BACKUP_DIR, from the variable BACKUP_DIR) and return its
    path. With `keep`, only the `keep` newest archives of the directory are kept."""
    output_dir = Path(output_dir or settings.BACKUP_DIR)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = (now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    archive_path = output_dir / f"{PREFIX}{stamp}{SUFFIX}"
    with tempfile.TemporaryDirectory(prefix="rallynov-backup-") as tmp:
        tmp = Path(tmp)
        members = [
            _dump_database(tmp, alias),
            _tar_directory(Path(settings.MEDIA_ROOT), tmp / "media.tar.gz"),
            _tar_directory(Path(settings.PRIVATE_MEDIA_ROOT), tmp / "private.tar.gz"),
        ]
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": _engine(alias),
            "database": members[0].name,
            "migrations": _applied_migrations(alias),
            "files": {
                member.name: {"sha256": _sha256(member), "size": member.stat().st_size} for member in members
            },
        }
        manifest_path = tmp / "manifest.json"
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        partial = archive_path.with_suffix(".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(manifest_path, arcname="manifest.json")
            for member in members:
                archive.add(member, arcname=member.name)
        # Only a complete archive gets its final name: a crash leaves a .partial, never a bad .tar.
        os.replace(partial, archive_path)
    os.chmod(archive_path, 0o600)
    if keep:
        rotate(output_dir, keep=keep)
    return archive_path


def rotate(output_dir, *, keep):
    """Delete the oldest archives beyond the `keep` newest. Returns the deleted paths."""
    archives = sorted(Path(output_dir).glob(f"{PREFIX}*{SUFFIX}"))
    removed = archives[:-keep] if keep and len(archives) > keep else []
    for path in removed:
        path.unlink()
    return removed


def read_manifest(archive_path):
    with tarfile.open(archive_path, "r") as archive:
        try:
            member = archive.getmember("manifest.json")
        except KeyError:
            raise BackupError(
                f"« {archive_path} » n'est pas une sauvegarde rallynov (pas de manifest.json)."
            ) from None
        manifest = json.load(archive.extractfile(member))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format de sauvegarde inconnu : {manifest.get('format')!r}.")
    return manifest


def database_has_data(alias="default"):
    connection = connections[alias]
    tables = connection.introspection.table_names()
    return "django_migrations" in tables


def restore_backup(archive_path, *, force=False, alias="default"):
    """Restore the database and the media from an archive. Without `force`, refuses to overwrite
    a database that already has tables. Checksums are verified before anything is touched.
    The previous media folders are kept beside the new ones (`…avant-restauration-<date>`)."""
    archive_path = Path(archive_path)
    if not archive_path.exists():
        raise BackupError(f"Sauvegarde introuvable : {archive_path}.")
    manifest = read_manifest(archive_path)
    engine = _engine(alias)
    if manifest["engine"] != engine:
        raise BackupError(
            f"Cette sauvegarde vient d'une base {manifest['engine']} ; la base configurée est {engine}."
        )
    if database_has_data(alias) and not force:
        raise BackupError(
            "La base de données n'est pas vide : ajoutez --force pour la remplacer par la sauvegarde."
        )
    with tempfile.TemporaryDirectory(prefix="rallynov-restore-") as tmp:
        tmp = Path(tmp)
        with tarfile.open(archive_path, "r") as archive:
            archive.extractall(tmp, filter="data")
        for name, info in manifest["files"].items():
            if _sha256(tmp / name) != info["sha256"]:
                raise BackupError(f"Sauvegarde corrompue : la somme de contrôle de {name} ne correspond pas.")
        _restore_database(tmp / manifest["database"], engine, alias)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        _restore_directory(tmp / "media.tar.gz", Path(settings.MEDIA_ROOT), stamp)
        _restore_directory(tmp / "private.tar.gz", Path(settings.PRIVATE_MEDIA_ROOT), stamp)
    return manifest


def _restore_database(dump, engine, alias):
    connection = connections[alias]
    if engine == "sqlite":
        source = sqlite3.connect(dump)
        try:
            connection.ensure_connection()
            # Page-by-page copy into the live database, under its write lock: readers see the
            # old data or the new, never a mix.
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()
    env, args, name = _pg_env_and_args(alias)
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            *args,
            "-d",
            name,
            str(dump),
        ],
        env,
    )


def _restore_directory(tarball, target, stamp):
    staging = target.with_name(target.name + ".restauration")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    with tarfile.open(tarball, "r:gz") as archive:
        archive.extractall(staging, filter="data")
    if target.exists():
        if any(target.iterdir()):
            target.rename(target.with_name(f"{target.name}.avant-restauration-{stamp}"))
        else:
            target.rmdir()
    staging.rename(target)


def describe(manifest):
    lines = [f"Sauvegarde du {manifest['created_at']} ({manifest['engine']})"]
    for name, info in manifest["files"].items():
        lines.append(f"  {name} : {info['size']} octets, sha256 {info['sha256'][:16]}…")
    return "\n".join(lines)
