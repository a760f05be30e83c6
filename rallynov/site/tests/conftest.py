import datetime

import pytest
from django.utils.text import slugify

AUDIENCE = "rallynov.site.audience.AudienceMiddleware"
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"


@pytest.fixture
def site_pages(programme):
    """Home, legal pages and the empty news index (what the site needs, without the demo history)."""
    from rallynov.site import demo

    return demo.load_pages(programme=programme)


@pytest.fixture
def news_index(site_pages):
    from rallynov.site.models import NewsIndexPage

    return NewsIndexPage.objects.get()


@pytest.fixture
def make_article(news_index, programme):
    from rallynov.site.models import NewsPage

    def make(title, date, *, tags=(), intro="", body_text="", live=True):
        article = NewsPage(
            title=title,
            slug=slugify(title),
            programme=programme,
            date=date,
            intro=intro,
            body=[("paragraph", f"<p>{body_text}</p>")] if body_text else [],
            live=live,
        )
        article.tags.add(*tags)
        news_index.add_child(instance=article)
        return article

    return make


@pytest.fixture
def audience_on(settings):
    if AUDIENCE not in settings.MIDDLEWARE:
        index = settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
        settings.MIDDLEWARE = [*settings.MIDDLEWARE[: index + 1], AUDIENCE, *settings.MIDDLEWARE[index + 1 :]]


@pytest.fixture
def browser_client(client):
    client.defaults["HTTP_USER_AGENT"] = BROWSER_UA
    client.defaults["REMOTE_ADDR"] = "192.0.2.10"
    return client


@pytest.fixture
def today():
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def y2014():
    return datetime.date(2014, 1, 1), datetime.date(2014, 12, 31)
