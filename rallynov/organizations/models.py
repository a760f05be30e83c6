from django.db import models
from django.utils.translation import gettext_lazy as _

from rallynov.core.models import GeneratedMixin, GeneratedQuerySet, TimestampedMixin
from rallynov.core.text import fold
from rallynov.organizations.enums import DataPurpose, NafSection, OrganizationKind, PersonRole, SizeBand
from rallynov.organizations.validators import normalise_siret, validate_siret


class Organization(GeneratedMixin, TimestampedMixin):
    """A structure: company, association, cooperative, public body, chamber, network…

    Structures are shared by every programme of the instance (one national directory).
    """

    name = models.CharField(_("nom"), max_length=200)
    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    kind = models.CharField(_("type de structure"), max_length=30, choices=OrganizationKind.choices)
    siret = models.CharField(
        _("SIRET"), max_length=14, null=True, blank=True, unique=True, validators=[validate_siret]
    )
    size_band = models.CharField(_("effectif"), max_length=10, choices=SizeBand.choices, blank=True)
    naf_section = models.CharField(_("secteur (section NAF)"), max_length=1, choices=NafSection.choices, blank=True)
    commune = models.ForeignKey(
        "territories.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
    )
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("présentation"), blank=True)
    # Structures succeed one another (Fact became Aract Bourgogne-Franche-Comté): the partners'
    # pages and figures follow the lineage (see lineage() and name_with_former()).
    successor = models.ForeignKey(
        "self",
        verbose_name=_("structure qui lui succède"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("La structure qu'elle est devenue (fusion, changement de nom)."),
    )
    succeeded_on = models.DateField(
        _("date de la succession"), null=True, blank=True, help_text=_("Date à laquelle elle est devenue l'autre.")
    )

    objects = GeneratedQuerySet.as_manager()

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = fold(self.name)
        self.siret = normalise_siret(self.siret) or None
        super().save(*args, **kwargs)

    @property
    def siren(self):
        return self.siret[:9] if self.siret else ""

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.successor_id is not None and self.pk is not None:
            seen, current = {self.pk}, self.successor
            while current is not None:
                if current.pk in seen:
                    raise ValidationError(
                        {"successor": _("Une structure ne peut pas succéder à elle-même, même par un détour.")}
                    )
                seen.add(current.pk)
                current = current.successor

    def current(self):
        """The structure this one is today: the end of its successions."""
        seen, found = {self.pk}, self
        while found.successor_id is not None and found.successor_id not in seen:
            found = found.successor
            seen.add(found.pk)
        return found

    def lineage(self):
        """Every structure of the same line (its predecessors, itself, its successors), oldest first:
        a partner of 2014 under Fact is the same partner line as Aract Bourgogne-Franche-Comté in 2023."""
        line, todo = {}, [self.current()]
        while todo:
            organization = todo.pop()
            if organization.pk in line:
                continue
            line[organization.pk] = organization
            todo.extend(organization.predecessors.all())
        return sorted(line.values(), key=lambda o: (o.succeeded_on is None, o.succeeded_on or 0, o.pk))

    def named(self):
        """« Fonds social européen (FSE) »: the name, and the acronym people know it by when the name
        does not already say it (« Aract Bourgogne-Franche-Comté », not « … (Aract BFC) »)."""
        acronym = self.acronym.strip()
        if acronym and acronym.split()[0].lower() not in self.name.lower():
            return f"{self.name} ({acronym})"
        return self.name

    def name_with_former(self):
        """« Aract Bourgogne-Franche-Comté (anciennement Fact) »: the name of today with the former ones."""
        former = [o.acronym or o.name for o in self.lineage() if o.pk != self.pk and o.successor_id]
        if not former:
            return self.named()
        return _("%(name)s (anciennement %(former)s)") % {"name": self.named(), "former": ", ".join(former)}


class Person(GeneratedMixin, TimestampedMixin):
    """A person the programme deals with. Personal data has a purpose and, when it rests on
    consent, the date and text of that consent (see the RGPD register)."""

    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("structure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    job_title = models.CharField(_("fonction"), max_length=200, blank=True)
    bio = models.TextField(_("biographie"), blank=True)
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("compte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    purpose = models.CharField(
        _("finalité du traitement"),
        max_length=30,
        choices=DataPurpose.choices,
        default=DataPurpose.PROGRAMME_CONTACT,
    )
    consent_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    consent_text = models.TextField(_("texte du consentement"), blank=True)
    newsletter_consent_at = models.DateTimeField(_("accord pour la lettre d'information le"), null=True, blank=True)
    is_public = models.BooleanField(
        _("nom publiable"),
        default=False,
        help_text=_("Le nom, la fonction et la structure peuvent être publiés (intervenant, lauréat…)."),
    )
    erased_at = models.DateTimeField(_("effacé le"), null=True, blank=True)

    objects = GeneratedQuerySet.as_manager()

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return " ".join(part for part in (self.first_name, self.last_name) if part)


class Role(models.Model):
    """A role a person holds, possibly for a given structure and period."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("rôle"), max_length=20, choices=PersonRole.choices)
    organization = models.ForeignKey(
        Organization, verbose_name=_("au titre de"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    since = models.DateField(_("depuis"), null=True, blank=True)
    until = models.DateField(_("jusqu'au"), null=True, blank=True)
    note = models.CharField(_("précision"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("rôle")
        verbose_name_plural = _("rôles")

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}"
