"""Reads for the news: the list with its tag filter and pages, the latest articles, the index."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from taggit.models import Tag

PER_PAGE = 10


def news_index(*, site=None, programme=None):
    """The news index page of a site (or of the programme's site), else None."""
    from rallynov.site.models import NewsIndexPage

    if site is None and programme is not None:
        site = programme.site
    pages = NewsIndexPage.objects.live()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return pages.first()


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
    tag_slug = request.GET.get("tag", "").strip()
    of = published(index_page)
    tags = list(tags_in_use(index_page, of=of))
    current_tag = next((t for t in tags if t.slug == tag_slug), None)
    error = ""
    if tag_slug and current_tag is None:
        error = f"Aucune actualité ne porte le mot-clé « {tag_slug[:40]} » : voici toutes les actualités."
    paginator = Paginator(articles(index_page, tag=current_tag.slug if current_tag else None, of=of), PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("page") or 1)
    except (PageNotAnInteger, EmptyPage):
        page_obj = paginator.page(1)
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
