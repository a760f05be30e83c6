"""RSS 2.0 and Atom 1.0 feeds of the news."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from rallynov.core.queries import programme_for_request
from rallynov.site import news

FEED_SIZE = 20


class NewsFeed(Feed):
    description = "Les dernières actualités du programme."

    def get_object(self, request):
        from wagtail.models import Site

        index_page = news.news_index(site=Site.find_for_request(request))
        if index_page is None:
            raise Http404("Aucune page d'actualités.")
        # The feed instance is shared by every request: per-request data rides on the page object.
        index_page.feed_programme = programme_for_request(request)
        return index_page

    def title(self, obj):
        return f"{obj.feed_programme} — {obj.title}"

    def link(self, obj):
        return obj.get_url()

    def items(self, obj):
        return news.articles(obj)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro or item.search_description

    def item_link(self, item):
        return item.get_url()

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9, 0)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description
