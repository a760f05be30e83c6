from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GeneratedQuerySet(models.QuerySet):
    def generated(self):
        return self.filter(is_generated=True)

    def real(self):
        return self.filter(is_generated=False)


class GeneratedMixin(models.Model):
    """Records made up by the demo to reach a seed's figure carry this flag, so they can be told
    apart on screen and purged (`rallynov demo --purge-generated`)."""

    is_generated = models.BooleanField(
        _("donnée générée"),
        default=False,
        db_index=True,
        help_text=_("Enregistrement fictif créé par la démonstration pour atteindre un chiffre des bilans."),
    )

    class Meta:
        abstract = True


class TimestampedMixin(models.Model):
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


class ProgrammeQuerySet(models.QuerySet):
    def default(self):
        """The instance's default programme (DEFAULT_PROGRAMME_SLUG, else the first one)."""
        from django.conf import settings

        return self.filter(slug=settings.DEFAULT_PROGRAMME_SLUG).first() or self.order_by("pk").first()


class Programme(TimestampedMixin):
    """A region's social-innovation programme. Every programme record points to one."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), unique=True)
    short_name = models.CharField(_("nom court"), max_length=60, blank=True)
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("région"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    operator = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("structure porteuse"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",  # the operator does not need a reverse accessor
    )
    started_year = models.PositiveSmallIntegerField(_("année de lancement"), null=True, blank=True)
    site = models.OneToOneField(
        "wagtailcore.Site",
        verbose_name=_("site Wagtail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme",
    )
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name

    def departments(self):
        return self.region.current_departments()


class AuditEntry(models.Model):
    """Who changed what and when. Written by `core.audit.record`; never edited or deleted by hand."""

    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "accounts.User", verbose_name=_("auteur"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("auteur (libellé)"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(_("objet"), max_length=250)
    changes = models.JSONField(_("modifications"), default=dict, blank=True)
    note = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal des modifications")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("Le journal des modifications ne peut pas être modifié.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Le journal des modifications ne peut pas être supprimé.")


class QueuedEmailState(models.TextChoices):
    PENDING = "pending", _("à envoyer")
    SENT = "sent", _("envoyé")
    FAILED = "failed", _("abandonné après plusieurs échecs")
    DROPPED = "dropped", _("sans objet (destinataire effacé ou message devenu inutile)")


class QueuedEmail(models.Model):
    """An e-mail to send, queued in the transaction that makes it necessary (core.mailqueue).

    It holds no personal data: only what to build (`kind`, e.g. "events.registration") and about
    which record (`object_id`); the message is built when it is sent, from the record as it is
    then. A web request sends what it queued right after its commit, or leaves it to the worker
    (`rallynov send_emails --loop`, EMAIL_QUEUE_WORKER=true); a failed sending is tried again later."""

    kind = models.CharField(_("sorte"), max_length=60)
    object_id = models.CharField(max_length=64)
    state = models.CharField(_("état"), max_length=10, choices=QueuedEmailState.choices, default=QueuedEmailState.PENDING)
    created_at = models.DateTimeField(_("mis en file le"), default=timezone.now)
    due_at = models.DateTimeField(_("à envoyer à partir de"), default=timezone.now)
    # Whoever sends it first claims it until then (two senders never send the same e-mail).
    claim = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)

    class Meta:
        verbose_name = _("e-mail en file")
        verbose_name_plural = _("e-mails en file")
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["due_at"], condition=models.Q(state="pending"), name="core_queuedemail_due"),
            models.Index(fields=["kind", "object_id"], name="core_queuedemail_object"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.object_id} ({self.get_state_display()})"


class NationalSite(models.Model):
    """A Wagtail site that gathers every programme's published initiatives (the national
    catalogue, `rallynov create-national-site`): same records, no copies."""

    site = models.OneToOneField(
        "wagtailcore.Site", verbose_name=_("site Wagtail"), on_delete=models.CASCADE, related_name="national"
    )
    name = models.CharField(_("nom"), max_length=200)

    class Meta:
        verbose_name = _("site national")
        verbose_name_plural = _("sites nationaux")

    def __str__(self):
        return self.name
