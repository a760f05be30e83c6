"""Exports of the prize: dossiers and scores as XLSX/CSV (through core.exports, formulas
neutralised) and the jury booklet as PDF."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from rallynov.awards import queries
from rallynov.awards.domain import dossier_data
from rallynov.awards.enums import ApplicationStatus, Outcome
from rallynov.awards.models import Assignment, Score
from rallynov.awards.pdf import render
from rallynov.awards.prizes import amount_text
from rallynov.core.exports import rows_to_csv, rows_to_xlsx
from rallynov.organizations.enums import OrganizationKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def _local(dt):
    return timezone.localtime(dt).strftime("%d/%m/%Y %H:%M:%S") if dt else ""


def application_rows(edition):
    header = [
        "Référence",
        "Initiative",
        "Structure",
        "SIRET",
        "Type de structure",
        "Porteur",
        "État",
        "Déposé le",
        "Motif de recevabilité",
        "Évaluations terminées",
        "Moyenne pondérée",
        "Rang",
        "Décision",
        "Motif",
        "Montant (€)",
    ]
    ranking = {row.application_id: row for row in queries.ranking(edition, with_applications=False)}
    kinds = dict(OrganizationKind.choices)
    statuses = dict(ApplicationStatus.choices)
    outcomes = dict(Outcome.choices)
    rows = []
    values = edition.applications.order_by("number").values_list(
        "pk",
        "number",
        "initiative__title",
        "organization__name",
        "organization__siret",
        "organization__kind",
        "applicant__email",
        "status",
        "submitted_at",
        "eligibility_reason",
        "decision__outcome",
        "decision__motive",
        "decision__amount",
    )
    for (
        pk,
        number,
        title,
        org,
        siret,
        kind,
        email,
        status,
        submitted,
        reason,
        outcome,
        motive,
        amount,
    ) in values:
        rank = ranking.get(pk)
        rows.append(
            [
                f"{edition.year}-{number:03d}",
                title,
                org,
                siret or "",
                str(kinds.get(kind, kind)),
                email or "",
                str(statuses.get(status, status)),
                _local(submitted),
                reason,
                rank.count if rank else 0,
                round(rank.mean, 3) if rank and rank.mean is not None else "",
                rank.rank if rank and rank.rank else "",
                str(outcomes.get(outcome, "")) if outcome else "",
                motive or "",
                float(amount) if amount is not None else (amount_text(None) if outcome else ""),
            ]
        )
    return header, rows


def score_rows(edition):
    criteria = list(edition.criteria.all())
    header = [
        "Référence",
        "Initiative",
        "Membre du jury",
        *[c.name for c in criteria],
        "Note pondérée",
        "Recommandation",
        "Appréciation",
        "Terminée le",
    ]
    scores = {}
    for assignment_id, criterion_id, value in Score.objects.filter(
        assignment__application__edition=edition
    ).values_list("assignment_id", "criterion_id", "value"):
        scores.setdefault(assignment_id, {})[criterion_id] = value
    members = {m.pk: m.display_name for m in edition.jury.select_related("user", "person")}
    outcomes = dict(Outcome.choices)
    rows = []
    assignments = (
        Assignment.objects.filter(application__edition=edition)
        .order_by("application__number", "member_id")
        .values_list(
            "pk",
            "application__number",
            "application__initiative__title",
            "member_id",
            "weighted_score",
            "recommendation",
            "comment",
            "submitted_at",
        )
    )
    for pk, number, title, member_id, weighted, recommendation, comment, submitted in assignments:
        mine = scores.get(pk, {})
        rows.append(
            [
                f"{edition.year}-{number:03d}",
                title,
                members[member_id],
                *[mine.get(c.pk, "") for c in criteria],
                round(weighted, 3) if weighted is not None else "",
                str(outcomes.get(recommendation, "")) if recommendation else "",
                comment,
                _local(submitted),
            ]
        )
    return header, rows


def export(edition, *, kind, fmt):
    builders = {"dossiers": (application_rows, "Dossiers"), "notes": (score_rows, "Notes")}
    if kind not in builders or fmt not in ("csv", "xlsx"):
        raise Http404(_("Export inconnu."))
    builder, title = builders[kind]
    header, rows = builder(edition)
    if fmt == "csv":
        return rows_to_csv(header, rows), CSV
    return rows_to_xlsx(header, rows, title=title), XLSX


def booklet_data(member):
    """What the jury booklet prints: every dossier assigned to the member, one after the other,
    without those the member is in conflict with (queries.member_assignments asks the rule)."""
    edition = member.edition
    dossiers = []
    for assignment in queries.member_assignments(member).prefetch_related("application__attachments"):
        application = assignment.application
        application.edition = edition
        dossiers.append(dossier_data(application, identity=not edition.blind_review))
    return {
        "edition": edition.title,
        "member": member.display_name,
        "criteria": [
            {"name": c.name, "weight": f"{c.weight.normalize():f}", "description": c.description}
            for c in edition.criteria.all()
        ],
        "scale": f"{edition.score_min} à {edition.score_max}",
        "blind": edition.blind_review,
        "dossiers": dossiers,
        "generated_at": _local(timezone.now()),
    }


def booklet_pdf(member):
    return render("booklet.typ", booklet_data(member))
