"""An edition of the prize: its call, application form, criteria grid and letters."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from rallynov.awards.enums import Outcome, QuestionKind
from rallynov.core.models import GeneratedMixin, TimestampedMixin
from rallynov.organizations.enums import OrganizationKind


class EditionForm(WagtailAdminModelForm):
    """The admin form of an edition: the vice-president is chosen among this edition's jury."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("vice_president")
        if field is not None:
            field.queryset = field.queryset.filter(edition_id=self.instance.pk, is_president=False)


class Edition(GeneratedMixin, TimestampedMixin, ClusterableModel):
    """One year's prize and its call for applications."""

    programme = models.ForeignKey(
        "core.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="award_editions"
    )
    year = models.PositiveSmallIntegerField(_("année"), help_text=_("L'année du prix, par exemple 2022."))
    title = models.CharField(_("titre"), max_length=200)
    intro = models.TextField(_("présentation"), blank=True)
    rules = RichTextField(_("règlement"), blank=True)
    rules_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("règlement (PDF)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",  # documents do not list the editions that use them
    )
    eligible_region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("territoire éligible"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",  # regions do not need to list editions
        help_text=_("Vide : toutes les structures, quelle que soit leur commune."),
    )
    eligible_kinds = models.JSONField(
        _("types de structure éligibles"),
        default=list,
        blank=True,
        help_text=_("Codes des types de structure admis ; vide : tous."),
    )
    opens_at = models.DateTimeField(_("ouverture de l'appel"))
    closes_at = models.DateTimeField(
        _("clôture de l'appel"),
        help_text=_("Heure de Paris. Aucun dépôt n'est accepté à partir de cet instant."),
    )
    prize_count = models.PositiveSmallIntegerField(_("nombre de prix"), default=3)
    # None: the amount is not communicated (the 2022 prizes), which is not 0 € (awards.prizes).
    prize_amount = models.DecimalField(
        _("montant d'un prix (€)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Laisser vide si le montant n'est pas communiqué."),
    )
    mention_count = models.PositiveSmallIntegerField(_("nombre de mentions"), default=0)
    mention_amount = models.DecimalField(
        _("montant d'une mention (€)"), max_digits=9, decimal_places=2, default=Decimal(0)
    )
    score_min = models.PositiveSmallIntegerField(_("note minimale"), default=0)
    score_max = models.PositiveSmallIntegerField(_("note maximale"), default=5)
    reviews_per_application = models.PositiveSmallIntegerField(
        _("évaluations par dossier"), default=3, validators=[MinValueValidator(1)]
    )
    blind_review = models.BooleanField(
        _("évaluation anonyme"), default=False, help_text=_("Le jury ne voit ni la structure ni le porteur.")
    )
    hide_scores_until_deliberation = models.BooleanField(
        _("notes cachées jusqu'à la délibération"),
        default=True,
        help_text=_("Un juré ne voit pas les notes des autres avant l'ouverture de la délibération."),
    )
    normalise_scores = models.BooleanField(
        _("normaliser les notes"),
        default=False,
        help_text=_(
            "Centre-réduit les notes de chaque juré (z-score) pour neutraliser sévérité et indulgence."
        ),
    )
    deliberation_open = models.BooleanField(_("délibération ouverte"), default=False)
    vice_president = models.ForeignKey(
        "awards.JuryMember",
        verbose_name=_("vice-président·e du jury"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",  # a member does not need to list the editions they vice-chair
        help_text=_(
            "Décide à la place du président les dossiers avec lesquels il est en conflit d'intérêts."
        ),
    )
    awarded_on = models.DateField(
        _("date de remise des prix"),
        null=True,
        blank=True,
        help_text=_("Date de la cérémonie ou de la publication."),
    )
    published_at = models.DateTimeField(_("résultats publiés le"), null=True, blank=True)

    base_form_class = EditionForm
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("programme"),
                FieldRowPanel([FieldPanel("year"), FieldPanel("title")]),
                FieldPanel("intro"),
            ],
            heading=_("Édition"),
        ),
        MultiFieldPanel([FieldPanel("rules"), FieldPanel("rules_document")], heading=_("Règlement")),
        MultiFieldPanel(
            [FieldPanel("eligible_region"), FieldPanel("eligible_kinds")], heading=_("Éligibilité")
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]), FieldPanel("awarded_on")],
            heading=_("Calendrier"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("prize_count"), FieldPanel("prize_amount")]),
                FieldRowPanel([FieldPanel("mention_count"), FieldPanel("mention_amount")]),
            ],
            heading=_("Prix et mentions"),
        ),
        InlinePanel("questions", heading=_("Questions du formulaire de candidature"), label=_("Question")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("score_min"), FieldPanel("score_max")]),
                FieldPanel("reviews_per_application"),
                FieldPanel("blind_review"),
                FieldPanel("hide_scores_until_deliberation"),
                FieldPanel("normalise_scores"),
                FieldPanel("vice_president"),
            ],
            heading=_("Jury et notation"),
        ),
        InlinePanel("criteria", heading=_("Grille de critères"), label=_("Critère")),
        InlinePanel("letter_templates", heading=_("Modèles de courriers"), label=_("Modèle")),
        FieldPanel("is_generated"),
    ]

    class Meta:
        verbose_name = _("édition du prix")
        verbose_name_plural = _("éditions du prix")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="awards_edition_one_per_year"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="awards_edition_dates"
            ),
            models.CheckConstraint(
                condition=Q(score_max__gt=models.F("score_min")), name="awards_edition_scale"
            ),
        ]

    def __str__(self):
        return self.title

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now=None):
        return (now or timezone.now()) >= self.closes_at

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def prize_summary(self):
        """« 2 prix de 2 000 € » or « 2 prix, montant non communiqué » (awards.prizes)."""
        from rallynov.awards.prizes import prize_summary

        return prize_summary(self)

    def clean(self):
        super().clean()
        member = self.vice_president
        if member is not None and (member.edition_id != self.pk or member.is_president):
            raise ValidationError(
                {
                    "vice_president": _(
                        "Choisissez un membre du jury de cette édition qui n'en est pas le président."
                    )
                }
            )

    def eligible_kind_labels(self):
        labels = dict(OrganizationKind.choices)
        return [str(labels.get(code, code)) for code in self.eligible_kinds or []]


class Question(Orderable):
    """One question of the application form, edited by staff."""

    edition = ParentalKey(Edition, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("intitulé"), max_length=300)
    help_text = models.CharField(_("aide"), max_length=500, blank=True)
    kind = models.CharField(
        _("type"), max_length=12, choices=QuestionKind.choices, default=QuestionKind.LONG_TEXT
    )
    choices = models.TextField(
        _("choix proposés"), blank=True, help_text=_("Un choix par ligne (type « Choix »).")
    )
    required = models.BooleanField(_("obligatoire"), default=True)
    max_length = models.PositiveIntegerField(_("longueur maximale"), null=True, blank=True)

    panels = [
        FieldPanel("label"),
        FieldPanel("help_text"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("required"), FieldPanel("max_length")]),
        FieldPanel("choices"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.label

    @property
    def field_name(self):
        return f"q{self.pk}"

    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Criterion(Orderable):
    """A line of the criteria grid: a weighted criterion scored on the edition's scale."""

    edition = ParentalKey(Edition, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("critère"), max_length=200)
    description = models.TextField(_("ce que le jury regarde"), blank=True)
    weight = models.DecimalField(
        _("poids"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("weight")]

    class Meta(Orderable.Meta):
        verbose_name = _("critère")
        verbose_name_plural = _("critères")

    def __str__(self):
        return self.name


class LetterTemplate(Orderable):
    """The French letter sent to applicants once the results are published, per outcome.

    Placeholders: {structure}, {initiative}, {edition}, {annee}, {montant}, {motif}, {reference}.
    """

    edition = ParentalKey(Edition, on_delete=models.CASCADE, related_name="letter_templates")
    outcome = models.CharField(_("décision"), max_length=20, choices=Outcome.choices)
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(_("texte"))

    panels = [FieldPanel("outcome"), FieldPanel("subject"), FieldPanel("body")]

    class Meta(Orderable.Meta):
        verbose_name = _("modèle de courrier")
        verbose_name_plural = _("modèles de courriers")

    def __str__(self):
        return f"{self.get_outcome_display()} — {self.subject}"
