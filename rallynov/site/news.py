"""Reads for the news: the list with its tag filter and pages, the latest articles, the index."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from taggit.models import Tag

from rallynov.core import snapshot

PER_PAGE = 10
# What the last pages of the news list showed, per data stamp (core.snapshot).
KEPT_LIST_PAGES = snapshot.KeptValues(64)


def news_index(*, site=None, programme=None):
    """The news index page of a site (or of the programme's site), else None."""
    from rallynov.site.models import NewsIndexPage

    if site is None and programme is not None:
        site = programme.site
    pages = NewsIndexPage.objects.live()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return pages.first()


def kept_news_index(site):
    """news_index(site=site) as its specific page, kept per data stamp (`/actualites/` serves it)."""
    return snapshot.remember(
        ("news-index", site.pk if site is not None else None),
        snapshot.data_stamp(),
        lambda: getattr(news_index(site=site), "specific", None),
    )


def published(index_page):
    """The live, public articles of `index_page` (`public()` reads the private sections: a page
    that filters them twice builds this once)."""
    from rallynov.site.models import NewsPage

    return NewsPage.objects.live().public().child_of(index_page)


def articles(index_page, *, tag=None, of=None):
    """The articles of `index_page`, most recent first (`of`: published(index_page), when the
    caller has it)."""
    pages = (
        (published(index_page) if of is None else of)
        .select_related("image")
        .prefetch_related("tags", "image__renditions")  # one query for every card's picture sizes
        .order_by("-date", "-pk")
    )
    if tag:
        pages = pages.filter(tags__slug=tag)
    return pages


def tags_in_use(index_page, *, of=None):
    from rallynov.site.models import NewsPageTag

    ids = (published(index_page) if of is None else of).values("pk")
    return Tag.objects.filter(
        pk__in=NewsPageTag.objects.filter(content_object__in=ids).values("tag")
    ).order_by("name")


def index_context(index_page, request):
    """The news list's page asked for (tag, page number): kept per data stamp, every visitor of
    it seeing the same until a write (an article published, unpublished or changed)."""
    tag_slug = request.GET.get("tag", "").strip()
    number = request.GET.get("page") or 1
    return KEPT_LIST_PAGES.get((index_page.pk, tag_slug[:100], str(number)[:20]), lambda: read_index(index_page, tag_slug, number))


def read_index(index_page, tag_slug, number):
    of = published(index_page)
    tags = list(tags_in_use(index_page, of=of))
    current_tag = next((t for t in tags if t.slug == tag_slug), None)
    error = ""
    if tag_slug and current_tag is None:
        error = f"Aucune actualité ne porte le mot-clé « {tag_slug[:40]} » : voici toutes les actualités."
    paginator = Paginator(articles(index_page, tag=current_tag.slug if current_tag else None, of=of), PER_PAGE)
    try:
        page_obj = paginator.page(number)
    except (PageNotAnInteger, EmptyPage):
        page_obj = paginator.page(1)
    page_obj.object_list = list(page_obj.object_list)  # read now, kept with the page
    return {"articles": page_obj, "tags": tags, "current_tag": current_tag, "tag_error": error}


def latest(*, programme, limit=3):
    """The latest articles of a programme (home page)."""
    from rallynov.site.models import NewsPage

    return list(
        NewsPage.objects.live()
        .public()
        .filter(programme=programme)
        .select_related("image")
        .prefetch_related("image__renditions")  # one query for every card's picture sizes
        .order_by("-date", "-pk")[:limit]
    )
