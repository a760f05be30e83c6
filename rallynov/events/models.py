"""Events: meetings, seminars, workshop days, fairs, the tour, prize ceremonies and webinars.

An event is a Wagtail page (revisions, preview, scheduled publishing) under the events index.
Its programme (sessions with speakers), documents, custom registration questions and workshop
groups are page children; registrations, check-ins, feedback and video views are plain models,
written only through `events.domain`.
"""

import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from rallynov.core.models import GeneratedMixin, GeneratedQuerySet, TimestampedMixin
from rallynov.core.routing import route_to_child
from rallynov.events.enums import (
    ACTIVE_STATUSES,
    HOLDING_STATUSES,
    EventKind,
    QuestionKind,
    RegistrationRole,
    RegistrationSource,
    RegistrationStatus,
    VideoKind,
)

PARIS = ZoneInfo("Europe/Paris")


def new_token():
    """256 random bits: the personal link (cancel, confirm an offer, feedback)."""
    return secrets.token_urlsafe(32)


def new_checkin_code():
    """128 random bits printed in the QR code; distinct from the personal link so that a badge
    seen by someone else cannot be used to cancel the registration."""
    return secrets.token_urlsafe(16)


class EventIndexPage(Page):
    """Parent of every event page ("Événements"); its URL is served by `events:index`."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("liste des événements")

    def serve(self, request, *args, **kwargs):
        from rallynov.events.views import index

        return index(request)

    def route(self, request, path_components):
        # An event is read in one query with the venue, image and prize edition its page shows.
        found = route_to_child(
            self, request, path_components, model=EventPage, select_related=("venue__commune", "image", "award_edition")
        )
        return found if found is not None else super().route(request, path_components)


class EventPage(GeneratedMixin, Page):
    programme = models.ForeignKey(
        "core.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("type d'événement"), max_length=20, choices=EventKind.choices, db_index=True)
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))
    dates_to_be_confirmed = models.BooleanField(
        _("date exacte à préciser"), default=False, help_text=_("Affiche le mois au lieu du jour et des heures (date annoncée ou non connue).")
    )
    venue = models.ForeignKey(
        "territories.Venue",
        verbose_name=_("lieu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    online_url = models.URLField(_("lien de participation en ligne"), blank=True)
    audience = models.CharField(_("public"), max_length=250, blank=True)
    summary = models.TextField(_("résumé"), max_length=600, blank=True)
    body = RichTextField(_("présentation"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",  # images do not list the events that use them
    )
    image_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_("Décrit l'image pour qui ne la voit pas. Vide : la description de l'image est utilisée."),
    )
    report = RichTextField(
        _("compte rendu"), blank=True, help_text=_("Ce qui s'est dit et décidé, publié après l'événement.")
    )
    partners = ParentalManyToManyField(
        "organizations.Organization", verbose_name=_("partenaires de l'événement"), blank=True, related_name="events"
    )
    initiatives = ParentalManyToManyField(
        "initiatives.InitiativePage",
        verbose_name=_("initiatives présentées"),
        blank=True,
        related_name="events",
    )
    award_edition = models.ForeignKey(
        "awards.Edition",
        verbose_name=_("édition du prix remise"),
        related_name="ceremonies",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Pour une remise des prix : l'édition dont les lauréats sont récompensés."),
    )
    # Registration
    registration_enabled = models.BooleanField(_("inscriptions en ligne"), default=False)
    registration_opens_at = models.DateTimeField(_("ouverture des inscriptions"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("clôture des inscriptions"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("nombre de places"), null=True, blank=True, help_text=_("Vide : pas de limite.")
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("délai pour confirmer une place libérée (heures)"), default=48
    )
    fse_cofinanced = models.BooleanField(
        _("cofinancé par le FSE+"),
        default=False,
        help_text=_(
            "Le formulaire d'inscription demande alors, sans obligation, les caractéristiques des indicateurs "
            "communs du FSE+ (genre, âge, situation d'emploi, niveau d'études, autres caractéristiques)."
        ),
    )
    consent_text = models.TextField(
        _("texte du consentement"),
        default=(
            "J'accepte que mes nom, e-mail et structure soient utilisés par l'équipe du programme pour organiser "
            "cet événement et m'envoyer un questionnaire de satisfaction. Ils sont conservés trois ans."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("programme"),
        FieldPanel("kind"),
        FieldPanel("award_edition"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]), FieldPanel("dates_to_be_confirmed")],
            heading=_("Dates"),
        ),
        MultiFieldPanel([FieldPanel("venue"), FieldPanel("online_url"), FieldPanel("audience")], heading=_("Lieu")),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        InlinePanel("sessions", label=_("Programme (séances)")),
        FieldPanel("partners"),
        FieldPanel("initiatives"),
        InlinePanel("documents", label=_("Documents")),
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("offer_hours")]),
                FieldPanel("consent_text"),
                FieldPanel("fse_cofinanced"),
            ],
            heading=_("Inscriptions"),
        ),
        InlinePanel("questions", label=_("Questions du formulaire d'inscription")),
        InlinePanel("groups", label=_("Groupes de travail et productions")),
        FieldPanel("report"),
        FieldPanel("is_generated"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("starts_at"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    template = "events/event_page.html"

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("La fin doit être après le début.")})
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            raise ValidationError(
                {"registration_closes_at": _("La clôture des inscriptions doit être après leur ouverture.")}
            )

    # Cheap properties; the rules with side effects live in events.domain.
    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, PARIS)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, PARIS)

    @property
    def year(self):
        return self.local_start.year

    @property
    def alt_text(self):
        if self.image_alt:
            return self.image_alt
        return self.image.default_alt_text if self.image_id else ""

    def is_past(self, now=None):
        return self.ends_at < (now or timezone.now())

    def registration_state(self, now=None):
        """"open", "not_open_yet", "closed" or "disabled"."""
        now = now or timezone.now()
        if not self.registration_enabled:
            return "disabled"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_open_yet"
        closes = self.registration_closes_at or self.starts_at
        if now >= closes:
            return "closed"
        return "open"

    def get_context(self, request, *args, **kwargs):
        from rallynov.events.queries import event_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_page_context(self, request))
        return context


class Session(Orderable, ClusterableModel):
    """One slot of the event's programme: a talk, a round table, a workshop."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("titre"), max_length=250)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"), null=True, blank=True)
    room = models.CharField(_("salle"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(
        _("places pour cette séance"), null=True, blank=True, help_text=_("Vide : celles de l'événement.")
    )
    open_for_choice = models.BooleanField(
        _("au choix à l'inscription"),
        default=False,
        help_text=_("Les personnes cochent les séances (ateliers) auxquelles elles viendront."),
    )
    speakers = ParentalManyToManyField(
        "organizations.Person", verbose_name=_("intervenants"), blank=True, related_name="event_sessions"
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("room")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("open_for_choice"), FieldPanel("capacity")]),
        FieldPanel("speakers"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("séance")
        verbose_name_plural = _("séances")

    def __str__(self):
        return self.title

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, PARIS)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, PARIS) if self.ends_at else None


class EventDocument(Orderable):
    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",  # documents do not list the events that use them
    )
    title = models.CharField(_("titre affiché"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")

    @property
    def label(self):
        return self.title or self.document.title


class RegistrationQuestion(Orderable):
    """A question staff add to one event's registration form."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=250)
    kind = models.CharField(_("type de réponse"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    choices = models.TextField(_("choix possibles"), blank=True, help_text=_("Un choix par ligne."))
    required = models.BooleanField(_("réponse obligatoire"), default=False)
    help_text = models.CharField(_("aide"), max_length=250, blank=True)

    panels = [FieldPanel("label"), FieldPanel("kind"), FieldPanel("choices"), FieldPanel("required"), FieldPanel("help_text")]

    class Meta(Orderable.Meta):
        verbose_name = _("question")

    def __str__(self):
        return self.label

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class WorkshopGroup(Orderable):
    """A group of a workshop day: its challenge and what it produced."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("nom du groupe"), max_length=120)
    challenge = models.TextField(_("défi travaillé"), blank=True)
    production_title = models.CharField(_("production"), max_length=250, blank=True)
    production_summary = models.TextField(_("résumé de la production"), blank=True)
    production_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("fichier de la production"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",  # documents do not list the groups that use them
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("challenge"),
        FieldPanel("production_title"),
        FieldPanel("production_summary"),
        FieldPanel("production_document"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("groupe de travail")
        verbose_name_plural = _("groupes de travail")

    def __str__(self):
        return self.name


class RegistrationQuerySet(GeneratedQuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def present(self):
        return self.filter(checked_in_at__isnull=False)


class Registration(GeneratedMixin, TimestampedMixin):
    """One person's registration to one event (walk-ins included)."""

    event = models.ForeignKey(EventPage, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(
        _("état"), max_length=10, choices=RegistrationStatus.choices, default=RegistrationStatus.CONFIRMED, db_index=True
    )
    source = models.CharField(
        _("origine"), max_length=10, choices=RegistrationSource.choices, default=RegistrationSource.ONLINE
    )
    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    organization_name = models.CharField(_("structure (telle que saisie)"), max_length=200, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("structure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    department = models.ForeignKey(
        "territories.Department",
        verbose_name=_("département de la structure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",  # figures group registrations by department; no reverse accessor needed
    )
    role = models.CharField(_("vous êtes"), max_length=20, choices=RegistrationRole.choices, blank=True)
    job_title = models.CharField(_("fonction"), max_length=150, blank=True)
    needs = models.TextField(_("besoins (régime alimentaire, accessibilité)"), blank=True)
    answers = models.JSONField(_("réponses aux questions"), default=dict, blank=True)
    sessions = models.ManyToManyField(Session, verbose_name=_("séances choisies"), blank=True, related_name="registrations")
    group = models.ForeignKey(
        WorkshopGroup,
        verbose_name=_("groupe de travail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    consent_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    checkin_code = models.CharField(max_length=32, unique=True, default=new_checkin_code, editable=False)
    waiting_since = models.DateTimeField(_("en liste d'attente depuis"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("proposition valable jusqu'au"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("présence notée le"), null=True, blank=True, db_index=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    feedback_requested_at = models.DateTimeField(_("questionnaire envoyé le"), null=True, blank=True)
    feedback_invitation = models.OneToOneField(
        "studies.Invitation",
        verbose_name=_("invitation au questionnaire de satisfaction"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registration",
    )
    search_key = models.CharField(max_length=250, db_index=True, editable=False, blank=True)
    erased_at = models.DateTimeField(_("effacée le"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            # One live registration per e-mail and event: a double submission cannot create two.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=ACTIVE_STATUSES) & ~Q(email=""),
                name="events_one_active_registration_per_email",
            )
        ]
        indexes = [
            models.Index(fields=["event", "status", "waiting_since"]),
            # The yearly figures read the people present per event with their structure and
            # department from this index alone (benchmarks/results/reporting.md).
            models.Index(fields=["event", "checked_in_at", "organization", "department"], name="events_reg_presence"),
            # The places held of an event, counted at each registration while the event is locked:
            # this index holds only them, however long the waiting list.
            models.Index(fields=["event"], condition=Q(status__in=HOLDING_STATUSES), name="events_reg_holding"),
        ]

    def __str__(self):
        return f"{self.full_name} — {self.event.title}"

    @property
    def full_name(self):
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def is_present(self):
        return self.checked_in_at is not None

    @property
    def is_walk_in(self):
        return self.source == RegistrationSource.WALK_IN

    def get_absolute_url(self):
        return reverse("events:registration", args=[self.token])


class Feedback(TimestampedMixin):
    """The satisfaction questionnaire answered after the event (one per registration)."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("note globale"), choices=[(i, str(i)) for i in range(1, 6)])
    usefulness = models.PositiveSmallIntegerField(
        _("utilité pour votre structure"), choices=[(i, str(i)) for i in range(1, 6)], null=True, blank=True
    )
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("avis")
        verbose_name_plural = _("avis")

    def __str__(self):
        return f"{self.rating}/5"


class EventFeedbackSurvey(TimestampedMixin):
    """The satisfaction questionnaire of an event, a survey of the studies part (one per event).

    Kept beside the page rather than on it: a page field would be put back to its old value by
    the next publication of a revision made before the survey existed."""

    event = models.OneToOneField(EventPage, on_delete=models.CASCADE, related_name="feedback_survey")
    survey = models.OneToOneField("studies.Survey", on_delete=models.CASCADE, related_name="event_feedback")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("questionnaire de satisfaction d'un événement")
        verbose_name_plural = _("questionnaires de satisfaction des événements")

    def __str__(self):
        return str(self.survey)


class Video(GeneratedMixin, ClusterableModel):
    """A video link (replay of an event, conference, laureates) and its views by date."""

    programme = models.ForeignKey(
        "core.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="videos"
    )
    event = models.ForeignKey(
        EventPage, verbose_name=_("événement"), on_delete=models.SET_NULL, null=True, blank=True, related_name="videos"
    )
    title = models.CharField(_("titre"), max_length=250)
    url = models.URLField(_("lien"), unique=True)
    kind = models.CharField(_("type"), max_length=12, choices=VideoKind.choices, default=VideoKind.REPLAY)
    published_on = models.DateField(_("mise en ligne le"), null=True, blank=True)

    panels = [
        FieldPanel("programme"),
        FieldPanel("title"),
        FieldPanel("url"),
        FieldPanel("kind"),
        FieldPanel("event"),
        FieldPanel("published_on"),
        InlinePanel("view_counts", label=_("Vues relevées")),
    ]

    class Meta:
        verbose_name = _("vidéo")
        verbose_name_plural = _("vidéos")
        ordering = ["-published_on", "title"]

    def __str__(self):
        return self.title


class VideoViewCount(GeneratedMixin):
    """Views counted over a period ending on `on` (e.g. a monthly statistics export).

    The yearly figure is the sum of the counts dated in that year."""

    video = ParentalKey(Video, on_delete=models.CASCADE, related_name="view_counts")
    on = models.DateField(_("relevé du"))
    views = models.PositiveIntegerField(_("vues sur la période"))
    imported = models.BooleanField(_("importé"), default=False)

    panels = [FieldPanel("on"), FieldPanel("views")]

    class Meta:
        verbose_name = _("relevé de vues")
        verbose_name_plural = _("relevés de vues")
        ordering = ["on"]
        constraints = [models.UniqueConstraint(fields=["video", "on"], name="events_one_view_count_per_date")]

    def __str__(self):
        return f"{self.video} {self.on:%d/%m/%Y} : {self.views}"


# The FSE+ answers of a registration live in their own module (events.fse), found by Django here.
from rallynov.events.fse.models import ParticipantProfile, ParticipantSensitiveProfile  # noqa: E402, F401
