"""Public pages of events: the list, the calendar, the event's calendar file, registering."""

import calendar as pycalendar
import datetime
import re

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from rallynov.core.queries import programme_for_request
from rallynov.events import domain, queries
from rallynov.events.enums import EventKind, RegistrationStatus
from rallynov.events.forms import (
    RegistrationForm,
)
from rallynov.events.ics import calendar_bytes
from rallynov.events.models import PARIS
from rallynov.events.views.common import event_or_404

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def index(request):
    programme = programme_for_request(request)
    kind = request.GET.get("type", "")
    if kind not in dict(EventKind.choices):
        kind = ""
    upcoming, past_by_year = queries.event_list(programme, kind=kind)
    return render(
        request,
        "events/index.html",
        {
            "upcoming": upcoming,
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
    response = HttpResponse(
        calendar_bytes(events, name=f"Événements {programme}"), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="evenements.ics"'
    return response


def event_ics(request, pk):
    event = event_or_404(request, pk)
    response = HttpResponse(
        calendar_bytes([event], name=event.title), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="evenement-{event.pk}.ics"'
    return response


@ratelimit(key="ip", rate="20/m", method="POST", block=False)
def register(request, pk):
    event = event_or_404(request, pk)
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
                **form.person(),
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
                messages.success(
                    request,
                    _("Votre inscription est confirmée. Un e-mail vous a été envoyé avec votre billet."),
                )
            else:
                messages.info(request, _("L'événement est complet : vous êtes sur la liste d'attente."))
            return redirect("events:registration", token=registration.token)
    elif request.method == "POST" and state != "open":
        form.add_error(None, _closed_message(event, state))
    return render(
        request,
        "events/register.html",
        {"event": event, "form": form, "state": state, "closed_message": _closed_message(event, state)},
    )


def _closed_message(event, state):
    if state == "not_open_yet":
        opens = timezone.localtime(event.registration_opens_at, PARIS)
        return _("Les inscriptions ouvriront le %(date)s.") % {"date": opens.strftime("%d/%m/%Y à %H:%M")}
    if state == "closed":
        return _("Les inscriptions à cet événement sont closes.")
    if state == "disabled":
        return _("Cet événement ne prend pas d'inscriptions en ligne.")
    return ""
