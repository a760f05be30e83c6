"""Forms of the prize. Forms only validate input; the domain functions do the writes."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rallynov.awards.enums import CommentKind, Outcome, QuestionKind
from rallynov.organizations.enums import OrganizationKind
from rallynov.organizations.validators import normalise_siret, validate_siret


class StartApplicationForm(forms.Form):
    organization_name = forms.CharField(label=_("Nom de la structure"), max_length=200)
    organization_kind = forms.ChoiceField(label=_("Type de structure"), choices=OrganizationKind.choices)
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=20,
        required=False,
        help_text=_("14 chiffres ; facultatif pour une association sans SIRET."),
    )
    initiative = forms.ModelChoiceField(
        label=_("Initiative déjà présente dans le catalogue"),
        queryset=None,
        required=False,
        empty_label=_("— Nouvelle initiative —"),
    )
    new_title = forms.CharField(label=_("Nom de la nouvelle initiative"), max_length=255, required=False)
    new_summary = forms.CharField(
        label=_("Résumé de la nouvelle initiative"),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        from rallynov.initiatives.models import InitiativePage

        self.fields["initiative"].queryset = (
            InitiativePage.objects.live().filter(programme=programme).order_by("title")
        )

    def clean_siret(self):
        siret = normalise_siret(self.cleaned_data["siret"])
        if siret:
            validate_siret(siret)
        return siret

    def clean(self):
        data = super().clean()
        if not data.get("initiative") and not (data.get("new_title") or "").strip():
            self.add_error(
                "new_title", _("Choisissez une initiative du catalogue ou donnez le nom de la nouvelle.")
            )
        return data


class AnswersForm(forms.Form):
    """The edition's questions (except files) plus the contact person."""

    contact_name = forms.CharField(label=_("Personne à contacter"), max_length=150, required=False)
    contact_phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = [q for q in questions if q.kind != QuestionKind.FILE]
        for question in self.questions:
            # Drafts may stay incomplete: requirement is checked at submission (missing_answers).
            common = {"label": question.label, "help_text": question.help_text, "required": False}
            if question.kind == QuestionKind.TEXT:
                field = forms.CharField(max_length=question.max_length or 300, **common)
            elif question.kind == QuestionKind.LONG_TEXT:
                field = forms.CharField(
                    max_length=question.max_length or 10000,
                    widget=forms.Textarea(attrs={"rows": 6}),
                    **common,
                )
            elif question.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(
                    choices=[("", "—")] + [(c, c) for c in question.choice_list()], **common
                )
            else:
                field = forms.DecimalField(max_digits=14, decimal_places=2, **common)
            if question.required:
                field.widget.attrs["aria-required"] = "true"
            self.fields[question.field_name] = field

    def answers(self):
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.field_name)
            result[question.field_name] = "" if value is None else str(value)
        return result


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Fichier"))
    question = forms.TypedChoiceField(label=_("Pièce demandée"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        file_questions = [q for q in questions if q.kind == QuestionKind.FILE]
        self.fields["question"].choices = [("", _("Autre pièce"))] + [(q.pk, q.label) for q in file_questions]
        self.questions_by_pk = {q.pk: q for q in file_questions}


class ReviewForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Recommandation"), choices=[("", "—")] + list(Outcome.choices), required=False
    )
    comment = forms.CharField(
        label=_("Appréciation générale"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, edition, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        between = _("La note doit être comprise entre %(min)s et %(max)s.") % {
            "min": edition.score_min,
            "max": edition.score_max,
        }
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("%(criterion)s (poids %(weight)s)")
                % {"criterion": criterion.name, "weight": f"{criterion.weight.normalize():f}"},
                required=False,
                min_value=edition.score_min,
                max_value=edition.score_max,
                help_text=(
                    _("Note de %(min)s à %(max)s.") % {"min": edition.score_min, "max": edition.score_max}
                    + f" {criterion.description}"
                ).strip(),
                error_messages={
                    "min_value": between,
                    "max_value": between,
                    "invalid": _("Saisissez une note entière."),
                },
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=_("Commentaire sur « %(criterion)s »") % {"criterion": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [(c, self[f"score_{c.pk}"], self[f"note_{c.pk}"]) for c in self.criteria]

    def scores(self):
        return {
            c.pk: (self.cleaned_data.get(f"score_{c.pk}"), self.cleaned_data.get(f"note_{c.pk}") or "")
            for c in self.criteria
        }


class ConflictForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Structure"), queryset=None, required=False, empty_label="—"
    )
    application = forms.ModelChoiceField(
        label=_("Ou un dossier précis"), queryset=None, required=False, empty_label="—"
    )
    reason = forms.CharField(
        label=_("Nature du lien"),
        max_length=300,
        help_text=_("Par exemple : administrateur, client, ancien salarié."),
    )

    def __init__(self, *args, edition, show_identity, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        from rallynov.awards.conflicts import visible_to
        from rallynov.awards.models import Application
        from rallynov.organizations.models import Organization

        # The dossiers the member is already in conflict with are not offered again: like every
        # other screen, this one does not show them.
        applications = visible_to(
            member, Application.objects.filter(edition=edition).exclude(status="draft")
        ).select_related("initiative")
        self.fields["application"].queryset = applications.order_by("number")
        self.fields["application"].label_from_instance = lambda a: f"{a.reference} — {a.initiative.title}"
        if show_identity:
            self.fields["organization"].queryset = Organization.objects.filter(
                award_applications__in=applications.values("pk")
            ).distinct()
        else:
            # Blind review: the member names the structure in words; staff match it.
            del self.fields["organization"]

    def clean(self):
        data = super().clean()
        if not data.get("organization") and not data.get("application"):
            raise ValidationError(_("Choisissez la structure ou le dossier concerné."))
        return data


class EligibilityForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Recevabilité"),
        choices=[("1", _("Recevable")), ("0", _("Non recevable"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Motif"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=CommentKind.choices)
    text = forms.CharField(label=_("Texte"), widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Motif de réouverture"), max_length=300)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Décision"), choices=Outcome.choices)
    motive = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Membre du jury"), queryset=None)
    application = forms.ModelChoiceField(label=_("Dossier"), queryset=None)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        from rallynov.awards.queries import reviewable_applications

        self.fields["member"].queryset = edition.jury.select_related("user", "person")
        self.fields["application"].queryset = reviewable_applications(edition).select_related("initiative")
        self.fields["application"].label_from_instance = lambda a: f"{a.reference} — {a.initiative.title}"


class JuryMemberForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail du compte"))
    is_president = forms.BooleanField(label=_("Président·e du jury"), required=False)

    def clean_email(self):
        from rallynov.accounts.models import User

        email = self.cleaned_data["email"].lower()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise ValidationError(
                _("Aucun compte n'a cette adresse : la personne doit d'abord créer son compte.")
            )
        self.user = user
        return email


class VicePresidentForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Vice-président·e du jury"),
        queryset=None,
        required=False,
        empty_label=_("Personne (l'équipe décide)"),
        help_text=_("Décide les dossiers avec lesquels le président est en conflit d'intérêts."),
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, initial={"member": edition.vice_president_id}, **kwargs)
        self.fields["member"].queryset = edition.jury.filter(is_president=False).select_related(
            "user", "person"
        )
