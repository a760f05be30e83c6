from django.urls import path

from rallynov.api.v1 import api

urlpatterns = [path("v1/", api.urls)]
