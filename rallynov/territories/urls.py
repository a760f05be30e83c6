from django.urls import path

from rallynov.territories import views

app_name = "territories"

urlpatterns = [
    path("territoires/communes/", views.commune_search, name="commune_search"),
]
