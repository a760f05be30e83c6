"""Wagtail's app configs without the Wagtail API v3 registration, for a fast start.

Wagtail 8's redirects, snippets, images and documents apps register their content types and
routers with the Wagtail API v3 in `ready()`, even when the `wagtail.api.v3` app is not
installed. That import (django-ninja, pydantic schemas for every snippet, Django REST framework)
and the search for every app's `wagtail_hooks` it triggers cost about 1.5 s of CPU at every
start of every command (`rallynov help`), for an API rallynov does not serve (it has its own,
`rallynov.api`). These configs do what Wagtail's do, minus that registration, unless
`wagtail.api.v3` is installed (and the embeds config skips a settings check at start). Checked against Wagtail 8.0.1 (`tests/test_startup.py` fails if
a Wagtail upgrade changes these `ready()` methods).
"""

from django.apps import apps
from django.db.models import ForeignKey
from django.db.models.signals import post_migrate
from wagtail.contrib.redirects.apps import WagtailRedirectsAppConfig
from wagtail.documents.apps import WagtailDocsAppConfig
from wagtail.embeds.apps import WagtailEmbedsAppConfig
from wagtail.images.apps import WagtailImagesAppConfig
from wagtail.snippets.apps import WagtailSnippetsAppConfig


def _api_installed():
    return apps.is_installed("wagtail.api.v3")


class RedirectsConfig(WagtailRedirectsAppConfig):
    def ready(self):
        if _api_installed():
            return super().ready()
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.contrib.redirects.signal_handlers import (
            autocreate_redirects_on_page_move,
            autocreate_redirects_on_slug_change,
        )
        from wagtail.permissions import register_permission_policy
        from wagtail.signals import page_slug_changed, post_page_move

        register_permission_policy(Redirect)
        post_page_move.connect(autocreate_redirects_on_page_move)
        page_slug_changed.connect(autocreate_redirects_on_slug_change)


class EmbedsConfig(WagtailEmbedsAppConfig):
    """Wagtail checks its embed finders' settings at start, which imports `requests` for the
    default oEmbed finder (0.1 s); the finders are still built, and checked, at the first embed."""

    def ready(self):
        from wagtail.embeds import signal_handlers  # noqa: F401 (connects the handlers)


class SnippetsConfig(WagtailSnippetsAppConfig):
    def ready(self):
        if _api_installed():
            return super().ready()
        from wagtail.snippets.models import create_extra_permissions, register_deferred_snippets

        register_deferred_snippets()
        post_migrate.connect(create_extra_permissions, sender=self)


class DocumentsConfig(WagtailDocsAppConfig):
    def ready(self):
        if _api_installed():
            return super().ready()
        from wagtail.admin.ui.fields import register_display_class
        from wagtail.documents import get_document_model, get_permission_policy
        from wagtail.documents.components import DocumentDisplay
        from wagtail.documents.signal_handlers import register_signal_handlers
        from wagtail.models.reference_index import ReferenceIndex
        from wagtail.permissions import register_permission_policy

        Document = get_document_model()
        register_permission_policy(Document, get_permission_policy())
        register_signal_handlers()
        register_display_class(ForeignKey, to=Document, display_class=DocumentDisplay)
        ReferenceIndex.register_model(Document)


class ImagesConfig(WagtailImagesAppConfig):
    def ready(self):
        if _api_installed():
            return super().ready()
        from wagtail.admin.compare import register_comparison_class
        from wagtail.admin.forms.models import register_form_field_override
        from wagtail.admin.ui.fields import register_display_class
        from wagtail.images import get_image_model, get_permission_policy
        from wagtail.images.components import ImageDisplay
        from wagtail.images.edit_handlers import ImageFieldComparison
        from wagtail.images.signal_handlers import register_signal_handlers
        from wagtail.images.widgets import AdminImageChooser
        from wagtail.models.reference_index import ReferenceIndex
        from wagtail.permissions import register_permission_policy

        Image = get_image_model()
        register_permission_policy(Image, get_permission_policy())
        register_signal_handlers()
        register_form_field_override(ForeignKey, to=Image, override={"widget": AdminImageChooser})
        register_comparison_class(ForeignKey, to=Image, comparison_class=ImageFieldComparison)
        register_display_class(ForeignKey, to=Image, display_class=ImageDisplay)
        ReferenceIndex.register_model(Image)
