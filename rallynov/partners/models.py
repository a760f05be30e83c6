"""Partnerships and funding of a programme, year by year."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from rallynov.core.models import GeneratedMixin, GeneratedQuerySet, TimestampedMixin
from rallynov.partners.enums import FundingSource, PartnershipRole


class Partnership(GeneratedMixin, TimestampedMixin):
    """A structure's role in the programme for one year (co-pilot, partner, funder, committee)."""

    programme = models.ForeignKey(
        "core.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="partnerships"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("structure"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    year = models.PositiveSmallIntegerField(_("année"), db_index=True, validators=[MinValueValidator(2000)])
    role = models.CharField(_("rôle"), max_length=20, choices=PartnershipRole.choices)
    since = models.DateField(
        _("depuis le"), null=True, blank=True, help_text=_("Date d'entrée dans le partenariat, si elle est connue.")
    )
    note = models.CharField(_("précision"), max_length=250, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",  # images do not list the partnerships that show them
        help_text=_("Le texte alternatif du logo est le nom de la structure."),
    )
    show_on_site = models.BooleanField(_("afficher sur le site"), default=True)

    objects = GeneratedQuerySet.as_manager()

    panels = [
        FieldPanel("programme"),
        FieldPanel("organization"),
        MultiFieldPanel([FieldPanel("year"), FieldPanel("role"), FieldPanel("since")], heading=_("Partenariat")),
        FieldPanel("note"),
        FieldPanel("logo"),
        FieldPanel("show_on_site"),
        FieldPanel("is_generated"),
    ]

    class Meta:
        verbose_name = _("partenariat")
        verbose_name_plural = _("partenariats")
        ordering = ["-year", "role", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organization", "year", "role"], name="partnership_unique_role_per_year"
            )
        ]

    def __str__(self):
        return f"{self.organization} — {self.get_role_display()} ({self.year})"


class Funding(GeneratedMixin, TimestampedMixin):
    """Money a funder gives the programme for one year."""

    programme = models.ForeignKey(
        "core.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="fundings"
    )
    funder = models.ForeignKey(
        "organizations.Organization", verbose_name=_("financeur"), on_delete=models.PROTECT, related_name="fundings"
    )
    year = models.PositiveSmallIntegerField(_("année"), db_index=True, validators=[MinValueValidator(2000)])
    source = models.CharField(_("origine"), max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField(
        _("montant (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    scheme = models.CharField(
        _("programme de financement"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : « FSE+ 2021-2027 », « Plan régional santé au travail »."),
    )
    note = models.CharField(_("précision"), max_length=250, blank=True)

    objects = GeneratedQuerySet.as_manager()

    panels = [
        FieldPanel("programme"),
        FieldPanel("funder"),
        MultiFieldPanel([FieldPanel("year"), FieldPanel("source"), FieldPanel("amount")], heading=_("Financement")),
        FieldPanel("scheme"),
        FieldPanel("note"),
        FieldPanel("is_generated"),
    ]

    class Meta:
        verbose_name = _("financement")
        verbose_name_plural = _("financements")
        ordering = ["-year", "source", "funder__name"]

    def __str__(self):
        return f"{self.funder} — {self.year} — {self.amount} €"
