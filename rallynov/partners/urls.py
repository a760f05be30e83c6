from django.urls import path

from rallynov.partners import views

app_name = "partners"

urlpatterns = [
    path("partenaires/", views.index, name="index"),
    path("partenaires/<int:pk>/", views.detail, name="detail"),
]
