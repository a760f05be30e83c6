import difflib

from django import forms
from django.utils.translation import gettext_lazy as _

from rallynov.events.enums import QuestionKind, RegistrationRole
from rallynov.events.fse.forms import add_fse_fields, clean_fse, fse_answers
from rallynov.events.models import Registration
from rallynov.organizations.enums import OrganizationKind

# Domains people mistype most; a near miss ("gmial.com") is questioned, never silently changed.
COMMON_DOMAINS = (
    "gmail.com", "yahoo.fr", "yahoo.com", "hotmail.fr", "hotmail.com", "outlook.fr", "outlook.com",
    "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "icloud.com", "live.fr", "neuf.fr",
    "bbox.fr", "aliceadsl.fr", "numericable.fr",
)


def email_suggestion(email):
    """A likely intended address when the domain is one letter away from a common one."""
    if "@" not in email:
        return None
    local, domain = email.rsplit("@", 1)
    domain = domain.lower()
    if domain in COMMON_DOMAINS:
        return None
    match = difflib.get_close_matches(domain, COMMON_DOMAINS, n=1, cutoff=0.8)
    return f"{local}@{match[0]}" if match else None


class PersonFields(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        error_messages={"invalid": _("Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.")},
    )
    organization_name = forms.CharField(
        label=_("Structure"), max_length=200, required=False,
        help_text=_("Entreprise, association, collectivité… Laissez vide si vous venez à titre personnel."),
    )
    organization_kind = forms.ChoiceField(
        label=_("Type de structure"), choices=[("", "—")] + list(OrganizationKind.choices), required=False
    )
    postal_code = forms.RegexField(
        label=_("Code postal de la structure"), regex=r"^\d{5}$", required=False,
        error_messages={"invalid": _("Le code postal compte 5 chiffres, par exemple 21000.")},
    )
    role = forms.ChoiceField(label=_("Vous êtes"), choices=[("", "—")] + list(RegistrationRole.choices), required=False)

    PERSON = ("first_name", "last_name", "email", "organization_name", "organization_kind", "postal_code", "role")
    ON_BEHALF = True  # the team types in what the person says (staff entry, walk-in)

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        # An event co-financed by the FSE+ asks its optional questions (events.fse.forms).
        add_fse_fields(self, event, on_behalf=self.ON_BEHALF)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organization_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["postal_code"].widget.attrs.update({"autocomplete": "postal-code", "inputmode": "numeric"})

    def person(self):
        """The person and their structure as `domain.register` and `domain.add_walk_in` take them."""
        return {name: self.cleaned_data[name] for name in self.PERSON} | {"fse": fse_answers(self)}

    def clean(self):
        cleaned = super().clean()
        clean_fse(self, cleaned)
        return cleaned


class RegistrationForm(PersonFields):
    ON_BEHALF = False
    email_is_right = forms.BooleanField(label=_("Mon adresse e-mail est correcte telle que saisie"), required=False)
    job_title = forms.CharField(label=_("Fonction"), max_length=150, required=False)
    needs = forms.CharField(
        label=_("Besoins particuliers (régime alimentaire, accessibilité)"),
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_("J'accepte le traitement de mes données"),
        error_messages={"required": _("Votre accord est nécessaire pour traiter votre inscription.")},
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, event=event, **kwargs)
        self.event = event
        self.fields["consent"].help_text = event.consent_text
        choosable = [s for s in event.sessions.all() if s.open_for_choice]
        if choosable:
            self.fields["sessions"] = forms.ModelMultipleChoiceField(
                label=_("Séances auxquelles vous participerez"),
                queryset=event.sessions.filter(pk__in=[s.pk for s in choosable]),
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
            self.fields["sessions"].label_from_instance = lambda s: (
                f"{s.title} ({s.local_start:%H:%M}" + (f", {s.room}" if s.room else "") + ")"
            )
        self.question_fields = []
        for question in event.questions.all():
            name = f"question_{question.pk}"
            if question.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(choices=[("", "—")] + [(c, c) for c in question.choice_list])
            elif question.kind == QuestionKind.YES_NO:
                field = forms.ChoiceField(choices=[("", "—"), ("oui", _("Oui")), ("non", _("Non"))])
            else:
                field = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
            field.label = question.label
            field.required = question.required
            field.help_text = question.help_text
            if question.required:
                field.error_messages["required"] = _("Répondez à cette question.")
            self.fields[name] = field
            self.question_fields.append((question, name))

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if email and not cleaned.get("email_is_right"):
            suggestion = email_suggestion(email)
            if suggestion:
                self.add_error(
                    "email",
                    _("Vérifiez votre adresse : vouliez-vous écrire %(suggestion)s ? Si elle est juste, cochez la case "
                      "« Mon adresse e-mail est correcte telle que saisie ».") % {"suggestion": suggestion},
                )
                self.email_suggestion = suggestion
        return cleaned

    def answers(self):
        return {question.label: self.cleaned_data.get(name, "") for question, name in self.question_fields}


class WalkInForm(PersonFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = False
        self.fields["email"].help_text = _("Facultatif.")


class StaffRegistrationForm(PersonFields):
    send_email = forms.BooleanField(label=_("Envoyer l'e-mail de confirmation"), required=False, initial=True)


class MoveForm(forms.Form):
    to_event = forms.ModelChoiceField(label=_("Vers l'événement"), queryset=None)

    def __init__(self, *args, event, **kwargs):
        from rallynov.events.models import EventPage

        super().__init__(*args, **kwargs)
        self.fields["to_event"].queryset = (
            EventPage.objects.filter(programme=event.programme).exclude(pk=event.pk).order_by("-starts_at")
        )


class FeedbackForm(forms.Form):
    RATINGS = [(str(i), str(i)) for i in range(1, 6)]
    rating = forms.TypedChoiceField(
        label=_("Dans l'ensemble, êtes-vous satisfait·e de l'événement ? (1 : pas du tout, 5 : tout à fait)"),
        choices=RATINGS, coerce=int, widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une note de 1 à 5.")},
    )
    usefulness = forms.TypedChoiceField(
        label=_("Ce que vous avez entendu est-il utile à votre structure ? (1 : pas du tout, 5 : très utile)"),
        choices=RATINGS, coerce=int, widget=forms.RadioSelect, required=False, empty_value=None,
    )
    comment = forms.CharField(
        label=_("Un commentaire, une suggestion ?"), required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Nom, e-mail ou structure"), max_length=100, required=False)


class GroupForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["group"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = self.instance.event.groups.all()
