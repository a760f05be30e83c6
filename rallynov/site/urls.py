from django.urls import path, re_path

from rallynov.site import feeds, views

app_name = "site"

urlpatterns = [
    path("plan-du-site/", views.sitemap_page, name="sitemap"),
    path("actualites/", views.news_list, name="news"),
    path("actualites/rss/", feeds.NewsFeed(), name="news_rss"),
    path("actualites/atom/", feeds.NewsAtomFeed(), name="news_atom"),
    re_path(r"^actualites/abonnes\.(?P<fmt>csv|xlsx)$", views.newsletter_export, name="newsletter_export"),
    path("recherche/", views.search, name="search"),
]
