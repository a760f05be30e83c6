"""History as it was: the region a place belonged to at the time of a record.

Regions change (Bourgogne (26) + Franche-Comté (43) → Bourgogne-Franche-Comté (27) on 2016-01-01).
A record of 2014 stays filed under the region of its time and is shown as such: « Franche-Comté,
aujourd'hui Bourgogne-Franche-Comté ». `region_at_the_time` is the one function that decides it; the
initiative sheet (template filter `region_at_the_time`), the API (field `region_at_the_time`) and the
yearly report read it.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from rallynov.core import snapshot
from rallynov.territories.models import Commune, Department, DepartmentRegion, Region


@dataclass(frozen=True)
class RegionAtTheTime:
    """The region of a place on a date (`then`) and the region it is part of today (`now`)."""

    then: Region | None
    now: Region | None

    @property
    def changed(self):
        return self.then is not None and self.now is not None and self.then.pk != self.now.pk

    @property
    def label(self):
        if self.then is None:
            return self.now.name if self.now is not None else ""
        if self.changed:
            return _("%(then)s, aujourd'hui %(now)s") % {"then": self.then.name, "now": self.now.name}
        return self.then.name

    def as_dict(self):
        """JSON-ready: the API field and the report read this."""
        if self.then is None and self.now is None:
            return None
        then = self.then or self.now
        return {
            "code": then.code,
            "name": then.name,
            "current_code": self.now.code if self.now else then.code,
            "current_name": self.now.name if self.now else then.name,
            "changed": self.changed,
            "label": self.label,
        }

    def __str__(self):
        return self.label


def _as_date(when):
    """A year stands for its middle (1 July): a record "of 2016" is after the 1 January 2016 reform."""
    if isinstance(when, datetime.datetime):
        return when.date()
    if isinstance(when, datetime.date):
        return when
    return datetime.date(int(when), 7, 1)


def _department_id(place):
    if isinstance(place, Commune):
        return place.department_id
    if isinstance(place, Department):
        return place.pk
    return None


def _read_links(department_id):
    return list(DepartmentRegion.objects.filter(department_id=department_id).select_related("region__successor"))


def _links(department_id, cache):
    """A department's region links: from `cache` (a list's own), else kept per data stamp
    (core.snapshot: a sheet reads them at every view; a change shows at the next request)."""
    if cache is not None and department_id in cache:
        return cache[department_id]
    if cache is None:
        return snapshot.remember(
            ("department-regions", department_id), snapshot.data_stamp(), lambda: _read_links(department_id)
        )
    links = cache[department_id] = _read_links(department_id)
    return links


def fill_cache(department_ids, cache):
    """Read the region links of all `department_ids` at once into `cache` (one query), for a list
    that calls region_at_the_time for many records."""
    missing = {pk for pk in department_ids if pk is not None and pk not in cache}
    if not missing:
        return cache
    for department_id in missing:
        cache[department_id] = []
    for link in DepartmentRegion.objects.filter(department_id__in=missing).select_related("region__successor"):
        cache[link.department_id].append(link)
    return cache


def region_at_the_time(place, when, *, cache=None):
    """The region of `place` (a Commune or a Department) on `when` (a date or a year), with the region
    it belongs to today. `cache` (a dict) spares the queries when many records are shown at once.

    >>> str(region_at_the_time(besancon, 2014))
    "Franche-Comté, aujourd'hui Bourgogne-Franche-Comté"
    """
    department_id = _department_id(place)
    if department_id is None:
        return RegionAtTheTime(None, None)
    date = _as_date(when)
    links = _links(department_id, cache)
    then = next((link.region for link in links if link.covers(date)), None)
    if then is None:
        department = place.department if isinstance(place, Commune) else place
        then = department.region
    now = then
    seen = set()
    while now is not None and now.successor_id is not None and now.pk not in seen:
        seen.add(now.pk)
        now = now.successor
    return RegionAtTheTime(then, now)


def region_of_records(region, when, places=()):
    """The region a programme of today's `region` covered in `when`: `region` itself if it existed
    then, else the former region that holds the records of that time (`places`: their communes or
    departments), else its only predecessor. A report of 2014 of the Bourgogne-Franche-Comté
    programme is « Franche-Comté, aujourd'hui Bourgogne-Franche-Comté »."""
    from collections import Counter

    date = _as_date(when)
    now = region.current()
    if region.is_valid_on(date):
        return RegionAtTheTime(region, now)
    places = list(places)
    # The region links of every department of the places, in one query.
    cache = {_department_id(place): [] for place in places}
    links = DepartmentRegion.objects.filter(department_id__in=[pk for pk in cache if pk is not None])
    for link in links.select_related("region__successor"):
        cache[link.department_id].append(link)
    counts = Counter()
    for place in places:
        then = region_at_the_time(place, date, cache=cache)
        if then.then is not None and then.now is not None and then.now.pk == now.pk and then.then.pk != now.pk:
            counts[then.then] += 1
    if counts:
        return RegionAtTheTime(counts.most_common(1)[0][0], now)
    predecessors = list(Region.objects.filter(successor=region))
    return RegionAtTheTime(predecessors[0] if len(predecessors) == 1 else region, now)
