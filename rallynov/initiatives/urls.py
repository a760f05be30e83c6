from django.urls import path, register_converter

from rallynov.core import converters  # noqa: F401  (registers <uslug:>)
from rallynov.initiatives import views


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
    path("initiatives/signaler/", views.submit, name="submit"),
    path("initiatives/signaler/merci/", views.submitted, name="submitted"),
    path("initiatives/<uslug:slug>/fiche.pdf", views.sheet_pdf, name="sheet_pdf"),
]
