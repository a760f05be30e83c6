"""The admin's records of a programme are its team's only: every snippet model that belongs to a
programme has a scoped viewset (a model added later without one fails), and every screen of that
viewset that opens one record refuses another programme's (walked from its URL patterns)."""

import datetime

import pytest
from django.urls import URLResolver, reverse
from wagtail.snippets.models import get_snippet_models

from rallynov.accounts.admin_scoping import ProgrammeScopedViewSet, programme_id_of
from tests.trust.hosts import OCC_HOST

DAY = datetime.date(2023, 1, 9)


def programme_path(model):
    """How `model` reaches its programme ("programme", "study__programme"), or None."""
    fields = {f.name: f for f in model._meta.get_fields()}
    if "programme" in fields:
        return "programme"
    for name, field in fields.items():
        related = getattr(field, "related_model", None)
        many_to_one = getattr(field, "many_to_one", False) and related is not None
        if many_to_one and any(f.name == "programme" for f in related._meta.get_fields()):
            return f"{name}__programme"
    return None


def test_every_snippet_of_a_programme_is_scoped_to_its_team():
    unscoped, scoped_without_programme = [], []
    for model in get_snippet_models():
        path = programme_path(model)
        is_scoped = isinstance(model.snippet_viewset, ProgrammeScopedViewSet)
        if path and not (is_scoped and model.snippet_viewset.programme_path == path):
            unscoped.append(model._meta.label)
        if is_scoped and not path:
            scoped_without_programme.append(model._meta.label)

    assert (unscoped, scoped_without_programme) == ([], [])
    assert len([m for m in get_snippet_models() if programme_path(m)]) >= 10


def object_urls(model, pk):
    """Every screen of `model`'s snippet viewset that opens one record, for record `pk`."""
    viewset = model.snippet_viewset
    urls = []
    for pattern in viewset.get_urlpatterns():
        if isinstance(pattern, URLResolver) or "pk" not in pattern.pattern.converters:
            continue
        kwargs = {"pk": pk}
        kwargs.update({key: 1 for key in pattern.pattern.converters if key != "pk"})
        urls.append(reverse(f"{viewset.get_admin_url_namespace()}:{pattern.name}", kwargs=kwargs))
    return urls


@pytest.fixture
def occ_team(two_programmes, make_user, any_host, client):
    """Occitanie's team member, at work on Occitanie's host (where its team works)."""
    from rallynov.accounts import roles

    client.defaults["HTTP_HOST"] = OCC_HOST
    occ = two_programmes[1]
    return make_user("equipe-occitanie@example.org", roles.programme_group_name(roles.PROGRAMME_TEAM, occ))


@pytest.fixture
def partnerships(two_programmes):
    from rallynov.organizations.models import Organization
    from rallynov.partners.enums import PartnershipRole
    from rallynov.partners.models import Partnership

    bfc, occ = two_programmes[:2]
    return {
        programme.slug: Partnership.objects.create(
            programme=programme,
            organization=Organization.objects.create(name=name, kind="reseau"),
            year=2023,
            role=PartnershipRole.PARTNER,
        )
        for programme, name in ((bfc, "Réseau bourguignon"), (occ, "Réseau toulousain"))
    }


@pytest.mark.django_db
def test_a_team_lists_and_opens_only_its_programmes_records(client, occ_team, partnerships, superuser):
    from rallynov.partners.models import Partnership

    listing = "/admin/snippets/partners/partnership/"
    client.force_login(occ_team)
    page = client.get(listing).content.decode()
    foreign = {url: client.get(url).status_code for url in object_urls(Partnership, partnerships["bfc"].pk)}
    own = client.get(object_urls(Partnership, partnerships["occitanie"].pk)[0])
    deleted = client.post(reverse("wagtailsnippets_partners_partnership:delete", args=[partnerships["bfc"].pk]))

    assert ("Réseau toulousain" in page, "Réseau bourguignon" in page) == (True, False)
    assert len(foreign) >= 5  # edit, delete, history, usage, revisions…
    assert {url: status for url, status in foreign.items() if status not in (404, 405)} == {}
    assert own.status_code == 200
    assert deleted.status_code == 404 and Partnership.objects.filter(pk=partnerships["bfc"].pk).exists()
    # On Bourgogne-Franche-Comté's host, Occitanie's team member is a visitor: not even its own rows.
    elsewhere = client.get(listing, HTTP_HOST="localhost").content.decode()
    assert ("Réseau toulousain" in elsewhere, "Réseau bourguignon" in elsewhere) == (False, False)
    client.force_login(superuser)
    everything = client.get(listing).content.decode()
    assert ("Réseau toulousain" in everything, "Réseau bourguignon" in everything) == (True, True)


@pytest.mark.django_db
def test_a_teams_forms_offer_only_its_programmes_and_their_records(client, occ_team, two_programmes):
    bfc, occ = two_programmes[:2]
    from rallynov.studies.models import Study

    Study.objects.create(programme=bfc, title="Étude bourguignonne", slug="etude-bfc", starts_on=DAY)
    Study.objects.create(programme=occ, title="Étude occitane", slug="etude-occ", starts_on=DAY)
    client.force_login(occ_team)

    funding_form = client.get("/admin/snippets/partners/funding/add/").content.decode()
    # An interview's study is picked in the study chooser's modal.
    chooser = client.get("/admin/snippets/choose/studies/study/").json()["html"]
    foreign = Study.objects.get(slug="etude-bfc").pk
    chosen = client.get(f"/admin/snippets/choose/studies/study/chosen/{foreign}/")

    assert (f'<option value="{occ.pk}"' in funding_form, f'<option value="{bfc.pk}"' in funding_form) == (True, False)
    assert ("Étude occitane" in chooser, "Étude bourguignonne" in chooser) == (True, False)
    assert chosen.status_code == 404


@pytest.mark.django_db
def test_a_bulk_delete_of_another_programmes_rows_is_refused(client, occ_team, partnerships):
    from rallynov.partners.models import Partnership

    client.force_login(occ_team)
    bfc, occ = partnerships["bfc"].pk, partnerships["occitanie"].pk

    def bulk_delete(*ids):
        query = "&".join(f"id={pk}" for pk in ids)
        return client.post(f"/admin/bulk/partners/partnership/delete/?next=/admin/&{query}")

    bulk_delete(bfc, occ)  # refused as a whole (Wagtail's admin turns the refusal into a redirect)
    left = set(Partnership.objects.values_list("pk", flat=True))
    bulk_delete(occ)  # its own row alone: deleted

    assert left == {bfc, occ}
    assert set(Partnership.objects.values_list("pk", flat=True)) == {bfc}


def test_programme_id_of_follows_the_path():
    class Study:
        programme_id = 7

    class Interview:
        study = Study()

    assert (programme_id_of(Interview(), "study__programme"), programme_id_of(Study(), "programme")) == (7, 7)
