"""The public report form, its spam protections, and its moderation."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState

from rallynov.initiatives.models import CatalogueEntry, InitiativePage, Submission

pytestmark = pytest.mark.django_db

VALID = {
    "relation": "porteur",
    "title": "Épicerie solidaire de Dole",
    "organization_name": "Association Dole Solidaire",
    "siret": "",
    "commune": "Dole",
    "postal_code": "39100",
    "summary": "Une épicerie à petits prix pour les familles.",
    "description": "Ouverte trois jours par semaine.",
    "website": "dole-solidaire.example.org",
    "submitter_name": "Claire Durand",
    "submitter_email": "claire@example.org",
    "publish_contact": "on",
    "consent": "on",
    "nickname": "",
}


def test_submission_lands_as_a_draft_in_the_workflow(client, catalogue, team_member):
    response = client.post(reverse("initiatives:submit"), VALID)
    assert response.status_code == 302
    submission = Submission.objects.get()
    page = submission.initiative
    assert (page.live, page.title, page.source, page.main_commune.insee, page.website) == (
        False,
        "Épicerie solidaire de Dole",
        "public",
        "39198",
        "https://dole-solidaire.example.org",
    )
    assert (page.contact_email, page.contact_consent_at is not None) == ("claire@example.org", True)
    assert WorkflowState.objects.filter(object_id=str(page.pk), status="in_progress").count() == 1
    sent = {m.subject: m.to for m in mail.outbox}
    assert sent["[Rally'nov] Nous avons bien reçu votre signalement"] == ["claire@example.org"]
    assert sent["[Rally'nov] Nouveau signalement à modérer : Épicerie solidaire de Dole"] == [
        "contact@rallynov.example",
        "equipe@example.org",
    ]
    assert CatalogueEntry.objects.count() == 0


def test_submission_errors_are_french_and_keep_the_input(client, catalogue):
    data = {**VALID, "commune": "Dolle-sur-Mer", "siret": "123", "consent": ""}
    response = client.post(reverse("initiatives:submit"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "SIRET « 123 » invalide : 14 chiffres attendus." in html
    assert "Commune inconnue : « Dolle-sur-Mer »." in html
    assert "Votre accord est nécessaire" in html
    assert 'value="Épicerie solidaire de Dole"' in html
    assert 'aria-invalid="true"' in html
    assert Submission.objects.count() == 0


def test_honeypot_stores_nothing(client, catalogue):
    response = client.post(reverse("initiatives:submit"), {**VALID, "nickname": "robot"})
    assert response.status_code == 302
    assert (Submission.objects.count(), InitiativePage.objects.count(), len(mail.outbox)) == (0, 0, 0)


def test_rate_limit_after_five_posts(client, catalogue, frozen_clock):
    for _ in range(5):
        client.post(reverse("initiatives:submit"), {**VALID, "consent": ""})
    assert client.post(reverse("initiatives:submit"), VALID).status_code == 429


def test_duplicates_are_shown_and_publication_creates_the_structure(
    client, catalogue, initiative_factory, team_member
):
    from rallynov.initiatives.queries.duplicates import possible_duplicates

    existing = initiative_factory("Épicerie solidaire à Dole", commune="39198")
    client.post(reverse("initiatives:submit"), VALID)
    page = Submission.objects.get().initiative
    assert [(p.title, str(reason)) for p, reason in possible_duplicates(page)] == [
        (existing.title, "nom proche dans la même commune")
    ]
    client.force_login(team_member)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Doublon possible" in html and existing.title in html
    page.get_latest_revision().publish(user=team_member)
    page.refresh_from_db()
    assert [o.name for o in page.organizations.all()] == ["Association Dole Solidaire"]
    assert Submission.objects.get().state == "publie"
    assert CatalogueEntry.objects.filter(pk=page.pk).exists()


def test_reject_deletes_the_draft_and_keeps_the_report(client, catalogue, team_member):
    client.post(reverse("initiatives:submit"), VALID)
    submission = Submission.objects.get()
    client.force_login(team_member)
    response = client.post(reverse("initiatives_admin_reject", args=[submission.pk]))
    submission.refresh_from_db()
    assert (
        response.status_code,
        submission.state,
        submission.initiative,
        InitiativePage.objects.count(),
    ) == (
        302,
        "refuse",
        None,
        0,
    )


def test_moderator_opens_a_report_in_few_queries(
    client, catalogue, team_member, django_assert_max_num_queries
):
    # The editor listed the 35,000 communes of France twice, each label reading its department
    # with one query: tens of thousands of queries, minutes to open (the browser test timed out,
    # then its teardown emptied the database under the still-running page, hence a 500).
    from rallynov.territories.models import Commune

    client.post(reverse("initiatives:submit"), VALID)
    page = Submission.objects.get().initiative
    client.force_login(team_member)
    with django_assert_max_num_queries(200):
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Doublon possible" not in html  # no similar sheet yet; the moderation panel is there
    assert "Claire Durand" in html
    # The moderator picks among the communes of the region (Dole, Jura), not those of Paris.
    assert f'<option value="{Commune.objects.get(insee="39198").pk}"' in html
    assert f'<option value="{Commune.objects.get(insee="75056").pk}"' not in html
