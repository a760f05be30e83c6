from django import forms
from django.utils.translation import gettext_lazy as _

from rallynov.initiatives.models import Submission, Theme
from rallynov.organizations.validators import normalise_siret, siret_error
from rallynov.territories.queries import CommuneError, resolve_commune


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name} › {obj.name}" if obj.parent_id else obj.name


class SubmissionForm(forms.Form):
    """"Signaler une innovation sociale". Every error is tied to its field; what was typed is kept."""

    relation = forms.ChoiceField(
        label=_("Vous êtes"), choices=Submission.Relation.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Nom de l'initiative"), max_length=200)
    organization_name = forms.CharField(label=_("Structure qui porte l'initiative"), max_length=200)
    siret = forms.CharField(
        label=_("SIRET de la structure (facultatif)"),
        max_length=20,
        required=False,
        help_text=_("14 chiffres, par exemple 362 521 879 00034."),
    )
    commune = forms.CharField(
        label=_("Commune"),
        max_length=120,
        help_text=_("Par exemple : Dole, ou Saint-Claude (39)."),
    )
    postal_code = forms.CharField(label=_("Code postal (facultatif)"), max_length=5, required=False)
    summary = forms.CharField(
        label=_("En quelques lignes, en quoi est-ce une innovation sociale ?"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    description = forms.CharField(
        label=_("Description (facultatif)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Le besoin, les actions menées, les résultats."),
    )
    themes = ThemeChoiceField(
        label=_("Thèmes"),
        queryset=Theme.objects.filter(parent__isnull=False)
        .select_related("parent")
        .order_by("parent__position", "parent__name", "position", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(label=_("Site web (facultatif)"), required=False, assume_scheme="https")
    submitter_name = forms.CharField(label=_("Votre nom"), max_length=150)
    submitter_email = forms.EmailField(label=_("Votre adresse e-mail"))
    publish_contact = forms.BooleanField(
        label=_("J'accepte que mon nom et mon e-mail soient affichés comme contact sur la fiche publique."),
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte que ces informations soient conservées par l'équipe du programme pour étudier ce "
            "signalement et me recontacter (3 ans au plus)."
        ),
        error_messages={"required": _("Votre accord est nécessaire pour que nous puissions traiter le signalement.")},
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by robots.
    nickname = forms.CharField(label=_("Laissez ce champ vide"), required=False)

    def __init__(self, *args, programme=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["nickname"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        for name in ("submitter_email",):
            self.fields[name].widget.attrs["autocomplete"] = "email"
        self.fields["submitter_name"].widget.attrs["autocomplete"] = "name"
        self.fields["postal_code"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "postal-code"})

    def full_clean(self):
        super().full_clean()
        # Errors are tied to their field for screen readers (RGAA 11.10).
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            described = [f"id_{name}-errors"]
            if self.fields[name].help_text:
                described.insert(0, f"id_{name}_helptext")
            attrs["aria-describedby"] = " ".join(described)

    @property
    def is_spam(self):
        return bool(self.data.get("nickname"))

    def clean_siret(self):
        value = self.cleaned_data.get("siret", "")
        if value and (error := siret_error(value)):
            raise forms.ValidationError(error)
        return normalise_siret(value)

    def clean(self):
        cleaned = super().clean()
        commune, postal_code = cleaned.get("commune"), cleaned.get("postal_code", "")
        if commune:
            region = self.programme.region if self.programme else None
            try:
                cleaned["commune_obj"] = resolve_commune(commune, postal_code, region=region)
            except CommuneError as exc:
                self.add_error("commune", str(exc))
        if cleaned.get("publish_contact") and cleaned.get("relation") != Submission.Relation.CARRIER:
            self.add_error(
                "publish_contact",
                _("Seule une personne de la structure peut être affichée comme contact de la fiche."),
            )
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV, XLSX ou GeoJSON"),
        help_text=_(
            "Colonnes : name, organization, organization_kind, siret, commune_insee (ou commune + postal_code), "
            "themes (séparés par |), year, summary, description, website, video_url, laureate_year."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Simulation : montrer ce qui serait créé, mis à jour ou rejeté, sans rien enregistrer"),
        required=False,
        initial=True,
    )

    MAX_SIZE = 50 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(_("Fichier trop volumineux (50 Mo au plus)."))
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx", ".geojson", ".json")):
            raise forms.ValidationError(_("Format non reconnu : CSV, XLSX ou GeoJSON attendu."))
        return upload
