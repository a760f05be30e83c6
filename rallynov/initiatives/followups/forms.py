"""The holder's follow-up form: dated, figures optional, a checked picture."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image

ALLOWED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
MAX_PIXELS = 40_000_000


class FollowUpForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        help_text=_("Le jour où ce qui est raconté s'est passé (jj/mm/aaaa)."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Saisissez une date valide, par exemple 15/03/2024.")},
    )
    title = forms.CharField(label=_("Titre"), max_length=200)
    text = forms.CharField(
        label=_("Ce qui a changé"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    jobs_created = forms.IntegerField(
        label=_("Emplois créés"),
        required=False,
        min_value=0,
        max_value=100_000,
        error_messages={"min_value": _("Un nombre d'emplois ne peut pas être négatif.")},
    )
    people_reached = forms.IntegerField(
        label=_("Personnes touchées"),
        required=False,
        min_value=0,
        max_value=10_000_000,
        error_messages={"min_value": _("Un nombre de personnes ne peut pas être négatif.")},
    )
    picture = forms.ImageField(
        label=_("Une image (facultatif)"),
        required=False,
        help_text=_(
            "JPEG, PNG ou WebP, 10 Mo au plus. Elle n'est publiée qu'après la validation de l'équipe."
        ),
        error_messages={"invalid_image": _("Ce fichier n'est pas une image lisible (JPEG, PNG ou WebP).")},
    )
    picture_alt = forms.CharField(
        label=_("Description de l'image"),
        max_length=250,
        required=False,
        help_text=_("Ce que montre l'image, pour les personnes qui ne la voient pas."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."))
        if date.year < 2000:
            raise forms.ValidationError(_("La date est trop ancienne (avant 2000)."))
        return date

    def clean_picture(self):
        picture = self.cleaned_data.get("picture")
        if not picture:
            return picture
        limit = getattr(settings, "UPLOAD_MAX_SIZE", 10 * 1024 * 1024)
        if picture.size > limit:
            raise forms.ValidationError(
                _("L'image dépasse %(mo)s Mo : réduisez-la puis envoyez-la à nouveau.")
                % {"mo": limit // (1024 * 1024)}
            )
        picture.seek(0)
        try:
            with Image.open(picture) as image:
                kind = image.format
                width, height = image.size
                image.verify()
        except Exception as exc:  # noqa: BLE001 - any decoding failure is a bad file
            raise forms.ValidationError(
                _("Ce fichier n'est pas une image lisible (JPEG, PNG ou WebP).")
            ) from exc
        if kind not in ALLOWED_FORMATS:
            raise forms.ValidationError(_("Format d'image refusé : envoyez un JPEG, un PNG ou un WebP."))
        if width * height > MAX_PIXELS:
            raise forms.ValidationError(_("L'image est trop grande (plus de 40 millions de pixels)."))
        picture.seek(0)
        picture.checked_extension = ALLOWED_FORMATS[kind]
        return picture

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("picture") and not (cleaned.get("picture_alt") or "").strip():
            self.add_error("picture_alt", _("Décrivez l'image en quelques mots (texte alternatif)."))
        return cleaned


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus (envoyé au porteur)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
