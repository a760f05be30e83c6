"""The data of the reporting benchmark (benchmarks/bench_reporting.py): initiatives catalogued
over the years with a growing trend, structures of every kind and size, events of the measured
year and their registrations, inserted in bulk."""

import datetime
import random

YEAR = 2023

WORDS = [
    "Épicerie solidaire",
    "Covoiturage domicile-travail",
    "Semaine de 4 jours",
    "Tiers-lieu rural",
    "Crèche d'entreprise",
    "Atelier de réparation",
    "Insertion par l'activité économique",
    "Circuit court alimentaire",
    "Habitat inclusif",
    "Recyclerie",
    "Garage solidaire",
    "Conciergerie d'entreprise",
    "Jardin partagé",
    "Accueil des nouveaux arrivants",
    "Tutorat intergénérationnel",
    "Restaurant inclusif",
    "Prévention des troubles musculo-squelettiques",
]
PLACES = (
    "Dijon",
    "Besançon",
    "Dole",
    "Auxerre",
    "Nevers",
    "Mâcon",
    "Belfort",
    "Vesoul",
    "Lons-le-Saunier",
    "Montbéliard",
)
SURNAMES = (
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
)


def _insert_pages(model, parent, objects):
    """Bulk-insert Wagtail pages of `model` under `parent` (multi-table inheritance: Page rows first,
    then the child table's own columns). Much faster than add_child for benchmark volumes."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.models import Locale, Page

    content_type = ContentType.objects.get_for_model(model)
    locale = Locale.get_default()
    parent.refresh_from_db()
    start = parent.numchild
    now = datetime.datetime.now(datetime.UTC)
    base_pages = []
    for offset, obj in enumerate(objects, start=start + 1):
        obj.path = Page._get_path(parent.path, parent.depth + 1, offset)
        obj.depth = parent.depth + 1
        obj.numchild = 0
        obj.content_type = content_type
        obj.locale = locale
        obj.url_path = f"{parent.url_path}{obj.slug}/"
        obj.live = True
        obj.first_published_at = obj.last_published_at = now
        obj.draft_title = obj.title
        page = Page(
            **{f.attname: getattr(obj, f.attname) for f in Page._meta.concrete_fields if f.attname != "id"}
        )
        base_pages.append(page)
    Page.objects.bulk_create(base_pages, batch_size=2000)
    ids = dict(Page.objects.filter(path__in=[p.path for p in base_pages]).values_list("path", "id"))
    own_fields = list(model._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in own_fields)
    placeholders = ", ".join(["%s"] * len(own_fields))
    table = connection.ops.quote_name(model._meta.db_table)
    # Table and column names come from the model's metadata, values go through parameters.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    rows = []
    for obj in objects:
        obj.page_ptr_id = obj.id = ids[obj.path]
        rows.append([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in own_fields])
    with connection.cursor() as cursor:
        for index in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[index : index + 2000])
    Page.objects.filter(pk=parent.pk).update(numchild=start + len(objects))
    return [ids[obj.path] for obj in objects]


class Builder:
    def __init__(self):
        from rallynov.core.seed import create_programme
        from rallynov.site import demo as site_demo
        from rallynov.site.models import HomePage

        self.rng = random.Random(2023)
        self.programme = create_programme()
        site_demo.load(programme=self.programme, log=lambda *args: None)
        self.home = HomePage.objects.get()
        self.initiatives = 0
        self.events = 0
        self.registrations = 0
        self._prepare()

    def _prepare(self):
        from rallynov.initiatives.models import CataloguePage, Theme
        from rallynov.organizations.enums import OrganizationKind, SizeBand
        from rallynov.organizations.models import Organization
        from rallynov.territories.models import Commune, Department

        departments = self.programme.region.all_department_codes()
        self.communes = list(Commune.objects.filter(department__code__in=departments).order_by("insee")[:800])
        self.departments = list(Department.objects.filter(code__in=departments))
        kinds = [k for k, _ in OrganizationKind.choices]
        bands = [b for b, _ in SizeBand.choices]
        organizations = [
            Organization(
                name=f"{self.rng.choice(WORDS)} {self.rng.choice(PLACES)} {n}",
                name_key=f"bench-{n}",
                kind=self.rng.choices(kinds, weights=[50, 25, 5, 3, 5, 4, 3, 3, 2])[0],
                size_band=self.rng.choices(bands, weights=[10, 35, 30, 15, 8, 2])[0],
                commune=self.rng.choice(self.communes),
                is_generated=True,
            )
            for n in range(3000)
        ]
        Organization.objects.bulk_create(organizations, batch_size=1000)
        self.organization_ids = list(Organization.objects.values_list("pk", flat=True))
        self.themes = [
            Theme.objects.get_or_create(slug=f"bench-{i}", defaults={"name": w})[0]
            for i, w in enumerate(WORDS[:10])
        ]
        self.catalogue = CataloguePage(title="Observatoire", slug="observatoire-bench")
        self.home.add_child(instance=self.catalogue)
        from rallynov.events.models import EventIndexPage

        self.event_index = EventIndexPage(title="Événements", slug="evenements-bench")
        self.home.add_child(instance=self.event_index)

    def grow(self, initiatives, events, registrations):
        self._add_initiatives(initiatives - self.initiatives)
        self._add_events(events - self.events)
        self._add_registrations(registrations - self.registrations)

    def _add_initiatives(self, count):
        if count <= 0:
            return
        from rallynov.initiatives.models import InitiativePage

        years = list(range(2013, 2026))
        weights = [1 + (y - 2013) * 0.3 for y in years]  # the catalogue grows over the years
        pages = []
        for n in range(self.initiatives, self.initiatives + count):
            commune = self.rng.choice(self.communes)
            pages.append(
                InitiativePage(
                    title=f"{self.rng.choice(WORDS)} à {commune.name} ({n})",
                    slug=f"initiative-bench-{n}",
                    programme=self.programme,
                    year=self.rng.choices(years, weights=weights)[0],
                    main_commune=commune,
                    summary="Initiative recensée pour le banc d'essai.",
                    is_generated=True,
                )
            )
        ids = _insert_pages(InitiativePage, self.catalogue, pages)
        through = InitiativePage.themes.through
        through.objects.bulk_create(
            [through(initiativepage_id=pk, theme_id=self.rng.choice(self.themes).pk) for pk in ids],
            batch_size=5000,
        )
        ensure_catalogue_index()
        self.initiatives += count

    def _add_events(self, count):
        if count <= 0:
            return
        from django.utils import timezone

        from rallynov.events.enums import EventKind
        from rallynov.events.models import EventPage

        kinds = [k for k, _ in EventKind.choices]
        pages = []
        for n in range(self.events, self.events + count):
            start = timezone.make_aware(
                datetime.datetime(YEAR, 1, 15) + datetime.timedelta(hours=n * 16 % 8000)
            )
            pages.append(
                EventPage(
                    title=f"{self.rng.choice(['Rencontre', 'Atelier', 'Séminaire', 'Étape de la tournée'])} {self.rng.choice(PLACES)} {n}",
                    slug=f"evenement-bench-{n}",
                    programme=self.programme,
                    kind=self.rng.choice(kinds),
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=3),
                    summary="Événement du banc d'essai.",
                )
            )
        _insert_pages(EventPage, self.event_index, pages)
        self.event_ids = list(EventPage.objects.filter(programme=self.programme).values_list("pk", flat=True))
        self.events += count

    def _add_registrations(self, count):
        if count <= 0:
            return
        from django.utils import timezone

        from rallynov.events.enums import RegistrationStatus
        from rallynov.events.models import Registration

        now = timezone.now()
        rows = []
        for n in range(self.registrations, self.registrations + count):
            present = self.rng.random() < 0.75
            rows.append(
                Registration(
                    event_id=self.rng.choice(self.event_ids),
                    status=RegistrationStatus.CONFIRMED,
                    first_name="Camille",
                    last_name=self.rng.choice(SURNAMES),
                    email=f"participant{n}@example.org",
                    organization_id=self.rng.choice(self.organization_ids)
                    if self.rng.random() < 0.85
                    else None,
                    department=self.rng.choice(self.departments),
                    checked_in_at=now if present else None,
                    confirmed_at=now,
                    is_generated=True,
                )
            )
        Registration.objects.bulk_create(rows, batch_size=2000)
        self.registrations += count


def ensure_catalogue_index():
    """The observatory's figures read its catalogue index (CatalogueEntry), rebuilt on publication:
    bulk-inserted pages are indexed here, in chunks (also repairs data built without it)."""
    from rallynov.initiatives.indexing import index_many
    from rallynov.initiatives.models import CatalogueEntry, InitiativePage

    missing = list(
        InitiativePage.objects.filter(slug__startswith="initiative-bench-")
        .exclude(pk__in=CatalogueEntry.objects.values("pk"))
        .values_list("pk", flat=True)
    )
    for start in range(0, len(missing), 5000):
        index_many(missing[start : start + 5000])
