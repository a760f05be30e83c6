import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# The 2016 reform of the regions (loi NOTRe): the regions as they were until this date, and
# after it the merged ones.
REFORM_2016 = datetime.date(2016, 1, 1)


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    valid_from = models.DateField(_("en vigueur depuis"), null=True, blank=True)
    valid_until = models.DateField(_("en vigueur jusqu'au"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("région qui lui succède"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
    )

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_current(self):
        return self.valid_until is None

    def is_valid_on(self, date):
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_until is None or date <= self.valid_until
        )

    def current_departments(self):
        return Department.objects.filter(region=self)

    def all_department_codes(self):
        """Departments of this region and of the regions it succeeded: a record filed in 2014 in
        Franche-Comté still belongs to today's Bourgogne-Franche-Comté."""
        return list(
            DepartmentRegion.objects.filter(models.Q(region=self) | models.Q(region__successor=self))
            .values_list("department__code", flat=True)
            .distinct()
        )

    def current(self):
        """The region of today that this one is, or became."""
        region = self
        while region.successor_id is not None:
            region = region.successor
        return region


class Department(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(
        Region,
        verbose_name=_("région actuelle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="departments",
    )

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def region_on(self, date):
        """The region this department belonged to on `date` (a date or a year)."""
        if isinstance(date, int):
            date = datetime.date(date, 7, 1)
        for link in self.region_links.select_related("region"):
            if link.covers(date):
                return link.region
        return self.region


class DepartmentRegion(models.Model):
    """Which region a department belonged to, and when."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="region_links")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="department_links")
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("appartenance régionale")
        verbose_name_plural = _("appartenances régionales")
        constraints = [
            models.UniqueConstraint(fields=["department", "region"], name="unique_department_region"),
        ]

    def __str__(self):
        return f"{self.department} → {self.region}"

    def covers(self, date):
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_until is None or date <= self.valid_until
        )


class Commune(models.Model):
    insee = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    # Comparable form of the name (see core.text.place_key_without_article), for the resolver.
    name_key = models.CharField(max_length=100, db_index=True, editable=False)
    department = models.ForeignKey(
        Department, verbose_name=_("département"), on_delete=models.PROTECT, related_name="communes"
    )
    # Every postal code of the commune, separated by "|": "21000|21100".
    postal_codes = models.CharField(_("codes postaux"), max_length=200, blank=True, db_index=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self):
        # Lists of communes (form choices, admin) must not read each department: its code is
        # the start of the INSEE code (two characters, three overseas), unless already loaded.
        department = self._state.fields_cache.get("department")
        return f"{self.name} ({department.code if department is not None else self.department_code})"

    @property
    def department_code(self):
        """The department's code read from the INSEE code, without a query ("21", "2A", "974")."""
        return self.insee[:3] if self.insee[:2] in ("97", "98") else self.insee[:2]

    @property
    def postal_code_list(self):
        return [code for code in self.postal_codes.split("|") if code]

    @property
    def main_postal_code(self):
        codes = self.postal_code_list
        return codes[0] if codes else ""

    def region_on(self, date):
        return self.department.region_on(date)

    @property
    def region(self):
        return self.department.region


class Venue(models.Model):
    """A place where events happen: a cinema, a company's premises, a fair."""

    name = models.CharField(_("nom"), max_length=200)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, null=True, blank=True, related_name="venues"
    )
    country = models.CharField(_("pays"), max_length=60, default="France")
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacité"), null=True, blank=True)
    accessibility = models.TextField(_("accessibilité"), blank=True)

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.commune.name}" if self.commune_id else self.name

    @property
    def coordinates(self):
        if self.latitude is not None and self.longitude is not None:
            return self.latitude, self.longitude
        if self.commune_id and self.commune.latitude is not None:
            return self.commune.latitude, self.commune.longitude
        return None
