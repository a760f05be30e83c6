"""`rallynov backup` / `rallynov restore`: a backup restores to the same data."""

import io
import tarfile
from datetime import UTC
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from rallynov.core import backups
from rallynov.organizations.models import Organization, Person

pytestmark = pytest.mark.django_db(transaction=True)


def _snapshot():
    return (
        sorted(Organization.objects.values_list("name", "siret")),
        sorted(Person.objects.values_list("last_name", "email", "consent_text")),
    )


def test_backup_restores_to_the_same_data(settings, tmp_path):
    Organization.objects.create(name="Métalhom", kind="entreprise", siret="73282932000074")
    Person.objects.create(last_name="Durand", email="durand@example.org", consent_text="accord du 01/01/2026")
    settings.MEDIA_ROOT.mkdir(parents=True)
    (settings.MEDIA_ROOT / "images").mkdir()
    (settings.MEDIA_ROOT / "images" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\nlogo")
    settings.PRIVATE_MEDIA_ROOT.mkdir(parents=True)
    (settings.PRIVATE_MEDIA_ROOT / "dossier.pdf").write_bytes(b"%PDF-1.7 dossier")
    before = _snapshot()

    out = StringIO()
    call_command("backup", "--output", str(tmp_path / "copies"), stdout=out)
    archive = next((tmp_path / "copies").glob("rallynov-*.tar"))
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    # Damage everything after the backup.
    Organization.objects.all().delete()
    Person.objects.update(email="changed@example.org")
    Person.objects.create(last_name="Intrus")
    (settings.MEDIA_ROOT / "images" / "logo.png").write_bytes(b"changed")
    (settings.PRIVATE_MEDIA_ROOT / "dossier.pdf").unlink()

    with pytest.raises(CommandError, match="La base de données n'est pas vide : ajoutez --force"):
        call_command("restore", str(archive), stdout=StringIO())
    call_command("restore", str(archive), "--force", stdout=StringIO())

    assert _snapshot() == before
    assert (settings.MEDIA_ROOT / "images" / "logo.png").read_bytes() == b"\x89PNG\r\n\x1a\nlogo"
    assert (settings.PRIVATE_MEDIA_ROOT / "dossier.pdf").read_bytes() == b"%PDF-1.7 dossier"
    kept = list(settings.MEDIA_ROOT.parent.glob("media.avant-restauration-*"))
    assert len(kept) == 1 and (kept[0] / "images" / "logo.png").read_bytes() == b"changed"


def test_manifest_lists_checksums_and_migrations(tmp_path):
    path = backups.create_backup(tmp_path)
    manifest = backups.read_manifest(path)
    assert manifest["format"] == "rallynov-backup/1"
    assert manifest["engine"] == connection.vendor
    assert sorted(manifest["files"]) == sorted([manifest["database"], "media.tar.gz", "private.tar.gz"])
    assert "core.0002_auditentry" in manifest["migrations"]


def test_corrupted_backup_is_refused_before_touching_anything(tmp_path):
    path = backups.create_backup(tmp_path)
    Organization.objects.create(name="Après", kind="association")
    corrupted = tmp_path / "corrupted.tar"
    with tarfile.open(path) as source, tarfile.open(corrupted, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "media.tar.gz":
                data = data[:-1] + bytes([data[-1] ^ 0xFF])
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(backups.BackupError, match="la somme de contrôle de media.tar.gz ne correspond pas"):
        backups.restore_backup(corrupted, force=True)
    assert list(Organization.objects.values_list("name", flat=True)) == ["Après"]


def test_archive_of_another_kind_is_refused(tmp_path):
    bogus = tmp_path / "bogus.tar"
    with tarfile.open(bogus, "w") as archive:
        info = tarfile.TarInfo("hello.txt")
        archive.addfile(info)
    with pytest.raises(backups.BackupError, match="n'est pas une sauvegarde rallynov"):
        backups.restore_backup(bogus, force=True)


def test_keep_rotates_old_copies(tmp_path):
    from datetime import datetime

    for day in (1, 2, 3):
        backups.create_backup(tmp_path, now=datetime(2026, 11, day, 3, 0, tzinfo=UTC))
    backups.create_backup(tmp_path, keep=2, now=datetime(2026, 11, 4, 3, 0, tzinfo=UTC))
    assert sorted(p.name for p in tmp_path.glob("*.tar")) == [
        "rallynov-20261103-030000.tar",
        "rallynov-20261104-030000.tar",
    ]


def test_restore_names_a_missing_archive():
    with pytest.raises(CommandError, match="Sauvegarde introuvable : /nulle-part.tar"):
        call_command("restore", "/nulle-part.tar")


def test_backup_leaves_no_partial_file_on_success(tmp_path):
    backups.create_backup(tmp_path)
    assert [p.suffix for p in tmp_path.iterdir()] == [".tar"]


def test_backup_without_output_writes_into_backup_dir(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "sauvegardes"
    call_command("backup", stdout=StringIO())
    assert [path.suffix for path in settings.BACKUP_DIR.iterdir()] == [".tar"]


def test_backup_dir_is_read_from_the_environment(monkeypatch, tmp_path):
    import importlib

    from rallynov import settings as settings_module

    monkeypatch.setenv("BACKUP_DIR", str(tmp_path / "ailleurs"))
    try:
        assert tmp_path / "ailleurs" == importlib.reload(settings_module).BACKUP_DIR
    finally:
        monkeypatch.delenv("BACKUP_DIR")
        importlib.reload(settings_module)
