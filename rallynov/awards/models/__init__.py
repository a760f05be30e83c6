"""The prize ("Prix de l'Innovation Sociale"): editions and their call, dossiers, jury, scores,
deliberation and laureates.

An edition carries its call (dates, rules, eligibility, prizes), its application form (questions)
and its criteria grid; staff edit the three together in the admin. A dossier (Application) points to
the one initiative record of the catalogue (DESIGN.md: one initiative, one record).
"""

from rallynov.awards.models.application import Application, Attachment, Comment
from rallynov.awards.models.edition import Criterion, Edition, LetterTemplate, Question
from rallynov.awards.models.jury import Assignment, Conflict, Decision, JuryMember, Score

__all__ = [
    "Application",
    "Assignment",
    "Attachment",
    "Comment",
    "Conflict",
    "Criterion",
    "Decision",
    "Edition",
    "JuryMember",
    "LetterTemplate",
    "Question",
    "Score",
]
