"""The admin screen « Programmes » (superusers): the programmes of the instance, and a form that
creates one through the same function as `rallynov create-programme`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from rallynov.core.models import NationalSite, Programme
from rallynov.core.programmes import ProgrammeError, create_programme


def _current_regions():
    Region = Programme._meta.get_field("region").related_model  # noqa: N806 (a model class)
    return [
        (region.code, f"{region.name} ({region.code})") for region in Region.objects.filter(valid_until=None)
    ]


class ProgrammeForm(forms.Form):
    slug = forms.SlugField(label=_("Identifiant"), max_length=50, help_text=_("Par exemple : occitanie."))
    name = forms.CharField(label=_("Nom du programme"), max_length=200)
    region = forms.ChoiceField(label=_("Région"), choices=())
    host = forms.CharField(
        label=_("Nom d'hôte du site"), max_length=253, help_text=_("Par exemple : occitanie.rallynov.fr.")
    )
    contact_email = forms.EmailField(label=_("E-mail de contact"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _current_regions()


@require_http_methods(["GET", "HEAD", "POST"])
def programmes(request):
    """List the programmes; a superuser creates one (validated first, created whole or not at all)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme, created = create_programme(
                slug=data["slug"],
                name=data["name"],
                region_code=data["region"],
                host=data["host"],
                contact_email=data["contact_email"],
            )
        except ProgrammeError as exc:
            form.add_error(None, str(exc))
        else:
            if created:
                messages.success(request, _("Programme « %(name)s » créé.") % {"name": programme.name})
            else:
                messages.info(
                    request,
                    _("Le programme « %(name)s » existait déjà : rien n'a changé.")
                    % {"name": programme.name},
                )
            return redirect("core_programmes")
    title = _("Programmes")
    return TemplateResponse(
        request,
        "core/admin/programmes.html",
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "site",
            "form": form,
            "programmes": Programme.objects.select_related("region", "site").order_by("name"),
            "national_sites": NationalSite.objects.select_related("site"),
        },
    )
