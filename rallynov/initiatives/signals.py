"""Publishing, unpublishing or moving an initiative updates the catalogue at once (deleting it
deletes its entry through the cascade)."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from rallynov.initiatives.indexing import index_initiative
from rallynov.initiatives.models import InitiativePage


@receiver(page_published, sender=InitiativePage)
def refresh_on_publication(sender, instance, **kwargs):
    from rallynov.initiatives.domain import complete_published_submission

    complete_published_submission(page=instance)
    index_initiative(instance)


@receiver(page_unpublished, sender=InitiativePage)
def refresh_on_unpublication(sender, instance, **kwargs):
    index_initiative(instance)


@receiver(post_page_move)
def refresh_on_move(sender, instance, **kwargs):
    if isinstance(instance.specific_deferred, InitiativePage):
        index_initiative(instance)
