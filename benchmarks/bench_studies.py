"""Benchmark of the studies part: a survey of 40 questions with 50,000 responses.

    python benchmarks/bench_studies.py            # SQLite, prebuilt data set reused
    python benchmarks/bench_studies.py --pg       # PostgreSQL (127.0.0.1:5432, database bench_studies_50k)
    python benchmarks/bench_studies.py --quick    # 2,000 responses, to check the script (results not written)
    python benchmarks/bench_studies.py --rebuild  # rebuild the data set first

The data set is built once and kept: SQLite in /work/benchdata/studies/studies_50k.sqlite3
(BENCH_DATA_DIR to change the folder), PostgreSQL in the database bench_studies_50k
(BENCH_DATABASE_URL=postgres://user@host:port to change the server). Building it takes a few
minutes (2.7 million answer values); a rerun only applies pending migrations and measures, in
about three minutes on a quiet 2-core machine. A realistic questionnaire (4-day week themes;
single and multiple choices, 5- and 7-point Likert scales, matrices, numbers, dates, rankings,
free text in French) is answered by employees and managers with skewed distributions; the script
measures server-side latencies through Django's test client (view + template) and the domain
functions:

- the team's analysis page (all 40 questions, charts and tables), unfiltered and filtered;
- a cross-tab (category × question, question × question, matrix item × question) with its test;
- saving one page of answers (a respondent);
- the XLSX and CSV exports of every response (target: XLSX under 30 s at 50,000), with the
  number of progress updates the export page shows.

It also counts the SQL queries of each page (they do not depend on the machine's load).
Targets from the issue: analysis < 1 s, cross-tab < 300 ms, XLSX export < 30 s at 50,000 responses.
Prints a Markdown section and writes it to benchmarks/results/studies.md (not with --quick).
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
REBUILD = "--rebuild" in sys.argv
USE_PG = "--pg" in sys.argv or bool(os.environ.get("BENCH_DATABASE_URL"))
SIZE = 2000 if QUICK else 50000
DATA_VERSION = "bench-studies-data-v1"  # change when the generated data change: the data set is rebuilt
LABEL = f"{SIZE // 1000}k"
TMP = tempfile.mkdtemp(prefix="bench-studies-")
DATA_DIR = Path(os.environ.get("BENCH_DATA_DIR", "/work/benchdata/studies"))
PG_SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
if PG_SERVER.count("/") > 2:  # a database name was given: keep the server only
    PG_SERVER = PG_SERVER.rsplit("/", 1)[0]
DB_NAME = f"bench_studies_{LABEL}"
SQLITE_PATH = DATA_DIR / f"studies_{LABEL}.sqlite3"
if USE_PG:
    os.environ["DATABASE_URL"] = f"{PG_SERVER}/{DB_NAME}"
else:
    os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
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


def _pg_admin():
    import psycopg

    return psycopg.connect(f"{PG_SERVER}/postgres".replace("postgres://", "postgresql://"), autocommit=True)


def data_set_ready():
    """True when the prebuilt database exists and holds this version of the data."""
    if USE_PG:
        with _pg_admin() as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
                return False
    elif not SQLITE_PATH.exists():
        return False
    from rallynov.studies.models import Survey

    try:
        return Survey.objects.filter(slug="enquete", intro=f"{DATA_VERSION} {SIZE}").exists()
    except Exception:  # noqa: BLE001 - a half-built or outdated database is rebuilt
        return False


def drop_data_set():
    from django.db import connections

    connections.close_all()
    if USE_PG:
        with _pg_admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
            conn.execute(f"CREATE DATABASE {DB_NAME}")
    else:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)


def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered) * 1000, p95 * 1000


def measure(fn, repeat):
    """p50 and p95 of the wall-clock time, and p50 of the process's CPU time (which a busy
    machine inflates much less), in milliseconds."""
    samples, cpu = [], []
    for i in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn(i)
        samples.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return (*percentiles(samples), statistics.median(cpu) * 1000)


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


def build_data_set():
    """Create the programme, the survey, a team member and SIZE sent responses (once)."""
    from django.core.management import call_command

    from rallynov.accounts import roles
    from rallynov.accounts.domain import add_to_group
    from rallynov.accounts.models import User
    from rallynov.core.seed import create_programme
    from rallynov.site import demo as site_demo
    from rallynov.studies import domain, tallies
    from rallynov.studies.models import Answer, RespondentCategory, Study, Survey

    drop_data_set()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"  migrations : {time.perf_counter() - started:.0f} s", flush=True)
    random.seed(2023)
    programme = create_programme()
    site_demo.load(programme=programme, log=lambda *a: None)
    study = Study.objects.create(programme=programme, title="La semaine de 4 jours", slug="s4j",
                                 question="Quels enseignements ?", starts_on=datetime.date(2023, 3, 1))
    survey = Survey(programme=programme, study=study, title="Enquête sur la semaine de 4 jours", slug="enquete",
                    intro="(en construction)")
    survey.questions = questionnaire()
    survey.save()
    RespondentCategory.objects.create(survey=survey, label="Salarié·e", code="salarie", sort_order=0)
    RespondentCategory.objects.create(survey=survey, label="Dirigeant·e", code="dirigeant", sort_order=1)
    version = domain.ensure_current_version(survey=survey)
    assert len(version.questionnaire.questions) == 40, len(version.questionnaire.questions)
    user = User.objects.create_user("bench@example.org", "motdepasse-solide-1", is_staff=True)
    add_to_group(user, roles.PROGRAMME_TEAM)
    for done in range(0, SIZE, 10000):
        fill(survey, version, min(10000, SIZE - done), done)
        print(f"  {done + min(10000, SIZE - done)} réponses…", flush=True)
    tallies.rebuild(survey)  # bulk-inserted answers: totals recomputed once, as after an import
    if USE_PG:  # what autovacuum does on a live server: planner statistics and visibility map (index-only scans)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    Survey.objects.filter(pk=survey.pk).update(intro=f"{DATA_VERSION} {SIZE}")  # marks the data set complete
    answers = Answer.objects.filter(survey=survey).count()
    print(f"Jeu de données construit : {SIZE} réponses ({answers} valeurs) en {time.perf_counter() - started:.0f} s",
          flush=True)


def count_queries(fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    if REBUILD or not data_set_ready():
        print(f"Construction du jeu de données ({SIZE} réponses, {'PostgreSQL ' + DB_NAME if USE_PG else SQLITE_PATH})…",
              flush=True)
        build_data_set()
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.PRIVATE_MEDIA_ROOT = Path(TMP) / "private"
    call_command("migrate", verbosity=0)  # pending migrations of the code measured (indexes…)

    from rallynov.accounts.models import User
    from rallynov.studies import analysis, domain, exports
    from rallynov.studies.models import Answer, Response, Survey

    random.seed(2024)
    survey = Survey.objects.get(slug="enquete")
    Response.objects.filter(survey=survey, completed_at__isnull=True).delete()  # left by an interrupted run
    version = domain.ensure_current_version(survey=survey)
    q = version.questionnaire
    client = Client()
    client.force_login(User.objects.get(email="bench@example.org"))
    single = [x for x in q.questions if x.type == "single_choice"]
    likert = [x for x in q.questions if x.type == "likert"]
    matrix = [x for x in q.questions if x.type == "matrix"][0]
    answers = Answer.objects.filter(survey=survey).count()
    responses = Response.objects.filter(survey=survey, completed_at__isnull=False).count()
    loadavg = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"] * 3

    repeat = 5 if QUICK else 7
    url = f"/enquetes/{survey.slug}/"
    database = "PostgreSQL" if USE_PG else "SQLite"

    def get(path, params=None):
        response = client.get(path, params or {})
        assert response.status_code == 200, (path, response.status_code)

    filtered = {"categorie": "dirigeant", "du": "2023-10-01", "au": "2023-11-30"}
    by_category = {"lignes": "categorie", "colonnes": single[0].key}
    two_questions = {"lignes": single[0].key, "colonnes": likert[0].key}
    results, queries = {}, {}
    client.get(url + "analyse/")  # warm-up (version check, templates)
    client.get(url + "croisement/", two_questions)  # warm-up (imports scipy.stats once, as a server process does)
    name = "Page d'analyse (40 questions, graphiques et tableaux)"
    results[name] = measure(lambda i: get(url + "analyse/"), repeat)
    queries[name] = count_queries(lambda: get(url + "analyse/"))
    name = "Page d'analyse filtrée (dirigeants, période)"
    results[name] = measure(lambda i: get(url + "analyse/", filtered), repeat)
    queries[name] = count_queries(lambda: get(url + "analyse/", filtered))
    name = "Tableau croisé catégorie × question (page)"
    results[name] = measure(
        lambda i: get(url + "croisement/", {"lignes": "categorie", "colonnes": single[i % len(single)].key}), repeat)
    queries[name] = count_queries(lambda: get(url + "croisement/", by_category))
    name = "Tableau croisé question × question (page)"
    results[name] = measure(
        lambda i: get(url + "croisement/", {"lignes": single[i % len(single)].key,
                                             "colonnes": likert[i % len(likert)].key}), repeat)
    queries[name] = count_queries(lambda: get(url + "croisement/", two_questions))
    name = "Tableau croisé question × question filtré (dirigeants, période)"
    results[name] = measure(
        lambda i: get(url + "croisement/", {**filtered, "lignes": single[i % len(single)].key,
                                             "colonnes": likert[i % len(likert)].key}), repeat)
    queries[name] = count_queries(lambda: get(url + "croisement/", {**filtered, **two_questions}))
    rows_var = analysis.find_variable(survey, q, f"{matrix.key}:{matrix.items[0].code}")
    cols_var = analysis.find_variable(survey, q, single[0].key)
    name = "Tableau croisé item de matrice × question (requête + test)"
    results[name] = measure(lambda i, r=rows_var, c=cols_var: analysis.crosstab(survey, r, c), repeat)
    queries[name] = count_queries(lambda: analysis.crosstab(survey, rows_var, cols_var))

    def save_one_page(i):
        response = domain.start_response(survey=survey, category="salarie")
        values = {x.code: value_for(x, False) for x in q.pages[1].questions}
        domain.save_page(response=response, page_index=1, values=values)

    name = "Enregistrement d'une page de réponses (répondant)"
    results[name] = measure(save_one_page, repeat)
    queries[name] = count_queries(lambda: save_one_page(0))
    Response.objects.filter(survey=survey, completed_at__isnull=True).delete()

    progress_calls = []
    start, start_cpu = time.perf_counter(), time.process_time()
    xlsx = exports.build(survey, q, fmt="xlsx", progress=lambda d, t, calls=progress_calls: calls.append(d))
    xlsx_s, xlsx_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    start, start_cpu = time.perf_counter(), time.process_time()
    csv_bytes = exports.build(survey, q, fmt="csv")
    csv_s, csv_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    loadavg_end = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"] * 3
    columns = 4 + len(exports.columns(q))

    out = [f"## Études : enquête de 40 questions ({database})", "",
           f"Mesuré le {datetime.date.today():%Y-%m-%d} par `benchmarks/bench_studies.py{' --pg' if USE_PG else ''}` "
           f"(charge moyenne au départ : {' '.join(loadavg)}, à la fin : {' '.join(loadavg_end)}) ; jeu de données construit une fois et réutilisé "
           f"({'base PostgreSQL ' + DB_NAME if USE_PG else 'fichier SQLite ' + SQLITE_PATH.name}) ; questionnaire "
           "de 40 questions (choix uniques et multiples, Likert 5 et 7 points, matrices, nombres, dates, classements, "
           "textes libres), réponses de salariés (72 %) et de dirigeants (28 %). Latences côté serveur (vue + gabarit "
           f"via le client de test Django), en millisecondes : p50 / p95 du temps écoulé sur {repeat} mesures, p50 du "
           "temps CPU du processus (peu sensible à la charge de la machine ; la base SQLite est dans le processus, "
           "PostgreSQL non), et nombre de requêtes SQL. Cibles : analyse < 1 000 ms, tableau croisé < 300 ms, export XLSX < 30 s à 50 000 réponses.", "",
           f"| Mesure ({responses:_} réponses, {answers:_} valeurs) | p50 / p95 (ms) | CPU p50 (ms) | requêtes SQL |"
           .replace("_", " "),
           "|---|---|---|---|"]
    for name, (p50, p95, cpu) in results.items():
        out.append(f"| {name} | {p50:.0f} / {p95:.0f} | {cpu:.0f} | {queries[name]} |")
    out.append(f"| Export XLSX (toutes les réponses, une ligne par réponse ; {len(xlsx) / 1e6:.1f} Mo, {columns} colonnes) "
               f"| {xlsx_s:.1f} s | {xlsx_cpu:.1f} s | {len(progress_calls)} mises à jour de la progression |")
    out.append(f"| Export CSV ({len(csv_bytes) / 1e6:.1f} Mo) | {csv_s:.1f} s | {csv_cpu:.1f} s | |")
    out += ["", f"L'export de plus de {exports.BACKGROUND_THRESHOLD:,} réponses se fait en arrière-plan : la page de suivi "
            "affiche une barre de progression.".replace(",", " "), ""]
    text = "\n".join(out)
    print(text)
    if not QUICK:
        write_section(text, database)


def write_section(text, database):
    """benchmarks/results/studies.md keeps one section per database (SQLite first)."""
    path = ROOT / "benchmarks" / "results" / "studies.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    sections = {}
    if path.exists():
        for chunk in path.read_text(encoding="utf-8").split("## Études")[1:]:
            kind = "PostgreSQL" if chunk.split("\n", 1)[0].rstrip().endswith("(PostgreSQL)") else "SQLite"
            sections[kind] = ("## Études" + chunk).strip() + "\n"
    sections[database] = text.strip() + "\n"
    path.write_text("\n".join(sections[k] for k in ("SQLite", "PostgreSQL") if k in sections), encoding="utf-8")

if __name__ == "__main__":
    main()
