"""Dossiers, their attachments and the programme team's comments."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from rallynov.awards.enums import ApplicationStatus, CommentKind
from rallynov.awards.models.edition import Edition, Question
from rallynov.core.models import GeneratedMixin, TimestampedMixin


class Application(GeneratedMixin, TimestampedMixin):
    """A dossier: a structure applies with one initiative to one edition."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("édition"), on_delete=models.PROTECT, related_name="applications"
    )
    number = models.PositiveIntegerField(_("numéro"), default=0)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("porteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="award_applications",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("structure"),
        on_delete=models.PROTECT,
        related_name="award_applications",
    )
    initiative = models.ForeignKey(
        "initiatives.InitiativePage",
        verbose_name=_("initiative"),
        on_delete=models.PROTECT,
        related_name="award_applications",
    )
    contact_name = models.CharField(_("personne à contacter"), max_length=150, blank=True)
    contact_phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    answers = models.JSONField(_("réponses"), default=dict, blank=True)
    status = models.CharField(
        _("état"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("déposé le"), null=True, blank=True)
    eligibility_reason = models.TextField(_("motif de (non-)recevabilité"), blank=True)
    letter_sent_at = models.DateTimeField(_("courrier envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier de candidature")
        verbose_name_plural = _("dossiers de candidature")
        ordering = ["edition", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "initiative"], name="awards_one_application_per_initiative"
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.initiative.title}"

    @property
    def reference(self):
        return f"{self.edition.year}-{self.number:03d}"

    @property
    def title(self):
        return self.initiative.title

    @property
    def decision_or_none(self):
        try:
            return self.decision
        except ObjectDoesNotExist:
            return None


class Attachment(models.Model):
    """A file attached to a dossier, stored outside the web root (PRIVATE_MEDIA_ROOT)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )  # a question does not list the files answering it; the dossier does
    path = models.CharField(max_length=300, editable=False)
    name = models.CharField(_("nom du fichier"), max_length=150)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )  # users do not need a list of the files they uploaded
    uploaded_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


class Comment(models.Model):
    """Staff notes on a dossier and requests for missing pieces (the latter are e-mailed)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )  # authors do not need a list of their comments
    kind = models.CharField(
        _("type"), max_length=10, choices=CommentKind.choices, default=CommentKind.COMMENT
    )
    text = models.TextField(_("texte"))
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]
