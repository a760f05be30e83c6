"""Benchmark of the prize (awards): ranking with normalisation and a juror's screen.

    python benchmarks/bench_awards.py [--quick]

Builds its own throw-away database (SQLite in a temporary folder, or BENCH_DATABASE_URL for
PostgreSQL), fills editions of N applications scored by 15 jurors on 6 weighted criteria, each
dossier scored by 3 members, one member holding 80 dossiers. Measures server-side latencies
(p50/p95) and writes benchmarks/results/awards.md.

Targets (issue): 1,000 applications × 15 jurors × 6 criteria: ranking with normalisation < 1 s;
the jury screen of a member with 80 dossiers < 200 ms.
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
TMP = tempfile.mkdtemp(prefix="bench-awards-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{TMP}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rallynov.settings")
os.environ.setdefault("EMAIL_URL", "locmem://")
os.environ["PRIVATE_MEDIA_ROOT"] = f"{TMP}/private"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

SIZES = [200] if QUICK else [250, 1000]
JURORS = 15
CRITERIA = [("Caractère innovant", 2), ("Utilité sociale", 2), ("Conditions de travail", 1.5),
            ("Ancrage territorial", 1), ("Résultats et impact", 1.5), ("Essaimage", 1)]
WORDS = ["Épicerie solidaire", "Covoiturage", "Semaine de 4 jours", "Crèche interentreprises", "Recyclerie",
         "Tiers-lieu", "Atelier vélo", "Conciergerie", "Jardin d'insertion", "Garage solidaire", "Cantine bio",
         "Accorderie", "Navette des salariés", "Ressourcerie", "Chantier d'insertion"]
PLACES = ["Dijon", "Besançon", "Belfort", "Montbéliard", "Dole", "Lons-le-Saunier", "Vesoul", "Auxerre",
          "Nevers", "Mâcon", "Chalon-sur-Saône", "Pontarlier", "Héricourt", "Saint-Claude", "Autun"]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed(fn, repeat):
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 95)


def build(programme, size, rng):
    from django.utils import timezone
    from wagtail.models import Page

    from rallynov.accounts.models import User
    from rallynov.awards.domain import weighted_score
    from rallynov.awards.models import Application, Assignment, Criterion, Edition, JuryMember, Score
    from rallynov.initiatives.models import CataloguePage, InitiativePage
    from rallynov.organizations.models import Organization

    catalogue = CataloguePage.objects.first()
    if catalogue is None:
        catalogue = CataloguePage(title="Les initiatives", slug="initiatives")
        Page.get_first_root_node().add_child(instance=catalogue)
    now = timezone.now()
    year = 3000 + size
    edition = Edition.objects.create(
        programme=programme, year=year, title=f"Prix de l'innovation sociale (banc {size})",
        opens_at=now - datetime.timedelta(days=60), closes_at=now - datetime.timedelta(days=1),
        prize_count=3, prize_amount=2000, score_min=0, score_max=5, reviews_per_application=3,
        normalise_scores=True, is_generated=True,
    )
    criteria = [Criterion.objects.create(edition=edition, sort_order=i, name=n, weight=w) for i, (n, w) in enumerate(CRITERIA)]
    members = []
    for index in range(JURORS):
        email = f"jure{index}-{size}@bench.example"
        user = User.objects.create_user(email, None, first_name=rng.choice(["Hélène", "Marc", "Sophie", "Nadia", "Olivier"]), last_name=f"Juré {index}")
        members.append(JuryMember.objects.create(edition=edition, user=user, is_generated=True))
    # Initiatives are Wagtail pages: created through the tree (treebeard paths), once per dossier.
    organizations = Organization.objects.bulk_create(
        Organization(name=f"{rng.choice(WORDS)} de {rng.choice(PLACES)} n°{i}", kind=rng.choice(["association", "entreprise", "scop"]), name_key=f"bench{size}-{i}", is_generated=True)
        for i in range(size)
    )
    applications = []
    for i in range(size):
        page = InitiativePage(title=f"{rng.choice(WORDS)} — {rng.choice(PLACES)} ({size}-{i})", programme=programme, year=2024, live=True, is_generated=True)
        catalogue.add_child(instance=page)
        applications.append(Application(edition=edition, number=i + 1, organization=organizations[i], initiative=page, status="eligible", submitted_at=now - datetime.timedelta(days=2), is_generated=True))
    applications = Application.objects.bulk_create(applications)
    severity = [rng.uniform(-1, 1) for _ in members]
    load = [0] * JURORS
    assignments, values_by = [], []
    for i, application in enumerate(applications):
        # Member 0 gets exactly 80 dossiers; the others share the rest evenly.
        chosen = [0] if i < 80 else []
        others = sorted(range(1, JURORS), key=lambda m: (load[m], rng.random()))
        chosen += others[: 3 - len(chosen)]
        quality = rng.uniform(1, 4.5)
        for m in chosen:
            load[m] += 1
            values = {c.pk: max(0, min(5, round(quality + severity[m] + rng.uniform(-1, 1)))) for c in criteria}
            assignments.append(Assignment(member=members[m], application=application, weighted_score=weighted_score(values, criteria), submitted_at=now, recommendation="not_selected", is_generated=True))
            values_by.append(values)
    assignments = Assignment.objects.bulk_create(assignments, batch_size=2000)
    Score.objects.bulk_create(
        (Score(assignment=a, criterion_id=c, value=v) for a, values in zip(assignments, values_by, strict=True) for c, v in values.items()),
        batch_size=5000,
    )
    return edition, members[0]


def main():
    from django.test import Client

    from rallynov.accounts.models import User
    from rallynov.awards.queries import ranking
    from rallynov.core.seed import create_programme

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False
    programme = create_programme()
    rng = random.Random(42)
    engine = connection.vendor
    rows = []
    for size in SIZES:
        with transaction.atomic():
            edition, member = build(programme, size, rng)
        client = Client()
        client.force_login(member.user)
        url = f"/prix/jury/{edition.year}/"
        assert client.get(url).status_code == 200
        from rallynov.awards.queries import member_assignments

        assert member_assignments(member).count() == 80
        p50, p95 = timed(lambda edition=edition: ranking(edition, normalised=True), 5 if QUICK else 10)
        rows.append((size, "Classement avec normalisation (z-score)", p50, p95, 1000))
        p50, p95 = timed(lambda edition=edition: ranking(edition, normalised=False), 5 if QUICK else 10)
        rows.append((size, "Classement sans normalisation", p50, p95, None))
        p50, p95 = timed(lambda client=client, url=url: client.get(url), 10 if QUICK else 20)
        rows.append((size, "Écran du juré (80 dossiers)", p50, p95, 200))
        export_url = f"/prix/gestion/{edition.year}/export-notes.csv"
        staff = User.objects.create_superuser(f"admin{size}@bench.example", None)
        staff_client = Client()
        staff_client.force_login(staff)
        p50, p95 = timed(lambda c=staff_client, u=export_url: c.get(u), 3)
        rows.append((size, "Export des notes (CSV)", p50, p95, None))
    lines = [
        "## Prix (awards)",
        "",
        f"Mesuré le {datetime.date.today():%Y-%m-%d} avec `benchmarks/bench_awards.py{' --quick' if QUICK else ''}` ; base : {engine} "
        f"(jetable) ; {JURORS} jurés, {len(CRITERIA)} critères pondérés, 3 évaluations par dossier "
        "(dossiers × 3 évaluations × 6 notes), un juré avec 80 dossiers. Latences côté serveur "
        f"(client de test Django pour les pages, appel direct pour le classement), en millisecondes. "
        f"Charge moyenne de la machine pendant la mesure : {os.getloadavg()[0]:.1f} pour {os.cpu_count()} cœurs.",
        "",
        "| dossiers | requête | p50 (ms) | p95 (ms) | objectif |",
        "| ---: | --- | ---: | ---: | --- |",
    ]
    for size, label, p50, p95, target in rows:
        verdict = "" if target is None else (f"< {target} ms : {'tenu' if p95 < target else 'NON TENU'}")
        lines.append(f"| {size} | {label} | {p50:.1f} | {p95:.1f} | {verdict} |")
    lines += ["", f"Préparation et mesure : {time.perf_counter() - started:.0f} s.", ""]
    text = "\n".join(lines)
    print(text)
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "awards.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
