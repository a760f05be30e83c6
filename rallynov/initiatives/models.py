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

from rallynov.core.models import GeneratedMixin, TimestampedMixin
from rallynov.core.routing import route_to_child
from rallynov.initiatives.admin_forms import InitiativePageForm
from rallynov.initiatives.enums import Source, Status
from rallynov.initiatives.panels import ModerationPanel


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

    def serve(self, request, *args, **kwargs):
        # The catalogue is a Django view (search, facets, map); the page gives it its title,
        # its introduction and its place in the tree.
        from rallynov.initiatives.views import catalogue

        return catalogue(request)

    def serve_preview(self, request, mode_name):
        return self.serve(request)

    def route(self, request, path_components):
        # A sheet is read in one query with the commune, department and image it shows.
        found = route_to_child(
            self, request, path_components, model=InitiativePage, select_related=("main_commune__department", "image")
        )
        return found if found is not None else super().route(request, path_components)


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
    image_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_("Décrit l'image pour qui ne la voit pas. Vide : la description de l'image est utilisée."),
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

    base_form_class = InitiativePageForm
    content_panels = [
        ModerationPanel(heading=_("Modération")),
        *Page.content_panels,
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
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt"), FieldPanel("video_url"), FieldPanel("website")],
            heading=_("Médias"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_consent_at")],
            heading=_("Contact"),
        ),
        InlinePanel("gallery", label=_("Autres images")),
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
    template = "initiatives/initiative_page.html"

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        from rallynov.initiatives.bulk import RESERVED_SLUGS

        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("« %(slug)s » est réservé par le catalogue.") % {"slug": self.slug}})

    RICH_TEXT_FIELDS = ("description", "objectives", "actions", "results")

    def save(self, *args, **kwargs):
        # Rich text is sanitised whatever its way in (editor, import, API of another part).
        from rallynov.core.sanitize import clean_html

        for name in self.RICH_TEXT_FIELDS:
            setattr(self, name, clean_html(getattr(self, name)))
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from rallynov.initiatives.sheets import sheet_context

        context = super().get_context(request, *args, **kwargs)
        context.update(sheet_context(self, request))
        return context

    @property
    def department(self):
        return self.main_commune.department if self.main_commune_id else None

    @property
    def alt_text(self):
        if self.image_alt:
            return self.image_alt
        return self.image.default_alt_text if self.image_id else ""


class FollowUp(GeneratedMixin, Orderable):
    """A dated update of a sheet: what changed, new figures (jobs created, people reached). The
    demo's follow-ups, made up to reach a report's figure, are marked as generated."""

    initiative = ParentalKey(InitiativePage, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("date"))
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("ce qui a changé"), blank=True)
    jobs_created = models.PositiveIntegerField(_("emplois créés"), null=True, blank=True)
    people_reached = models.PositiveIntegerField(_("personnes touchées"), null=True, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",  # images do not list the follow-ups that use them
    )
    image_alt = models.CharField(_("texte alternatif de l'image"), max_length=250, blank=True)

    panels = [
        FieldPanel("date"),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("jobs_created"),
        FieldPanel("people_reached"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldPanel("is_generated"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("suivi")
        verbose_name_plural = _("suivis")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.title}"


class InitiativeImage(Orderable):
    """More pictures of an initiative, each with its alternative text."""

    initiative = ParentalKey(InitiativePage, on_delete=models.CASCADE, related_name="gallery")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",  # images do not list the pages that use them
    )
    alt_text = models.CharField(
        _("texte alternatif"),
        max_length=250,
        help_text=_("Ce que montre l'image, pour les personnes qui ne la voient pas."),
    )
    caption = models.CharField(_("légende"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class CatalogueEntry(models.Model):
    """The read model of the public catalogue: one flat row per *published* initiative.

    Search, facets, the map and the API read only this table (and its two link tables), so that
    counting 100,000 initiatives needs neither Wagtail's page tree nor the page revisions. It is
    rewritten by `indexing.index_initiative` whenever a page is published, unpublished, moved
    or deleted, and rebuilt whole by `rallynov reindex-initiatives`.

    Being a projection of the pages, it has no foreign-key constraint in the database, nor have
    its link tables: deleting a page, a theme or a programme removes its rows through Django's
    `on_delete` (initiatives/tests/test_read_model_cascade.py), a rebuild drops any row whose page is gone,
    and a 100,000-row import does not pay 900,000 key checks at commit (a third of them all).
    The single-column indexes Django would add are left out where a composite index of the
    table begins with the same column.
    """

    page = models.OneToOneField(
        InitiativePage,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="catalogue_entry",
        db_constraint=False,
    )
    programme = models.ForeignKey(
        "core.Programme", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    title = models.CharField(max_length=255)
    sort_key = models.CharField(max_length=255)
    url = models.CharField(max_length=500, blank=True)
    commune_name = models.CharField(max_length=100, blank=True)
    year = models.PositiveSmallIntegerField()
    department_code = models.CharField(max_length=3, blank=True)
    organization_kind = models.CharField(max_length=30, blank=True)
    laureate_year = models.PositiveSmallIntegerField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Folded Snowball stems of every searchable text of the sheet (title, summary, description,
    # structures, communes, themes), separated by spaces; searched through FTS5 on SQLite and a
    # 'simple' tsvector on PostgreSQL (see migrations 0004 and queries/fulltext.py).
    stems = models.TextField(blank=True)

    class Meta:
        verbose_name = _("entrée du catalogue")
        verbose_name_plural = _("entrées du catalogue")
        indexes = [
            models.Index(fields=["programme", "year"], name="init_entry_prog_year"),
            models.Index(fields=["programme", "department_code"], name="init_entry_prog_dep"),
            models.Index(fields=["programme", "organization_kind"], name="init_entry_prog_kind"),
            models.Index(fields=["programme", "laureate_year"], name="init_entry_prog_laureate"),
            models.Index(fields=["programme", "sort_key"], name="init_entry_prog_sort"),
            models.Index(fields=["programme", "published_at"], name="init_entry_prog_published"),
            # Facet counts and the default order read these indexes alone, never the wide rows.
            models.Index(
                fields=["programme", "department_code", "year", "organization_kind", "laureate_year", "page"],
                name="init_entry_prog_facets",
            ),
            models.Index(fields=["programme", "-year", "sort_key", "page"], name="init_entry_prog_year_sort"),
        ]

    def __str__(self):
        return self.title


class CatalogueEntryTheme(models.Model):
    """An entry's themes, each leaf theme with its parent (so that "Mobilité" finds "Covoiturage")."""

    # No constraint nor index of their own: see CatalogueEntry (the unique pair and the reverse
    # index below begin with each column).
    entry = models.ForeignKey(
        CatalogueEntry, on_delete=models.CASCADE, related_name="theme_links", db_constraint=False, db_index=False
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "theme"], name="unique_entry_theme")]
        indexes = [models.Index(fields=["theme", "entry"], name="init_entry_theme_rev")]

    def __str__(self):
        return f"{self.entry_id} → {self.theme_id}"


class CatalogueEntrySdg(models.Model):
    # No constraint nor index of their own: see CatalogueEntry (the unique pair and the reverse
    # index below begin with each column).
    entry = models.ForeignKey(
        CatalogueEntry, on_delete=models.CASCADE, related_name="sdg_links", db_constraint=False, db_index=False
    )
    sdg = models.ForeignKey(
        SustainableDevelopmentGoal, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "sdg"], name="unique_entry_sdg")]
        indexes = [models.Index(fields=["sdg", "entry"], name="init_entry_sdg_rev")]

    def __str__(self):
        return f"{self.entry_id} → ODD {self.sdg_id}"


class Submission(TimestampedMixin):
    """A public report ("Signaler une innovation sociale"): who reported the initiative, with their
    consent, and the draft page it became. The submitter's data stays here, never on the page."""

    class Relation(models.TextChoices):
        CARRIER = "porteur", _("Je représente la structure qui porte l'initiative")
        THIRD_PARTY = "tiers", _("Je signale l'initiative d'une autre structure")

    class State(models.TextChoices):
        PENDING = "en_attente", _("En attente de modération")
        PUBLISHED = "publie", _("Publiée")
        REJECTED = "refuse", _("Refusée")

    programme = models.ForeignKey("core.Programme", on_delete=models.CASCADE, related_name="+")
    initiative = models.OneToOneField(
        InitiativePage,
        verbose_name=_("initiative"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submission",
    )
    relation = models.CharField(_("lien avec l'initiative"), max_length=10, choices=Relation.choices)
    submitter_name = models.CharField(_("nom de la personne qui signale"), max_length=150)
    submitter_email = models.EmailField(_("e-mail de la personne qui signale"))
    organization_name = models.CharField(_("structure"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    commune = models.ForeignKey(
        "territories.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    consent_at = models.DateTimeField(_("consentement donné le"))
    state = models.CharField(_("état"), max_length=12, choices=State.choices, default=State.PENDING, db_index=True)
    acknowledged_at = models.DateTimeField(_("accusé de réception envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["-created_at"]

    def __str__(self):
        title = self.initiative.title if self.initiative_id else _("initiative supprimée")
        return f"{title} ({self.submitter_name})"


# Follow-ups proposed by the holders, waiting for moderation (initiatives.followups).
from rallynov.initiatives.followups.models import FollowUpProposal  # noqa: E402, F401

# Partners' catalogues harvested into a programme's moderation workflow (initiatives.harvest).
from rallynov.initiatives.harvest.models import HarvestedSheet, HarvestSource  # noqa: E402, F401
