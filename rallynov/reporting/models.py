from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from rallynov.core.models import TimestampedMixin

SECTION_HELP = _("Texte libre placé en tête de la section ; laissez vide pour n'afficher que les données.")


class ReportEdition(TimestampedMixin):
    """The editorial side of one year's report ("bilan"): titles and a text per section.

    Figures and lists come from the records when the report is generated; only what people write
    lives here. The web page `/bilan/<year>/` is public once `is_published` is set.
    """

    programme = models.ForeignKey(
        "core.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="report_editions",
    )
    year = models.PositiveSmallIntegerField(_("année"))
    cover_title = models.CharField(
        _("titre de couverture"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : « Une année de travail collaboratif et exploratoire »."),
    )
    cover_subtitle = models.CharField(_("sous-titre"), max_length=250, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image de couverture"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",  # images do not list the reports that use them
    )
    intro = models.TextField(_("introduction"), blank=True, help_text=SECTION_HELP)
    figures_text = models.TextField(_("texte : chiffres clés"), blank=True, help_text=SECTION_HELP)
    events_text = models.TextField(_("texte : événements"), blank=True, help_text=SECTION_HELP)
    laureates_text = models.TextField(_("texte : lauréats"), blank=True, help_text=SECTION_HELP)
    initiatives_text = models.TextField(
        _("texte : nouvelles initiatives"), blank=True, help_text=SECTION_HELP
    )
    studies_text = models.TextField(_("texte : études"), blank=True, help_text=SECTION_HELP)
    partners_text = models.TextField(
        _("texte : partenaires et financeurs"), blank=True, help_text=SECTION_HELP
    )
    next_year_text = models.TextField(
        _("texte : programme de l'année suivante"), blank=True, help_text=SECTION_HELP
    )
    credits = models.CharField(
        _("crédits"), max_length=250, blank=True, help_text=_("Mise en page, crédits photos…")
    )
    is_published = models.BooleanField(
        _("publié sur le site"), default=False, help_text=_("La page « Bilan » de l'année devient publique.")
    )
    pdf = models.FileField(_("PDF généré"), upload_to="bilans/", blank=True, editable=False)
    pdf_generated_at = models.DateTimeField(_("PDF généré le"), null=True, blank=True, editable=False)

    panels = [
        FieldPanel("programme"),
        FieldPanel("year"),
        MultiFieldPanel(
            [
                FieldPanel("cover_title"),
                FieldPanel("cover_subtitle"),
                FieldPanel("cover_image"),
                FieldPanel("credits"),
            ],
            heading=_("Couverture"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("intro"),
                FieldPanel("figures_text"),
                FieldPanel("events_text"),
                FieldPanel("laureates_text"),
                FieldPanel("initiatives_text"),
                FieldPanel("studies_text"),
                FieldPanel("partners_text"),
                FieldPanel("next_year_text"),
            ],
            heading=_("Textes des sections"),
        ),
        FieldPanel("is_published"),
    ]

    class Meta:
        verbose_name = _("bilan annuel")
        verbose_name_plural = _("bilans annuels")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="unique_report_edition_per_year")
        ]

    def __str__(self):
        return f"Bilan {self.year} — {self.programme}"

    def section_texts(self):
        return {
            "intro": self.intro,
            "figures": self.figures_text,
            "events": self.events_text,
            "laureates": self.laureates_text,
            "initiatives": self.initiatives_text,
            "studies": self.studies_text,
            "partners": self.partners_text,
            "next_year": self.next_year_text,
        }
