"""Partner editors edit the initiatives and news of their territory, through moderation."""

import datetime
import html

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from rallynov.accounts import roles
from rallynov.accounts.models import PartnerTerritory
from rallynov.accounts.rules import can_edit_in_territory, territory_codes
from rallynov.initiatives.models import InitiativePage
from rallynov.initiatives.tests.factories import make_initiative
from rallynov.territories.models import Commune, Department, Region

pytestmark = pytest.mark.django_db

DIJON, BESANCON, AUXERRE = "21231", "25056", "89024"


@pytest.fixture
def catalogue(home_page, programme):
    from rallynov.accounts.domain import ensure_groups
    from rallynov.initiatives.demo import seed_reference
    from rallynov.initiatives.domain import ensure_catalogue

    ensure_groups()
    seed_reference()
    return ensure_catalogue(programme=programme)


@pytest.fixture
def in_21(catalogue, programme):
    return make_initiative(catalogue, programme, "Épicerie solidaire de Dijon", commune=DIJON)


@pytest.fixture
def in_25(catalogue, programme):
    return make_initiative(catalogue, programme, "Covoiturage à Besançon", commune=BESANCON)


def give_territory(user, programme, *codes, region=None):
    territory = PartnerTerritory.objects.create(
        user=user, programme=programme, region=Region.objects.get(code=region) if region else None
    )
    territory.departments.set(Department.objects.filter(code__in=codes))
    if hasattr(user, "_rallynov_territories"):
        del user._rallynov_territories
    return territory


@pytest.fixture
def cote_dor_editor(partner_editor, programme):
    give_territory(partner_editor, programme, "21")
    return partner_editor


def french_messages(response):
    return [html.unescape(str(m)).strip() for m in get_messages(response.wsgi_request)]


def fresh(user):
    """The user as a new request sees them (no cached groups, permissions or territory)."""
    return type(user).objects.get(pk=user.pk)


# --- The predicate, role by role ------------------------------------------------------------------


def test_can_edit_in_territory_for_each_role(
    in_21, in_25, cote_dor_editor, team_member, superuser, juror, applicant, make_user
):
    no_territory = make_user("sans-territoire@example.org", roles.PARTNER_EDITOR)
    from django.contrib.auth.models import AnonymousUser

    answers = {
        name: (can_edit_in_territory(fresh(user), in_21), can_edit_in_territory(fresh(user), in_25))
        for name, user in [
            ("partner_21", cote_dor_editor),
            ("partner_without_territory", no_territory),
            ("team_member", team_member),
            ("superuser", superuser),
            ("juror", juror),
            ("applicant", applicant),
        ]
    }
    answers["anonymous"] = (
        can_edit_in_territory(AnonymousUser(), in_21),
        can_edit_in_territory(AnonymousUser(), in_25),
    )

    assert answers == {
        "partner_21": (True, False),
        "partner_without_territory": (False, False),
        "team_member": (True, True),
        "superuser": (True, True),
        "juror": (False, False),
        "applicant": (False, False),
        "anonymous": (False, False),
    }


def test_can_edit_in_territory_region_covers_its_departments_and_its_predecessors(
    in_21, in_25, partner_editor, programme
):
    give_territory(partner_editor, programme, region="43")  # Franche-Comté (before 2016)

    assert territory_codes(fresh(partner_editor), programme.pk) == frozenset({"25", "39", "70", "90"})
    assert (
        can_edit_in_territory(fresh(partner_editor), in_21),
        can_edit_in_territory(fresh(partner_editor), in_25),
    ) == (
        False,
        True,
    )


def test_can_edit_in_territory_whole_region_of_today(in_21, in_25, partner_editor, programme):
    give_territory(partner_editor, programme, region="27")  # Bourgogne-Franche-Comté

    assert sorted(territory_codes(fresh(partner_editor), programme.pk)) == [
        "21",
        "25",
        "39",
        "58",
        "70",
        "71",
        "89",
        "90",
    ]
    assert can_edit_in_territory(fresh(partner_editor), in_25) is True


def test_can_edit_in_territory_other_programme_refused(in_21, partner_editor, programme):
    from rallynov.core.models import Programme

    other = Programme.objects.create(name="Autre programme", slug="autre", region=programme.region)
    give_territory(partner_editor, other, "21")

    assert can_edit_in_territory(fresh(partner_editor), in_21) is False


def test_can_edit_in_territory_initiative_without_commune_is_the_teams(
    catalogue, programme, cote_dor_editor, team_member
):
    page = make_initiative(catalogue, programme, "Sans commune")
    InitiativePage.objects.filter(pk=page.pk).update(main_commune=None)
    page.refresh_from_db()

    assert (
        can_edit_in_territory(fresh(cote_dor_editor), page),
        can_edit_in_territory(fresh(team_member), page),
    ) == (
        False,
        True,
    )


def test_can_edit_in_territory_news_belongs_to_its_authors_territory(
    home_page, programme, cote_dor_editor, make_user, team_member
):
    from rallynov.site.models import NewsIndexPage, NewsPage

    colleague = make_user("collegue-21@example.org", roles.PARTNER_EDITOR)
    give_territory(colleague, programme, "21", "89")
    doubs = make_user("doubs@example.org", roles.PARTNER_EDITOR)
    give_territory(doubs, programme, "25")
    index = NewsIndexPage.objects.get()

    def news(title, owner):
        page = NewsPage(title=title, programme=programme, date=datetime.date(2026, 11, 2), owner=owner)
        index.add_child(instance=page)
        return page

    by_colleague = news("Atelier à Dijon", colleague)
    by_team = news("Rencontre régionale", team_member)

    assert [
        (can_edit_in_territory(fresh(user), by_colleague), can_edit_in_territory(fresh(user), by_team))
        for user in (cote_dor_editor, doubs, team_member)
    ] == [(True, False), (False, False), (True, True)]


# --- The admin's doors ----------------------------------------------------------------------------


def test_edit_page_inside_territory_opens(client, in_21, cote_dor_editor):
    client.force_login(cote_dor_editor)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[in_21.pk]))

    assert response.status_code == 200
    assert response.context["page"].pk == in_21.pk


@pytest.mark.parametrize("url_name", ["edit", "view_draft", "preview_on_edit", "history", "usage", "delete"])
def test_page_screen_outside_territory_refused_in_french(client, in_25, cote_dor_editor, url_name):
    client.force_login(cote_dor_editor)

    response = client.get(reverse(f"wagtailadmin_pages:{url_name}", args=[in_25.pk]))

    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert french_messages(response) == [
        "Désolé, vous n'avez pas les autorisations pour accéder à cette zone."
    ]


def test_copy_outside_territory_refused_in_french(client, in_25, cote_dor_editor, catalogue):
    client.force_login(cote_dor_editor)

    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[in_25.pk]),
        {"new_title": "Copie", "new_slug": "copie", "new_parent_page": catalogue.pk},
    )

    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert french_messages(response) == [
        "Désolé, vous n'avez pas les autorisations pour accéder à cette zone."
    ]
    assert InitiativePage.objects.filter(slug="copie").exists() is False


def test_bulk_delete_outside_territory_refused(client, catalogue, programme, cote_dor_editor):
    draft = make_initiative(catalogue, programme, "Brouillon du Doubs", commune=BESANCON, live=False)
    client.force_login(cote_dor_editor)

    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?id={draft.pk}"
    response = client.post(url, {"next": "/admin/"})

    assert response.status_code == 302
    assert InitiativePage.objects.filter(pk=draft.pk).exists() is True


def test_own_initiative_outside_territory_refused(client, catalogue, programme, cote_dor_editor):
    """Wagtail lets the owner of a page edit it wherever they may add pages; the territory wins.
    They still follow the moderation of what they proposed (workflow history)."""
    page = make_initiative(
        catalogue, programme, "Proposée dans le Doubs", commune=BESANCON, owner=cote_dor_editor
    )
    client.force_login(cote_dor_editor)

    answers = [
        client.get(reverse(f"wagtailadmin_pages:{name}", args=[page.pk])).status_code
        for name in ("edit", "workflow_history", "history")
    ]

    assert answers == [302, 200, 302]


def test_team_member_edits_every_initiative(client, in_21, in_25, team_member):
    client.force_login(team_member)

    answers = [
        client.get(reverse("wagtailadmin_pages:edit", args=[p.pk])).status_code for p in (in_21, in_25)
    ]

    assert answers == [200, 200]


def test_explorer_lists_only_the_territory_for_a_partner(
    client, catalogue, in_21, in_25, cote_dor_editor, team_member
):
    def listed(user):
        client.force_login(user)
        response = client.get(reverse("wagtailadmin_explore", args=[catalogue.pk]))
        assert response.status_code == 200
        return sorted(page.title for page in response.context["pages"])

    assert listed(cote_dor_editor) == ["Épicerie solidaire de Dijon"]
    assert listed(team_member) == ["Covoiturage à Besançon", "Épicerie solidaire de Dijon"]


# --- Moderation: nothing a partner editor writes is published without the team -------------------


def initiative_form(title, slug, commune, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "programme": extra.pop("programme"),
            "summary": "Un résumé.",
            "description": rich_text("<p>Une description.</p>"),
            "objectives": rich_text(""),
            "actions": rich_text(""),
            "results": rich_text(""),
            "communes": [commune.pk],
            "main_commune": commune.pk,
            "year": 2026,
            "source": "partenaire",
            "status": "active",
            "gallery": inline_formset([]),
            "follow_ups": inline_formset([]),
            **extra,
        }
    )


def test_partner_adds_an_initiative_it_waits_for_moderation(client, catalogue, programme, cote_dor_editor):
    client.force_login(cote_dor_editor)
    data = initiative_form(
        "Tiers-lieu d'Auxerre", "tiers-lieu-auxerre", Commune.objects.get(insee=DIJON), programme=programme.pk
    )
    data["action-submit"] = "Soumettre"

    response = client.post(
        reverse("wagtailadmin_pages:add", args=["initiatives", "initiativepage", catalogue.pk]), data
    )

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = InitiativePage.objects.get(slug="tiers-lieu-auxerre")
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert (page.live, page.owner_id, state.status) == (
        False,
        cote_dor_editor.pk,
        WorkflowState.STATUS_IN_PROGRESS,
    )


def test_partner_edit_in_territory_waits_for_moderation(client, in_21, cote_dor_editor, programme):
    client.force_login(cote_dor_editor)
    data = initiative_form("Épicerie renommée", in_21.slug, in_21.main_commune, programme=programme.pk)
    data["action-submit"] = "Soumettre"

    response = client.post(reverse("wagtailadmin_pages:edit", args=[in_21.pk]), data)

    assert response.status_code == 302
    live = Page.objects.get(pk=in_21.pk)
    state = WorkflowState.objects.get(object_id=str(in_21.pk))
    assert (live.title, live.live, live.draft_title, state.status) == (
        "Épicerie solidaire de Dijon",
        True,
        "Épicerie renommée",
        WorkflowState.STATUS_IN_PROGRESS,
    )


def test_partner_edit_outside_territory_changes_nothing(client, in_25, cote_dor_editor, programme):
    client.force_login(cote_dor_editor)
    data = initiative_form("Détourné", in_25.slug, in_25.main_commune, programme=programme.pk)

    response = client.post(reverse("wagtailadmin_pages:edit", args=[in_25.pk]), data)

    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert Page.objects.get(pk=in_25.pk).draft_title == "Covoiturage à Besançon"
    assert WorkflowState.objects.filter(object_id=str(in_25.pk)).exists() is False


# --- Demo -----------------------------------------------------------------------------------------


def test_demo_partner_editor_has_cote_dor_and_yonne(programme, settings):
    from rallynov.accounts import demo

    settings.DEBUG = True
    demo.load(programme=programme, log=lambda *args: None)
    demo.load(programme=programme, log=lambda *args: None)  # idempotent

    partner = PartnerTerritory.objects.get(
        user__email="partenaire@rallynov.example", programme=programme
    ).user
    assert sorted(territory_codes(partner, programme.pk)) == ["21", "89"]
