"""An unknown prize amount says so (never « 0 € »); a laureate's sheet goes public with the results."""

from decimal import Decimal

import pytest
from django.core import mail

from rallynov.awards import domain
from rallynov.awards.enums import Outcome
from rallynov.awards.models import Decision
from rallynov.awards.prizes import amount_text, prize_summary, total_prize_money

pytestmark = pytest.mark.django_db


def test_an_unknown_amount_is_said_and_a_known_one_in_euros(edition):
    assert prize_summary(edition) == "2 prix de 2\u202f000 €, 1 mention de 500 €"
    edition.prize_amount, edition.mention_count = None, 0
    assert edition.prize_summary == "2 prix, montant non communiqué"
    assert amount_text(None) == "montant non communiqué" and amount_text(Decimal(0)) == "0 €"
    assert total_prize_money([None, None]) is None
    assert total_prize_money([Decimal(2000), None, Decimal(2000)]) == 4000.0
    assert total_prize_money([]) == 0.0


def test_prize_pages_say_the_amount_is_not_communicated(client, edition, site_demo):
    edition.prize_amount, edition.mention_count = None, 0
    edition.save()
    for url in ("/prix/", f"/prix/{edition.year}/"):
        body = client.get(url).content.decode()
        assert "2 prix, montant non communiqué" in body, url
        assert "0 €" not in body, url


def _laureate_of_new_sheet(edition, applicant, organization, team_member, *, summary):
    """A dossier whose initiative the application created (an unpublished draft), made laureate."""
    application = domain.create_application(
        edition=edition,
        applicant=applicant,
        organization=organization,
        new_title=f"Initiative de {organization.name}",
        new_summary=summary,
    )
    Decision.objects.create(
        application=application, outcome=Outcome.LAUREATE, motive="Exemplaire", amount=edition.prize_amount
    )
    return application


def test_results_publish_the_laureate_sheet_or_queue_it_with_a_reminder(
    edition,
    applicant,
    other_applicant,
    make_organization,
    team_member,
    programme,
    home_page,
    django_capture_on_commit_callbacks,
):
    from rallynov.initiatives.domain import ensure_catalogue
    from rallynov.initiatives.models import InitiativePage
    from rallynov.territories.models import Commune

    ensure_catalogue(programme=programme)  # with its moderation workflow

    complete_org = make_organization("Métalhom")
    complete_org.commune = Commune.objects.get(insee="25097")  # Brognard
    complete_org.save()
    complete = _laureate_of_new_sheet(
        edition, applicant, complete_org, team_member, summary="L'humain au cœur."
    )
    lacking = _laureate_of_new_sheet(
        edition, other_applicant, make_organization("Sans adresse"), team_member, summary=""
    )
    assert not InitiativePage.objects.get(pk=complete.initiative_id).live
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        domain.publish_results(edition=edition, by=team_member)

    published = InitiativePage.objects.get(pk=complete.initiative_id)
    assert domain.sheet_problems(published) == []
    assert published.live and published.laureate_year == edition.year
    assert published.main_commune.name == "Brognard"
    waiting = InitiativePage.objects.get(pk=lacking.initiative_id)
    assert not waiting.live and waiting.laureate_year == edition.year
    assert waiting.current_workflow_state is not None  # in the team's moderation queue
    reminders = [m for m in mail.outbox if "Fiche de lauréat à compléter" in m.subject]
    assert len(reminders) == 1 and team_member.email in reminders[0].to
    assert "le résumé de l'initiative manque" in reminders[0].body
    assert "la commune de l'initiative manque" in reminders[0].body
