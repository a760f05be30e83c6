"""The programme team's pages: registrations of an event, actions, questionnaire, exports."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rallynov.core.decorators import team_only
from rallynov.core.queries import programme_for_request
from rallynov.events import domain, exports, queries, rules
from rallynov.events.enums import RegistrationSource, RegistrationStatus
from rallynov.events.forms import (
    GroupForm,
    MoveForm,
    StaffRegistrationForm,
)
from rallynov.events.views.common import event_or_404, staff_registration


@team_only(rules.can_manage_events)
def staff_list(request):
    programme = programme_for_request(request)
    events = list(queries.live_events(programme).order_by("-starts_at"))
    counts = queries.registration_counts(events)
    return render(request, "events/staff_list.html", {"rows": [(e, counts.get(e.pk, {})) for e in events]})


@team_only(rules.can_manage_events)
def manage(request, pk):
    event = event_or_404(request, pk)
    status = request.GET.get("etat", "")
    registrations = queries.staff_registrations(event)
    if status in RegistrationStatus.values:
        registrations = registrations.filter(status=status)
    feedback_summary = queries.feedback_summary(event)
    survey_edit_url = None
    if feedback_summary["survey"] is not None:
        from wagtail.admin.admin_url_finder import AdminURLFinder

        survey_edit_url = AdminURLFinder(request.user).get_edit_url(feedback_summary["survey"])
    return render(
        request,
        "events/manage.html",
        {
            "event": event,
            "registrations": registrations,
            "attendance": queries.attendance(event),
            "figures": queries.event_figures(event),
            "feedback": feedback_summary,
            "survey_edit_url": survey_edit_url,
            "statuses": RegistrationStatus.choices,
            "status": status,
            "add_form": StaffRegistrationForm(event=event),
            "move_targets": list(MoveForm(event=event).fields["to_event"].queryset),
            "groups": list(event.groups.all()),
        },
    )


@require_POST
@team_only(rules.can_manage_events)
def manage_add(request, pk):
    event = event_or_404(request, pk)
    form = StaffRegistrationForm(request.POST, event=event)
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration, _created = domain.register(
                event=event,
                **form.person(),
                by=request.user,
                source=RegistrationSource.STAFF,
                send_email=data["send_email"],
            )
        except domain.AlreadyRegistered as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("%(name)s est inscrit·e (%(status)s).")
                % {"name": registration.full_name, "status": registration.get_status_display().lower()},
            )
            return redirect("events:manage", pk=event.pk)
    attendance = queries.attendance(event)
    return render(
        request,
        "events/manage.html",
        {
            "event": event,
            "registrations": queries.staff_registrations(event),
            "attendance": attendance,
            "figures": queries.event_figures(event),
            "feedback": queries.feedback_summary(event),
            "statuses": RegistrationStatus.choices,
            "status": "",
            "add_form": form,
            "move_targets": list(MoveForm(event=event).fields["to_event"].queryset),
            "groups": list(event.groups.all()),
        },
        status=400,
    )


@require_POST
@team_only(rules.can_manage_events)
def manage_action(request, pk, registration_id, action):
    registration = staff_registration(request, pk, registration_id)
    try:
        if action == "promouvoir":
            domain.promote_registration(registration=registration, by=request.user)
            messages.success(request, _("%(name)s a une place.") % {"name": registration.full_name})
        elif action == "annuler":
            domain.cancel_registration(registration=registration, by=request.user)
            messages.success(
                request, _("Inscription de %(name)s annulée.") % {"name": registration.full_name}
            )
        elif action == "deplacer":
            form = MoveForm(request.POST, event=registration.event)
            if not form.is_valid():
                messages.error(request, _("Choisissez l'événement vers lequel déplacer l'inscription."))
            else:
                domain.move_registration(
                    registration=registration, to_event=form.cleaned_data["to_event"], by=request.user
                )
                messages.success(
                    request,
                    _("%(name)s est déplacé·e vers « %(title)s ».")
                    % {"name": registration.full_name, "title": form.cleaned_data["to_event"].title},
                )
        elif action == "groupe":
            form = GroupForm(request.POST, instance=registration)
            if form.is_valid():
                domain.assign_group(
                    registration=registration, group=form.cleaned_data["group"], by=request.user
                )
                messages.success(
                    request, _("Groupe enregistré pour %(name)s.") % {"name": registration.full_name}
                )
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
    event = event_or_404(request, pk)
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
    event = event_or_404(request, pk)
    survey = domain.ensure_feedback_survey(event=event, by=request.user)
    if survey is None:
        messages.error(
            request, _("Le module Études n'est pas installé : le formulaire de notation simple sera envoyé.")
        )
    else:
        messages.success(
            request,
            _("Le questionnaire « %(title)s » est prêt : vous pouvez le modifier avant de l'envoyer.")
            % {"title": survey.title},
        )
    return redirect("events:manage", pk=pk)


@require_POST
@team_only(rules.can_manage_events)
def manage_offer(request, pk):
    event = event_or_404(request, pk)
    offered = domain.offer_free_places(event=event)
    messages.success(request, _("%(n)s place(s) proposée(s) à la liste d'attente.") % {"n": len(offered)})
    return redirect("events:manage", pk=pk)


@team_only(rules.can_manage_events)
def export(request, pk, fmt):
    event = event_or_404(request, pk)
    if fmt == "xlsx":
        content, mimetype = (
            exports.registrations_xlsx(event),
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )
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
