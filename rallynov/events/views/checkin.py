"""Check-in at the door (team): search, scan, walk-ins."""

from types import SimpleNamespace
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rallynov.core.decorators import team_only
from rallynov.events import domain, queries, rules
from rallynov.events.forms import (
    CheckInSearchForm,
    WalkInForm,
)
from rallynov.events.models import PARIS, EventPage
from rallynov.events.views.common import event_or_404, staff_registration


@team_only(rules.can_check_in)
def checkin(request, pk):
    form = CheckInSearchForm(request.GET or None)
    if request.htmx and request.GET.get("partial") == "results":
        # The phone asks for the results only, as one types (the full page above was already
        # checked for this programme; check-in rights do not depend on the programme): one query
        # finds the people and checks that the event is live, the event row is read only to tell
        # an empty result from a wrong address, and the fragment is rendered without the site's
        # context processors (menu, programme, messages), which it does not show.
        results = queries.search_registrations(pk, form.data.get("q", ""), live_only=True)
        if not results and not EventPage.objects.live().filter(pk=pk).exists():
            raise Http404
        context = {
            "event": SimpleNamespace(pk=pk),
            "form": form,
            "results": results,
            "searched": True,
            "csrf_token": get_token(request),
        }
        return HttpResponse(render_to_string("events/checkin.html#results", context))
    event = event_or_404(request, pk)
    results = queries.search_registrations(event, form.data.get("q", "")) if form.is_bound else []
    context = {"event": event, "form": form, "results": results, "searched": form.is_bound}
    context.update({"attendance": queries.attendance(event), "walk_in_form": WalkInForm(event=event)})
    return render(request, "events/checkin.html", context)


def _checkin_outcome(request, target_event, func, **kwargs):
    """Run a check-in and describe the outcome for the page (HTMX), the scanner (JSON-free
    HTML fragment) or a plain form post (message + redirect)."""
    try:
        registration, already = func(by=request.user, **kwargs)
    except domain.CheckInError as exc:
        outcome = {"level": "error", "text": str(exc)}
    else:
        if already:
            when = timezone.localtime(registration.checked_in_at, PARIS)
            outcome = {
                "level": "warning",
                "text": _("%(name)s a déjà été accueilli·e à %(time)s le %(date)s.")
                % {
                    "name": registration.full_name,
                    "time": when.strftime("%H:%M"),
                    "date": when.strftime("%d/%m/%Y"),
                },
            }
        else:
            outcome = {
                "level": "success",
                "text": _("Bienvenue %(name)s : présence enregistrée.") % {"name": registration.full_name},
            }
    if request.htmx or request.headers.get("X-Checkin-Scan"):
        context = {
            "outcome": outcome,
            "event": target_event,
            "attendance": queries.attendance(target_event),
            "oob": True,
        }
        html = render_to_string("events/checkin.html#outcome", context, request=request)
        html += render_to_string("events/checkin.html#counts", context, request=request)
        return HttpResponse(html)
    {"error": messages.error, "warning": messages.warning, "success": messages.success}[outcome["level"]](
        request, outcome["text"]
    )
    url = reverse("events:checkin", args=[target_event.pk])
    query = request.POST.get("q", "")
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


@require_POST
@team_only(rules.can_check_in)
def checkin_mark(request, pk, registration_id):
    registration = staff_registration(request, pk, registration_id)
    return _checkin_outcome(request, registration.event, domain.check_in, registration=registration)


@require_POST
@team_only(rules.can_check_in)
def checkin_scan(request, pk):
    event = event_or_404(request, pk)
    return _checkin_outcome(
        request, event, domain.check_in_by_code, event=event, code=request.POST.get("code", "")
    )


@require_POST
@team_only(rules.can_check_in)
def checkin_walk_in(request, pk):
    event = event_or_404(request, pk)
    form = WalkInForm(request.POST, event=event)
    if not form.is_valid():
        context = {
            "event": event,
            "form": CheckInSearchForm(),
            "results": [],
            "searched": False,
            "attendance": queries.attendance(event),
            "walk_in_form": form,
        }
        return render(request, "events/checkin.html", context, status=400)
    return _checkin_outcome(
        request,
        event,
        domain.add_walk_in,
        event=event,
        **form.person(),
    )
