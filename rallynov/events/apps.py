from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "rallynov.events"
    label = "events"
    verbose_name = "Événements"
