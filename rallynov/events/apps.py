from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "rallynov.events"
    label = "events"
    verbose_name = "Événements"

    def ready(self):
        from rallynov.events import signals

        # A raised capacity gives its places to the waiting list, whoever saves the event.
        signals.connect()
