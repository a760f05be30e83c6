"""Fakes for the parts' `figures.py` modules, so the aggregator is tested whatever has landed."""

from types import SimpleNamespace

import pytest

from rallynov.core.figures import Figure
from rallynov.reporting import keyfigures


def fake_part(part, table):
    """A stand-in `figures` module: table = {year: {key: value or Figure}}."""

    def figures(*, programme, year):
        result = []
        for key, value in table.get(year, {}).items():
            if isinstance(value, Figure):
                result.append(value)
            else:
                result.append(
                    Figure(
                        key=key,
                        label=f"libellé {key}",
                        value=value,
                        part=part,
                        records_url=f"/{part}/?annee={year}",
                    )
                )
        return result

    return SimpleNamespace(__name__=f"fake.{part}.figures", figures=figures)


@pytest.fixture
def fake_parts(monkeypatch):
    """fake_parts({"events": {2023: {...}}}) makes these the only parts with figures."""

    def install(parts):
        modules = {part: fake_part(part, table) for part, table in parts.items()}
        monkeypatch.setattr(keyfigures, "figure_modules", lambda: modules)
        return modules

    return install


@pytest.fixture
def catalogue(home_page):
    from rallynov.initiatives.models import CataloguePage

    page = CataloguePage(title="Observatoire des innovations sociales", slug="initiatives")
    home_page.add_child(instance=page)
    return page


@pytest.fixture
def make_initiative(catalogue, programme):
    from rallynov.initiatives.indexing import index_initiative
    from rallynov.initiatives.models import InitiativePage
    from rallynov.territories.models import Commune

    def make(title, *, year, commune_insee="21231", themes=()):
        commune = Commune.objects.get(insee=commune_insee)
        page = InitiativePage(
            title=title, programme=programme, year=year, main_commune=commune, summary=f"Résumé de {title}."
        )
        catalogue.add_child(instance=page)
        page.communes.add(commune)
        for theme in themes:
            page.themes.add(theme)
        page.save()
        # Published: in the catalogue, where the figures, the dashboard and the report read it.
        index_initiative(page)
        return page

    return make
