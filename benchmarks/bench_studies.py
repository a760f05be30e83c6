"""Benchmark of the studies part: a survey of 40 questions with up to 50,000 responses.

    python benchmarks/bench_studies.py [--quick]

Builds its own throw-away database (SQLite in a temporary folder, or PostgreSQL when
BENCH_DATABASE_URL is set: a database `rallynov_bench_studies` is created and dropped), fills it
with a realistic questionnaire (4-day week themes; single and multiple choices, 5- and 7-point
Likert scales, matrices, numbers, dates, rankings, free text in French) and responses from
employees and managers with skewed distributions, then measures server-side latencies through
Django's test client (view + template) and the domain functions:

- the team's analysis page (all 40 questions, charts and tables), unfiltered and filtered;
- a cross-tab (category × question, question × question) with its test;
- saving one page of answers (a respondent);
- the XLSX and CSV exports of every response (target: XLSX under 30 s at 50,000).

Targets from the issue: analysis < 1 s, cross-tab < 300 ms, XLSX export < 30 s at 50,000 responses.
Prints a Markdown section and writes it to benchmarks/results/studies.md.
"""

import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUICK = "--quick" in sys.argv
SIZES = [500, 2000] if QUICK else [5000, 50000]
TMP = tempfile.mkdtemp(prefix="bench-studies-")
PG_URL = os.environ.get("BENCH_DATABASE_URL", "")
DB_NAME = "rallynov_bench_studies"
if PG_URL:
    os.environ["DATABASE_URL"] = PG_URL.rstrip("/").rsplit("/", 1)[0] + "/" + DB_NAME
else:
    os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rallynov.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")
os.environ.setdefault("EMAIL_URL", "locmem://")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("STAFF_MFA_REQUIRED", "false")

THEMES = ["le planning", "la continuité du service", "les réunions", "la polyvalence", "les congés",
          "la charge de travail", "les relations avec les clients", "la communication interne"]
FREE_TEXT = [
    "Les journées sont plus longues mais le vendredi libre compense largement.",
    "Il a fallu réorganiser les tournées et prévenir les clients.",
    "Plus de temps pour les enfants, moins de trajets en voiture.",
    "La fatigue du jeudi soir est réelle en période de forte activité.",
    "Nous avons recruté plus facilement depuis le passage à quatre jours.",
    "Les réunions d'équipe ont été regroupées le mardi matin.",
    "=SOMME(A1:A9) formule collée par erreur",
    "Un bilan à six mois a permis d'ajuster les horaires.",
]


def create_pg_database():
    import psycopg

    admin = PG_URL.rstrip("/").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def drop_pg_database():
    import psycopg
    from django.db import connections

    connections.close_all()
    admin = PG_URL.rstrip("/").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")


def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered) * 1000, p95 * 1000


def measure(fn, repeat):
    samples = []
    for i in range(repeat):
        start = time.perf_counter()
        fn(i)
        samples.append(time.perf_counter() - start)
    return percentiles(samples)


def choices(*labels):
    return [{"label": label, "code": f"c{i + 1}"} for i, label in enumerate(labels)]


def questionnaire():
    """40 questions on the themes of the 2023 study."""
    blocks, n = [], 0

    def add(kind, label, **value):
        nonlocal n
        n += 1
        blocks.append({"type": kind, "value": {"code": f"q{n}", "label": label, **value}})

    sections = ["Vous et votre entreprise", "Motivation", "Organisation", "Performance", "Conditions de travail"]
    for s, title in enumerate(sections):
        blocks.append({"type": "section", "value": {"title": title}})
        add("single_choice", f"{title} : situation actuelle ?", required=True,
            choices=choices("Tout à fait", "Plutôt", "Peu", "Pas du tout"))
        if s < 3:
            add("single_choice", f"{title} : qui a porté le projet ?",
                choices=choices("La direction", "Les salariés", "Les deux", "Un accompagnement extérieur"))
        add("multiple_choice", f"{title} : quels leviers ?", max_choices=3,
            choices=choices("Équilibre", "Recrutement", "Fidélisation", "Fatigue", "Trajets", "Efficacité"))
        add("likert", f"{title} : le changement a été bien préparé.", points="5")
        add("likert", f"{title} : je le recommanderais.", points="7")
        add("number", f"{title} : nombre d'heures concernées", min_value=0, max_value=60, unit="heures")
        if s < 3:
            add("matrix", f"{title} : effets observés sur…", points="5",
                items=choices(*random.sample(THEMES, 4)))
        if s in (1, 3):
            add("ranking", f"{title} : classez les bénéfices", choices=choices("Temps", "Santé", "Trajets", "Engagement"))
        if s in (0, 4):
            add("date", f"{title} : depuis quand ?")
        add("long_text" if s % 2 else "short_text", f"{title} : commentaire libre")
    while n < 40:
        add("single_choice", f"Question complémentaire {n + 1}", choices=choices("Oui", "Non", "Je ne sais pas"))
    return blocks


def value_for(q, manager):
    kind = q.type
    if kind == "single_choice":
        weights = [4, 3, 2, 1] if manager else [2, 3, 3, 2]
        return random.choices([o.code for o in q.options], weights[: len(q.options)] + [1] * (len(q.options) - 4))[0]
    if kind == "multiple_choice":
        return random.sample([o.code for o in q.options], random.randint(1, q.max_choices or 2))
    if kind == "likert":
        top = len(q.options)
        return min(top, max(1, round(random.gauss(top * (0.72 if manager else 0.6), 1.1))))
    if kind == "matrix":
        return {i.code: random.randint(1, 5) for i in q.items if random.random() < 0.95}
    if kind == "number":
        return float(round(min(60, max(0, random.gauss(34 if manager else 30, 6)))))
    if kind == "date":
        return datetime.date(random.randint(2019, 2023), random.randint(1, 12), random.randint(1, 28))
    if kind == "ranking":
        return random.sample([o.code for o in q.options], len(q.options))
    return random.choice(FREE_TEXT) if random.random() < 0.35 else ""


def fill(survey, version, count, start_index):
    """Bulk-insert sent responses and their answer rows (plain tuples: model instances would make
    building the data slower than measuring it)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from rallynov.studies.domain import answer_rows
    from rallynov.studies.models import Answer, Response

    questions = version.questionnaire.questions
    base = timezone.make_aware(datetime.datetime(2023, 9, 1, 8))
    table = Answer._meta.db_table
    sql = (f"INSERT INTO {table} (response_id, survey_id, question_key, item, choice, number, date, text, category, "  # noqa: S608 - table name from the model
           "completed_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")
    done = 0
    while done < count:
        batch = min(2000, count - done)
        with transaction.atomic():
            responses = []
            for i in range(batch):
                manager = random.random() < 0.28
                moment = base + datetime.timedelta(minutes=random.randint(0, 60 * 24 * 100))
                responses.append(Response(survey=survey, version=version, category="dirigeant" if manager else "salarie",
                                          started_at=moment, completed_at=moment, page=5, is_generated=True,
                                          token=f"bench-{start_index + done + i}"))
            Response.objects.bulk_create(responses)
            rows = []
            ops = connection.ops
            for response in responses:
                manager = response.category == "dirigeant"
                at = ops.adapt_datetimefield_value(response.completed_at)
                for q in questions:
                    if random.random() < 0.04 and not q.required:
                        continue
                    for row in answer_rows(q, value_for(q, manager)):
                        rows.append((response.pk, survey.pk, q.key, row.item, row.choice, row.number,
                                     ops.adapt_datefield_value(row.date), row.text, response.category, at))
            with connection.cursor() as cursor:
                cursor.executemany(sql, rows)
        done += batch


def main():
    if PG_URL:
        create_pg_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.PRIVATE_MEDIA_ROOT = Path(TMP) / "private"
    call_command("migrate", verbosity=0)

    from rallynov.accounts import roles
    from rallynov.accounts.domain import add_to_group
    from rallynov.accounts.models import User
    from rallynov.core.seed import create_programme
    from rallynov.site import demo as site_demo
    from rallynov.studies import analysis, domain, exports, tallies
    from rallynov.studies.models import Answer, RespondentCategory, Response, Study, Survey

    random.seed(2023)
    programme = create_programme()
    site_demo.load(programme=programme, log=lambda *a: None)
    study = Study.objects.create(programme=programme, title="La semaine de 4 jours", slug="s4j",
                                 question="Quels enseignements ?", starts_on=datetime.date(2023, 3, 1))
    survey = Survey(programme=programme, study=study, title="Enquête sur la semaine de 4 jours", slug="enquete")
    survey.questions = questionnaire()
    survey.save()
    RespondentCategory.objects.create(survey=survey, label="Salarié·e", code="salarie", sort_order=0)
    RespondentCategory.objects.create(survey=survey, label="Dirigeant·e", code="dirigeant", sort_order=1)
    version = domain.ensure_current_version(survey=survey)
    q = version.questionnaire
    assert len(q.questions) == 40, len(q.questions)
    user = User.objects.create_user("bench@example.org", "motdepasse-solide-1", is_staff=True)
    add_to_group(user, roles.PROGRAMME_TEAM)
    client = Client()
    client.force_login(user)
    single = [x for x in q.questions if x.type == "single_choice"]
    likert = [x for x in q.questions if x.type == "likert"]
    matrix = [x for x in q.questions if x.type == "matrix"][0]

    lines, filled, repeat = [], 0, 5 if QUICK else 7
    url = f"/enquetes/{survey.slug}/"
    database = "PostgreSQL" if PG_URL else "SQLite"
    for size in SIZES:
        started = time.perf_counter()
        fill(survey, version, size - filled, filled)
        tallies.rebuild(survey)  # bulk-inserted answers: totals recomputed once, as after an import
        filled = size
        build_s = time.perf_counter() - started
        answers = Answer.objects.filter(survey=survey).count()
        print(f"{size} réponses ({answers} valeurs) construites en {build_s:.0f} s", flush=True)

        def get(path, params=None):
            response = client.get(path, params or {})
            assert response.status_code == 200, (path, response.status_code)

        results = {}
        client.get(url + "analyse/")  # warm-up (version check, templates)
        results["Page d'analyse (40 questions, graphiques et tableaux)"] = measure(lambda i: get(url + "analyse/"), repeat)
        results["Page d'analyse filtrée (dirigeants, période)"] = measure(
            lambda i: get(url + "analyse/", {"categorie": "dirigeant", "du": "2023-10-01", "au": "2023-11-30"}), repeat)
        results["Tableau croisé catégorie × question (page)"] = measure(
            lambda i: get(url + "croisement/", {"lignes": "categorie", "colonnes": single[i % len(single)].key}), repeat)
        results["Tableau croisé question × question (page)"] = measure(
            lambda i: get(url + "croisement/", {"lignes": single[i % len(single)].key,
                                                 "colonnes": likert[i % len(likert)].key}), repeat)
        rows_var = analysis.find_variable(survey, q, f"{matrix.key}:{matrix.items[0].code}")
        cols_var = analysis.find_variable(survey, q, single[0].key)
        results["Tableau croisé item de matrice × question (requête + test)"] = measure(
            lambda i, r=rows_var, c=cols_var: analysis.crosstab(survey, r, c), repeat)

        def save_one_page(i):
            response = domain.start_response(survey=survey, category="salarie")
            values = {x.code: value_for(x, False) for x in q.pages[1].questions}
            domain.save_page(response=response, page_index=1, values=values)

        results["Enregistrement d'une page de réponses (répondant)"] = measure(save_one_page, repeat)
        Response.objects.filter(completed_at__isnull=True).delete()

        progress_calls = []
        start = time.perf_counter()
        xlsx = exports.build(survey, q, fmt="xlsx", progress=lambda d, t, calls=progress_calls: calls.append(d))
        xlsx_s = time.perf_counter() - start
        start = time.perf_counter()
        csv_bytes = exports.build(survey, q, fmt="csv")
        csv_s = time.perf_counter() - start
        columns = 4 + len(exports.columns(q))
        lines.append((size, answers, build_s, results, xlsx_s, len(xlsx), csv_s, len(csv_bytes), columns,
                      len(progress_calls)))

    today = datetime.date.today()
    out = [f"## Études : enquête de 40 questions ({database})", "",
           f"Mesuré le {today:%Y-%m-%d} par `benchmarks/bench_studies.py{' --quick' if QUICK else ''}` ; base {database} "
           "jetable ; questionnaire de 40 questions (choix uniques et multiples, Likert 5 et 7 points, matrices, "
           "nombres, dates, classements, textes libres), réponses de salariés (72 %) et de dirigeants (28 %). "
           "Latences côté serveur (vue + gabarit via le client de test Django), en millisecondes : p50 / p95 "
           f"sur {repeat} mesures. Cibles : analyse < 1 000 ms, tableau croisé < 300 ms, export XLSX < 30 s à 50 000 "
           "réponses.", ""]
    header = "| Mesure | " + " | ".join(f"{size:,} réponses".replace(",", " ") for size, *_ in lines) + " |"
    out += [header, "|---|" + "---|" * len(lines)]
    for name in lines[0][3]:
        cells = [f"{r[3][name][0]:.0f} / {r[3][name][1]:.0f}" for r in lines]
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    out.append("| Export XLSX (toutes les réponses, une ligne par réponse) | "
               + " | ".join(f"{r[4]:.1f} s ({r[5] / 1e6:.1f} Mo, {r[8]} colonnes)" for r in lines) + " |")
    out.append("| Export CSV | " + " | ".join(f"{r[6]:.1f} s ({r[7] / 1e6:.1f} Mo)" for r in lines) + " |")
    out.append("| Valeurs de réponses stockées (une ligne par valeur) | "
               + " | ".join(f"{r[1]:,}".replace(",", " ") for r in lines) + " |")
    out += ["", "L'export de plus de 2 000 réponses se fait en arrière-plan : la page de suivi affiche une barre de "
            f"progression mise à jour par blocs de 5 000 réponses ({lines[-1][9]} mises à jour pendant l'export de la "
            "plus grande taille).", ""]
    text = "\n".join(out)
    print(text)
    (ROOT / "benchmarks" / "results").mkdir(parents=True, exist_ok=True)
    if not QUICK:
        (ROOT / "benchmarks" / "results" / "studies.md").write_text(text, encoding="utf-8")
    if PG_URL:
        drop_pg_database()


if __name__ == "__main__":
    main()
