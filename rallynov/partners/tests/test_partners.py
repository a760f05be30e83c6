from decimal import Decimal

import pytest

from rallynov.organizations.models import Organization
from rallynov.partners import queries
from rallynov.partners.enums import FundingSource
from rallynov.partners.enums import PartnershipRole as R
from rallynov.partners.figures import figures
from rallynov.partners.models import Funding, Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(programme):
    from rallynov.organizations import demo as organizations_demo
    from rallynov.partners import demo as partners_demo

    organizations_demo.load(programme=programme, log=lambda *a: None)
    partners_demo.load(programme=programme, log=lambda *a: None)
    return programme


def values(programme, year):
    return {f.key: f.value for f in figures(programme=programme, year=year)}


def test_figures_2014_count_the_organising_committee(demo):
    # The February 2014 meeting, "une vingtaine de partenaires": 16 structures named, plus Fact.
    assert values(demo, 2014) == {"partners.count": 17, "partners.funders": 1, "partners.funding_total": 30000.0}


def test_figures_2023_state_region_and_esf(demo):
    assert values(demo, 2023) == {"partners.count": 4, "partners.funders": 3, "partners.funding_total": 145000.0}


def test_figures_move_with_one_more_partner(demo):
    organization = Organization.objects.create(name="Juratri", kind="entreprise")
    Partnership.objects.create(programme=demo, organization=organization, year=2014, role=R.PARTNER)

    assert values(demo, 2014)["partners.count"] == 18


def test_funding_amounts_are_flagged_generated(demo):
    assert Funding.objects.filter(is_generated=False).count() == 0
    assert next(f for f in figures(programme=demo, year=2023) if f.key == "partners.funding_total").note


def test_footer_lists_this_years_funders_and_partners(demo):
    footer = queries.footer_partners(programme=demo)

    assert [f["name"] for f in footer["funders"]] == ["DREETS", "FSE", "Région Bourgogne-Franche-Comté"]
    assert [p["name"] for p in footer["partners"]] == ["Aract BFC"]
    assert footer["funders"][0]["url"].startswith("/partenaires/")


def test_footer_skips_future_years_and_hidden_partnerships(programme):
    org = Organization.objects.create(name="Futur partenaire", kind="reseau")
    hidden = Organization.objects.create(name="Discret", kind="reseau")
    Partnership.objects.create(programme=programme, organization=org, year=2099, role=R.PARTNER)
    Partnership.objects.create(programme=programme, organization=hidden, year=2023, role=R.PARTNER, show_on_site=False)

    assert queries.footer_partners(programme=programme) == {"partners": [], "funders": []}


def test_footer_without_programme_is_empty():
    assert queries.footer_partners(programme=None) == {"partners": [], "funders": []}


def test_partners_page_groups_2014_by_role(client, demo):
    response = client.get("/partenaires/", {"annee": 2014})

    groups = {str(label): [p.organization.acronym or p.organization.name for p in items]
              for _, label, items in response.context["groups"]}
    assert list(groups) == ["Copilotes", "Financeurs", "Comité d'organisation"]
    assert groups["Copilotes"] == ["Cress Franche-Comté", "Fact", "RIFC"]
    assert groups["Financeurs"] == ["Direccte"]
    assert len(groups["Comité d'organisation"]) == 16
    assert response.context["partner_count"] == 17
    html = response.content.decode()
    assert "30\u00a0000 €" in html
    assert "Montants fictifs" in html


def test_partners_page_defaults_to_the_current_year(client, demo):
    response = client.get("/partenaires/")

    assert response.context["year"] == 2023
    assert response.context["years"] == [2023, 2014]


def test_partners_page_unknown_year_explains(client, demo):
    response = client.get("/partenaires/", {"annee": "20x4"})

    assert response.context["year"] == 2023
    assert response.context["year_error"] == (
        "Aucun partenariat n'est enregistré pour l'année « 20x4 » : voici la plus récente."
    )
    assert "l&#x27;année « 20x4 »" in response.content.decode()


def test_partners_page_without_partnerships(client, programme):
    response = client.get("/partenaires/")

    assert response.status_code == 200
    assert "Aucun partenariat n'est encore enregistré." in response.content.decode()


def test_partners_page_query_count_does_not_grow(client, programme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(name):
        org = Organization.objects.create(name=name, kind="reseau")
        Partnership.objects.create(programme=programme, organization=org, year=2023, role=R.PARTNER)
        Funding.objects.create(programme=programme, funder=org, year=2023, source=FundingSource.REGION,
                               amount=Decimal("1000"))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get("/partenaires/")
        return len(ctx.captured_queries)

    add("Un")
    client.get("/partenaires/")
    one = count()
    add("Deux")
    add("Trois")
    client.get("/partenaires/")  # the page's chrome (its footer lists the partners) is read again once
    assert count() == one


def test_partner_detail_shows_roles_and_fundings(client, demo):
    direccte = Organization.objects.get(acronym="Direccte")

    # The Direccte became the DREETS: its page is the line's, with the years of both names.
    response = client.get(f"/partenaires/{direccte.pk}/", follow=True)

    assert response.context["title"] == "DREETS Bourgogne-Franche-Comté (anciennement Direccte)"
    assert [(r.year, r.organization.acronym, r.role) for r in response.context["roles"]] == [
        (2023, "DREETS", R.FUNDER),
        (2014, "Direccte", R.ORGANISING_COMMITTEE),
        (2014, "Direccte", R.FUNDER),
    ]
    assert [(f.year, f.amount) for f in response.context["fundings"]] == [
        (2023, Decimal("45000.00")),
        (2014, Decimal("30000.00")),
    ]


def test_partner_detail_of_a_non_partner_is_not_found(client, demo):
    stranger = Organization.objects.get(name="Cryla")

    assert client.get(f"/partenaires/{stranger.pk}/").status_code == 404
    assert client.get("/partenaires/999999/").status_code == 404


def test_team_manages_partnerships_partner_editors_do_not(team_member, partner_editor):
    from rallynov.accounts.domain import ensure_groups

    ensure_groups()
    for user in (team_member, partner_editor):
        user._perm_cache = None
        user.__dict__.pop("_perm_cache", None)

    assert team_member.has_perm("partners.add_partnership") is True
    assert team_member.has_perm("partners.change_funding") is True
    assert partner_editor.has_perm("partners.add_partnership") is False


def test_team_can_open_the_partnerships_admin(client, team_member, demo):
    from rallynov.accounts.domain import ensure_groups

    ensure_groups()
    client.force_login(team_member)

    response = client.get("/admin/snippets/partners/partnership/")

    assert response.status_code == 200
    assert "Cetim" in response.content.decode()


def test_fact_and_aract_bfc_are_one_partner_line(client, demo):
    fact = Organization.objects.get(acronym="Fact")
    aract = Organization.objects.get(acronym="Aract BFC")
    assert fact.current() == aract and [o.acronym for o in aract.lineage()] == ["Fact", "Aract BFC"]
    assert aract.name_with_former() == "Aract Bourgogne-Franche-Comté (anciennement Fact)"
    # The 2014 page shows Fact as it was, and who it is today.
    body = client.get("/partenaires/?annee=2014").content.decode().replace("&#x27;", "'")
    assert "Franche-Comté amélioration des conditions de travail" in body
    assert "aujourd'hui Aract Bourgogne-Franche-Comté" in body
    # Fact's page is the line's page: both years, each under its name of the time.
    response = client.get(f"/partenaires/{fact.pk}/")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "<h1>Aract Bourgogne-Franche-Comté (anciennement Fact)</h1>" in page
    assert "devenue Aract Bourgogne-Franche-Comté le 1er janvier 2017." in page
    assert "<td>2014</td><td>Franche-Comté amélioration des conditions de travail</td>" in page
    assert "<td>2023</td><td>Aract Bourgogne-Franche-Comté</td>" in page


def test_a_structure_and_its_successor_count_once_in_a_year(demo):
    before = values(demo, 2023)["partners.count"]
    Partnership.objects.create(
        programme=demo, organization=Organization.objects.get(acronym="Fact"), year=2023, role=R.PARTNER
    )
    assert values(demo, 2023)["partners.count"] == before
    Partnership.objects.create(
        programme=demo, organization=Organization.objects.get(acronym="Cetim"), year=2023, role=R.PARTNER
    )
    assert values(demo, 2023)["partners.count"] == before + 1


def test_a_succession_cannot_loop(demo):
    from django.core.exceptions import ValidationError

    fact = Organization.objects.get(acronym="Fact")
    aract = fact.successor
    aract.successor = fact
    with pytest.raises(ValidationError):
        aract.clean()


def test_partners_page_shows_a_new_partnership_at_the_next_view(client, programme):
    def add(name):
        org = Organization.objects.create(name=name, kind="reseau")
        Partnership.objects.create(programme=programme, organization=org, year=2023, role=R.PARTNER)

    add("Réseau Un")
    first = client.get("/partenaires/", {"annee": 2023}).content.decode()
    assert "Réseau Un" in first and "Réseau Deux" not in first
    add("Réseau Deux")

    assert "Réseau Deux" in client.get("/partenaires/", {"annee": 2023}).content.decode()
