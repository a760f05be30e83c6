"""The audit trail: readable by the programme team in the admin, never editable."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from rallynov.core import audit
from rallynov.core.history import TEMPLATE, HistoryPanel, history_context
from rallynov.core.models import AuditEntry
from rallynov.organizations.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(team_member, applicant):
    org = Organization.objects.create(name="Les Délices Bleus", kind="association")
    other = Organization.objects.create(name="Métalhom", kind="entreprise")
    first = audit.record(
        actor=applicant, action="submit", obj=org, changes={"status": ["draft", "submitted"]}
    )
    second = audit.record(actor=team_member, action="decide", obj=org, note="Lauréat 2022")
    third = audit.record(actor=None, action="import", obj=other)
    AuditEntry.objects.filter(pk=first.pk).update(at=timezone.now() - timedelta(days=10))
    return org, other, first, second, third


def test_journal_lists_entries_newest_first_for_the_team(client, team_member, entries):
    client.force_login(team_member)
    response = client.get(reverse("core_journal"))
    assert response.status_code == 200
    assert [e.action for e in response.context["page"]] == ["import", "decide", "submit"]
    html = response.content.decode()
    assert "Lauréat 2022" in html
    assert "<strong>status</strong> : draft → submitted" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "decide"}, ["decide"]),
        ({"actor": "porteur@"}, ["submit"]),
        ({"object_id": "__other__"}, ["import"]),
        ({"since": "__today__"}, ["import", "decide"]),
        ({"until": "__yesterday__"}, ["submit"]),
    ],
)
def test_journal_filters(client, team_member, entries, query, expected):
    org, other, *_ = entries
    today = timezone.localdate()
    replacements = {
        "__other__": str(other.pk),
        "__today__": today.isoformat(),
        "__yesterday__": (today - timedelta(days=1)).isoformat(),
    }
    query = {key: replacements.get(value, value) for key, value in query.items()}
    client.force_login(team_member)
    response = client.get(reverse("core_journal"), query)
    assert [e.action for e in response.context["page"]] == expected


def test_journal_filters_by_object_type(client, team_member, entries):
    from django.contrib.contenttypes.models import ContentType

    client.force_login(team_member)
    content_type = ContentType.objects.get_for_model(Organization)
    response = client.get(reverse("core_journal"), {"content_type": content_type.pk})
    assert len(response.context["page"]) == 3
    assert response.context["form"].fields["content_type"].choices == [
        ("", "Tous"),
        (str(content_type.pk), "structure"),
    ]


def test_journal_cannot_be_changed_through_http(client, superuser, entries):
    client.force_login(superuser)
    response = client.post(reverse("core_journal"), {"action": "x"})
    assert response.status_code == 405
    assert AuditEntry.objects.count() == 3


def test_journal_is_not_in_the_django_admin_nor_a_snippet():
    from wagtail.snippets.models import get_snippet_models

    assert AuditEntry not in admin.site._registry
    assert AuditEntry not in get_snippet_models()


def test_journal_refused_to_partner_editor(client, partner_editor, entries):
    client.force_login(partner_editor)
    response = client.get(reverse("core_journal"))
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_journal_asks_anonymous_to_log_in(client):
    response = client.get(reverse("core_journal"))
    assert (response.status_code, response["Location"]) == (302, "/comptes/login/?next=/admin/journal/")


def test_trust_menu_is_shown_to_the_team_only(client, team_member, partner_editor):
    client.force_login(team_member)
    assert "Journal des modifications" in client.get("/admin/").content.decode()
    client.force_login(partner_editor)
    assert "Journal des modifications" not in client.get("/admin/").content.decode()


def test_history_helpers_show_one_objects_entries(entries):
    org, other, *_ = entries
    context = history_context(org)
    assert [e.action for e in context["entries"]] == ["decide", "submit"]
    assert context["more_url"] == ""
    assert "Lauréat 2022" in render_to_string(TEMPLATE, context)
    assert "Aucune modification enregistrée." in render_to_string(
        TEMPLATE, history_context(Organization(name="new"))
    )


def test_history_links_to_the_journal_when_long(entries):
    org, *_ = entries
    for _ in range(3):
        audit.record(actor=None, action="touch", obj=org)
    context = history_context(org, limit=2)
    assert len(context["entries"]) == 2
    assert context["more_url"].startswith("/admin/journal/?content_type=")


def test_history_panel_binds_to_an_instance(rf, team_member, entries):
    org, *_ = entries
    request = rf.get("/")
    request.user = team_member
    panel = HistoryPanel(limit=5).bind_to_model(Organization)
    bound = panel.get_bound_panel(instance=org, request=request, form=None)
    assert bound.is_shown() is True
    assert "Lauréat 2022" in bound.render_html()


def test_audit_history_tag_hides_entries_from_non_team(rf, applicant, team_member, entries):
    from django.template import Context, Template

    org, *_ = entries
    template = Template("{% load trust %}{% audit_history org %}")
    request = rf.get("/")
    request.user = applicant
    assert "Lauréat 2022" not in template.render(Context({"request": request, "org": org}))
    request.user = team_member
    assert "Lauréat 2022" in template.render(Context({"request": request, "org": org}))
