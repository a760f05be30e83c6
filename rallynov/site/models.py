from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from rallynov.site.blocks import ContentBlocks


class HomePage(Page):
    """The programme's home page. Parts add their own sections below the intro (see site.home)."""

    tagline = models.CharField(_("accroche"), max_length=250, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(ContentBlocks(), verbose_name=_("contenu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("tagline"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
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


class StandardPage(Page):
    """A free page with rich content blocks: legal notice, personal data, accessibility…"""

    intro = models.TextField(_("chapeau"), blank=True)
    body = StreamField(ContentBlocks(), verbose_name=_("contenu"), blank=True)
    updated_on = models.DateField(_("mis à jour le"), null=True, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body"), FieldPanel("updated_on")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
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
        FieldPanel("contact_email"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("réglages du site")
