from django.urls import path

from rallynov.site import views

app_name = "site"

urlpatterns = [
    path("plan-du-site/", views.sitemap_page, name="sitemap"),
]
