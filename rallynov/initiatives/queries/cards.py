"""What a list of initiatives shows: result cards read from the catalogue's tables, and pages in
a given order, each in a constant number of queries whatever the number of ids."""

from dataclasses import dataclass, field

from wagtail.images import get_image_model

from rallynov.initiatives.models import CatalogueEntry, InitiativePage, Theme

# What result_card.html asks for (srcset of the card's picture).
CARD_RENDITIONS = ("fill-480x270", "fill-960x540")


def initiatives_in_order(ids):
    """The pages of `ids`, in that order, with what a result card shows (constant query count)."""
    pages = (
        InitiativePage.objects.filter(pk__in=ids)
        .select_related("main_commune__department", "programme", "image")
        .prefetch_related("themes", "organizations", "image__renditions")
    )
    by_id = {p.pk: p for p in pages}
    return [by_id[i] for i in ids if i in by_id]


@dataclass
class ResultCard:
    """What a result of the catalogue shows, read from the catalogue's tables (no page objects)."""

    pk: int
    title: str
    url: str
    commune_name: str
    department_code: str
    year: int
    laureate_year: int | None
    summary: str = ""
    organizations: list = field(default_factory=list)  # names
    image: object = None  # a Wagtail image with the card's renditions prefetched
    alt_text: str = ""
    themes: list = field(default_factory=list)  # names, in the editors' order


def result_cards(ids, *, themes=None):
    """The result cards of `ids`, in that order: three light queries whatever the page size, and
    two more for the pictures. `themes`, when given, is Catalogue.themes (saves a query)."""
    if not ids:
        return []
    cards, pictures = {}, {}
    # The entry and what only the page holds (summary, picture) in one query.
    rows = CatalogueEntry.objects.filter(pk__in=ids).values_list(
        "pk", "title", "url", "commune_name", "department_code", "year", "laureate_year",
        "page__summary", "page__image_id", "page__image_alt",
    )
    for *fields, image_id, image_alt in rows:
        card = cards[fields[0]] = ResultCard(*fields, alt_text=image_alt)
        if image_id:
            pictures.setdefault(image_id, []).append(card)
    if pictures:  # two queries (images, their renditions) whatever the number of cards
        for image in get_image_model().objects.filter(pk__in=pictures).prefetch_renditions(*CARD_RENDITIONS):
            for card in pictures[image.pk]:
                card.image = image
                card.alt_text = card.alt_text or image.default_alt_text
    organizations = InitiativePage.organizations.through.objects.filter(initiativepage_id__in=ids)
    for pk, name in organizations.order_by("organization__name", "pk").values_list(
        "initiativepage_id", "organization__name"
    ):
        if pk in cards:
            cards[pk].organizations.append(name)
    if themes is None:
        themes = Theme.objects.values_list("pk", "slug", "name", "parent_id")
    order = {theme[0]: (position, theme[2]) for position, theme in enumerate(themes)}
    links = InitiativePage.themes.through.objects.filter(initiativepage_id__in=ids).values_list(
        "initiativepage_id", "theme_id"
    )
    for pk, theme_id in sorted(links, key=lambda link: order.get(link[1], (0, ""))):
        if pk in cards and theme_id in order:
            cards[pk].themes.append(order[theme_id][1])
    return [cards[i] for i in ids if i in cards]
