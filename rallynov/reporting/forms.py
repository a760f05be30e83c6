from django import forms
from django.utils.translation import gettext_lazy as _

from rallynov.reporting import keyfigures


class YearForm(forms.Form):
    """The year selector of the key-figures, dashboard and indicators pages (GET, works without JS)."""

    annee = forms.TypedChoiceField(
        label=_("Année"),
        coerce=int,
        error_messages={
            "invalid_choice": _("Choisissez une année de la liste (%(value)s n'en fait pas partie)."),
            "required": _("Choisissez une année."),
        },
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [(year, str(year)) for year in years]

    def clean_annee(self):
        year = self.cleaned_data["annee"]
        try:
            return keyfigures.check_year(year)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


def year_from_request(request, *, years, default):
    """(form, year): the year asked for in ?annee=, or `default`; year is None when the input is bad."""
    if "annee" not in request.GET:
        form = YearForm(initial={"annee": default}, years=years)
        return form, default
    form = YearForm(request.GET, years=years)
    if form.is_valid():
        return form, form.cleaned_data["annee"]
    return form, None
