"""Exports of the prize: dossiers and scores as XLSX/CSV (through core.exports, formulas
neutralised) and the jury booklet as PDF."""

from django.http import Http404
from django.utils import timezone

from rallynov.awards import queries
from rallynov.awards.models import Assignment, Decision, Score
from rallynov.core.exports import rows_to_csv, rows_to_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def _local(dt):
    return timezone.localtime(dt).strftime("%d/%m/%Y %H:%M:%S") if dt else ""


def application_rows(edition):
    header = [
        "Référence", "Initiative", "Structure", "SIRET", "Type de structure", "Porteur", "État", "Déposé le",
        "Motif de recevabilité", "Évaluations terminées", "Moyenne pondérée", "Rang", "Décision", "Motif", "Montant (€)",
    ]
    ranking = {row.application_id: row for row in queries.ranking(edition, with_applications=False)}
    rows = []
    applications = edition.applications.select_related("initiative", "organization", "applicant").order_by("number")
    decisions = {d.application_id: d for d in Decision.objects.filter(application__edition=edition)}
    for application in applications:
        rank = ranking.get(application.pk)
        decision = decisions.get(application.pk)
        rows.append(
            [
                application.reference,
                application.initiative.title,
                application.organization.name,
                application.organization.siret or "",
                application.organization.get_kind_display(),
                application.applicant.email if application.applicant else "",
                application.get_status_display(),
                _local(application.submitted_at),
                application.eligibility_reason,
                rank.count if rank else 0,
                round(rank.mean, 3) if rank and rank.mean is not None else "",
                rank.rank if rank and rank.rank else "",
                decision.get_outcome_display() if decision else "",
                decision.motive if decision else "",
                float(decision.amount) if decision else "",
            ]
        )
    return header, rows


def score_rows(edition):
    criteria = list(edition.criteria.all())
    header = ["Référence", "Initiative", "Membre du jury", *[c.name for c in criteria], "Note pondérée", "Recommandation", "Appréciation", "Terminée le"]
    scores = {}
    for assignment_id, criterion_id, value in Score.objects.filter(assignment__application__edition=edition).values_list(
        "assignment_id", "criterion_id", "value"
    ):
        scores.setdefault(assignment_id, {})[criterion_id] = value
    rows = []
    assignments = Assignment.objects.filter(application__edition=edition).select_related(
        "application__initiative", "member__user", "member__person"
    ).order_by("application__number", "member_id")
    for assignment in assignments:
        mine = scores.get(assignment.pk, {})
        rows.append(
            [
                assignment.application.reference,
                assignment.application.initiative.title,
                assignment.member.display_name,
                *[mine.get(c.pk, "") for c in criteria],
                round(assignment.weighted_score, 3) if assignment.weighted_score is not None else "",
                assignment.get_recommendation_display(),
                assignment.comment,
                _local(assignment.submitted_at),
            ]
        )
    return header, rows


def export(edition, *, kind, fmt):
    builders = {"dossiers": (application_rows, "Dossiers"), "notes": (score_rows, "Notes")}
    if kind not in builders or fmt not in ("csv", "xlsx"):
        raise Http404("Export inconnu.")
    builder, title = builders[kind]
    header, rows = builder(edition)
    if fmt == "csv":
        return rows_to_csv(header, rows), CSV
    return rows_to_xlsx(header, rows, title=title), XLSX


def booklet_pdf(member):
    """Every dossier assigned to the member (conflicts excluded), one after the other."""
    from rallynov.awards.domain import dossier_data
    from rallynov.awards.pdf import render

    edition = member.edition
    dossiers = []
    for assignment in queries.member_assignments(member).prefetch_related("application__attachments"):
        application = assignment.application
        application.edition = edition
        dossiers.append(dossier_data(application, identity=not edition.blind_review))
    data = {
        "edition": edition.title,
        "member": member.display_name,
        "criteria": [{"name": c.name, "weight": f"{c.weight.normalize():f}", "description": c.description} for c in edition.criteria.all()],
        "scale": f"{edition.score_min} à {edition.score_max}",
        "blind": edition.blind_review,
        "dossiers": dossiers,
        "generated_at": _local(timezone.now()),
    }
    return render("booklet.typ", data)
