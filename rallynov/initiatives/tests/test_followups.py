"""Follow-ups by holders: who may add one (role by role), the checked picture, moderation (only
approved follow-ups show on the sheet and count in the key figure), the reminder of laureate
sheets without news for a year."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from rallynov.initiatives.followups import domain
from rallynov.initiatives.followups.models import FollowUpProposal
from rallynov.initiatives.models import FollowUp, InitiativePage
from rallynov.organizations.models import Person

pytestmark = pytest.mark.django_db


def png(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "photo.png"
    return buffer


@pytest.fixture
def sheet(initiative_factory):
    return initiative_factory("Épicerie solidaire de Dole", laureate_year=2022, summary="Une épicerie.")


@pytest.fixture
def holder(sheet, applicant):
    Person.objects.create(last_name="Porteur", user=applicant, organization=sheet.organizations.get())
    return applicant


def _form(**extra):
    return {
        "date": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "title": "Deux embauches",
        "text": "Un second local a ouvert.",
        "jobs_created": "2",
        "people_reached": "150",
        **extra,
    }


def test_add_follow_up_doors_role_by_role(client, sheet, holder, other_applicant, team_member, juror):
    url = reverse("initiatives:follow_up_add", args=[sheet.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert client.post(url, _form()).status_code == 302
    for stranger in (other_applicant, juror, team_member):
        client.force_login(stranger)
        assert client.get(url).status_code == 403
        assert client.post(url, _form()).status_code == 403
    client.force_login(holder)
    assert client.get(url).status_code == 200
    assert not FollowUpProposal.objects.exists()


def test_holder_of_another_structure_cannot_add(client, sheet, initiative_factory, other_applicant):
    other = initiative_factory("Garage solidaire")
    Person.objects.create(last_name="Autre", user=other_applicant, organization=other.organizations.get())
    client.force_login(other_applicant)
    assert client.post(reverse("initiatives:follow_up_add", args=[sheet.pk]), _form()).status_code == 403
    assert client.get(reverse("initiatives:follow_up_add", args=[other.pk])).status_code == 200
    with pytest.raises(domain.FollowUpError):
        domain.submit_follow_up(
            initiative=sheet, by=other_applicant, date=datetime.date(2024, 1, 1), title="x"
        )


def test_holder_proposes_team_approves_and_it_shows_on_the_sheet(
    client, sheet, holder, team_member, django_capture_on_commit_callbacks
):
    client.force_login(holder)
    response = client.post(
        reverse("initiatives:follow_up_add", args=[sheet.pk]),
        _form(picture=png(), picture_alt="Le nouveau local"),
    )
    assert response.status_code == 302
    proposal = FollowUpProposal.objects.get()
    assert proposal.state == FollowUpProposal.State.PENDING and proposal.picture
    # Pending: not on the sheet, not counted.
    assert FollowUp.objects.count() == 0
    assert "Deux embauches" not in client.get(sheet.url).content.decode()
    # The pending picture is for the team and its author only.
    picture = client.get(reverse("initiatives:follow_up_picture", args=[proposal.pk]))
    assert picture.status_code == 200 and b"".join(picture.streaming_content).startswith(b"\x89PNG")
    client.force_login(team_member)
    assert "Deux embauches" in client.get(reverse("initiatives:follow_up_moderation")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("initiatives:follow_up_decide", args=[proposal.pk]), {"decision": "approve"})
    proposal.refresh_from_db()
    assert proposal.state == FollowUpProposal.State.APPROVED
    follow_up = FollowUp.objects.get()
    assert (follow_up.jobs_created, follow_up.people_reached, follow_up.image.description) == (
        2,
        150,
        "Le nouveau local",
    )
    html = client.get(InitiativePage.objects.get(pk=sheet.pk).url).content.decode()
    assert "Deux embauches" in html and 'alt="Le nouveau local"' in html
    # Published in a revision: publishing the sheet again keeps the follow-up.
    page = InitiativePage.objects.get(pk=sheet.pk)
    page.get_latest_revision().publish()
    assert FollowUp.objects.filter(initiative=sheet, title="Deux embauches").exists()
    assert any("Votre suivi est publié" in m.subject for m in mail.outbox)


def test_rejected_follow_up_never_shows_and_needs_a_reason(client, sheet, holder, team_member):
    proposal = domain.submit_follow_up(
        initiative=sheet, by=holder, date=datetime.date(2024, 5, 2), title="Bilan"
    )
    client.force_login(team_member)
    url = reverse("initiatives:follow_up_decide", args=[proposal.pk])
    client.post(url, {"decision": "reject", "reason": ""})
    proposal.refresh_from_db()
    assert proposal.state == FollowUpProposal.State.PENDING
    client.post(url, {"decision": "reject", "reason": "Doublon du suivi de mai."})
    proposal.refresh_from_db()
    assert proposal.state == FollowUpProposal.State.REJECTED
    assert not FollowUp.objects.exists()
    # A decision is taken once.
    with pytest.raises(domain.FollowUpError):
        domain.approve_follow_up(proposal, by=team_member)


def test_only_the_team_moderates(client, sheet, holder, partner_editor):
    proposal = domain.submit_follow_up(
        initiative=sheet, by=holder, date=datetime.date(2024, 5, 2), title="Bilan"
    )
    decide = reverse("initiatives:follow_up_decide", args=[proposal.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 302  # to login
    for user in (holder, partner_editor):
        client.force_login(user)
        assert client.get(reverse("initiatives:follow_up_moderation")).status_code == 403
        assert client.post(decide, {"decision": "approve"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == FollowUpProposal.State.PENDING


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: io.BytesIO(b"%PDF-1.4 pas une image"), "image"),
        (lambda: png(), "Décrivez"),
    ],
)
def test_bad_picture_or_missing_description_refused_in_french(client, sheet, holder, upload, message):
    client.force_login(holder)
    file = upload()
    file.name = "photo.png"
    response = client.post(reverse("initiatives:follow_up_add", args=[sheet.pk]), _form(picture=file))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'value="Deux embauches"' in response.content.decode()  # nothing typed is lost
    assert not FollowUpProposal.objects.exists()


def test_future_date_refused(client, sheet, holder):
    client.force_login(holder)
    future = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    response = client.post(reverse("initiatives:follow_up_add", args=[sheet.pk]), _form(date=future))
    assert response.status_code == 400 and "dans le futur" in response.content.decode()


def test_holder_space_lists_sheets_and_team_space_the_stale_laureates(
    client, sheet, holder, team_member, programme
):
    client.force_login(holder)
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("initiatives:follow_up_add", args=[sheet.pk]) in html
    client.force_login(team_member)
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Épicerie solidaire de Dole" in html  # laureate 2022, no follow-up for a year


def test_stale_laureate_sheets_and_reminder(sheet, initiative_factory, programme, team_member, frozen_clock):
    fresh = initiative_factory("Atelier vélo", laureate_year=2021)
    FollowUp.objects.create(
        initiative=fresh, date=timezone.localdate() - datetime.timedelta(days=30), title="Nouvelles"
    )
    old = initiative_factory("Tiers-lieu", laureate_year=2021)
    FollowUp.objects.create(
        initiative=old, date=timezone.localdate() - datetime.timedelta(days=400), title="Ancien"
    )
    initiative_factory("Jamais lauréat")
    stale = domain.stale_laureate_sheets(programme)
    assert [p.title for p in stale] == ["Épicerie solidaire de Dole", "Tiers-lieu"]
    call_command("remind_follow_ups")
    assert "Tiers-lieu" in mail.outbox[-1].body and team_member.email in mail.outbox[-1].to


def test_approved_follow_ups_count_in_the_key_figure(programme, home_page, team_member, applicant):
    """On the prize's demo (six 2023 follow-ups of former laureates): a holder's follow-up counts
    in its year once approved, never while pending, and 2023 stays 6."""
    from rallynov.awards import demo as awards_demo
    from rallynov.awards.enums import Outcome
    from rallynov.awards.figures import figures
    from rallynov.awards.models import Application
    from rallynov.initiatives import demo as initiatives_demo

    initiatives_demo.load(programme=programme, log=lambda *a: None)
    awards_demo.load(programme=programme, log=lambda *a: None)

    def updated(year):
        return next(
            f.value
            for f in figures(programme=programme, year=year)
            if f.key == "awards.laureate_sheets_updated"
        )

    laureate = (
        Application.objects.filter(decision__outcome=Outcome.LAUREATE, edition__year=2014).first().initiative
    )
    Person.objects.create(last_name="Porteur", user=applicant, organization=laureate.organizations.first())
    when = timezone.localdate() - datetime.timedelta(days=10)
    before = updated(when.year)
    proposal = domain.submit_follow_up(initiative=laureate, by=applicant, date=when, title="Bilan")
    assert updated(when.year) == before
    domain.approve_follow_up(proposal, by=team_member)
    assert updated(when.year) == before + 1
    assert updated(2023) == 6
