"""Hostile input: property-based tests (hypothesis) on the commune resolver, the SIRET check,
spreadsheet exports, the initiatives importer and its CSV/XLSX parsers, survey answers, and the
open-data API through its OpenAPI schema (schemathesis). None may crash or answer 5xx.

Example counts come from the hypothesis profile: `HYPOTHESIS_PROFILE=long` for a long run.
"""

import csv
import io
import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rallynov.initiatives import interchange

settings.register_profile(
    "trust",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "long",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "trust")
settings.load_profile(PROFILE)
EXAMPLES = settings.get_profile(PROFILE).max_examples

# Text that hurts: formulas, markup, control characters, long strings, other scripts.
nasty_text = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            "",
            " ",
            "=1+1",
            "+33",
            "-",
            "@SUM(A1)",
            "<script>alert(1)</script>",
            "'; DROP TABLE x; --",
            "\x00",
            "\r\n",
            "Saint-Étienne",
            "ST CLAUDE (39)",
            "25056",
            "2A004",
            "99999",
            "(39)",
            "le",
            "l'",
            "ﬁ",
            "İstanbul",
            "𝕏" * 50,
            "a" * 5000,
        ]
    ),
)


# --- Commune resolver ----------------------------------------------------------------------------


@pytest.mark.django_db
@given(text=nasty_text, postal=st.one_of(st.just(""), st.from_regex(r"\A\d{5}\Z"), nasty_text))
def test_resolve_commune_returns_a_commune_or_a_commune_error(text, postal):
    from rallynov.territories.models import Commune
    from rallynov.territories.queries import CommuneError, resolve_commune

    try:
        result = resolve_commune(text, postal)
    except CommuneError as exc:
        assert str(exc)  # a French message, never empty
    else:
        assert isinstance(result, Commune)


@pytest.mark.django_db
def test_resolve_commune_finds_known_communes_whatever_their_spelling():
    from rallynov.territories.queries import resolve_commune

    assert resolve_commune("ST CLAUDE", "39200").insee == "39478"
    assert resolve_commune("besancon").insee == "25056"
    assert resolve_commune("25056").name == "Besançon"


# --- SIRET ---------------------------------------------------------------------------------------


def luhn_digit(digits):
    """The digit that makes `digits + d` pass the Luhn check."""
    from rallynov.organizations.validators import luhn_ok

    return next(str(d) for d in range(10) if luhn_ok(digits + str(d)))


@st.composite
def valid_sirets(draw):
    body = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=8, max_size=8)))
    if body.startswith("356000"):
        body = "1" + body[1:]  # La Poste's SIREN has its own rule, tested apart
    siren = body + luhn_digit(body)
    nic = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=4, max_size=4)))
    return siren + nic + luhn_digit(siren + nic)


@given(value=st.one_of(nasty_text, st.integers(), st.none(), st.from_regex(r"\A[\d .-]{0,20}\Z")))
def test_siret_error_never_raises(value):
    from rallynov.organizations.validators import siret_error

    result = siret_error(value)
    assert result is None or result.startswith("SIRET « ")


@given(siret=valid_sirets(), spacing=st.sampled_from(["", " ", ".", "-"]))
def test_valid_luhn_sirets_are_accepted_however_written(siret, spacing):
    from rallynov.organizations.validators import siret_error

    written = spacing.join([siret[:3], siret[3:6], siret[6:9], siret[9:]])
    assert siret_error(written) is None


@given(siret=valid_sirets(), position=st.integers(0, 13), delta=st.integers(1, 9))
def test_one_wrong_digit_is_refused(siret, position, delta):
    from rallynov.organizations.validators import siret_error

    digits = list(siret)
    digits[position] = str((int(digits[position]) + delta) % 10)
    assert siret_error("".join(digits)) is not None


@given(nic=st.from_regex(r"\A\d{5}\Z"))
def test_la_poste_establishments_follow_their_own_rule(nic):
    from rallynov.organizations.validators import siret_error

    siret = "356000000" + nic
    digit_sum_ok = sum(int(c) for c in siret) % 5 == 0
    from rallynov.organizations.validators import luhn_ok

    assert (siret_error(siret) is None) == (digit_sum_ok or luhn_ok(siret))


def test_la_poste_known_establishment():
    from rallynov.organizations.validators import siret_error

    assert siret_error("35600000000048") is None  # sum of digits 20, a multiple of 5


# --- Exports -------------------------------------------------------------------------------------


def _is_number(text):
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


@given(cells=st.lists(st.lists(nasty_text, min_size=1, max_size=4), min_size=1, max_size=5))
def test_no_exported_cell_starts_a_formula(cells):
    from rallynov.core import exports

    data = exports.rows_to_csv(["a", "b", "c", "d"], cells).decode("utf-8-sig")
    for row in csv.reader(io.StringIO(data, newline=""), delimiter=";"):
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                assert _is_number(cell), cell


# --- Initiatives importer and its CSV/XLSX parsers -----------------------------------------------


@given(data=st.binary(max_size=3000), extension=st.sampled_from(["csv", "xlsx", "geojson", "txt", ""]))
def test_parsers_read_any_bytes_or_refuse_them_cleanly(data, extension):
    try:
        rows = interchange.read_rows(data, f"fichier.{extension}")
        list(rows)
    except interchange.ImportFileError as exc:
        assert str(exc)


def _broken_zip(seed):
    """An XLSX made by openpyxl, then damaged at random places: the XLSX parser's fuzz input."""
    from rallynov.core.exports import rows_to_xlsx

    data = bytearray(rows_to_xlsx(["name", "organization"], [["Épicerie", "Le Mas"]] * 3))
    rng = random.Random(seed)
    for _ in range(rng.randint(1, 20)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


@given(seed=st.integers(0, 10**9))
def _damaged_xlsx_property(seed):
    try:
        list(interchange.read_rows(_broken_zip(seed), "fichier.xlsx"))
    except interchange.ImportFileError as exc:
        assert str(exc)


def test_damaged_xlsx_is_refused_cleanly():
    _damaged_xlsx_property()


COLUMNS = interchange.COLUMNS  # the import columns of DESIGN.md


@pytest.mark.django_db
@given(rows=st.lists(st.fixed_dictionaries(dict.fromkeys(COLUMNS, nasty_text)), min_size=1, max_size=4))
def test_importer_reports_each_bad_row_and_never_crashes(programme, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=";")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)  # NUL included: the reader cleans it at the door
    try:
        report = interchange.import_file(
            buffer.getvalue().encode("utf-8"), filename="hostile.csv", programme=programme, dry_run=True
        )
    except interchange.ImportFileError as exc:
        assert str(exc)
        return
    for problem in report.problems:
        assert problem.line >= 2 and problem.messages


# --- Survey answers ------------------------------------------------------------------------------

SURVEY_QUESTIONS = [
    {
        "type": "single_choice",
        "value": {
            "code": "formule",
            "label": "Quelle formule ?",
            "required": True,
            "choices": [
                {"label": "Journées longues", "code": "longue"},
                {"label": "Durée réduite", "code": "reduite"},
            ],
        },
    },
    {
        "type": "number",
        "value": {"code": "heures", "label": "Heures par semaine", "min_value": 10, "max_value": 60},
    },
    {
        "type": "multiple_choice",
        "value": {
            "code": "motivations",
            "label": "Motivations ?",
            "max_choices": 2,
            "choices": [
                {"label": "Équilibre", "code": "equilibre"},
                {"label": "Recrutement", "code": "recrutement"},
                {"label": "Fatigue", "code": "fatigue"},
            ],
        },
    },
    {"type": "likert", "value": {"code": "satisfaction", "label": "Je suis satisfait·e.", "points": "5"}},
    {
        "type": "matrix",
        "value": {
            "code": "effets",
            "label": "Effets sur…",
            "points": "5",
            "items": [
                {"label": "la qualité", "code": "qualite"},
                {"label": "l'ambiance", "code": "ambiance"},
            ],
        },
    },
    {
        "type": "ranking",
        "value": {
            "code": "benefices",
            "label": "Classez",
            "choices": [{"label": "Temps", "code": "temps"}, {"label": "Santé", "code": "sante"}],
        },
    },
    {"type": "date", "value": {"code": "depuis", "label": "Depuis quand ?", "min_date": "2010-01-01"}},
    {"type": "long_text", "value": {"code": "pourquoi", "label": "Pourquoi ?"}},
]
FIELDS = [
    "formule",
    "heures",
    "motivations",
    "satisfaction",
    "effets__qualite",
    "effets__ambiance",
    "benefices__temps",
    "benefices__sante",
    "depuis",
    "pourquoi",
    "action",
    "csrfmiddlewaretoken",
    "inconnu",
]


@pytest.fixture
def open_response(programme):
    import datetime

    from django.utils import timezone

    from rallynov.studies import domain
    from rallynov.studies.models import RespondentCategory, Study, Survey

    study = Study.objects.create(
        programme=programme,
        title="Semaine de 4 jours",
        slug="s4j",
        question="?",
        starts_on=datetime.date(2023, 3, 1),
    )
    survey = Survey(
        programme=programme,
        study=study,
        title="Enquête",
        slug="hostile",
        opens_at=timezone.now() - datetime.timedelta(days=1),
    )
    survey.questions = SURVEY_QUESTIONS
    survey.save()
    RespondentCategory.objects.create(survey=survey, label="Salarié·e", code="salarie", sort_order=0)
    domain.ensure_current_version(survey=survey)
    response = domain.start_response(survey=survey, category="salarie")
    domain.accept_consent(response=response, category="salarie")
    return response


@pytest.mark.django_db
@given(
    data=st.dictionaries(
        st.sampled_from(FIELDS),
        st.one_of(
            nasty_text.map(lambda t: t.replace("\x00", "")),
            st.lists(
                st.sampled_from(
                    [
                        "longue",
                        "reduite",
                        "equilibre",
                        "recrutement",
                        "fatigue",
                        "1",
                        "5",
                        "9",
                        "-1",
                        "2024-02-30",
                        "x",
                    ]
                ),
                max_size=4,
            ),
        ),
        max_size=8,
    )
)
def test_survey_pages_take_any_post_without_crashing(client, open_response, data):
    from django.urls import reverse

    from rallynov.studies.models import Response

    url = reverse("studies:answer", kwargs={"token": open_response.token, "page": 1})
    result = client.post(url, data)
    assert result.status_code in {200, 302}
    stored = Response.objects.get(pk=open_response.pk)
    assert stored.survey_id == open_response.survey_id


# --- Open-data API (schemathesis) ----------------------------------------------------------------


@pytest.fixture
def keep_test_connection():
    """Requests go through the WSGI handler, which closes database connections at the end of each
    request; inside a test that would close the test's own connection (PostgreSQL). Django's test
    client disconnects the same handlers while it runs a request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_api_answers_no_5xx_to_schema_generated_requests(programme, home_page, settings, keep_test_connection):
    import schemathesis
    from django.core.wsgi import get_wsgi_application
    from hypothesis import given as hgiven
    from hypothesis import settings as hsettings

    settings.RATELIMIT_ENABLE = False
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    tried, failures = 0, []
    for result in schema.get_all_operations():
        operation = result.ok()

        @hsettings(
            max_examples=max(10, EXAMPLES // 2),
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @hgiven(case=operation.as_strategy())
        def run(case):
            nonlocal tried
            tried += 1
            response = case.call()
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query} -> {response.status_code}")

        run()
    print(f"schemathesis : {tried} requêtes générées")
    assert tried > 0
    assert failures == []
