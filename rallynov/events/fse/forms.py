"""The FSE+ questions added to the three registration screens (public, team, walk-in) when the
event is co-financed: every answer optional, each record with its own consent box."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rallynov.events.fse.enums import SENSITIVE_FIELDS, AgeBand, EducationLevel, Gender, LabourStatus

YES_NO = [("", "—"), ("yes", _("Oui")), ("no", _("Non"))]
PROFILE_QUESTIONS = (
    ("fse_gender", "gender", _("Genre"), Gender),
    ("fse_age_band", "age_band", _("Âge à la date de l'événement"), AgeBand),
    ("fse_labour_status", "labour_status", _("Situation professionnelle"), LabourStatus),
    (
        "fse_education_level",
        "education_level",
        _("Plus haut diplôme ou niveau d'études atteint"),
        EducationLevel,
    ),
)


def add_fse_fields(form, event, *, on_behalf=False):
    """Add the FSE+ fields to `form` when `event` is co-financed; lists them on the form as
    `fse_profile_fields`, `fse_sensitive_fields` (for the template) and `fse_enabled`."""
    form.fse_enabled = bool(event is not None and getattr(event, "fse_cofinanced", False))
    form.fse_profile_fields, form.fse_sensitive_fields = [], []
    if not form.fse_enabled:
        return
    for name, _attr, label, choices in PROFILE_QUESTIONS:
        form.fields[name] = forms.ChoiceField(
            label=label, choices=[("", "—"), *choices.choices], required=False
        )
        form.fse_profile_fields.append(name)
    form.fields["fse_consent"] = forms.BooleanField(
        label=(
            _(
                "La personne accepte que ces réponses soient transmises, sans son nom, pour les indicateurs du FSE+"
            )
            if on_behalf
            else _("J'accepte que ces réponses soient utilisées, sans mon nom, pour les indicateurs du FSE+")
        ),
        help_text=_(
            "Facultatif. Le Fonds social européen Plus, qui cofinance cet événement, demande ces informations "
            "(règlement (UE) 2021/1057, annexe I). Elles sont conservées cinq ans puis effacées."
        ),
        required=False,
    )
    form.fse_profile_fields.append("fse_consent")
    for attr, label, _special in SENSITIVE_FIELDS:
        name = f"fse_{attr}"
        form.fields[name] = forms.ChoiceField(label=label, choices=YES_NO, required=False)
        form.fse_sensitive_fields.append(name)
    form.fields["fse_sensitive_consent"] = forms.BooleanField(
        label=(
            _("La personne donne son consentement explicite au traitement de ces données sensibles")
            if on_behalf
            else _("Je donne mon consentement explicite au traitement de ces données sensibles")
        ),
        help_text=_(
            "Facultatif et distinct du précédent. Le handicap et l'appartenance à une minorité sont des données "
            "sensibles (article 9 du RGPD) : elles ne sont lues que par la personne chargée des rapports aux "
            "financeurs et conservées 13 mois après l'événement, puis effacées."
        ),
        required=False,
    )
    form.fse_sensitive_fields.append("fse_sensitive_consent")


def clean_fse(form, cleaned):
    """Answers given without their consent are refused (never dropped silently)."""
    if not getattr(form, "fse_enabled", False):
        return
    if any(cleaned.get(name) for name, *_rest in PROFILE_QUESTIONS) and not cleaned.get("fse_consent"):
        form.add_error(
            "fse_consent",
            _(
                "Cochez cette case pour que vos réponses aux questions du FSE+ soient enregistrées, ou laissez-les vides."
            ),
        )
    sensitive = [f"fse_{attr}" for attr, _label, _special in SENSITIVE_FIELDS]
    if any(cleaned.get(name) for name in sensitive) and not cleaned.get("fse_sensitive_consent"):
        form.add_error(
            "fse_sensitive_consent",
            _(
                "Cochez cette case pour que vos réponses aux questions sensibles soient enregistrées, ou laissez-les vides."
            ),
        )


def fse_answers(form):
    """{"profile": {...} or None, "sensitive": {...} or None} as `domain.record_fse_answers` takes
    them; None when the event is not co-financed."""
    if not getattr(form, "fse_enabled", False):
        return None
    data = form.cleaned_data
    profile = None
    if data.get("fse_consent"):
        profile = {attr: data.get(name) or "" for name, attr, _label, _choices in PROFILE_QUESTIONS}
    sensitive = None
    if data.get("fse_sensitive_consent"):
        values = {"yes": True, "no": False}
        sensitive = {attr: values.get(data.get(f"fse_{attr}")) for attr, _label, _special in SENSITIVE_FIELDS}
    return {"profile": profile, "sensitive": sensitive}
