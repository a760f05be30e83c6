from django.urls import path, register_converter

from rallynov.core import converters  # noqa: F401  (registers <uslug:>)
from rallynov.initiatives import opendata_views, views
from rallynov.initiatives.followups import views as followups


class ExportFormat:
    regex = "csv|xlsx|geojson"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormat, "export_format")

app_name = "initiatives"

# Served before Wagtail's page tree: `initiatives/` is the CataloguePage's own URL, shadowed by
# the catalogue view; sheets (`initiatives/<slug>/`) stay Wagtail pages. The other paths use
# slugs reserved by InitiativePage.clean (see bulk.RESERVED_SLUGS).
urlpatterns = [
    path("initiatives/", views.catalogue, name="catalogue"),
    path("initiatives/carte.geojson", views.map_geojson, name="map_geojson"),
    path("initiatives/departements.geojson", views.map_departments, name="map_departments"),
    path("initiatives/carte/<int:pk>/", views.map_card, name="map_card"),
    path("initiatives/export.<export_format:fmt>", views.export, name="export"),
    # The open-data feed (initiatives.opendata), for harvesting.
    path("initiatives/donnees.csv", opendata_views.feed_csv, name="opendata_csv"),
    path("initiatives/donnees.json", opendata_views.feed_json, name="opendata_json"),
    path("initiatives/donnees.jsonld", opendata_views.dataset, name="opendata_dataset"),
    path("initiatives/signaler/", views.submit, name="submit"),
    path("initiatives/signaler/merci/", views.submitted, name="submitted"),
    path("initiatives/<uslug:slug>/fiche.pdf", views.sheet_pdf, name="sheet_pdf"),
    # Follow-ups proposed by holders, and their moderation (initiatives.followups).
    path("initiatives/suivis/<int:pk>/ajouter/", followups.add, name="follow_up_add"),
    path("initiatives/suivis/moderation/", followups.moderation, name="follow_up_moderation"),
    path("initiatives/suivis/moderation/<int:pk>/", followups.decide, name="follow_up_decide"),
    path("initiatives/suivis/image/<int:pk>/", followups.picture, name="follow_up_picture"),
]
