"""Forms: one page of a questionnaire (built from its questions), the consent and category step,
and the analysis filters."""

from django import forms
from django.utils.formats import number_format

from rallynov.studies.enums import QuestionType


def _fmt(value):
    if value is None:
        return ""
    return number_format(int(value) if float(value).is_integer() else value)


class PageForm(forms.Form):
    """The questions of one page. `enforce_required` is False when the respondent goes back:
    what was typed is still checked (bounds, formats) and saved, but nothing is demanded."""

    def __init__(self, *args, questionnaire, page, known=None, enforce_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire, self.page, self.known = questionnaire, page, known or {}
        self.enforce_required = enforce_required
        self.groups = []  # [(question, [field names], is_group)]
        for q in page.questions:
            names = self._add_fields(q)
            self.groups.append((q, names))

    def _add_fields(self, q):
        label, help_text = q.label, q.help_text
        if q.type in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
            widget = forms.Textarea(attrs={"rows": 5}) if q.type == QuestionType.LONG_TEXT else forms.TextInput
            self.fields[q.code] = forms.CharField(label=label, help_text=help_text, required=False, widget=widget,
                                                  max_length=q.max_length or (10000 if q.type == "long_text" else 500))
        elif q.type == QuestionType.SINGLE:
            self.fields[q.code] = forms.ChoiceField(label=label, help_text=help_text, required=False,
                                                    choices=[(o.code, o.label) for o in q.options],
                                                    widget=forms.RadioSelect)
        elif q.type == QuestionType.MULTIPLE:
            hint = f"{help_text} " if help_text else ""
            if q.max_choices:
                hint += f"{q.max_choices} choix au maximum."
            self.fields[q.code] = forms.MultipleChoiceField(label=label, help_text=hint.strip(), required=False,
                                                            choices=[(o.code, o.label) for o in q.options],
                                                            widget=forms.CheckboxSelectMultiple)
        elif q.type == QuestionType.LIKERT:
            self.fields[q.code] = forms.TypedChoiceField(label=label, help_text=help_text, required=False, coerce=int,
                                                         empty_value=None,
                                                         choices=[(o.code, o.label) for o in q.options],
                                                         widget=forms.RadioSelect)
        elif q.type == QuestionType.MATRIX:
            names = []
            for item in q.items:
                name = f"{q.code}__{item.code}"
                self.fields[name] = forms.TypedChoiceField(label=item.label, required=False, coerce=int,
                                                           empty_value=None,
                                                           choices=[(o.code, o.label) for o in q.options],
                                                           widget=forms.RadioSelect)
                names.append(name)
            return names
        elif q.type == QuestionType.NUMBER:
            field_class = forms.FloatField if q.decimals else forms.IntegerField
            unit = f" ({q.unit})" if q.unit else ""
            bounds = ""
            if q.min_value is not None and q.max_value is not None:
                bounds = f"Entre {_fmt(q.min_value)} et {_fmt(q.max_value)}{unit}."
            self.fields[q.code] = field_class(
                label=f"{label}{unit}", help_text=" ".join(x for x in (help_text, bounds) if x), required=False,
                localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal" if q.decimals else "numeric"}),
                error_messages={"invalid": "Saisissez un nombre" + (" entier." if not q.decimals else ".")},
            )
        elif q.type == QuestionType.DATE:
            self.fields[q.code] = forms.DateField(label=label, help_text=help_text or "Format : jj/mm/aaaa.",
                                                  required=False, widget=forms.DateInput(attrs={"type": "date"},
                                                                                        format="%Y-%m-%d"),
                                                  input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                                                  error_messages={"invalid": "Saisissez une date valide (jj/mm/aaaa)."})
        elif q.type == QuestionType.RANKING:
            names = []
            ranks = [("", "—")] + [(str(i), f"{i}") for i in range(1, len(q.options) + 1)]
            for option in q.options:
                name = f"{q.code}__{option.code}"
                self.fields[name] = forms.TypedChoiceField(label=option.label, required=False, coerce=int,
                                                           empty_value=None, choices=ranks)
                names.append(name)
            return names
        return [q.code]

    def _value(self, q, data):
        if q.type == QuestionType.MATRIX:
            values = {item.code: data.get(f"{q.code}__{item.code}") for item in q.items}
            return {k: v for k, v in values.items() if v is not None}
        if q.type == QuestionType.RANKING:
            ranked = [(data.get(f"{q.code}__{o.code}"), o.code) for o in q.options]
            return [code for rank, code in sorted(r for r in ranked if r[0] is not None)]
        return data.get(q.code)

    def clean(self):
        data = super().clean()
        values = {}
        known = dict(self.known)
        for q, names in self.groups:
            value = self._value(q, data)
            known[q.code] = value
            if not self.questionnaire.is_visible(q, known):
                continue
            first = names[0]
            empty = value in (None, "", [], {})
            if q.type == QuestionType.MATRIX and self.enforce_required and q.required and len(value) < len(q.items):
                for name in names:
                    if data.get(name) is None:
                        self.add_error(name, "Choisissez une réponse pour cet item.")
                continue
            if empty:
                if self.enforce_required and q.required:
                    self.add_error(first, "Cette question est obligatoire.")
                continue
            if q.type == QuestionType.MULTIPLE and q.max_choices and len(value) > q.max_choices:
                self.add_error(first, f"Choisissez au plus {q.max_choices} réponses (vous en avez coché {len(value)}).")
                continue
            if q.type == QuestionType.NUMBER:
                unit = f" {q.unit}" if q.unit else ""
                if q.min_value is not None and value < q.min_value:
                    self.add_error(first, f"La valeur doit être au moins {_fmt(q.min_value)}{unit}.")
                    continue
                if q.max_value is not None and value > q.max_value:
                    self.add_error(first, f"La valeur doit être au plus {_fmt(q.max_value)}{unit}.")
                    continue
            if q.type == QuestionType.DATE:
                if q.min_date and value.isoformat() < q.min_date:
                    self.add_error(first, f"La date doit être au plus tôt le {q.min_date[8:10]}/{q.min_date[5:7]}/{q.min_date[:4]}.")
                    continue
                if q.max_date and value.isoformat() > q.max_date:
                    self.add_error(first, f"La date doit être au plus tard le {q.max_date[8:10]}/{q.max_date[5:7]}/{q.max_date[:4]}.")
                    continue
            if q.type == QuestionType.RANKING:
                ranks = [data.get(n) for n in names if data.get(n) is not None]
                if len(set(ranks)) != len(ranks):
                    self.add_error(first, "Chaque rang ne peut être donné qu'une fois.")
                    continue
                if self.enforce_required and q.required and len(ranks) < len(names):
                    self.add_error(first, "Classez toutes les propositions.")
                    continue
            values[q.code] = value
        self.values = values
        return data

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                if not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                    widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"

    def rendered_groups(self):
        """For the template: each question with its bound fields and whether it starts hidden."""
        out = []
        for q, names in self.groups:
            depends_here = q.show_if_code and any(p.code == q.show_if_code for p in self.page.questions)
            out.append({
                "question": q,
                "fields": [self[n] for n in names],
                "grouped": q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.LIKERT,
                                      QuestionType.MATRIX, QuestionType.RANKING),
                "depends_here": depends_here,
                "hidden": not depends_here and not self.questionnaire.is_visible(q, self.known),
                "condition_label": self._condition_label(q) if depends_here else "",
            })
        return out

    def _condition_label(self, q):
        source = self.questionnaire.by_code.get(q.show_if_code)
        if source is None:
            return ""
        return f"À remplir si vous avez répondu « {source.option_label(q.show_if_value)} » à la question {source.number}."


class StartForm(forms.Form):
    """Consent and respondent category, before the first question."""

    category = forms.ChoiceField(label="Vous répondez en tant que", widget=forms.RadioSelect, required=True,
                                 error_messages={"required": "Indiquez en tant que quoi vous répondez."})
    consent = forms.BooleanField(label="J'ai lu ces informations et j'accepte de participer à l'enquête.",
                                 required=True,
                                 error_messages={"required": "Vous devez accepter pour commencer l'enquête."})

    def __init__(self, *args, survey, response=None, **kwargs):
        super().__init__(*args, **kwargs)
        categories = list(survey.categories.all())
        if not categories or (response is not None and response.category):
            del self.fields["category"]
        else:
            self.fields["category"].choices = [(c.code, c.label) for c in categories]
        if not survey.consent_text:
            del self.fields["consent"]

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"
                if name == "consent":
                    self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"


class FilterForm(forms.Form):
    categorie = forms.ChoiceField(label="Catégorie de répondant", required=False)
    du = forms.DateField(label="Envoyées du", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                         error_messages={"invalid": "Date invalide."})
    au = forms.DateField(label="au", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                         error_messages={"invalid": "Date invalide."})

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categorie"].choices = [("", "Toutes")] + [(c.code, c.label) for c in survey.categories.all()]

    def filters(self):
        from rallynov.studies.analysis import Filters

        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(category=data.get("categorie") or "", since=data.get("du"), until=data.get("au"))


class InvitationsForm(forms.Form):
    """Invitations typed or pasted by the team: one person a line, « nom ; e-mail ; catégorie »."""

    people = forms.CharField(
        label="Personnes à inviter", widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Une personne par ligne : nom ; e-mail ; catégorie (code de la catégorie de répondant, facultatif).",
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey

    def clean_people(self):
        from django.core.validators import validate_email

        codes = {c.code for c in self.survey.categories.all()}
        people, errors = [], []
        for number, line in enumerate(self.cleaned_data["people"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("\t", ";").split(";")]
            name, email, category = (parts + ["", "", ""])[:3]
            try:
                validate_email(email)
            except forms.ValidationError:
                errors.append(f"Ligne {number} : « {email or line.strip()} » n'est pas une adresse e-mail valide.")
                continue
            if category and category not in codes:
                errors.append(f"Ligne {number} : catégorie « {category} » inconnue (catégories : "
                              f"{', '.join(sorted(codes)) or 'aucune'}).")
                continue
            people.append({"name": name[:150], "email": email, "category": category})
        if errors:
            raise forms.ValidationError(errors)
        if not people:
            raise forms.ValidationError("Indiquez au moins une personne.")
        return people
