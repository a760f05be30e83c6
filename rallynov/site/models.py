from collections.abc import Iterable, Mapping

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from rallynov.core.models import GeneratedMixin
from rallynov.core.text import fold
from rallynov.site.blocks import ContentBlocks
from rallynov.site.branding import validate_colour


def _texts(value):
    """Every string inside a StreamField's raw data (headings, paragraphs, quotes…)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if key not in ("type", "id"):
                yield from _texts(item)
    elif isinstance(value, Iterable):
        for item in value:
            yield from _texts(item)


class FoldedSearchMixin:
    """Adds the page's text without accents to the search index.

    PostgreSQL's French configuration keeps accents ("evenement" misses "événement") while
    SQLite's folds them; indexing a folded copy makes both match whatever the visitor typed
    (see site.queries.search_pages, which also tries the folded query)."""

    folded_source_fields = ("title", "intro")

    def folded_text(self):
        parts = [str(getattr(self, name, "") or "") for name in self.folded_source_fields]
        body = getattr(self, "body", None)
        if body is not None:
            parts.extend(_texts(body.raw_data))
        return fold(strip_tags(" ".join(parts)))


FOLDED = index.SearchField("folded_text")


class HomePage(FoldedSearchMixin, Page):
    """The programme's home page. Parts add their own sections below the intro (see site.home)."""

    tagline = models.CharField(_("accroche"), max_length=250, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(ContentBlocks(), verbose_name=_("contenu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("tagline"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body"), FOLDED]
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]
    template = "site/home_page.html"

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        from rallynov.site.home import home_sections

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = home_sections(request)
        return context


class StandardPage(FoldedSearchMixin, Page):
    """A free page with rich content blocks: legal notice, personal data, accessibility…"""

    intro = models.TextField(_("chapeau"), blank=True)
    body = StreamField(ContentBlocks(), verbose_name=_("contenu"), blank=True)
    updated_on = models.DateField(_("mis à jour le"), null=True, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body"), FieldPanel("updated_on")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body"), FOLDED]
    template = "site/standard_page.html"

    class Meta:
        verbose_name = _("page libre")
        verbose_name_plural = _("pages libres")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Links and texts that appear on every page of a programme's site."""

    legal_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("mentions légales"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",  # settings links need no reverse accessor on pages
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("données personnelles"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibilité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Affiché à 40 pixels de haut dans l'en-tête, à côté du nom du programme."),
    )
    primary_colour = models.CharField(
        _("couleur principale"),
        max_length=7,
        blank=True,
        validators=[validate_colour],
        help_text=_("Menu, boutons, liens et pied de page, au format #rrvvbb ; vide : la couleur de rallynov."),
    )
    accent_colour = models.CharField(
        _("couleur d'accent"),
        max_length=7,
        blank=True,
        validators=[validate_colour],
        help_text=_("Mises en avant, au format #rrvvbb ; vide : la couleur de rallynov."),
    )
    footer_text = models.TextField(
        _("texte du pied de page"),
        blank=True,
        help_text=_("Par exemple : « Rally'nov est financé par l'État, la Région et le FSE. »"),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("legal_page"), FieldPanel("privacy_page"), FieldPanel("accessibility_page")],
            heading=_("Pages obligatoires"),
        ),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("primary_colour"), FieldPanel("accent_colour")],
            heading=_("Identité visuelle"),
        ),
        FieldPanel("contact_email"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("réglages du site")


# --- News ---------------------------------------------------------------------------------------


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("rallynov_site.NewsPage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsIndexPage(FoldedSearchMixin, Page):
    """The list of news articles ("Actualités"), with RSS and Atom feeds. Partner editors may
    propose articles here; the programme team reviews and publishes them (moderation workflow)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro"), FOLDED]
    subpage_types = ["rallynov_site.NewsPage"]
    max_count_per_parent = 1
    template = "site/news_index_page.html"

    class Meta:
        verbose_name = _("liste des actualités")

    def get_context(self, request, *args, **kwargs):
        from rallynov.site import news

        context = super().get_context(request, *args, **kwargs)
        context.update(news.index_context(self, request))
        return context


class NewsPage(FoldedSearchMixin, GeneratedMixin, Page):
    """A news article: date, intro, image with its alternative text, rich content, tags."""

    programme = models.ForeignKey(
        "core.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="news"
    )
    date = models.DateField(_("date de l'actualité"), db_index=True)
    intro = models.TextField(_("chapeau"), max_length=500, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",  # images do not list the articles that use them
    )
    image_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_("Décrit l'image pour qui ne la voit pas. Vide : la description de l'image est utilisée."),
    )
    body = StreamField(ContentBlocks(), verbose_name=_("contenu"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("mots-clés"))

    content_panels = Page.content_panels + [
        FieldPanel("programme"),
        FieldPanel("date"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        FOLDED,
        index.FilterField("date"),
    ]
    parent_page_types = ["rallynov_site.NewsIndexPage"]
    subpage_types = []
    template = "site/news_page.html"

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")

    @property
    def alt_text(self):
        if self.image_alt:
            return self.image_alt
        return self.image.default_alt_text if self.image else ""


# --- Audience measurement (no cookie, no personal data; see site.audience) ----------------------


class PageViewDay(GeneratedMixin):
    """Page views of one path on one day."""

    programme = models.ForeignKey(
        "core.Programme", verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+"
    )  # figures query from the programme; no reverse accessor needed
    day = models.DateField(_("jour"))
    path = models.CharField(_("adresse"), max_length=255)
    title = models.CharField(_("titre"), max_length=255, blank=True)
    views = models.PositiveIntegerField(_("pages vues"), default=0)

    class Meta:
        verbose_name = _("pages vues par jour")
        verbose_name_plural = _("pages vues par jour")
        constraints = [models.UniqueConstraint(fields=["programme", "day", "path"], name="pageviewday_unique")]
        indexes = [models.Index(fields=["programme", "day"])]

    def __str__(self):
        return f"{self.day} {self.path} : {self.views}"


class VisitorDay(GeneratedMixin):
    """Estimated unique visitors of one day (count only, no identifier kept)."""

    programme = models.ForeignKey(
        "core.Programme", verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("jour"))
    visitors = models.PositiveIntegerField(_("visiteurs"), default=0)

    class Meta:
        verbose_name = _("visiteurs par jour")
        verbose_name_plural = _("visiteurs par jour")
        constraints = [models.UniqueConstraint(fields=["programme", "day"], name="visitorday_unique")]

    def __str__(self):
        return f"{self.day} : {self.visitors}"


class DailySalt(models.Model):
    """Today's random salt for visitor digests. Deleted once the day is over: yesterday's
    digests can then no longer be linked to anyone, not even by us."""

    day = models.DateField(unique=True)
    value = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("sel du jour")

    def __str__(self):
        return str(self.day)


class VisitorDigest(models.Model):
    """The digests seen today, so that a returning visitor is counted once. Deleted with the salt."""

    day = models.DateField()
    digest = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("empreinte du jour")
        constraints = [models.UniqueConstraint(fields=["day", "digest"], name="visitordigest_unique")]

    def __str__(self):
        return f"{self.day} {self.digest[:6]}…"
