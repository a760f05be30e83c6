"""Studies: surveys (versioned questionnaires, normalised answers), interviews of structures and
the publications that come out of them (the "Carnet de l'IS")."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from rallynov.core.models import GeneratedMixin, GeneratedQuerySet, TimestampedMixin
from rallynov.studies.blocks import QuestionnaireBlock
from rallynov.studies.enums import ExportFormat, ExportStatus, PublicationKind


def new_token():
    """An unguessable token (192 bits) for invitation and resume links."""
    return secrets.token_urlsafe(24)


class Study(GeneratedMixin, TimestampedMixin, ClusterableModel):
    programme = models.ForeignKey(
        "core.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="studies"
    )
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)
    question = models.TextField(_("question de l'étude"))
    summary = models.TextField(_("présentation"), blank=True)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    partners = ParentalManyToManyField(
        "organizations.Organization", verbose_name=_("partenaires"), blank=True, related_name="studies"
    )
    themes = ParentalManyToManyField("initiatives.Theme", verbose_name=_("thèmes"), blank=True, related_name="studies")
    is_public = models.BooleanField(_("visible sur le site"), default=True)

    objects = GeneratedQuerySet.as_manager()

    panels = [
        FieldPanel("programme"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("question"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")], heading=_("Période")),
        FieldPanel("partners"),
        FieldPanel("themes"),
        FieldPanel("is_public"),
        InlinePanel("findings", label=_("Enseignements")),
        FieldPanel("is_generated"),
    ]

    class Meta:
        verbose_name = _("étude")
        verbose_name_plural = _("études")
        ordering = ["-starts_on", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("studies:study", args=[self.slug])


class Finding(Orderable):
    """A lesson drawn from the study, optionally illustrated by the chart of a survey question."""

    study = ParentalKey(Study, on_delete=models.CASCADE, related_name="findings")
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("texte"))
    survey = models.ForeignKey(
        "studies.Survey", verbose_name=_("enquête illustrée"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",  # findings are reached from the study
    )
    question_code = models.CharField(_("code de la question illustrée"), max_length=40, blank=True)

    panels = [FieldPanel("title"), FieldPanel("text"), FieldRowPanel([FieldPanel("survey"), FieldPanel("question_code")])]

    class Meta(Orderable.Meta):
        verbose_name = _("enseignement")
        verbose_name_plural = _("enseignements")

    def __str__(self):
        return self.title


class Survey(GeneratedMixin, TimestampedMixin, ClusterableModel):
    programme = models.ForeignKey(
        "core.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="surveys"
    )
    study = models.ForeignKey(
        Study, verbose_name=_("étude"), on_delete=models.PROTECT, null=True, blank=True, related_name="surveys"
    )
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)
    intro = models.TextField(_("présentation"), blank=True)
    consent_text = models.TextField(
        _("texte de consentement"), blank=True,
        help_text=_("Affiché avant la première question ; le répondant doit l'accepter pour commencer."),
    )
    thanks_text = models.TextField(_("message de remerciement"), blank=True)
    questions = StreamField(QuestionnaireBlock(), verbose_name=_("questionnaire"), blank=True)
    opens_at = models.DateTimeField(_("ouverture"), null=True, blank=True)
    closes_at = models.DateTimeField(_("clôture"), null=True, blank=True)
    public_link = models.BooleanField(
        _("lien public (réponses anonymes)"), default=True,
        help_text=_("Décoché : seules les invitations personnelles permettent de répondre."),
    )
    results_public = models.BooleanField(_("résultats publiés sur le site"), default=False)

    objects = GeneratedQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("programme"), FieldPanel("study"), FieldPanel("title"), FieldPanel("slug"), FieldPanel("intro")],
            heading=_("Enquête"),
        ),
        InlinePanel("categories", label=_("Catégories de répondants"), min_num=0),
        FieldPanel("questions"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]), FieldPanel("public_link"),
             FieldPanel("results_public")],
            heading=_("Diffusion"),
        ),
        MultiFieldPanel([FieldPanel("consent_text"), FieldPanel("thanks_text")], heading=_("Textes")),
        FieldPanel("is_generated"),
    ]

    class Meta:
        verbose_name = _("enquête")
        verbose_name_plural = _("enquêtes")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("studies:survey_start", args=[self.slug])

    def is_open(self, now=None):
        now = now or timezone.now()
        return (self.opens_at is None or self.opens_at <= now) and (self.closes_at is None or now < self.closes_at)

    def category_label(self, code):
        for category in self.categories.all():
            if category.code == code:
                return category.label
        return code


class RespondentCategory(Orderable):
    """A first-class respondent category (salarié, dirigeant…): answers are filtered and cross-tabulated by it."""

    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="categories")
    label = models.CharField(_("libellé"), max_length=100)
    code = models.SlugField(_("code"), max_length=40)

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("code")])]

    class Meta(Orderable.Meta):
        verbose_name = _("catégorie de répondants")
        verbose_name_plural = _("catégories de répondants")
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="studies_category_unique_code")]

    def __str__(self):
        return self.label


class SurveyVersion(models.Model):
    """A frozen copy of the questionnaire. Responses keep the version they were given under."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("questionnaire"))
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("version du questionnaire")
        verbose_name_plural = _("versions du questionnaire")
        ordering = ["survey", "-number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="studies_version_unique_number")]

    def __str__(self):
        return f"{self.survey} — v{self.number}"

    @property
    def questionnaire(self):
        from rallynov.studies.questionnaire import Questionnaire

        cached = getattr(self, "_questionnaire", None)
        if cached is None:
            cached = self._questionnaire = Questionnaire.from_raw(self.definition)
        return cached


class Invitation(GeneratedMixin, TimestampedMixin):
    """A personal link: one response each, resumable until it is sent."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    name = models.CharField(_("nom"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("structure"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",  # invitations are reached from the survey
    )
    category = models.CharField(_("catégorie de répondant"), max_length=40, blank=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True,
                                   help_text=_("Date du dernier envoi de l'e-mail d'invitation."))
    sent_count = models.PositiveSmallIntegerField(_("nombre d'envois"), default=0, editable=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["survey", "name"]

    def __str__(self):
        return self.name or self.email or f"Invitation {self.pk}"

    def get_absolute_url(self):
        return reverse("studies:invitation", args=[self.token])


class Response(GeneratedMixin):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    category = models.CharField(_("catégorie de répondant"), max_length=40, blank=True, db_index=True)
    started_at = models.DateTimeField(_("commencée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    completed_at = models.DateTimeField(_("envoyée le"), null=True, blank=True, db_index=True)
    consent_at = models.DateTimeField(_("consentement le"), null=True, blank=True)
    page = models.PositiveSmallIntegerField(_("page atteinte"), default=0)

    objects = GeneratedQuerySet.as_manager()

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["survey", "completed_at"], name="studies_resp_survey_done")]

    def __str__(self):
        return f"{self.survey} — réponse {self.pk}"

    @property
    def is_complete(self):
        return self.completed_at is not None


class Answer(models.Model):
    """One value of one answer: a multiple choice gives one row per choice, a matrix one row per
    item, a ranking one row per option. `survey`, `category` and `completed_at` copy the response's
    so that analysis is a single aggregate query over this table."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")  # denormalised for analysis
    question_key = models.CharField(max_length=64)
    item = models.CharField(max_length=60, blank=True)
    choice = models.CharField(max_length=60, blank=True)
    number = models.FloatField(null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True)
    category = models.CharField(max_length=40, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("valeur de réponse")
        verbose_name_plural = _("valeurs de réponses")
        indexes = [
            models.Index(fields=["survey", "question_key", "completed_at"], name="studies_answer_question"),
            models.Index(fields=["response", "question_key"], name="studies_answer_response"),
            # Cross-tabs read two questions' answers from this index alone (no table access), in
            # response order on both sides of the join.
            models.Index(fields=["survey", "question_key", "item", "response", "choice", "category", "completed_at"],
                         name="studies_answer_crosstab"),
        ]

    def __str__(self):
        return f"{self.question_key}: {self.choice or self.number or self.text[:30]}"


class ExportJob(TimestampedMixin):
    """An export of all answers, built in the background for large surveys (progress shown)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    use_codes = models.BooleanField(_("codes au lieu des libellés"), default=False)
    status = models.CharField(_("état"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file_path = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("export de réponses")
        verbose_name_plural = _("exports de réponses")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.survey} — {self.get_format_display()} ({self.get_status_display()})"

    @property
    def percent(self):
        return 100 if self.status == ExportStatus.DONE else int(100 * self.done / self.total) if self.total else 0


class Interview(GeneratedMixin, TimestampedMixin, ClusterableModel):
    study = models.ForeignKey(Study, verbose_name=_("étude"), on_delete=models.PROTECT, related_name="interviews")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("structure interviewée"), on_delete=models.PROTECT,
        related_name="interviews",
    )
    held_on = models.DateField(_("date de l'entretien"))
    interviewee = models.CharField(_("personne interviewée"), max_length=150, blank=True)
    interviewee_role = models.CharField(_("fonction"), max_length=150, blank=True)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("mené par (compte)"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    interviewer_name = models.CharField(_("mené par"), max_length=150, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    themes = ParentalManyToManyField("initiatives.Theme", verbose_name=_("thèmes"), blank=True, related_name="+")
    initiatives = ParentalManyToManyField(
        "initiatives.InitiativePage", verbose_name=_("initiatives"), blank=True, related_name="interviews"
    )
    search_text = models.TextField(editable=False, blank=True)

    objects = GeneratedQuerySet.as_manager()

    panels = [
        FieldPanel("study"),
        FieldPanel("organization"),
        FieldRowPanel([FieldPanel("held_on"), FieldPanel("interviewer_name"), FieldPanel("interviewer")]),
        FieldRowPanel([FieldPanel("interviewee"), FieldPanel("interviewee_role")]),
        FieldPanel("notes"),
        FieldPanel("themes"),
        FieldPanel("initiatives"),
        InlinePanel("quotes", label=_("Citations")),
        FieldPanel("is_generated"),
    ]

    class Meta:
        verbose_name = _("entretien")
        verbose_name_plural = _("entretiens")
        ordering = ["-held_on", "organization__name"]

    def __str__(self):
        return f"{self.organization} — {self.held_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        from rallynov.core.text import fold

        # Quotes of the cluster are in memory here (saved with the interview by modelcluster).
        quotes = " ".join(q.text for q in self.quotes.all())
        parts = [self.organization.name if self.organization_id else "", self.interviewee, self.interviewee_role,
                 self.interviewer_name, self.notes, quotes]
        self.search_text = fold(" ".join(p for p in parts if p))
        super().save(*args, **kwargs)


class Quote(Orderable):
    interview = ParentalKey(Interview, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField(_("citation"))
    speaker = models.CharField(
        _("attribuée à"), max_length=150, blank=True,
        help_text=_("Tel que publié, ex. « Dirigeante, Blond Vénitien ». Vide : citation anonyme."),
    )
    consent_to_quote = models.BooleanField(_("accord pour citer"), default=False)
    consent_at = models.DateTimeField(_("accord donné le"), null=True, blank=True)

    panels = [FieldPanel("text"), FieldRowPanel([FieldPanel("speaker"), FieldPanel("consent_to_quote"),
                                                 FieldPanel("consent_at")])]

    class Meta(Orderable.Meta):
        verbose_name = _("citation")
        verbose_name_plural = _("citations")

    def __str__(self):
        return self.text[:80]


class PublicationQuerySet(GeneratedQuerySet):
    def published(self, now=None):
        today = timezone.localdate(now) if now else timezone.localdate()
        return self.filter(published_on__isnull=False, published_on__lte=today)


class Publication(GeneratedMixin, TimestampedMixin, index.Indexed, ClusterableModel):
    programme = models.ForeignKey(
        "core.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="publications"
    )
    kind = models.CharField(_("type"), max_length=20, choices=PublicationKind.choices, default=PublicationKind.REPORT)
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)
    summary = models.TextField(_("résumé"), max_length=800)
    body = RichTextField(_("texte"), blank=True)
    cover = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("couverture"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",  # images do not list the publications that use them
    )
    cover_alt = models.CharField(_("texte alternatif de la couverture"), max_length=250, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("PDF"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",  # documents do not list the publications that use them
    )
    generate_from_study = models.BooleanField(
        _("PDF généré depuis les études"), default=False,
        help_text=_("Le PDF est composé à partir des enseignements, graphiques et citations des études liées."),
    )
    published_on = models.DateField(_("date de publication"), null=True, blank=True,
                                    help_text=_("Vide : brouillon, non visible sur le site."))
    studies = ParentalManyToManyField(Study, verbose_name=_("études"), blank=True, related_name="publications")

    objects = PublicationQuerySet.as_manager()

    search_fields = [index.SearchField("title"), index.SearchField("summary"), index.SearchField("body")]

    panels = [
        FieldPanel("programme"),
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("cover"), FieldPanel("cover_alt")]),
        FieldRowPanel([FieldPanel("document"), FieldPanel("generate_from_study")]),
        FieldPanel("published_on"),
        FieldPanel("studies"),
        FieldPanel("is_generated"),
    ]

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_on", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("studies:publication", args=[self.slug])

    @property
    def is_published(self):
        return self.published_on is not None and self.published_on <= timezone.localdate()


class Tally(models.Model):
    """Running totals of sent answers per (question, item, value, respondent category, day).

    Written when a response is sent (and rebuilt by `rallynov studies_rebuild_tallies`), read by the
    analysis: its cost depends on the number of distinct values, not on the number of responses.
    question_key "__response__" counts responses; choice "*" counts the respondents of a question.
    For rankings, `item` holds the rank given.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")  # read through the survey
    question_key = models.CharField(max_length=64)
    item = models.CharField(max_length=60, blank=True)
    choice = models.CharField(max_length=60, blank=True)
    category = models.CharField(max_length=40, blank=True)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)
    total = models.FloatField(default=0)
    total_sq = models.FloatField(default=0)

    class Meta:
        verbose_name = _("total de réponses")
        verbose_name_plural = _("totaux de réponses")
        constraints = [
            models.UniqueConstraint(fields=["survey", "question_key", "item", "choice", "category", "day"],
                                    name="studies_tally_unique")
        ]

    def __str__(self):
        return f"{self.question_key} {self.item} {self.choice}: {self.count}"
