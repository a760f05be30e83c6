"""Conflicts of interest (HotCRP's model): one rule, held at every door of the prize.

The hall: two submitted dossiers, "Dossier Caché" (structure "Fromagerie du Conflit") and "Dossier
Visible" (structure "Atelier Libre"). The jury president was assigned both, then turned out to work
for the Fromagerie: in conflict with the hidden dossier without declaring anything. Two other members
scored both; one of them is the edition's vice-president.

Every URL of the prize (the resolver is walked: a URL added without a door case fails
`test_every_prize_url_has_a_door_case`) and every function of awards.domain (a function added without
a case fails `test_every_domain_function_is_classified`) is tried for the conflicted president.
"""

import itertools
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import URLResolver, get_resolver, reverse

from rallynov.accounts import roles
from rallynov.awards import conflicts, domain, exports, queries, rules
from rallynov.awards.models import Application, Assignment, Attachment, Comment, Conflict, Decision, Edition
from rallynov.core.models import AuditEntry
from rallynov.organizations.models import Person

pytestmark = pytest.mark.django_db

HIDDEN_TITLE = "Dossier Caché"
HIDDEN_ORG = "Fromagerie du Conflit"


def _finish(member, application, values, user):
    assignment = Assignment.objects.get(member=member, application=application)
    criteria = list(application.edition.criteria.all())
    domain.save_review(
        assignment=assignment,
        scores={c.pk: (v, "") for c, v in zip(criteria, values, strict=True)},
        recommendation="laureate",
        finish=True,
        by=user,
    )


@pytest.fixture
def hall(
    edition, make_user, applicant, other_applicant, make_application, make_organization, pdf_file, team_member
):
    hidden_org = make_organization(HIDDEN_ORG)
    open_org = make_organization("Atelier Libre")
    hidden = make_application(applicant, HIDDEN_TITLE, organization=hidden_org, submit=False)
    attachment = domain.add_attachment(application=hidden, uploaded=pdf_file(), by=applicant)
    domain.submit_application(application=hidden, by=applicant)
    visible = make_application(other_applicant, "Dossier Visible", organization=open_org)
    president_user = make_user("presidente@example.org", roles.JUROR)
    president = domain.add_jury_member(edition=edition, user=president_user, is_president=True)
    second = domain.add_jury_member(edition=edition, user=make_user("second@example.org", roles.JUROR))
    vice = domain.add_jury_member(edition=edition, user=make_user("vice@example.org", roles.JUROR))
    domain.name_vice_president(edition=edition, member=vice, by=team_member)
    for member in (president, second, vice):
        for application in (hidden, visible):
            domain.assign(member=member, application=application, by=team_member)
    _finish(second, hidden, [5, 5], second.user)
    _finish(second, visible, [3, 3], second.user)
    _finish(vice, hidden, [4, 4], vice.user)
    _finish(vice, visible, [2, 2], vice.user)
    # Found out after the assignments: the president works for the hidden dossier's structure.
    Person.objects.create(last_name="Présidente", user=president_user, organization=hidden_org)
    edition.refresh_from_db()
    hidden.refresh_from_db()
    visible.refresh_from_db()
    mail.outbox.clear()
    return SimpleNamespace(
        edition=edition,
        hidden=hidden,
        visible=visible,
        hidden_org=hidden_org,
        open_org=open_org,
        attachment=attachment,
        president=president,
        second=second,
        vice=vice,
        team_member=team_member,
    )


@pytest.fixture
def deliberating(hall):
    domain.open_deliberation(edition=hall.edition, by=hall.team_member)
    hall.edition.refresh_from_db()
    return hall


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
    per_application = {
        (m.pk, a.pk): m.pk in set(conflicts.conflicted_members(a).values_list("pk", flat=True))
        for m in members
        for a in applications
    }

    assert len(members) == 44
    assert per_object == expected
    assert per_member == expected
    assert per_application == expected
    assert sum(expected.values()) > 0 and not all(expected.values())


def test_rule_counts_the_member_account_structure_without_any_declaration(hall):
    assert conflicts.is_in_conflict(hall.president, hall.hidden) is True
    assert conflicts.is_in_conflict(hall.president, hall.visible) is False
    assert list(conflicts.conflicted_members(hall.hidden)) == [hall.president]
    assert list(Conflict.objects.filter(member=hall.president)) == []


# --- Every URL of the prize, for the conflicted president ---------------------------------------


def prize_url_names():
    def walk(patterns, namespaces=()):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                extra = (pattern.namespace,) if pattern.namespace else ()
                yield from walk(pattern.url_patterns, namespaces + extra)
            elif pattern.name:
                yield ":".join((*namespaces, pattern.name))

    return {name for name in walk(get_resolver().url_patterns) if name.startswith("awards:")}


def _text(response):
    return response.content.decode()


def _hides(response, *, title=True):
    """Nothing of the hidden dossier in the page: reference, structure, title, mean score.
    (`title=False` where the public catalogue's initiatives are offered, the dossier's among them.)"""
    text = _text(response)
    assert (title and HIDDEN_TITLE in text, HIDDEN_ORG in text, "2030-001" in text, "4,50" in text) == (
        False,
        False,
        False,
        False,
    )


def _state(h):
    """What a refused request must leave untouched."""
    h.hidden.refresh_from_db()
    h.edition.refresh_from_db()
    return {
        "answers": dict(h.hidden.answers),
        "status": h.hidden.status,
        "attachments": list(Attachment.objects.filter(application=h.hidden).values_list("pk", flat=True)),
        "comments": Comment.objects.count(),
        "assignments": sorted(Assignment.objects.values_list("member_id", "application_id")),
        "scores": sorted(
            Assignment.objects.filter(member=h.president).values_list("application_id", "weighted_score")
        ),
        "decisions": list(Decision.objects.values_list("application_id", "outcome")),
        "edition": (h.edition.deliberation_open, h.edition.published_at, h.edition.vice_president_id),
        "mails": len(mail.outbox),
    }


def _refused(client, h, method, url, status, data=None):
    before = _state(h)
    response = client.post(url, data or {}) if method == "POST" else client.get(url)
    assert (response.status_code, _state(h)) == (status, before)
    return response


def _public(name, title=True, **kwargs):
    def door(client, h):
        response = client.get(reverse(name, kwargs={k: v(h) for k, v in kwargs.items()}))
        assert response.status_code == 200
        _hides(response, title=title)

    return door


def _not_found(name, method="GET", data=None, **kwargs):
    def door(client, h):
        _refused(client, h, method, reverse(name, kwargs={k: v(h) for k, v in kwargs.items()}), 404, data)

    return door


def _team_only(name, method="POST", data=None, **kwargs):
    def door(client, h):
        url = reverse(name, kwargs={"year": 2030, **{k: v(h) for k, v in kwargs.items()}})
        _refused(client, h, method, url, 403, data(h) if callable(data) else data)

    return door


def _jury_screen(client, h):
    response = client.get(reverse("awards:jury", args=[2030]))
    assert [row["reference"] for row in response.context["assignments"]] == [h.visible.reference]
    _hides(response)


def _conflicts_screen(client, h):
    response = client.get(reverse("awards:conflicts", args=[2030]))
    form = response.context["form"]
    assert list(form.fields["application"].queryset) == [h.visible]
    assert list(form.fields["organization"].queryset) == [h.open_org]
    _hides(response)


def _booklet(client, h):
    response = client.get(reverse("awards:booklet", args=[2030, h.president.pk]))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    data = exports.booklet_data(h.president)
    assert [d["reference"] for d in data["dossiers"]] == [h.visible.reference]


def _review(client, h):
    url = reverse("awards:review", args=[h.hidden.pk])
    _refused(client, h, "GET", url, 404)
    criteria = list(h.edition.criteria.all())
    data = {f"score_{c.pk}": "5" for c in criteria} | {"recommendation": "laureate", "finish": "1"}
    _refused(client, h, "POST", url, 404, data)


def _deliberation(client, h):
    url = reverse("awards:deliberation", args=[2030])
    response = client.get(url)
    assert response.status_code == 200
    assert [(row.application_id, row.rank) for row in response.context["rows"]] == [(h.visible.pk, 1)]
    assert response.context["decidable"] == {h.visible.pk}
    _hides(response)
    _refused(
        client, h, "POST", url, 404, {"application": h.hidden.pk, "outcome": "laureate", "motive": "Oui"}
    )


def _application(h):
    return h.hidden.pk


DOORS = {
    "awards:index": _public("awards:index"),
    "awards:laureates": _public("awards:laureates"),
    "awards:edition": _public("awards:edition", year=lambda h: 2030),
    "awards:apply": _public("awards:apply", title=False, year=lambda h: 2030),
    "awards:application_detail": _not_found("awards:application_detail", pk=_application),
    "awards:application_pdf": _not_found("awards:application_pdf", pk=_application),
    "awards:attachment": _not_found(
        "awards:attachment", pk=_application, attachment_pk=lambda h: h.attachment.pk
    ),
    "awards:application_answers": _not_found(
        "awards:application_answers", "POST", {"contact_name": "Intrus"}, pk=_application
    ),
    "awards:attachment_add": _not_found("awards:attachment_add", "POST", pk=_application),
    "awards:attachment_delete": _not_found(
        "awards:attachment_delete", "POST", pk=_application, attachment_pk=lambda h: h.attachment.pk
    ),
    "awards:application_submit": _not_found("awards:application_submit", "POST", pk=_application),
    "awards:review": _review,
    "awards:instruct": _not_found(
        "awards:instruct", "POST", {"action": "comment", "kind": "comment", "text": "Vu."}, pk=_application
    ),
    "awards:jury": _jury_screen,
    "awards:conflicts": _conflicts_screen,
    "awards:booklet": _booklet,
    "awards:manage_index": lambda client, h: _refused(client, h, "GET", reverse("awards:manage_index"), 403),
    "awards:manage": _team_only("awards:manage", "GET"),
    "awards:jury_add": _team_only("awards:jury_add", data={"email": "presidente@example.org"}),
    "awards:assign": _team_only(
        "awards:assign", data=lambda h: {"member": h.president.pk, "application": h.hidden.pk}
    ),
    "awards:auto_assign": _team_only("awards:auto_assign"),
    "awards:vice_president": _team_only("awards:vice_president", data=lambda h: {"member": h.second.pk}),
    "awards:remind": _team_only("awards:remind"),
    "awards:deliberation": _deliberation,
    "awards:open_deliberation": _team_only("awards:open_deliberation"),
    "awards:publish": _team_only("awards:publish"),
    "awards:letters": _team_only("awards:letters"),
    "awards:export": _team_only("awards:export", "GET", kind=lambda h: "notes", fmt=lambda h: "csv"),
}


def test_every_prize_url_has_a_door_case():
    names = prize_url_names()
    assert (sorted(names - set(DOORS)), sorted(set(DOORS) - names)) == ([], [])


@pytest.mark.parametrize("name", sorted(DOORS))
def test_conflicted_president_sees_and_changes_nothing_of_the_dossier_through(client, deliberating, name):
    client.force_login(deliberating.president.user)
    DOORS[name](client, deliberating)


# --- Every function of awards.domain ----------------------------------------------------------------


def _assign_case(h):
    with pytest.raises(ValidationError) as error:
        domain.assign(member=h.president, application=h.hidden, by=h.team_member)
    assert error.value.messages == [
        "presidente@example.org est en conflit d'intérêts avec ce dossier : affectation impossible."
    ]


def _auto_assign_case(h):
    Assignment.objects.filter(member=h.president).delete()
    Edition.objects.filter(pk=h.edition.pk).update(reviews_per_application=3)
    h.edition.refresh_from_db()

    created, short = domain.auto_assign(edition=h.edition, by=h.team_member)

    assert (created, short) == (1, [h.hidden.reference])
    assert list(Assignment.objects.filter(member=h.president).values_list("application_id", flat=True)) == [
        h.visible.pk
    ]


def _save_review_case(h):
    assignment = Assignment.objects.get(member=h.president, application=h.hidden)
    criteria = list(h.edition.criteria.all())
    with pytest.raises(ValidationError) as error:
        domain.save_review(
            assignment=assignment, scores={c.pk: (5, "") for c in criteria}, finish=False, by=h.president.user
        )
    assert error.value.messages == [
        "Vous êtes en conflit d'intérêts avec ce dossier : vous ne pouvez pas l'évaluer."
    ]
    assert list(assignment.scores.all()) == []


def _send_reminders_case(h):
    assert domain.send_reminders(edition=h.edition, by=h.team_member) == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["presidente@example.org"], "Jury Prix de l'innovation sociale 2030 : 1 dossier(s) à évaluer")
    ]


def _record_decision_case(h):
    domain.open_deliberation(edition=h.edition, by=h.team_member)
    with pytest.raises(ValidationError) as error:
        domain.record_decision(application=h.hidden, outcome="laureate", motive="Oui", by=h.president.user)
    assert error.value.messages == ["Vous ne pouvez pas décider de ce dossier."]
    assert list(Decision.objects.all()) == []


def _declare_conflict_case(h):
    domain.declare_conflict(
        member=h.president, organization=h.hidden_org, reason="Salariée", by=h.president.user
    )
    assert list(Assignment.objects.filter(member=h.president).values_list("application_id", flat=True)) == [
        h.visible.pk
    ]


def _name_vice_president_case(h):
    with pytest.raises(ValidationError):
        domain.name_vice_president(edition=h.edition, member=h.president, by=h.team_member)
    h.edition.refresh_from_db()
    assert h.edition.vice_president_id == h.vice.pk


def _dossier_data_case(h):
    # What PDFs print: the booklet asks the rule before calling it (see the booklet door).
    assert [d["reference"] for d in exports.booklet_data(h.president)["dossiers"]] == [h.visible.reference]


# Functions that decide something for or about a jury member: each has its case.
JURY_FUNCTIONS = {
    "assign": _assign_case,
    "auto_assign": _auto_assign_case,
    "save_review": _save_review_case,
    "send_reminders": _send_reminders_case,
    "record_decision": _record_decision_case,
    "declare_conflict": _declare_conflict_case,
    "name_vice_president": _name_vice_president_case,
    "dossier_data": _dossier_data_case,
}
# The others act for the applicant or the programme team only, or compute without anyone.
OTHER_FUNCTIONS = {
    "create_application": "the applicant's",
    "save_answers": "the applicant's",
    "add_attachment": "the applicant's",
    "delete_attachment": "the applicant's",
    "missing_answers": "the applicant's",
    "submit_application": "the applicant's",
    "application_pdf": "the applicant's receipt",
    "send_receipt": "the applicant's receipt",
    "reopen_application": "the programme team's",
    "set_eligibility": "the programme team's",
    "add_comment": "the programme team's",
    "add_jury_member": "the programme team's",
    "confirm_no_other_conflict": "the member about themselves, no dossier",
    "open_deliberation": "the programme team's",
    "publication_problems": "the programme team's",
    "publish_results": "the programme team's",
    "render_letter": "letters to applicants",
    "send_letters": "letters to applicants",
    "weighted_score": "arithmetic",
}


def test_every_domain_function_is_classified():
    functions = {name for name in domain.__all__ if callable(getattr(domain, name)) and name[0].islower()}
    assert sorted(functions - set(JURY_FUNCTIONS) - set(OTHER_FUNCTIONS)) == []
    assert sorted((set(JURY_FUNCTIONS) | set(OTHER_FUNCTIONS)) - functions) == []


@pytest.mark.parametrize("name", sorted(JURY_FUNCTIONS))
def test_domain_function_holds_the_rule_for_the_conflicted_president(hall, name):
    JURY_FUNCTIONS[name](hall)


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
