from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SiteConfig(AppConfig):
    name = "rallynov.site"
    label = "rallynov_site"
    verbose_name = "Site public"

    def ready(self):
        post_migrate.connect(_ensure_page_tree_root, sender=self)


def _ensure_page_tree_root(using="default", **kwargs):
    """Wagtail's migrations create the default locale and the root of the page tree; a test flush
    (TransactionTestCase) removes them, and this puts them back."""
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    if not Locale.objects.using(using).exists():
        Locale.objects.using(using).create(language_code=settings.LANGUAGE_CODE)
    if not Page.objects.using(using).exists():
        Page.objects.using(using).create(
            title="Root", slug="root", depth=1, path="0001", numchild=0, url_path="/", draft_title="Root"
        )
    if not Collection.objects.using(using).exists():
        Collection.add_root(instance=Collection(name="Root"))
