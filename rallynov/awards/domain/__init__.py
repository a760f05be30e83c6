"""Writes of the prize, by job: each function is one unit of work, atomic, audited.

The package re-exports its functions so that callers write `domain.submit_application(...)`.
"""

from rallynov.awards.domain.applications import (
    add_attachment,
    application_pdf,
    create_application,
    delete_attachment,
    dossier_data,
    missing_answers,
    save_answers,
    send_receipt,
    submit_application,
)
from rallynov.awards.domain.common import PrizeError
from rallynov.awards.domain.deliberation import (
    open_deliberation,
    publication_problems,
    publish_results,
    record_decision,
)
from rallynov.awards.domain.instruction import add_comment, reopen_application, set_eligibility
from rallynov.awards.domain.jury import (
    add_jury_member,
    assign,
    auto_assign,
    confirm_no_other_conflict,
    declare_conflict,
    name_vice_president,
    save_review,
    send_reminders,
    weighted_score,
)
from rallynov.awards.domain.laureate_sheets import publish_laureate_sheet, sheet_problems
from rallynov.awards.domain.letters import DEFAULT_LETTERS, render_letter, send_letters

__all__ = [
    "DEFAULT_LETTERS",
    "PrizeError",
    "publish_laureate_sheet",
    "sheet_problems",
    "add_attachment",
    "add_comment",
    "add_jury_member",
    "application_pdf",
    "assign",
    "auto_assign",
    "confirm_no_other_conflict",
    "create_application",
    "declare_conflict",
    "delete_attachment",
    "dossier_data",
    "missing_answers",
    "name_vice_president",
    "open_deliberation",
    "publication_problems",
    "publish_results",
    "record_decision",
    "render_letter",
    "reopen_application",
    "save_answers",
    "save_review",
    "send_letters",
    "send_receipt",
    "send_reminders",
    "set_eligibility",
    "submit_application",
    "weighted_score",
]
