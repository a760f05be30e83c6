from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.formats import date_format

from rallynov.core.queries import programme_for_request
from rallynov.organizations.models import Organization
from rallynov.partners import queries
from rallynov.partners.models import Funding, Partnership


def _chosen_year(request, available, default):
    """The year asked for in ?annee=, else the current one; (year, error message or "")."""
    raw = request.GET.get("annee", "").strip()
    if not raw:
        return default, ""
    if raw.isdigit() and int(raw) in available:
        return int(raw), ""
    return default, f"Aucun partenariat n'est enregistré pour l'année « {raw[:10]} » : voici la plus récente."


def index(request):
    """The partners and funders of one year, grouped by role, with the funding by source."""
    programme = programme_for_request(request)
    available, current = queries.kept_years(programme=programme)
    # Default: this year's partners (a year already planned in the future is shown only on demand).
    default = current or (available[0] if available else None)
    year, error = _chosen_year(request, available, default)
    context = {"years": available, "year": year, "year_error": error}
    if year is not None:
        context |= queries.year_overview(programme=programme, year=year)
    return render(request, "partners/index.html", context)


def _french_date(value):
    """« 1er janvier 2017 » (French writes the first of the month as an ordinal); "" for None."""
    if value is None:
        return ""
    with translation.override("fr"):
        text = date_format(value, "j F Y")
    return "1er" + text[1:] if text.startswith("1 ") else text


def detail(request, pk):
    """One partner line (a structure and those it succeeded: Fact → Aract Bourgogne-Franche-Comté):
    its roles year by year under the name of each year, and what it funded."""
    programme = programme_for_request(request)
    asked = Organization.objects.filter(pk=pk).first()
    if asked is None:
        raise Http404("Structure inconnue.")
    organization = asked.current()
    if organization.pk != asked.pk:
        return redirect("partners:detail", organization.pk)
    line = organization.lineage()
    roles = (
        Partnership.objects.filter(programme=programme, organization__in=line, show_on_site=True)
        .select_related("logo", "organization")
        .order_by("-year", "role")
    )
    fundings = (
        Funding.objects.filter(programme=programme, funder__in=line)
        .select_related("funder")
        .order_by("-year", "source")
    )
    if not roles and not fundings.exists():
        raise Http404("Cette structure n'est pas partenaire du programme.")
    logo = next((r.logo for r in roles if r.logo_id), None)
    return render(
        request,
        "partners/detail.html",
        {
            "organization": organization,
            "title": organization.name_with_former(),
            "predecessors": [
                {"name": o.name, "date": _french_date(o.succeeded_on)} for o in line if o.pk != organization.pk
            ],
            "roles": roles,
            "fundings": fundings,
            "logo": logo,
        },
    )
