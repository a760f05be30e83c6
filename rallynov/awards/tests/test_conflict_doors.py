"""Every door of the prize, tried for a conflicted jury president (the hall of conftest.py).

Every URL of the prize (the resolver is walked: a URL added without a door case fails
`test_every_prize_url_has_a_door_case`) and every function of awards.domain (a function added without
a case fails `test_every_domain_function_is_classified`) is tried for the president, who works for
the structure of "Dossier Caché" and so is in conflict with it without having declared anything.
"""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import URLResolver, get_resolver, reverse

from rallynov.awards import domain, exports
from rallynov.awards.models import Assignment, Attachment, Comment, Decision, Edition

pytestmark = pytest.mark.django_db


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


def _hides(response, h, *, title=True):
    """Nothing of the hidden dossier in the page: reference, structure, title, mean score.
    (`title=False` where the public catalogue's initiatives are offered, the dossier's among them.)"""
    text = _text(response)
    hidden = (h.hidden.initiative.title, h.hidden_org.name, h.hidden.reference, "4,50")
    assert (title and hidden[0] in text, hidden[1] in text, hidden[2] in text, hidden[3] in text) == (
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
        _hides(response, h, title=title)

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
    _hides(response, h)


def _conflicts_screen(client, h):
    response = client.get(reverse("awards:conflicts", args=[2030]))
    form = response.context["form"]
    assert list(form.fields["application"].queryset) == [h.visible]
    assert list(form.fields["organization"].queryset) == [h.open_org]
    _hides(response, h)


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
    _hides(response, h)
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
    "publish_laureate_sheet": "the programme team's (called by publish_results)",
    "sheet_problems": "the programme team's (called by publish_results)",
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
