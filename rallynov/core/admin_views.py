"""Staff-only admin pages of the trust part: the audit journal (read-only), the RGPD register,
and one person's data request (export, erasure). Reached from the "Confiance" admin menu."""

from datetime import datetime, time
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from rallynov.accounts.rules import is_programme_team
from rallynov.core import personal_data
from rallynov.core.models import AuditEntry

PAGE_SIZE = 50


def _require_team(request):
    if not is_programme_team(request.user):
        raise PermissionDenied


def _admin_context(title, **extra):
    return {
        "page_title": title,
        "header_title": title,
        "breadcrumbs_items": [
            {"url": reverse("wagtailadmin_home"), "label": "Tableau de bord"},
            {"url": "", "label": title},
        ],
        **extra,
    }


# --- Journal ------------------------------------------------------------------------------------


class JournalFilterForm(forms.Form):
    action = forms.ChoiceField(label="Action", required=False)
    content_type = forms.ChoiceField(label="Type d'objet", required=False)
    actor = forms.CharField(label="Auteur (e-mail ou libellé)", required=False, max_length=200)
    object_id = forms.CharField(label="Identifiant de l'objet", required=False, max_length=64)
    since = forms.DateField(label="Depuis le", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="Jusqu'au", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
        self.fields["action"].choices = [("", "Toutes")] + [(a, a) for a in actions]
        type_ids = AuditEntry.objects.order_by().values_list("content_type", flat=True).distinct()
        types = ContentType.objects.filter(pk__in=[t for t in type_ids if t])
        self.fields["content_type"].choices = [("", "Tous")] + sorted(
            (
                (str(ct.pk), str(ct.model_class()._meta.verbose_name if ct.model_class() else ct.model))
                for ct in types
            ),
            key=lambda choice: choice[1],
        )

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["action"]:
            queryset = queryset.filter(action=data["action"])
        if data["content_type"]:
            queryset = queryset.filter(content_type_id=data["content_type"])
        if data["actor"]:
            queryset = queryset.filter(actor_label__icontains=data["actor"])
        if data["object_id"]:
            queryset = queryset.filter(object_id=data["object_id"])
        zone = timezone.get_current_timezone()
        if data["since"]:
            queryset = queryset.filter(at__gte=datetime.combine(data["since"], time.min, tzinfo=zone))
        if data["until"]:
            queryset = queryset.filter(at__lte=datetime.combine(data["until"], time.max, tzinfo=zone))
        return queryset


@require_http_methods(["GET", "HEAD"])
def journal(request):
    """The audit trail, newest first, filterable; nothing on this page can change it."""
    _require_team(request)
    form = JournalFilterForm(request.GET or None)
    entries = AuditEntry.objects.select_related("content_type", "actor")
    if request.GET:
        entries = form.filter(entries)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "core/admin/journal.html",
        _admin_context("Journal des modifications", form=form, page=page, query=query.urlencode()),
    )


# --- RGPD register ----------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def privacy_register(request):
    _require_team(request)
    return TemplateResponse(
        request,
        "core/admin/privacy_register.html",
        _admin_context(
            "Registre des traitements (RGPD)",
            rows=personal_data.register(),
            undeclared=personal_data.undeclared_personal_models(),
        ),
    )


# --- One person's request ---------------------------------------------------------------------


class DataSubjectForm(forms.Form):
    email = forms.EmailField(label="Adresse e-mail de la personne", max_length=254)


class ErasureForm(forms.Form):
    email = forms.EmailField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label="Je confirme l'effacement : les données personnelles seront anonymisées définitivement.",
        required=True,
        error_messages={"required": "Cochez la case pour confirmer l'effacement."},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def data_subject(request):
    """Find everything held about one e-mail address; export it (JSON) or erase it."""
    _require_team(request)
    person_id = request.GET.get("person")
    if person_id:
        return _person_without_email(request, person_id)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "export":
            form = DataSubjectForm(request.POST)
            if form.is_valid():
                email = form.cleaned_data["email"]
                body = personal_data.export_person_json(email, actor=request.user)
                response = HttpResponse(body, content_type="application/json; charset=utf-8")
                name = slugify(email.replace("@", "-at-")) or "personne"
                response["Content-Disposition"] = f'attachment; filename="donnees-{name}.json"'
                return response
        elif action == "erase":
            erase_form = ErasureForm(request.POST)
            if erase_form.is_valid():
                lines = personal_data.erase_person(erase_form.cleaned_data["email"], actor=request.user)
                done = sum(line.count for line in lines if line.done)
                manual = [line for line in lines if not line.done]
                messages.success(
                    request, f"{done} enregistrement(s) anonymisé(s). Les effectifs sont conservés."
                )
                for line in manual:
                    messages.warning(
                        request, f"{line.processing.name} : {line.count} enregistrement(s) {line.reason}."
                    )
                return redirect(reverse("core_data_subject"))
            return _render_subject(request, erase_form.data.get("email", ""), erase_form=erase_form)
    email = request.GET.get("email", "").strip()
    return _render_subject(request, email)


def _render_subject(request, email, *, erase_form=None):
    form = DataSubjectForm(initial={"email": email})
    found = []
    if email:
        form = DataSubjectForm({"email": email})
        if form.is_valid():
            found = personal_data.person_records(form.cleaned_data["email"])
    return TemplateResponse(
        request,
        "core/admin/data_subject.html",
        _admin_context(
            "Demande d'une personne (RGPD)",
            form=form,
            email=email,
            found=found,
            total=len({(p.model, obj.pk) for p, objects in found for obj in objects}),
            erase_form=erase_form or ErasureForm(initial={"email": email}),
        ),
        status=400 if erase_form is not None else 200,
    )


def _person_without_email(request, person_id):
    """A Person record without an e-mail: export or erase that record alone."""
    from rallynov.organizations.models import Person

    if not str(person_id).isdigit():
        raise PermissionDenied
    person = get_object_or_404(Person, pk=person_id)
    if person.email:
        return redirect(f"{reverse('core_data_subject')}?{urlencode({'email': person.email})}")
    processing = next(p for p in personal_data.every_processing() if p.model == "organizations.Person")
    if request.method == "POST" and request.POST.get("confirm"):
        personal_data.erase_records(processing, [person], actor=request.user)
        messages.success(request, "La fiche a été anonymisée. Elle reste comptée.")
        return redirect(reverse("core_data_subject"))
    return TemplateResponse(
        request,
        "core/admin/person_erasure.html",
        _admin_context("Effacer une fiche personne (RGPD)", person=person),
    )
