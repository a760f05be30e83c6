import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_DAYS = 366 * 5


class PeriodForm(forms.Form):
    """The period of the audience report: a year, or two dates."""

    year = forms.IntegerField(label=_("Année"), required=False, min_value=2000, max_value=2100)
    start = forms.DateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("La date de début doit précéder la date de fin."))
            if (end - start).days > MAX_DAYS:
                raise forms.ValidationError(_("La période ne peut pas dépasser cinq ans."))
        elif start or end:
            raise forms.ValidationError(_("Indiquez les deux dates de la période, ou une année."))
        return data

    def period(self):
        """(start, end): the dates given, else the year given, else the last 30 days."""
        default = (self.today - datetime.timedelta(days=29), self.today)
        if not self.is_bound or not self.is_valid():
            return default
        data = self.cleaned_data
        if data.get("start") and data.get("end"):
            return data["start"], data["end"]
        if data.get("year"):
            return datetime.date(data["year"], 1, 1), datetime.date(data["year"], 12, 31)
        return default
