"""Erasing a sheet's contact (RGPD, right to erasure) erases it everywhere the page keeps it."""

import pytest
from django.utils import timezone
from wagtail.models import Revision

from rallynov.initiatives.models import InitiativePage

pytestmark = pytest.mark.django_db


def test_erasing_a_contact_removes_it_from_the_page_and_all_its_revisions(initiative_factory, team_member):
    from rallynov.core.personal_data import erase_person

    page = initiative_factory(
        "Épicerie solidaire", contact_name="Anne Martin", contact_email="anne@example.org",
        contact_consent_at=timezone.now(),
    )
    other = initiative_factory("Covoiturage", contact_name="Paul", contact_email="paul@example.org")
    # A later draft, not published: the contact is in two revisions of the page.
    draft = InitiativePage.objects.get(pk=page.pk)
    draft.summary = "Nouveau résumé"
    draft.save_revision(user=team_member)
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 2

    erase_person("anne@example.org")

    page.refresh_from_db()
    assert (page.contact_name, page.contact_email, page.contact_consent_at) == ("", "", None)
    assert page.live and page.title == "Épicerie solidaire"
    for revision in Revision.page_revisions.filter(object_id=str(page.pk)):
        text = str(revision.content)
        assert "anne@example.org" not in text and "Anne Martin" not in text
        assert revision.content["title"] == "Épicerie solidaire"
    assert page.get_latest_revision().as_object().summary == "Nouveau résumé"
    # Nobody else's contact is touched.
    assert InitiativePage.objects.get(pk=other.pk).contact_email == "paul@example.org"
    assert "paul@example.org" in str(other.get_latest_revision().content)
