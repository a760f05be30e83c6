from django.urls import path

from rallynov.reporting import views

app_name = "reporting"

urlpatterns = [
    path("chiffres-cles/", views.figures_page, name="figures"),
    path("chiffres-cles/tableau-de-bord/", views.dashboard, name="dashboard"),
    path("chiffres-cles/indicateurs-financeurs/", views.indicators, name="indicators"),
    path(
        "chiffres-cles/indicateurs-financeurs/export.xlsx", views.indicators_export, name="indicators_export"
    ),
    path("bilan/<int:year>/", views.report_page, name="report"),
    path("bilan/<int:year>/bilan.pdf", views.report_pdf, name="report_pdf"),
]
