"""A holder's proposed follow-up, waiting for the team's decision (imported by initiatives.models)."""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from rallynov.core.models import TimestampedMixin


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Pictures wait outside the web root (PRIVATE_MEDIA_ROOT, read when used, so that a changed
    setting is honoured) until the team approves them."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def picture_path(instance, filename):
    return f"suivis/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class FollowUpProposal(TimestampedMixin):
    class State(models.TextChoices):
        PENDING = "pending", _("En attente de modération")
        APPROVED = "approved", _("Publié sur la fiche")
        REJECTED = "rejected", _("Refusé")

    initiative = models.ForeignKey(
        "initiatives.InitiativePage",
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="follow_up_proposals",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up_proposals",
    )
    author_email = models.EmailField(_("e-mail de l'auteur"), blank=True)
    date = models.DateField(_("date"))
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("ce qui a changé"), blank=True)
    jobs_created = models.PositiveIntegerField(_("emplois créés"), null=True, blank=True)
    people_reached = models.PositiveIntegerField(_("personnes touchées"), null=True, blank=True)
    picture = models.FileField(_("image"), storage=PrivateStorage(), upload_to=picture_path, blank=True)
    picture_alt = models.CharField(_("description de l'image"), max_length=250, blank=True)
    state = models.CharField(
        _("état"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    reviewed_at = models.DateTimeField(_("modéré le"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField(_("motif du refus"), blank=True)
    erased_at = models.DateTimeField(_("effacé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("suivi proposé par un porteur")
        verbose_name_plural = _("suivis proposés par les porteurs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.title}"
