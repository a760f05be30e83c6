from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from rallynov.accounts import roles


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Une adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """An account: people log in with their e-mail address."""

    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email


class PartnerTerritory(models.Model):
    """Where a partner editor (chamber, network, funder) works within a programme: a region, some
    departments, or both. It decides which initiatives and news they may edit (see
    `accounts.rules.can_edit_in_territory`); an editor without a territory edits nothing."""

    user = models.ForeignKey(
        User,
        verbose_name=_("éditeur partenaire"),
        on_delete=models.CASCADE,
        related_name="territories",
        limit_choices_to={"groups__name": roles.PARTNER_EDITOR},
    )
    programme = models.ForeignKey(
        "core.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="+",  # read from the user's side only
    )
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("région entière"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",  # read from the user's side only
        help_text=_("Toute la région, départements des régions qui l'ont précédée compris."),
    )
    departments = models.ManyToManyField(
        "territories.Department",
        verbose_name=_("départements"),
        blank=True,
        related_name="+",  # read from the user's side only
    )

    panels = [FieldPanel("user"), FieldPanel("programme"), FieldPanel("region"), FieldPanel("departments")]

    class Meta:
        verbose_name = _("territoire d'un éditeur partenaire")
        verbose_name_plural = _("territoires des éditeurs partenaires")
        ordering = ["user__email"]
        constraints = [models.UniqueConstraint(fields=["user", "programme"], name="partner_territory_unique")]

    def __str__(self):
        return f"{self.user} — {self.programme}"

    def department_codes(self):
        """The codes of the departments this territory covers."""
        codes = {department.code for department in self.departments.all()}
        if self.region_id:
            codes.update(self.region.all_department_codes())
        return frozenset(codes)
