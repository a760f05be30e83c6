from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from rallynov.site.accessibility import load_audit


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("citation"))
    author = blocks.CharBlock(label=_("auteur"), required=False)

    class Meta:
        icon = "openquote"
        template = "site/blocks/quote.html"
        label = _("Citation")


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"))
    text = blocks.TextBlock(label=_("texte"), required=False)
    link_label = blocks.CharBlock(label=_("libellé du lien"))
    link_url = blocks.CharBlock(label=_("adresse du lien"), help_text=_("Adresse relative (/initiatives/) ou complète."))

    class Meta:
        icon = "link"
        template = "site/blocks/cta.html"
        label = _("Appel à l'action")


class AccessibilityAuditBlock(blocks.StaticBlock):
    """The figures of the accessibility statement, measured by the project's own axe runs
    (site.accessibility), never typed in: date, pages, rules, rate, environment, what fails."""

    class Meta:
        icon = "success"
        template = "site/blocks/accessibility_audit.html"
        label = _("Résultats de l'audit d'accessibilité")
        admin_text = _("Affiche l'état de conformité et les résultats mesurés par les tests automatisés.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["audit"] = load_audit()
        return context


class ContentBlocks(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", label=_("intertitre"), template="site/blocks/heading.html")
    paragraph = blocks.RichTextBlock(label=_("paragraphe"))
    image = ImageBlock(label=_("image"))
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    document = DocumentChooserBlock(label=_("document"), template="site/blocks/document.html")
    video = EmbedBlock(label=_("vidéo"), help_text=_("Lien YouTube ou Vimeo."), template="site/blocks/video.html")
    accessibility_audit = AccessibilityAuditBlock()
