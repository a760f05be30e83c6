from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from rallynov.accounts import rules


@login_required
def dashboard(request):
    """The personal space: links to what this person can do, by role."""
    user = request.user
    context = {
        "is_team": rules.is_programme_team(user),
        "is_partner_editor": rules.is_partner_editor(user),
        "is_juror": rules.is_juror(user),
        "is_applicant": rules.is_applicant(user),
        "can_use_admin": rules.can_use_admin(user),
        "sections": dashboard_sections(user),
    }
    return render(request, "accounts/dashboard.html", context)


def dashboard_sections(user):
    """Each part may add a block to the personal space with a `dashboard_section(user)` function
    in its `account.py` module, returning None or a dict(title=…, template=…, context=…)."""

    from rallynov.core.parts import part_modules

    sections = []
    for _config, module in part_modules("account"):
        section = module.dashboard_section(user)
        if section:
            sections.append(section)
    return sections
