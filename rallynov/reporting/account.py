"""Links to the team's reporting tools in the personal space ("Mon espace")."""

from rallynov.reporting import rules


def dashboard_section(user):
    if not rules.can_view_dashboard(user):
        return None
    return {
        "title": "Chiffres clés et bilan",
        "template": "reporting/includes/account_section.html",
        "context": {},
    }
