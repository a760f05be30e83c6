"""What the prize adds to other pages: home, "Mon espace", public pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from rallynov.awards import domain

pytestmark = pytest.mark.django_db


def test_home_shows_the_open_call_with_its_deadline(client, edition, home_page):
    response = client.get("/")
    assert (
        'id="awards-home-title">Prix de l&#x27;innovation sociale 2030 : candidatures ouvertes<'
        in response.content.decode()
    )


def test_home_section_is_absent_when_no_call_is_open(rf, edition, home_page):
    from rallynov.awards.home import home_section

    edition.closes_at = edition.opens_at.replace(year=2029)
    edition.opens_at = edition.opens_at.replace(year=2028)
    edition.save()
    assert home_section(rf.get("/")) is None


def test_dashboard_lists_the_applicant_dossiers_and_the_juror_assignments(
    edition, make_application, applicant, juror
):
    from rallynov.awards.account import dashboard_section

    application = make_application(applicant, "Restaurant inclusif")
    member = domain.add_jury_member(edition=edition, user=juror)
    domain.assign(member=member, application=application, by=None)

    mine = dashboard_section(applicant)["context"]
    theirs = dashboard_section(juror)["context"]

    assert [a.pk for a in mine["applications"]] == [application.pk]
    assert [(m.pk, m.assigned, m.done) for m in theirs["memberships"]] == [(member.pk, 1, 0)]
    assert theirs["applications"] == []


def test_account_page_renders_the_section(client, edition, make_application, applicant):
    make_application(applicant, "Restaurant inclusif")
    client.force_login(applicant)
    content = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Mes dossiers de candidature" in content and "2030-001 — Restaurant inclusif" in content


def test_laureates_page_lists_published_laureates_only(
    client, edition, make_application, applicant, team_member, django_assert_num_queries
):
    a = make_application(applicant, "Les Délices Bleus")
    b = make_application(applicant, "Métalhom")
    domain.open_deliberation(edition=edition, by=team_member)
    domain.record_decision(application=a, outcome="laureate", motive="Oui", by=team_member)
    domain.record_decision(application=b, outcome="mention", motive="Oui", by=team_member)
    doors = [reverse("awards:laureates"), reverse("awards:index"), reverse("awards:edition", args=[edition.year])]
    assert all("Métalhom" not in client.get(url).content.decode() for url in doors)

    domain.publish_results(edition=edition, by=team_member)
    content = client.get(reverse("awards:laureates")).content.decode()

    assert "Les Délices Bleus" in content and "Métalhom" in content and "2\u202f000 €" in content
    # The prize's home page and the edition's page show them at their next view too (kept lists).
    assert all("Métalhom" in client.get(url).content.decode() for url in doors[1:])


@pytest.mark.parametrize("count", [1, 4])
def test_laureates_page_queries_do_not_grow_with_editions(
    client, edition, make_application, applicant, team_member, django_assert_max_num_queries, count
):
    from rallynov.awards.models import Edition

    editions = [edition]
    for n in range(1, count):
        editions.append(
            Edition.objects.create(
                programme=edition.programme, year=edition.year - n, title=f"Prix {edition.year - n}",
                opens_at=edition.opens_at, closes_at=edition.closes_at, prize_count=1, mention_count=0,
            )
        )
    for target in editions:
        laureate = make_application(applicant, f"Lauréate {target.year}", target=target)
        other = make_application(applicant, f"Candidate {target.year}", target=target)
        domain.open_deliberation(edition=target, by=team_member)
        domain.record_decision(application=laureate, outcome="laureate", motive="Oui", by=team_member)
        domain.record_decision(application=other, outcome="not_selected", motive="Non", by=team_member)
        domain.publish_results(edition=target, by=team_member)
    client.get(reverse("awards:laureates"))

    # The chrome included (site, programme, footer); one more per edition when each counted its
    # applications.
    with django_assert_max_num_queries(9):
        content = client.get(reverse("awards:laureates")).content.decode()

    assert all(f"Lauréate {target.year}" in content for target in editions)
    assert content.count("2 candidatures examinées.") == count


def test_edition_page_names_its_region_without_a_query_of_its_own(client, edition, django_assert_max_num_queries):
    from rallynov.territories.models import Region

    edition.eligible_region = Region.objects.get(code="27")
    edition.save()
    url = reverse("awards:edition", args=[edition.year])
    client.get(url)

    # The chrome included (site, programme, footer); 10 when the region was read apart.
    with django_assert_max_num_queries(9):
        content = client.get(url).content.decode()

    assert "de la région Bourgogne-Franche-Comté" in content


def test_home_call_closes_and_counts_down_without_any_write(client, edition, home_page):
    import datetime
    import zoneinfo

    import time_machine

    from rallynov.core import snapshot

    snapshot.clear()
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    # The call closes at 15:00 in Paris, so that the minutes around it are far from midnight
    # (when every home section is computed again anyway).
    edition.closes_at = datetime.datetime.combine(
        timezone.localdate(edition.closes_at), datetime.time(15), tzinfo=paris
    )
    edition.save()
    title = 'id="awards-home-title"'
    with time_machine.travel(edition.closes_at - datetime.timedelta(days=3, minutes=1), tick=False) as clock:
        assert "soit encore 3 jours, 0 heures et 1 minute." in client.get("/").content.decode()
        clock.shift(datetime.timedelta(days=1))
        html = client.get("/").content.decode()
        assert title in html and "soit encore 2 jours, 0 heures et 1 minute." in html  # counted at each view

        clock.shift(datetime.timedelta(days=2))
        assert title in client.get("/").content.decode()  # one minute left
        clock.shift(datetime.timedelta(minutes=2))

        assert title not in client.get("/").content.decode()
