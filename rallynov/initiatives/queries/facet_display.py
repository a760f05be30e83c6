"""The catalogue's facets as the page shows them: options with their count, in a useful order,
each with the link that switches it on or off."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from rallynov.organizations.enums import OrganizationKind
from rallynov.territories.models import Department


@dataclass
class FacetOption:
    value: object
    label: str
    count: int
    selected: bool
    url: str
    children: list = field(default_factory=list)
    input_id: str = ""


@dataclass
class Facet:
    name: str  # query-string parameter
    label: str
    options: list


def build_facets(catalogue, counts):
    """Facets ready for the template: options with a count, or selected, in a useful order."""
    f = catalogue.filters
    facets = []

    children = {}
    for theme in catalogue.themes:
        if theme[3]:
            children.setdefault(theme[3], []).append(theme)
    theme_counts = counts["theme"]
    theme_options = []
    for pk, slug, name, parent_id in catalogue.themes:
        if parent_id:
            continue
        kids = [
            FacetOption(
                value=child_slug,
                label=child_name,
                count=theme_counts.get(child_pk, 0),
                selected=child_slug in f.themes,
                url=f.toggled("themes", child_slug),
                input_id=f"f-theme-{child_slug}",
            )
            for child_pk, child_slug, child_name, _parent in children.get(pk, [])
            if theme_counts.get(child_pk, 0) or child_slug in f.themes
        ]
        count = theme_counts.get(pk, 0)
        if count or slug in f.themes or kids:
            theme_options.append(
                FacetOption(
                    value=slug,
                    label=name,
                    count=count,
                    selected=slug in f.themes,
                    url=f.toggled("themes", slug),
                    children=kids,
                    input_id=f"f-theme-{slug}",
                )
            )
    facets.append(Facet("theme", _("Thèmes"), theme_options))

    dep_counts = counts["department"]
    codes = set(dep_counts) | set(f.departments)
    departments = dict(Department.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    facets.append(
        Facet(
            "department",
            _("Département"),
            [
                FacetOption(
                    code,
                    f"{departments.get(code, code)} ({code})",
                    dep_counts.get(code, 0),
                    code in f.departments,
                    f.toggled("departments", code),
                    input_id=f"f-department-{code}",
                )
                for code in sorted(codes)
            ],
        )
    )

    kind_counts = counts["kind"]
    facets.append(
        Facet(
            "kind",
            _("Type de structure"),
            [
                FacetOption(
                    value,
                    str(label),
                    kind_counts.get(value, 0),
                    value in f.kinds,
                    f.toggled("kinds", value),
                    input_id=f"f-kind-{value}",
                )
                for value, label in OrganizationKind.choices
                if kind_counts.get(value) or value in f.kinds
            ],
        )
    )

    year_counts = counts["year"]
    years = sorted(set(year_counts) | set(f.years), reverse=True)
    facets.append(
        Facet(
            "year",
            _("Année de recensement"),
            [
                FacetOption(
                    y,
                    str(y),
                    year_counts.get(y, 0),
                    y in f.years,
                    f.toggled("years", y),
                    input_id=f"f-year-{y}",
                )
                for y in years
            ],
        )
    )

    laureate_counts = counts["laureate"]
    facets.append(
        Facet(
            "laureate",
            _("Prix de l'innovation sociale"),
            [
                FacetOption(
                    "oui",
                    str(_("Lauréates du prix")),
                    laureate_counts[True],
                    f.laureate is True,
                    f.toggled("laureate", True),
                    input_id="f-laureate-oui",
                ),
                FacetOption(
                    "non",
                    str(_("Non lauréates")),
                    laureate_counts[False],
                    f.laureate is False,
                    f.toggled("laureate", False),
                    input_id="f-laureate-non",
                ),
            ],
        )
    )

    if "programme" in counts:
        facets.insert(0, programme_facet(f, counts["programme"], catalogue.programmes))

    sdg_counts = counts["sdg"]
    facets.append(
        Facet(
            "sdg",
            _("Objectifs de développement durable"),
            [
                FacetOption(
                    number,
                    f"{number}. {name}",
                    sdg_counts.get(number, 0),
                    number in f.sdgs,
                    f.toggled("sdgs", number),
                    input_id=f"f-sdg-{number}",
                )
                for _pk, number, name in catalogue.sdgs
                if sdg_counts.get(number) or number in f.sdgs
            ],
        )
    )
    return facets


def programme_facet(f, programme_counts, programmes):
    """The national catalogue's region facet: one option per programme with published initiatives
    (`programmes`: Catalogue.programmes, read once for the counts and the labels)."""
    slugs = set(programme_counts) | set(f.programmes)
    names = {slug: name for _pk, slug, name in programmes}
    return Facet(
        "programme",
        _("Région (programme)"),
        [
            FacetOption(
                slug,
                names.get(slug, slug),
                programme_counts.get(slug, 0),
                slug in f.programmes,
                f.toggled("programmes", slug),
                input_id=f"f-programme-{slug}",
            )
            for slug in sorted(slugs, key=lambda slug: names.get(slug, slug))
            if slug in names
        ],
    )
