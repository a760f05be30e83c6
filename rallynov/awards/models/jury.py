"""The jury: members, their conflicts of interest, assignments with scores, decisions."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rallynov.awards.enums import Outcome
from rallynov.awards.models.application import Application
from rallynov.awards.models.edition import Criterion, Edition
from rallynov.core.models import GeneratedMixin


class JuryMember(GeneratedMixin, models.Model):
    edition = models.ForeignKey(
        Edition, verbose_name=_("édition"), on_delete=models.CASCADE, related_name="jury"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="jury_memberships",
    )
    person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("personne"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jury_memberships",
    )
    is_president = models.BooleanField(_("président·e du jury"), default=False)
    conflicts_declared_at = models.DateTimeField(_("conflits déclarés le"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("dernière relance"), null=True, blank=True)

    class Meta:
        verbose_name = _("membre du jury")
        verbose_name_plural = _("membres du jury")
        ordering = ["edition", "pk"]
        constraints = [models.UniqueConstraint(fields=["edition", "user"], name="awards_one_membership")]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.person_id:
            return self.person.full_name
        return self.user.get_full_name() or self.user.email


class Conflict(models.Model):
    """A declared conflict of interest: with a structure (all its dossiers) or with one dossier."""

    member = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="conflicts")
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",  # structures do not need to list who is in conflict with them
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conflicts",
    )
    reason = models.CharField(_("motif"), max_length=300)
    declared_at = models.DateTimeField(_("déclaré le"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflit d'intérêts")
        verbose_name_plural = _("conflits d'intérêts")
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(application__isnull=False),
                name="awards_conflict_target",
            )
        ]

    def __str__(self):
        return self.reason


class Assignment(GeneratedMixin, models.Model):
    """A dossier given to a jury member to score; the review lives on it."""

    member = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="assignments")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    assigned_at = models.DateTimeField(_("affecté le"), auto_now_add=True)
    recommendation = models.CharField(_("recommandation"), max_length=20, choices=Outcome.choices, blank=True)
    comment = models.TextField(_("appréciation générale"), blank=True)
    weighted_score = models.FloatField(_("note pondérée"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("évaluation terminée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("affectation")
        verbose_name_plural = _("affectations")
        ordering = ["application__number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "application"], name="awards_one_assignment")
        ]

    def __str__(self):
        return f"{self.member} → {self.application.reference}"


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("note"))
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="awards_one_score")]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class Decision(models.Model):
    """The jury's decision on a dossier, with its motive; frozen once the edition is published."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("décision"), max_length=20, choices=Outcome.choices)
    motive = models.TextField(_("motif"))
    # None: a prize whose amount was not communicated (never shown as 0 €, see awards.prizes).
    amount = models.DecimalField(_("montant (€)"), max_digits=9, decimal_places=2, null=True, blank=True, default=Decimal(0))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )  # no reverse list of decisions per user
    decided_at = models.DateTimeField(_("décidé le"), auto_now=True)

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")

    def __str__(self):
        return f"{self.application.reference}: {self.get_outcome_display()}"

    @property
    def amount_text(self):
        """« 2 000 € », « montant non communiqué », or "" for a dossier not awarded anything."""
        from rallynov.awards.prizes import amount_text

        if self.amount is None or self.amount:
            return amount_text(self.amount)
        return ""
