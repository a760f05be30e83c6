"""Pictures of the demo: one illustration drawn here per theme (rallynov.core.illustrations,
CC0), put on the initiatives of that theme, on the events and on the news without a picture.

The images live in one collection, « Illustrations générées (démonstration) »: that is their
generated-demo mark (Wagtail images have no flag of their own), and `rallynov demo
--purge-generated` deletes them. Their renditions are made here, so the first visitor does not
wait for them.
"""

import io

from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Collection

from rallynov.core.illustrations import MOTIFS, png_bytes

COLLECTION = "Illustrations générées (démonstration)"
# The sizes the templates ask for (cards, sheets, event and news pages): made in advance.
RENDITIONS = (
    "fill-480x270",
    "fill-960x540",
    "fill-320x200",
    "fill-640x400",
    "width-400",
    "width-800",
    "width-1200",
)


def generated_collection(create=False):
    collection = Collection.objects.filter(name=COLLECTION).first()
    if collection is None and create:
        collection = Collection.get_first_root_node().add_child(name=COLLECTION)
    return collection


def illustration(motif, label, collection):
    Image = get_image_model()
    title = f"Illustration générée — {label}"
    image = Image.objects.filter(collection=collection, title=title).first()
    if image is None:
        image = Image(
            title=title,
            collection=collection,
            description=f"Illustration géométrique aux couleurs du thème « {label} »",
        )
        image.file = ImageFile(io.BytesIO(png_bytes(motif)), name=f"illustration-{motif}.png")
        image.save()
        image.get_renditions(*RENDITIONS)
    return image


def _root_theme(theme, by_pk):
    while theme.parent_id and theme.parent_id in by_pk:
        theme = by_pk[theme.parent_id]
    return theme


@transaction.atomic
def load(*, programme, log, now=None):
    from rallynov.events.models import EventPage
    from rallynov.initiatives.models import InitiativePage, Theme
    from rallynov.site.models import NewsPage

    collection = generated_collection(create=True)
    themes = {theme.pk: theme for theme in Theme.objects.all()}
    pictures = {}
    for theme in themes.values():
        root = _root_theme(theme, themes)
        if root.slug in MOTIFS and root.pk not in pictures:
            pictures[root.pk] = illustration(root.slug, root.name, collection)

    by_picture = {}
    initiatives = InitiativePage.objects.filter(programme=programme, image__isnull=True).prefetch_related(
        "themes"
    )
    for initiative in initiatives:
        first = next(iter(initiative.themes.all()), None)
        if first is not None:
            picture = pictures.get(_root_theme(first, themes).pk)
            if picture is not None:
                by_picture.setdefault(picture.pk, []).append(initiative.pk)
    # One UPDATE per picture: the live pages carry it (their revisions keep their own content).
    for picture_pk, ids in by_picture.items():
        InitiativePage.objects.filter(pk__in=ids).update(image_id=picture_pk)

    event_picture = illustration("evenement", "Événements", collection)
    events = EventPage.objects.filter(programme=programme, image__isnull=True).update(image=event_picture)
    news_picture = illustration("actualite", "Actualités", collection)
    news = NewsPage.objects.filter(programme=programme, image__isnull=True).update(image=news_picture)
    count = sum(len(ids) for ids in by_picture.values())
    log(
        f"  illustrations générées : {len(pictures) + 2} images, {count} initiatives, {events} événements, "
        f"{news} actualités"
    )


@transaction.atomic
def purge(*, log):
    """Delete the generated illustrations (the pages that showed them lose their picture)."""
    collection = generated_collection()
    if collection is None:
        return 0
    images = get_image_model().objects.filter(collection=collection)
    count = images.count()  # the images themselves, not their renditions deleted with them
    images.delete()
    collection.delete()
    return count
