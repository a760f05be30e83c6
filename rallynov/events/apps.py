from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "rallynov.events"
    label = "events"
    verbose_name = "Événements"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from rallynov.events.domain import clear_reference_caches

        # The departments of postal codes and communes that registrations ask for are kept in
        # memory: a change of the territories empties them.
        for model in ("territories.Commune", "territories.Department"):
            post_save.connect(clear_reference_caches, sender=model, dispatch_uid=f"events-refcache-save-{model}")
            post_delete.connect(clear_reference_caches, sender=model, dispatch_uid=f"events-refcache-delete-{model}")
