"""Jury: conflicts, assignments, scoring, hidden scores, ranking, deliberation, publication."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from rallynov.awards import domain, queries
from rallynov.awards.enums import Outcome
from rallynov.awards.models import Assignment, Decision
from rallynov.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def jury(edition, juror, conflicted_juror, make_user):
    third = make_user("troisieme@example.org")
    return [domain.add_jury_member(edition=edition, user=u) for u in (juror, conflicted_juror, third)]


def _score(assignment, values, user, finish=True, recommendation="laureate"):
    criteria = list(assignment.application.edition.criteria.all())
    return domain.save_review(
        assignment=assignment,
        scores={c.pk: (v, "") for c, v in zip(criteria, values, strict=True)},
        recommendation=recommendation,
        finish=finish,
        by=user,
    )


def test_conflicted_member_is_never_assigned_automatically(
    edition, jury, applicant, make_application, make_organization
):
    conflicted = jury[1]
    org = make_organization("Métalhom")
    applications = [
        make_application(applicant, organization=org),
        make_application(applicant),
        make_application(applicant),
    ]
    domain.declare_conflict(member=conflicted, organization=org, reason="Client", by=conflicted.user)

    created, short = domain.auto_assign(edition=edition, by=None)

    assert (created, short) == (6, [])
    pairs = set(Assignment.objects.values_list("member_id", "application_id"))
    assert (conflicted.pk, applications[0].pk) not in pairs
    loads = sorted(Assignment.objects.filter(member=m).count() for m in jury)
    assert loads == [2, 2, 2]


def test_auto_assign_reports_dossiers_short_of_members(edition, jury, applicant, make_application):
    application = make_application(applicant)
    for member in jury[:2]:
        domain.declare_conflict(member=member, application=application, reason="Parent", by=member.user)

    created, short = domain.auto_assign(edition=edition, by=None)

    assert (created, short) == (1, ["2030-001"])


def test_declaring_a_conflict_removes_the_assignment_and_its_scores(
    edition, jury, applicant, make_application
):
    application = make_application(applicant)
    assignment = domain.assign(member=jury[0], application=application, by=None)
    _score(assignment, [4, 3], jury[0].user)

    domain.declare_conflict(member=jury[0], application=application, reason="Ancien salarié", by=jury[0].user)

    assert Assignment.objects.filter(member=jury[0]).count() == 0
    with pytest.raises(ValidationError):
        domain.assign(member=jury[0], application=application, by=None)


def test_conflicted_juror_can_neither_see_nor_score_even_if_assigned_before(
    client, edition, jury, applicant, make_application, make_organization
):
    org = make_organization("Les Délices Bleus")
    application = make_application(applicant, organization=org)
    domain.assign(member=jury[1], application=application, by=None)
    domain.declare_conflict(member=jury[1], organization=org, reason="Administratrice", by=jury[1].user)
    client.force_login(jury[1].user)

    assert client.get(reverse("awards:application_detail", args=[application.pk])).status_code == 404
    assert client.post(reverse("awards:review", args=[application.pk]), {"finish": "1"}).status_code == 404
    jury_page = client.get(reverse("awards:jury", args=[2030]))
    assert list(jury_page.context["assignments"]) == []


def test_score_out_of_range_is_refused_with_a_clear_message_and_nothing_saved(
    client, edition, jury, applicant, make_application
):
    application = make_application(applicant)
    assignment = domain.assign(member=jury[0], application=application, by=None)
    first, second = edition.criteria.all()
    client.force_login(jury[0].user)

    response = client.post(
        reverse("awards:review", args=[application.pk]),
        {
            f"score_{first.pk}": "7",
            f"score_{second.pk}": "3",
            f"note_{second.pk}": "Bonne idée",
            "finish": "1",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        f"score_{first.pk}": ["La note doit être comprise entre 0 et 5."]
    }
    assert 'value="3"' in response.content.decode() and "Bonne idée" in response.content.decode()
    assert assignment.scores.count() == 0


def test_domain_refuses_out_of_range_scores_too(edition, jury, applicant, make_application):
    assignment = domain.assign(member=jury[0], application=make_application(applicant), by=None)
    with pytest.raises(ValidationError) as error:
        _score(assignment, [6, 2], jury[0].user)
    assert error.value.messages == ["La note de « Utilité sociale » doit être comprise entre 0 et 5."]


def test_weighted_score_uses_the_criteria_weights(edition, jury, applicant, make_application):
    assignment = domain.assign(member=jury[0], application=make_application(applicant), by=None)
    _score(assignment, [5, 2], jury[0].user)  # (2×5 + 1×2) / 3
    assignment.refresh_from_db()
    assert assignment.weighted_score == pytest.approx(4.0)
    assert AuditEntry.objects.filter(action="score").count() == 1


def test_other_jurors_scores_stay_hidden_until_deliberation(
    client, edition, jury, applicant, make_application
):
    application = make_application(applicant)
    mine = domain.assign(member=jury[0], application=application, by=None)
    theirs = domain.assign(member=jury[2], application=application, by=None)
    _score(theirs, [1, 1], jury[2].user)
    client.force_login(jury[0].user)

    before = client.get(reverse("awards:application_detail", args=[application.pk]))
    domain.open_deliberation(edition=edition, by=None)
    after = client.get(reverse("awards:application_detail", args=[application.pk]))

    assert [r.pk for r in before.context["reviews"]] == [mine.pk]
    assert sorted(r.pk for r in after.context["reviews"]) == sorted([mine.pk, theirs.pk])


def test_other_jurors_scores_are_visible_at_once_when_staff_chose_so(
    client, edition, jury, applicant, make_application
):
    edition.hide_scores_until_deliberation = False
    edition.save()
    application = make_application(applicant)
    domain.assign(member=jury[0], application=application, by=None)
    domain.assign(member=jury[2], application=application, by=None)
    client.force_login(jury[0].user)
    assert (
        len(client.get(reverse("awards:application_detail", args=[application.pk])).context["reviews"]) == 2
    )


def test_blind_review_hides_the_structure_from_jurors_only(
    client, edition, jury, applicant, make_application, make_organization, team_member
):
    edition.blind_review = True
    edition.save()
    application = make_application(applicant, organization=make_organization("Cogitec"))
    domain.assign(member=jury[0], application=application, by=None)
    url = reverse("awards:application_detail", args=[application.pk])

    client.force_login(jury[0].user)
    assert "Cogitec" not in client.get(url).content.decode()
    assert "Cogitec" not in client.get(reverse("awards:jury", args=[2030])).content.decode()
    client.force_login(team_member)
    assert "Cogitec" in client.get(url).content.decode()


def test_reminders_go_to_members_with_unfinished_reviews(edition, jury, applicant, make_application):
    application = make_application(applicant)
    done = domain.assign(member=jury[0], application=application, by=None)
    _score(done, [3, 3], jury[0].user)
    domain.assign(member=jury[2], application=application, by=None)

    sent = domain.send_reminders(edition=edition, by=None)

    assert sent == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["troisieme@example.org"], "Jury Prix de l'innovation sociale 2030 : 1 dossier(s) à évaluer")
    ]


# --- Ranking ---------------------------------------------------------------------------------------


def _scored_edition(edition, jury, applicant, make_application, table):
    """table: {title: {member_index: [scores]}} -> {title: application}"""
    apps = {}
    for title, by_member in table.items():
        apps[title] = make_application(applicant, title)
        for index, values in by_member.items():
            _score(
                domain.assign(member=jury[index], application=apps[title], by=None), values, jury[index].user
            )
    return apps


def test_ranking_orders_by_weighted_mean_with_spread_and_ties(edition, jury, applicant, make_application):
    _scored_edition(
        edition,
        jury,
        applicant,
        make_application,
        {
            "A": {0: [5, 5], 2: [3, 3]},  # 5 and 3: mean 4, spread 2
            "B": {0: [4, 4], 2: [4, 4]},  # mean 4: tie with A
            "C": {0: [1, 1], 2: [2, 2]},
        },
    )

    rows = queries.ranking(edition, normalised=False)

    assert [(r.application.initiative_title, r.rank, r.tied, r.mean, r.spread) for r in rows] == [
        ("A", 1, True, 4.0, 2.0),
        ("B", 1, True, 4.0, 0.0),
        ("C", 3, False, 1.5, 1.0),
    ]


def test_normalisation_neutralises_a_severe_juror(edition, jury, applicant, make_application):
    # Member 0 is lenient, member 2 severe; each scored different dossiers.
    _scored_edition(
        edition,
        jury,
        applicant,
        make_application,
        {
            "Lenient top": {0: [5, 5]},
            "Lenient low": {0: [4, 4]},
            "Severe top": {2: [3, 3]},
            "Severe low": {2: [1, 1]},
        },
    )

    raw = [r.application.initiative_title for r in queries.ranking(edition, normalised=False)]
    normalised = queries.ranking(edition, normalised=True)

    assert raw == ["Lenient top", "Lenient low", "Severe top", "Severe low"]
    assert [r.rank for r in normalised] == [1, 1, 3, 3]
    assert {r.application.initiative_title for r in normalised[:2]} == {"Lenient top", "Severe top"}


def test_ranking_reads_a_fixed_number_of_queries(
    edition, jury, applicant, make_application, django_assert_num_queries
):
    _scored_edition(edition, jury, applicant, make_application, {"A": {0: [5, 5]}})
    with django_assert_num_queries(3):
        queries.ranking(edition)
    _scored_edition(edition, jury, applicant, make_application, {"B": {0: [1, 5]}, "C": {2: [3, 3]}})
    with django_assert_num_queries(3):
        queries.ranking(edition)


def test_jury_screen_query_count_does_not_grow(client, edition, jury, applicant, make_application):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    domain.assign(member=jury[0], application=make_application(applicant), by=None)
    client.force_login(jury[0].user)
    client.get(reverse("awards:jury", args=[2030]))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("awards:jury", args=[2030]))
    for _ in range(2):
        domain.assign(member=jury[0], application=make_application(applicant), by=None)
    client.get(reverse("awards:jury", args=[2030]))  # the page's chrome is read again once after a change
    with CaptureQueriesContext(connection) as three:
        response = client.get(reverse("awards:jury", args=[2030]))
    assert len(three.captured_queries) == len(one.captured_queries)
    assert [a["reference"] for a in response.context["assignments"]] == ["2030-001", "2030-002", "2030-003"]


# --- Deliberation and publication -----------------------------------------------------------------


def test_president_records_decisions_then_publication_freezes_them_and_marks_laureates(
    client, edition, jury, applicant, make_application, team_member
):
    apps = _scored_edition(edition, jury, applicant, make_application, {"A": {0: [5, 5]}, "B": {0: [2, 2]}})
    jury[0].is_president = True
    jury[0].save()
    domain.open_deliberation(edition=edition, by=team_member)
    client.force_login(jury[0].user)
    url = reverse("awards:deliberation", args=[2030])

    empty_motive = client.post(url, {"application": apps["A"].pk, "outcome": "laureate", "motive": ""})
    assert empty_motive.status_code == 400
    client.post(url, {"application": apps["A"].pk, "outcome": "laureate", "motive": "Exemplaire"})
    client.post(url, {"application": apps["B"].pk, "outcome": "not_selected", "motive": "Trop tôt"})
    domain.publish_results(edition=edition, by=team_member)

    apps["A"].initiative.refresh_from_db()
    assert apps["A"].initiative.laureate_year == 2030
    assert Decision.objects.get(application=apps["A"]).amount == Decimal(2000)
    with pytest.raises(ValidationError) as error:
        domain.record_decision(application=apps["B"], outcome="laureate", motive="Finalement", by=team_member)
    assert error.value.messages == ["Les résultats sont publiés : les décisions sont figées."]


def test_publication_is_refused_while_dossiers_lack_a_decision(
    edition, jury, applicant, make_application, team_member
):
    _scored_edition(edition, jury, applicant, make_application, {"A": {0: [5, 5]}})
    domain.open_deliberation(edition=edition, by=team_member)
    with pytest.raises(ValidationError) as error:
        domain.publish_results(edition=edition, by=team_member)
    assert error.value.messages == ["1 dossier(s) n'ont pas encore de décision."]


def test_scores_are_frozen_once_deliberation_opens(edition, jury, applicant, make_application):
    assignment = domain.assign(member=jury[0], application=make_application(applicant), by=None)
    domain.open_deliberation(edition=edition, by=None)
    with pytest.raises(ValidationError):
        _score(assignment, [3, 3], jury[0].user)


def test_letters_reach_every_applicant_with_the_edition_template(
    edition, jury, applicant, other_applicant, make_application, team_member
):
    from rallynov.awards.models import LetterTemplate

    LetterTemplate.objects.create(
        edition=edition,
        outcome="laureate",
        subject="Bravo {structure}",
        body="Prix de {montant} pour {initiative}. {motif}",
    )
    a = make_application(applicant, "Métalhom")
    b = make_application(other_applicant, "Autre")
    domain.open_deliberation(edition=edition, by=team_member)
    domain.record_decision(application=a, outcome="laureate", motive="Humain au cœur.", by=team_member)
    domain.record_decision(application=b, outcome="not_selected", motive="À revoir.", by=team_member)
    domain.publish_results(edition=edition, by=team_member)

    assert domain.send_letters(edition=edition, by=team_member) == 2
    assert domain.send_letters(edition=edition, by=team_member) == 0
    letters = {m.to[0]: m for m in mail.outbox}
    assert letters["porteur@example.org"].subject == f"Bravo {a.organization.name}"
    assert letters["porteur@example.org"].body == "Prix de 2\u202f000 € pour Métalhom. Humain au cœur."
    assert (
        letters["autre-porteur@example.org"].subject == "Prix de l'innovation sociale 2030 : réponse du jury"
    )


def test_sheet_section_shows_the_badge_only_once_published(
    rf, edition, jury, applicant, make_application, team_member
):
    from rallynov.awards.sheet import sheet_section

    a = make_application(applicant, "Métalhom")
    domain.open_deliberation(edition=edition, by=team_member)
    domain.record_decision(application=a, outcome=Outcome.LAUREATE, motive="Oui", by=team_member)
    assert sheet_section(a.initiative, rf.get("/")) is None

    domain.publish_results(edition=edition, by=team_member)

    section = sheet_section(a.initiative, rf.get("/"))
    assert [x.pk for x in section["context"]["distinctions"]] == [a.pk]


def test_exports_list_dossiers_and_scores(client, edition, jury, applicant, make_application, team_member):
    _scored_edition(edition, jury, applicant, make_application, {"=HYPERLINK()": {0: [5, 4]}})
    client.force_login(team_member)

    dossiers = client.get(reverse("awards:export", args=[2030, "dossiers", "csv"])).content.decode(
        "utf-8-sig"
    )
    notes = client.get(reverse("awards:export", args=[2030, "notes", "csv"])).content.decode("utf-8-sig")
    xlsx = client.get(reverse("awards:export", args=[2030, "notes", "xlsx"]))

    assert dossiers.splitlines()[1].split(";")[:3] == ["2030-001", "'=HYPERLINK()", "Structure 1"]
    assert notes.splitlines()[1].split(";")[2:6] == [
        "troisieme@example.org" if False else jury[0].display_name,
        "5",
        "4",
        "4.667",
    ]
    assert xlsx.content[:2] == b"PK"


def test_booklet_pdf_lists_the_member_dossiers(client, edition, jury, applicant, make_application, tmp_path):
    domain.assign(member=jury[0], application=make_application(applicant, "Vadapad"), by=None)
    client.force_login(jury[0].user)
    response = client.get(reverse("awards:booklet", args=[2030, jury[0].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"
    (tmp_path / "livret.pdf").write_bytes(response.content)
