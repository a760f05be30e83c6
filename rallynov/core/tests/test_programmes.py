"""rallynov create-programme: a whole programme on its own host, idempotent, refused cleanly."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import GroupPagePermission, Page, Site, WorkflowPage

from rallynov.core.models import Programme
from rallynov.core.programmes import ProgrammeError, create_programme


def _counts():
    return (Programme.objects.count(), Site.objects.count(), Page.objects.count(), Group.objects.count())


@pytest.mark.django_db
def test_create_programme_builds_site_pages_groups_and_workflows(home_page):
    programme, created = create_programme(
        slug="occitanie", name="Rally'nov Occitanie", region_code="76", host="occitanie.example.org"
    )

    assert created is True
    assert (programme.region.name, programme.short_name) == ("Occitanie", "Rally'nov")
    assert programme.site.hostname == "occitanie.example.org"
    home = programme.site.root_page
    assert home.title == "Rally'nov Occitanie"
    children = sorted((page.specific_class.__name__, page.slug) for page in home.get_children())
    assert children == [
        ("CataloguePage", "initiatives"),
        ("EventIndexPage", "evenements"),
        ("NewsIndexPage", "actualites"),
        ("StandardPage", "accessibilite"),
        ("StandardPage", "donnees-personnelles"),
        ("StandardPage", "mentions-legales"),
    ]
    team = Group.objects.get(name="Équipe du programme · occitanie")
    partners = Group.objects.get(name="Éditeur partenaire · occitanie")
    assert team.permissions.count() == Group.objects.get(name="Équipe du programme").permissions.count() > 0
    # The new team's page rights stop at its own home; BFC's team gets none there.
    assert set(GroupPagePermission.objects.filter(group=team).values_list("page__path", flat=True)) <= {
        page.path for page in home.get_descendants(inclusive=True)
    }
    assert not GroupPagePermission.objects.filter(group__name="Équipe du programme", page=home).exists()
    catalogue = home.get_children().get(slug="initiatives")
    workflow = WorkflowPage.objects.get(page=catalogue).workflow
    assert workflow.name == "Modération des initiatives · occitanie"
    assert list(workflow.tasks.first().specific.groups.all()) == [team]
    assert GroupPagePermission.objects.filter(group=partners, page=catalogue).count() == 2
    settings_row = home.get_site().sitesettings
    assert settings_row.legal_page.get_parent().pk == home.pk


@pytest.mark.django_db
def test_create_programme_again_changes_nothing(home_page):
    create_programme(
        slug="occitanie", name="Rally'nov Occitanie", region_code="76", host="occitanie.example.org"
    )
    before = _counts()

    programme, created = create_programme(
        slug="occitanie", name="Rally'nov Occitanie", region_code="76", host="occitanie.example.org"
    )

    assert created is False
    assert _counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "region", "host", "message"),
    [
        ("occitanie", "99", "occitanie.example.org", "Code de région « 99 » inconnu"),
        ("occitanie", "43", "occitanie.example.org", "n'existe plus"),
        ("occitanie", "76", "localhost", "Le nom d'hôte « localhost » sert déjà un autre site."),
        ("bfc", "76", "occitanie.example.org", "L'identifiant « bfc » est déjà celui du programme"),
        ("Occ itanie", "76", "occitanie.example.org", "Identifiant « Occ itanie » invalide"),
        ("occitanie", "76", "pas un hôte", "Nom d'hôte « pas un hôte » invalide"),
    ],
)
def test_create_programme_refuses_bad_requests_and_creates_nothing(home_page, slug, region, host, message):
    before = _counts()

    with pytest.raises(ProgrammeError) as refused:
        create_programme(slug=slug, name="Rally'nov Occitanie", region_code=region, host=host)

    assert message in str(refused.value)
    assert _counts() == before


@pytest.mark.django_db
def test_create_programme_command_reports_in_french(home_page):
    with pytest.raises(CommandError, match="Code de région « 99 » inconnu"):
        call_command("create_programme", slug="occ", name="Occ", region="99", host="occ.example.org")

    call_command("create_programme", slug="occ", name="Occ", region="76", host="occ.example.org")

    assert Programme.objects.get(slug="occ").site.hostname == "occ.example.org"


@pytest.mark.django_db
def test_admin_screen_creates_a_programme_for_a_superuser_only(home_page, make_user, client):
    from rallynov.accounts import roles

    superuser = make_user("admin@example.org", is_superuser=True, is_staff=True)
    team_member = make_user("equipe@example.org", roles.PROGRAMME_TEAM)
    data = {"slug": "occitanie", "name": "Rally'nov Occitanie", "region": "76", "host": "occ.example.org"}

    client.force_login(team_member)
    refused = client.post("/admin/programmes/", data)
    assert (refused.status_code, Programme.objects.filter(slug="occitanie").exists()) == (302, False)
    client.force_login(superuser)
    taken = client.post("/admin/programmes/", {**data, "host": "localhost"})
    created = client.post("/admin/programmes/", data)

    assert "Le nom d&#x27;hôte « localhost » sert déjà un autre site." in taken.content.decode()
    assert created.status_code == 302
    assert Programme.objects.get(slug="occitanie").site.hostname == "occ.example.org"
    assert "Rally&#x27;nov Occitanie" in client.get("/admin/programmes/").content.decode()


@pytest.mark.django_db
def test_a_new_programmes_host_is_served_as_its_own_at_the_next_request(home_page, client, settings):
    """Which site and programme a host is, kept between requests (core.queries.site_for_request),
    follows the sites at once: a host served by the default site until its programme exists."""
    settings.ALLOWED_HOSTS = ["*"]
    host = "occitanie.example.org"

    def brand():
        page = client.get("/initiatives/", HTTP_HOST=host).content.decode()
        return page.split('class="brand-region">', 1)[1].split("<", 1)[0]

    before = brand()
    create_programme(slug="occitanie", name="Rally'nov Occitanie", region_code="76", host=host)
    after = brand()
    Site.objects.filter(hostname=host).update(hostname="occitanie.example.net")
    moved = brand()

    assert (before, after, moved) == ("Bourgogne-Franche-Comté", "Occitanie", "Bourgogne-Franche-Comté")
