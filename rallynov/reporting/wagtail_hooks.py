from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from rallynov.accounts.admin_scoping import ProgrammeScopedViewSet
from rallynov.reporting import domain, rules
from rallynov.reporting.models import ReportEdition


class ReportEditionViewSet(ProgrammeScopedViewSet, SnippetViewSet):
    model = ReportEdition
    icon = "doc-full"
    menu_label = "Bilans annuels"
    menu_order = 800
    add_to_admin_menu = True
    list_display = ["year", "programme", "cover_title", "is_published", "pdf_generated_at"]
    list_filter = ["programme", "is_published"]
    search_fields = ["cover_title", "intro"]


register_snippet(ReportEditionViewSet)


def generate_report(request, pk):
    """Admin page with the "Générer le bilan PDF" button; POST generates, stores and downloads it."""
    if not rules.can_manage_reports(request.user):
        raise PermissionDenied
    edition = get_object_or_404(ReportEdition.objects.select_related("programme"), pk=pk)
    if request.method == "POST":
        pdf, warnings = domain.generate_report_pdf(edition=edition, by=request.user)
        for warning in warnings:
            messages.warning(request, warning)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="bilan-{edition.programme.slug}-{edition.year}.pdf"'
        )
        return response
    return render(request, "reporting/admin/generate.html", {"edition": edition})


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("reporting/bilan/<int:pk>/generer/", generate_report, name="reporting_generate_report")]


@hooks.register("register_snippet_listing_buttons")
def report_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, ReportEdition) and rules.can_manage_reports(user):
        yield Button(
            "Générer le bilan PDF",
            reverse("reporting_generate_report", args=[snippet.pk]),
            icon_name="download",
            priority=10,
        )


class TeamMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.can_view_dashboard(request.user)


@hooks.register("register_admin_menu_item")
def dashboard_menu_item():
    return TeamMenuItem("Tableau de bord", reverse("reporting:dashboard"), icon_name="table", order=790)


@hooks.register("register_admin_menu_item")
def indicators_menu_item():
    return TeamMenuItem(
        "Indicateurs financeurs", reverse("reporting:indicators"), icon_name="list-ul", order=795
    )
