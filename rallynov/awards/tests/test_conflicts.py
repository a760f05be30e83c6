"""Conflicts of interest (HotCRP's model): the rule written once, and who decides when the jury
president is in conflict. The doors are tried one by one in test_conflict_doors.py; the hall (two
dossiers, a president in conflict with one of them, a vice-president) is in conftest.py."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rallynov.awards import conflicts, domain, queries, rules
from rallynov.awards.models import Application, Conflict, Decision, Edition
from rallynov.core.models import AuditEntry
from rallynov.organizations.models import Person

pytestmark = pytest.mark.django_db


# --- The rule: one definition, three forms that cannot disagree -----------------------------------


def test_rule_forms_agree_with_each_other_and_with_the_policy_on_every_small_case(
    edition, programme, make_user, applicant, make_application, make_organization
):
    """Exhaustive small cases: every combination of declared conflicts (dossier, structure) and of
    the member's own structure (on the membership's person or on the account's person)."""
    import datetime

    org_a, org_b = make_organization("Structure A"), make_organization("Structure B")
    a1 = make_application(applicant, "A1", organization=org_a)
    a2 = make_application(applicant, "A2", organization=org_a)
    b1 = make_application(applicant, "B1", organization=org_b)
    other_edition = Edition.objects.create(
        programme=programme,
        year=2031,
        title="Prix 2031",
        opens_at=edition.opens_at,
        closes_at=edition.closes_at + datetime.timedelta(days=1),
    )
    elsewhere = make_application(applicant, "A ailleurs", organization=org_a, target=other_edition)
    applications = [a1, a2, b1, elsewhere]
    targets = [("application", a1), ("application", b1), ("organization", org_a), ("organization", org_b)]
    homes = [(None, None), ("person", org_a), ("person", org_b), ("account", org_a)]
    expected, members = {}, []
    for n, (declared, (where, home)) in enumerate(
        itertools.product(
            itertools.chain.from_iterable(itertools.combinations(targets, k) for k in range(3)), homes
        )
    ):
        user = make_user(f"membre{n}@example.org")
        person = None
        if where == "person":
            person = Person.objects.create(last_name=f"Membre {n}", organization=home)
        elif where == "account":
            Person.objects.create(last_name=f"Membre {n}", organization=home, user=user)
        member = domain.add_jury_member(edition=edition, user=user, person=person)
        for kind, target in declared:
            Conflict.objects.create(member=member, reason="Lien", **{kind: target})
        members.append(member)
        for application in applications:
            # The policy, in plain words: same edition, and declared on the dossier, declared on
            # its structure, or the member works there.
            expected[member.pk, application.pk] = application.edition_id == member.edition_id and (
                ("application", application) in declared
                or ("organization", application.organization) in declared
                or home == application.organization
            )

    per_object = {(m.pk, a.pk): conflicts.is_in_conflict(m, a) for m in members for a in applications}
    per_member = {
        (m.pk, a.pk): a.pk in set(conflicts.conflicted_applications(m).values_list("pk", flat=True))
        for m in members
        for a in applications
    }

    assert len(members) == 44
    assert per_object == expected
    assert per_member == expected
    assert sum(expected.values()) > 0 and not all(expected.values())


def test_rule_counts_the_member_account_structure_without_any_declaration(hall):
    assert conflicts.is_in_conflict(hall.president, hall.hidden) is True
    assert conflicts.is_in_conflict(hall.president, hall.visible) is False
    assert list(Conflict.objects.filter(member=hall.president)) == []


# --- Who decides when the president is in conflict --------------------------------------------------


def test_ranking_seen_by_a_conflicted_member_leaves_no_gap(deliberating):
    h = deliberating
    everything = queries.ranking(h.edition)
    seen = queries.ranking(h.edition, seen_by=h.president)

    assert [(r.application_id, r.rank, r.mean) for r in everything] == [
        (h.hidden.pk, 1, 4.5),
        (h.visible.pk, 2, 2.5),
    ]
    assert [(r.application_id, r.rank, r.mean) for r in seen] == [(h.visible.pk, 1, 2.5)]


def test_vice_president_decides_the_dossier_the_president_is_in_conflict_with(client, deliberating):
    h = deliberating
    client.force_login(h.vice.user)
    url = reverse("awards:deliberation", args=[2030])

    page = client.get(url)
    response = client.post(url, {"application": h.hidden.pk, "outcome": "laureate", "motive": "Remarquable."})

    assert page.context["decidable"] == {h.hidden.pk}
    assert page.context["president_conflicted"] == {h.hidden.pk}
    assert response.status_code == 302
    decision = Decision.objects.get(application=h.hidden)
    assert (decision.outcome, decision.motive, decision.decided_by) == (
        "laureate",
        "Remarquable.",
        h.vice.user,
    )
    entry = AuditEntry.objects.filter(action="decision").get()
    assert (entry.actor, entry.note, entry.changes["decided_as"]) == (
        h.vice.user,
        "président en conflit",
        [None, "vice-président·e du jury"],
    )


def test_vice_president_cannot_decide_a_dossier_the_president_can(client, deliberating):
    h = deliberating
    client.force_login(h.vice.user)

    response = client.post(
        reverse("awards:deliberation", args=[2030]),
        {"application": h.visible.pk, "outcome": "laureate", "motive": "Oui"},
    )

    assert (response.status_code, list(Decision.objects.all())) == (403, [])
    with pytest.raises(ValidationError):
        domain.record_decision(application=h.visible, outcome="laureate", motive="Oui", by=h.vice.user)


def test_president_decides_the_other_dossiers_and_the_journal_says_as_president(client, deliberating):
    h = deliberating
    client.force_login(h.president.user)

    client.post(
        reverse("awards:deliberation", args=[2030]),
        {"application": h.visible.pk, "outcome": "mention", "motive": "Bien."},
    )

    assert list(Decision.objects.values_list("application_id", "outcome", "decided_by")) == [
        (h.visible.pk, "mention", h.president.user.pk)
    ]
    entry = AuditEntry.objects.filter(action="decision").get()
    assert (entry.note, entry.changes["decided_as"]) == ("", [None, "président·e du jury"])


def test_programme_team_decides_when_there_is_no_vice_president_and_the_journal_says_why(deliberating):
    h = deliberating
    domain.name_vice_president(edition=h.edition, member=None, by=h.team_member)
    h.edition.refresh_from_db()

    assert rules.decision_rights(h.vice.user, h.edition) == {}
    domain.record_decision(application=h.hidden, outcome="not_selected", motive="Trop tôt.", by=h.team_member)

    entry = AuditEntry.objects.filter(action="decision").get()
    assert (entry.actor, entry.note, entry.changes["decided_as"]) == (
        h.team_member,
        "président en conflit",
        [None, "équipe du programme"],
    )


def test_vice_president_in_conflict_too_leaves_the_decision_to_the_team(client, deliberating):
    h = deliberating
    domain.declare_conflict(member=h.vice, application=h.hidden, reason="Parent", by=h.vice.user)
    client.force_login(h.vice.user)

    response = client.get(reverse("awards:deliberation", args=[2030]))

    assert [row.application_id for row in response.context["rows"]] == [h.visible.pk]
    assert response.context["decidable"] == set()
    assert set(rules.decision_rights(h.team_member, h.edition)) == {h.hidden.pk, h.visible.pk}


def test_vice_president_must_be_a_member_of_the_edition_who_is_not_president(deliberating, programme):
    h = deliberating
    h.edition.vice_president = h.president
    with pytest.raises(ValidationError) as error:
        h.edition.clean()
    assert list(error.value.message_dict) == ["vice_president"]


def test_dashboard_counts_leave_out_the_conflicted_dossier(rf, hall):
    from rallynov.awards.account import dashboard_section

    section = dashboard_section(hall.president.user)

    assert [(m.assigned, m.done) for m in section["context"]["memberships"]] == [(1, 0)]


def test_applications_are_not_indexed_for_site_search():
    from wagtail.search import index

    # The site search only reaches Wagtail's index; dossiers are never in it.
    assert issubclass(Application, index.Indexed) is False


def test_admin_form_offers_only_this_edition_members_who_are_not_president(hall, programme, make_user):
    import datetime

    other = Edition.objects.create(
        programme=programme,
        year=2031,
        title="Prix 2031",
        opens_at=hall.edition.opens_at,
        closes_at=hall.edition.closes_at + datetime.timedelta(days=1),
    )
    domain.add_jury_member(edition=other, user=make_user("ailleurs@example.org"))
    form = Edition.get_edit_handler().get_form_class()(instance=hall.edition)

    assert list(form.fields["vice_president"].queryset.order_by("pk")) == [hall.second, hall.vice]
