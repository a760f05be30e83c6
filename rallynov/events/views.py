"""Views of events: thin (permission → form → domain → redirect or render)."""

import calendar as pycalendar
import datetime
import functools
import re
from types import SimpleNamespace
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from rallynov.core.decorators import team_only
from rallynov.core.queries import programme_for_request
from rallynov.events import domain, exports, queries, rules
from rallynov.events.enums import EventKind, RegistrationSource, RegistrationStatus
from rallynov.events.forms import (
    CheckInSearchForm,
    FeedbackForm,
    GroupForm,
    MoveForm,
    RegistrationForm,
    StaffRegistrationForm,
    WalkInForm,
)
from rallynov.events.ics import calendar_bytes
from rallynov.events.models import PARIS, EventPage, Registration
from rallynov.events.qr import qr_svg, ticket_payload

TOKEN_FORMAT = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]


def _event_or_404(request, pk):
    return get_object_or_404(
        EventPage.objects.live().select_related("venue__commune", "programme"),
        pk=pk, programme=programme_for_request(request),
    )


def _registration_or_invalid(request, token):
    """The registration of a personal link; a forged or mistyped link gets a French page."""
    registration = None
    if TOKEN_FORMAT.match(token or ""):
        registration = Registration.objects.select_related("event", "event__venue__commune").filter(token=token).first()
    if registration is None:
        response = render(request, "events/invalid_link.html", status=404)
        raise _Respond(response)
    return registration


class _Respond(Exception):
    def __init__(self, response):
        self.response = response


def _personal(view):
    @functools.wraps(view)
    def wrapper(request, token, *args, **kwargs):
        try:
            registration = _registration_or_invalid(request, token)
        except _Respond as exc:
            return exc.response
        return view(request, registration, *args, **kwargs)

    return wrapper


# --- Public pages -----------------------------------------------------------------------------


def index(request):
    programme = programme_for_request(request)
    kind = request.GET.get("type", "")
    kinds = dict(EventKind.choices)
    upcoming = queries.upcoming_events(programme)
    past = queries.past_events(programme)
    if kind in kinds:
        upcoming, past = upcoming.filter(kind=kind), past.filter(kind=kind)
    else:
        kind = ""
    past_by_year = {}
    for event in past:
        past_by_year.setdefault(event.year, []).append(event)
    return render(
        request,
        "events/index.html",
        {
            "upcoming": list(upcoming),
            "past_by_year": past_by_year,
            "kinds": EventKind.choices,
            "kind": kind,
        },
    )


def calendar_view(request):
    programme = programme_for_request(request)
    today = timezone.localdate()
    month_param = request.GET.get("mois", "")
    match = re.fullmatch(r"(\d{4})-(\d{2})", month_param)
    year, month = (int(match.group(1)), int(match.group(2))) if match else (today.year, today.month)
    if not (1 <= month <= 12 and 1990 <= year <= 2100):
        year, month = today.year, today.month
    events = list(queries.events_of_month(programme, year, month))
    by_day = {}
    for event in events:
        day = event.local_start.date()
        last = event.local_end.date()
        while day <= last:
            if day.month == month:
                by_day.setdefault(day.day, []).append(event)
            day += datetime.timedelta(days=1)
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdayscalendar(year, month):
        weeks.append([(d, by_day.get(d, [])) for d in week])
    previous = datetime.date(year, month, 1) - datetime.timedelta(days=1)
    following = datetime.date(year, month, 28) + datetime.timedelta(days=5)
    return render(
        request,
        "events/calendar.html",
        {
            "weeks": weeks,
            "month_label": f"{MONTHS[month - 1]} {year}",
            "previous": f"{previous.year}-{previous.month:02d}",
            "next": f"{following.year}-{following.month:02d}",
            "events": events,
            "today": today if (today.year, today.month) == (year, month) else None,
        },
    )


def feed(request):
    programme = programme_for_request(request)
    events = queries.live_events(programme)
    response = HttpResponse(calendar_bytes(events, name=f"Événements {programme}"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="evenements.ics"'
    return response


def event_ics(request, pk):
    event = _event_or_404(request, pk)
    response = HttpResponse(calendar_bytes([event], name=event.title), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evenement-{event.pk}.ics"'
    return response


@ratelimit(key="ip", rate="20/m", method="POST", block=False)
def register(request, pk):
    event = _event_or_404(request, pk)
    state = event.registration_state()
    form = RegistrationForm(request.POST or None, event=event)
    if request.method == "POST" and getattr(request, "limited", False):
        form.is_valid()  # keep what was typed, with its own errors
        form.add_error(None, _("Trop d'envois depuis cette connexion : réessayez dans une minute."))
    elif request.method == "POST" and state == "open" and form.is_valid():
        data = form.cleaned_data
        try:
            registration, _created = domain.register(
                event=event,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                organization_name=data["organization_name"],
                organization_kind=data["organization_kind"],
                postal_code=data["postal_code"],
                role=data["role"],
                job_title=data["job_title"],
                needs=data["needs"],
                answers=form.answers(),
                sessions=data.get("sessions") or (),
                user=request.user,
            )
        except domain.AlreadyRegistered as exc:
            # Never show someone else's personal link: send it again to the address instead.
            from rallynov.events import notifications

            notifications.send_registration(exc.registration)
            messages.info(
                request,
                _("%(message)s Nous venons de renvoyer l'e-mail avec le lien personnel à cette adresse.")
                % {"message": str(exc)},
            )
            return redirect(event.url)
        except domain.RegistrationClosed as exc:
            form.add_error(None, str(exc))
        else:
            if registration.status == RegistrationStatus.CONFIRMED:
                messages.success(request, _("Votre inscription est confirmée. Un e-mail vous a été envoyé avec votre billet."))
            else:
                messages.info(request, _("L'événement est complet : vous êtes sur la liste d'attente."))
            return redirect("events:registration", token=registration.token)
    elif request.method == "POST" and state != "open":
        form.add_error(None, _closed_message(event, state))
    return render(request, "events/register.html", {"event": event, "form": form, "state": state,
                                                    "closed_message": _closed_message(event, state)})


def _closed_message(event, state):
    if state == "not_open_yet":
        opens = timezone.localtime(event.registration_opens_at, PARIS)
        return _("Les inscriptions ouvriront le %(date)s.") % {"date": opens.strftime("%d/%m/%Y à %H:%M")}
    if state == "closed":
        return _("Les inscriptions à cet événement sont closes.")
    if state == "disabled":
        return _("Cet événement ne prend pas d'inscriptions en ligne.")
    return ""


@_personal
def registration_detail(request, registration):
    return render(request, "events/registration.html", {
        "registration": registration,
        "event": registration.event,
        "now": timezone.now(),
        "has_feedback": hasattr(registration, "feedback"),
    })


@require_POST
@_personal
def registration_cancel(request, registration):
    try:
        domain.cancel_registration(registration=registration, by=request.user)
    except domain.EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Votre inscription est annulée. Merci de nous avoir prévenus."))
    return redirect("events:registration", token=registration.token)


@require_POST
@_personal
def registration_confirm(request, registration):
    try:
        domain.confirm_offer(registration=registration)
    except domain.EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Votre place est confirmée. Un e-mail vous a été envoyé avec votre billet."))
    return redirect("events:registration", token=registration.token)


@_personal
def registration_qr(request, registration):
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Http404
    response = HttpResponse(qr_svg(ticket_payload(registration)), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@_personal
def registration_ics(request, registration):
    event = registration.event
    response = HttpResponse(calendar_bytes([event], name=event.title), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evenement-{event.pk}.ics"'
    return response


@ratelimit(key="ip", rate="20/m", method="POST", block=False)
@_personal
def feedback(request, registration):
    if hasattr(registration, "feedback"):
        return render(request, "events/feedback.html", {"registration": registration, "done": True})
    # When the event has a survey of the studies part, the questionnaire is there, through the
    # person's own invitation; the simple rating form below is kept for events without one.
    invitation = domain.feedback_invitation_for(registration=registration)
    if invitation is not None:
        return redirect(invitation.get_absolute_url())
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and getattr(request, "limited", False):
        form.add_error(None, _("Trop d'envois depuis cette connexion : réessayez dans une minute."))
    elif request.method == "POST" and form.is_valid():
        try:
            domain.submit_feedback(registration=registration, **form.cleaned_data)
        except domain.EventError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Merci pour votre avis !"))
            return redirect("events:feedback", token=registration.token)
    notice = None
    if registration.checked_in_at is None:
        notice = _("Le questionnaire est réservé aux personnes présentes à l'événement.")
    return render(request, "events/feedback.html", {"registration": registration, "form": form, "notice": notice})


# --- Staff: registrations ---------------------------------------------------------------------


@team_only(rules.can_manage_events)
def staff_list(request):
    programme = programme_for_request(request)
    events = list(queries.live_events(programme).order_by("-starts_at"))
    counts = queries.registration_counts(events)
    return render(request, "events/staff_list.html", {"rows": [(e, counts.get(e.pk, {})) for e in events]})


@team_only(rules.can_manage_events)
def manage(request, pk):
    event = _event_or_404(request, pk)
    status = request.GET.get("etat", "")
    registrations = queries.staff_registrations(event)
    if status in RegistrationStatus.values:
        registrations = registrations.filter(status=status)
    feedback_summary = queries.feedback_summary(event)
    survey_edit_url = None
    if feedback_summary["survey"] is not None:
        from wagtail.admin.admin_url_finder import AdminURLFinder

        survey_edit_url = AdminURLFinder(request.user).get_edit_url(feedback_summary["survey"])
    return render(request, "events/manage.html", {
        "event": event,
        "registrations": registrations,
        "attendance": queries.attendance(event),
        "figures": queries.event_figures(event),
        "feedback": feedback_summary,
        "survey_edit_url": survey_edit_url,
        "statuses": RegistrationStatus.choices,
        "status": status,
        "add_form": StaffRegistrationForm(),
        "move_targets": list(MoveForm(event=event).fields["to_event"].queryset),
        "groups": list(event.groups.all()),
    })


@require_POST
@team_only(rules.can_manage_events)
def manage_add(request, pk):
    event = _event_or_404(request, pk)
    form = StaffRegistrationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration, _created = domain.register(
                event=event, first_name=data["first_name"], last_name=data["last_name"], email=data["email"],
                organization_name=data["organization_name"], organization_kind=data["organization_kind"],
                postal_code=data["postal_code"], role=data["role"], by=request.user,
                source=RegistrationSource.STAFF, send_email=data["send_email"],
            )
        except domain.AlreadyRegistered as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(name)s est inscrit·e (%(status)s).") % {
                "name": registration.full_name, "status": registration.get_status_display().lower()})
            return redirect("events:manage", pk=event.pk)
    attendance = queries.attendance(event)
    return render(request, "events/manage.html", {
        "event": event, "registrations": queries.staff_registrations(event), "attendance": attendance,
        "figures": queries.event_figures(event), "feedback": queries.feedback_summary(event),
        "statuses": RegistrationStatus.choices, "status": "", "add_form": form,
        "move_targets": list(MoveForm(event=event).fields["to_event"].queryset), "groups": list(event.groups.all()),
    }, status=400)


def _staff_registration(request, pk, registration_id):
    event = _event_or_404(request, pk)
    return get_object_or_404(Registration.objects.select_related("event"), pk=registration_id, event=event)


@require_POST
@team_only(rules.can_manage_events)
def manage_action(request, pk, registration_id, action):
    registration = _staff_registration(request, pk, registration_id)
    try:
        if action == "promouvoir":
            domain.promote_registration(registration=registration, by=request.user)
            messages.success(request, _("%(name)s a une place.") % {"name": registration.full_name})
        elif action == "annuler":
            domain.cancel_registration(registration=registration, by=request.user)
            messages.success(request, _("Inscription de %(name)s annulée.") % {"name": registration.full_name})
        elif action == "deplacer":
            form = MoveForm(request.POST, event=registration.event)
            if not form.is_valid():
                messages.error(request, _("Choisissez l'événement vers lequel déplacer l'inscription."))
            else:
                domain.move_registration(registration=registration, to_event=form.cleaned_data["to_event"], by=request.user)
                messages.success(request, _("%(name)s est déplacé·e vers « %(title)s ».") % {
                    "name": registration.full_name, "title": form.cleaned_data["to_event"].title})
        elif action == "groupe":
            form = GroupForm(request.POST, instance=registration)
            if form.is_valid():
                domain.assign_group(registration=registration, group=form.cleaned_data["group"], by=request.user)
                messages.success(request, _("Groupe enregistré pour %(name)s.") % {"name": registration.full_name})
            else:
                messages.error(request, _("Groupe inconnu."))
        else:
            raise Http404
    except domain.EventError as exc:
        messages.error(request, str(exc))
    return redirect("events:manage", pk=pk)


@require_POST
@team_only(rules.can_manage_events)
def manage_feedback(request, pk):
    event = _event_or_404(request, pk)
    try:
        sent = domain.request_feedback(event=event, by=request.user)
    except domain.EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Questionnaire envoyé à %(n)s personne(s).") % {"n": sent})
    return redirect("events:manage", pk=pk)


@require_POST
@team_only(rules.can_manage_events)
def manage_feedback_survey(request, pk):
    event = _event_or_404(request, pk)
    survey = domain.ensure_feedback_survey(event=event, by=request.user)
    if survey is None:
        messages.error(request, _("Le module Études n'est pas installé : le formulaire de notation simple sera envoyé."))
    else:
        messages.success(request, _("Le questionnaire « %(title)s » est prêt : vous pouvez le modifier avant de l'envoyer.")
                         % {"title": survey.title})
    return redirect("events:manage", pk=pk)


@require_POST
@team_only(rules.can_manage_events)
def manage_offer(request, pk):
    event = _event_or_404(request, pk)
    offered = domain.offer_free_places(event=event)
    messages.success(request, _("%(n)s place(s) proposée(s) à la liste d'attente.") % {"n": len(offered)})
    return redirect("events:manage", pk=pk)


@team_only(rules.can_manage_events)
def export(request, pk, fmt):
    event = _event_or_404(request, pk)
    if fmt == "xlsx":
        content, mimetype = exports.registrations_xlsx(event), (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    elif fmt == "csv":
        content, mimetype = exports.registrations_csv(event), "text/csv; charset=utf-8"
    elif fmt == "pdf":
        content, mimetype = exports.badges_pdf(event), "application/pdf"
    else:
        raise Http404
    name = "badges" if fmt == "pdf" else "inscriptions"
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}-{event.slug}.{fmt}")
    return response


# --- Staff: check-in --------------------------------------------------------------------------


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
        context = {"event": SimpleNamespace(pk=pk), "form": form, "results": results, "searched": True,
                   "csrf_token": get_token(request)}
        return HttpResponse(render_to_string("events/checkin.html#results", context))
    event = _event_or_404(request, pk)
    results = queries.search_registrations(event, form.data.get("q", "")) if form.is_bound else []
    context = {"event": event, "form": form, "results": results, "searched": form.is_bound}
    context.update({"attendance": queries.attendance(event), "walk_in_form": WalkInForm()})
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
            outcome = {"level": "warning", "text": _("%(name)s a déjà été accueilli·e à %(time)s le %(date)s.") % {
                "name": registration.full_name, "time": when.strftime("%H:%M"), "date": when.strftime("%d/%m/%Y")}}
        else:
            outcome = {"level": "success", "text": _("Bienvenue %(name)s : présence enregistrée.") % {
                "name": registration.full_name}}
    if request.htmx or request.headers.get("X-Checkin-Scan"):
        context = {"outcome": outcome, "event": target_event, "attendance": queries.attendance(target_event),
                   "oob": True}
        html = render_to_string("events/checkin.html#outcome", context, request=request)
        html += render_to_string("events/checkin.html#counts", context, request=request)
        return HttpResponse(html)
    {"error": messages.error, "warning": messages.warning, "success": messages.success}[outcome["level"]](
        request, outcome["text"])
    url = reverse("events:checkin", args=[target_event.pk])
    query = request.POST.get("q", "")
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


@require_POST
@team_only(rules.can_check_in)
def checkin_mark(request, pk, registration_id):
    registration = _staff_registration(request, pk, registration_id)
    return _checkin_outcome(request, registration.event, domain.check_in, registration=registration)


@require_POST
@team_only(rules.can_check_in)
def checkin_scan(request, pk):
    event = _event_or_404(request, pk)
    return _checkin_outcome(request, event, domain.check_in_by_code, event=event, code=request.POST.get("code", ""))


@require_POST
@team_only(rules.can_check_in)
def checkin_walk_in(request, pk):
    event = _event_or_404(request, pk)
    form = WalkInForm(request.POST)
    if not form.is_valid():
        context = {"event": event, "form": CheckInSearchForm(), "results": [], "searched": False,
                   "attendance": queries.attendance(event), "walk_in_form": form}
        return render(request, "events/checkin.html", context, status=400)
    data = form.cleaned_data
    return _checkin_outcome(
        request, event, domain.add_walk_in, event=event, first_name=data["first_name"], last_name=data["last_name"],
        email=data["email"], organization_name=data["organization_name"],
        organization_kind=data["organization_kind"], postal_code=data["postal_code"], role=data["role"],
    )
