"""The observatory: one initiative, one record, its whole life (DESIGN.md).

The initiative is a Wagtail page under the catalogue page, so it has revisions, preview,
moderation workflows and scheduled publishing. Prize applications, laureate badges, follow-ups,
events and studies all point to this same record.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from rallynov.core.models import GeneratedMixin
from rallynov.initiatives.enums import Source, Status


class Theme(models.Model):
    """Two-level themes: "Organisation du travail" > "Semaine de 4 jours". Editable by staff."""

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("thème parent"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["position", "name"]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name


class SustainableDevelopmentGoal(models.Model):
    """The 17 UN Sustainable Development Goals (ODD in French)."""

    number = models.PositiveSmallIntegerField(_("numéro"), unique=True)
    name = models.CharField(_("nom"), max_length=150)

    class Meta:
        verbose_name = _("objectif de développement durable")
        verbose_name_plural = _("objectifs de développement durable")
        ordering = ["number"]

    def __str__(self):
        return f"ODD {self.number} — {self.name}"


class CataloguePage(Page):
    """The catalogue ("Observatoire des innovations sociales"): parent of every initiative."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["initiatives.InitiativePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("catalogue des initiatives")


class InitiativePage(GeneratedMixin, Page):
    programme = models.ForeignKey(
        "core.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="initiatives"
    )
    summary = models.TextField(_("résumé"), max_length=600, blank=True)
    description = RichTextField(_("description"), blank=True)
    objectives = RichTextField(_("objectifs"), blank=True)
    actions = RichTextField(_("actions menées"), blank=True)
    results = RichTextField(_("résultats et impact"), blank=True)
    organizations = ParentalManyToManyField(
        "organizations.Organization", verbose_name=_("structures"), blank=True, related_name="initiatives"
    )
    themes = ParentalManyToManyField(Theme, verbose_name=_("thèmes"), blank=True, related_name="initiatives")
    sdgs = ParentalManyToManyField(
        SustainableDevelopmentGoal, verbose_name=_("ODD"), blank=True, related_name="initiatives"
    )
    communes = ParentalManyToManyField(
        "territories.Commune", verbose_name=_("communes"), blank=True, related_name="initiatives"
    )
    # The first commune, denormalised for the map and the department facet.
    main_commune = models.ForeignKey(
        "territories.Commune",
        verbose_name=_("commune principale"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",  # reached through `communes`; no second reverse accessor needed
    )
    year = models.PositiveSmallIntegerField(_("année de recensement"), db_index=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.INTERVIEW)
    status = models.CharField(_("état"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    started_year = models.PositiveSmallIntegerField(_("année de lancement"), null=True, blank=True)
    # Set by the prize (awards) through domain.set_laureate when the laureates are published.
    laureate_year = models.PositiveSmallIntegerField(
        _("lauréat du prix en"), null=True, blank=True, db_index=True
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",  # images do not list the pages that use them
    )
    video_url = models.URLField(_("vidéo"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    contact_name = models.CharField(_("contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail du contact"), blank=True)
    contact_consent_at = models.DateTimeField(
        _("accord pour publier le contact le"),
        null=True,
        blank=True,
        help_text=_("Le contact n'est affiché que si la personne a donné son accord."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("programme"),
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("objectives"), FieldPanel("actions"), FieldPanel("results")], heading=_("Détail")),
        MultiFieldPanel(
            [FieldPanel("organizations"), FieldPanel("communes"), FieldPanel("main_commune")],
            heading=_("Structures et territoire"),
        ),
        MultiFieldPanel([FieldPanel("themes"), FieldPanel("sdgs")], heading=_("Thèmes")),
        MultiFieldPanel(
            [
                FieldPanel("year"),
                FieldPanel("source"),
                FieldPanel("status"),
                FieldPanel("started_year"),
                FieldPanel("laureate_year"),
            ],
            heading=_("Recensement"),
        ),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("video_url"), FieldPanel("website")], heading=_("Médias")),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_consent_at")],
            heading=_("Contact"),
        ),
        InlinePanel("follow_ups", label=_("Suivis")),
        FieldPanel("is_generated"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("year"),
    ]
    parent_page_types = ["initiatives.CataloguePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")


class FollowUp(Orderable):
    """A dated update of a sheet: what changed, new figures (jobs created, people reached)."""

    initiative = ParentalKey(InitiativePage, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("date"))
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("ce qui a changé"), blank=True)
    jobs_created = models.PositiveIntegerField(_("emplois créés"), null=True, blank=True)
    people_reached = models.PositiveIntegerField(_("personnes touchées"), null=True, blank=True)

    panels = [
        FieldPanel("date"),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("jobs_created"),
        FieldPanel("people_reached"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("suivi")
        verbose_name_plural = _("suivis")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.title}"
