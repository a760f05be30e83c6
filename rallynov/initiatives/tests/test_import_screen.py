"""The admin import screen: a large file is imported in the background and its progress shown."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rallynov.initiatives import import_jobs
from rallynov.initiatives.models import InitiativePage
from rallynov.initiatives.tests.test_interchange import GOOD, csv_bytes

pytestmark = pytest.mark.django_db

UNKNOWN_COMMUNE = "Initiative perdue;Structure perdue;association;;;Atlantide;99999;;2020;;;;;"


@pytest.fixture
def jobs_here(settings, tmp_path, monkeypatch):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    monkeypatch.setattr(import_jobs, "BACKGROUND_THRESHOLD", 1)

    class InlineThread:
        # The test database is not visible from another thread's connection: run the job here
        # (`run`, not the thread's wrapper, which closes the thread's connections at the end).
        def __init__(self, target, args, daemon):
            self.args = args

        def start(self):
            import_jobs.run(*self.args)

    monkeypatch.setattr(import_jobs.threading, "Thread", InlineThread)
    return tmp_path


def test_large_file_is_imported_in_the_background_then_reported(client, catalogue, team_member, jobs_here):
    client.force_login(team_member)
    upload = SimpleUploadedFile("grand.csv", csv_bytes(*GOOD, UNKNOWN_COMMUNE), content_type="text/csv")
    response = client.post(reverse("initiatives_admin_import"), {"file": upload})
    assert response.status_code == 302
    status_url = response["Location"]
    page = client.get(status_url).content.decode()
    assert "Import terminé." in page
    assert "2 créée(s)" in page and "1 rejetée(s)" in page
    assert "<td>4</td><td>Initiative perdue</td><td>rejetée</td>" in page  # line number, then reason
    assert "Atlantide" in page
    assert "http-equiv=\"refresh\"" not in page and "import_progress.js" not in page
    assert InitiativePage.objects.count() == 2
    assert list(jobs_here.joinpath("imports").glob("*.bin")) == []  # the uploaded bytes are gone


def test_running_import_shows_its_progress_with_and_without_javascript(client, catalogue, programme, team_member, jobs_here):
    job_id = str(uuid.uuid4())
    import_jobs.write_state(
        job_id, status="running", filename="grand.csv", dry_run=True, done=2000, total=10000,
        programme_id=programme.pk, user_id=team_member.pk, report=None, error="",
    )
    client.force_login(team_member)
    url = reverse("initiatives_admin_import_status", args=[job_id])
    page = client.get(url).content.decode()
    assert 'value="20"' in page and "<progress" in page
    assert "Vérification des lignes : 2000 sur 10000." in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert "initiatives/import_progress.js" in page
    assert client.get(url, {"format": "json"}).json() == {
        "status": "running", "done": 2000, "total": 10000, "percent": 20, "saving": False,
        "label": "Vérification des lignes : 2000 sur 10000.",
    }
    import_jobs.write_state(job_id, done=10000)
    assert client.get(url, {"format": "json"}).json()["saving"] is True
    assert client.get(reverse("initiatives_admin_import_status", args=[uuid.uuid4()])).status_code == 404


def test_import_status_is_for_the_programme_team(client, catalogue, programme, partner_editor, team_member, jobs_here):
    job_id = str(uuid.uuid4())
    import_jobs.write_state(job_id, status="running", filename="a.csv", dry_run=True, done=0, total=10,
                            programme_id=programme.pk, user_id=team_member.pk, report=None, error="")
    client.force_login(partner_editor)
    response = client.get(reverse("initiatives_admin_import_status", args=[job_id]))
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
