"""The form of the initiative editor in the Wagtail admin."""

from django.db.models import Q
from wagtail.admin.forms import WagtailAdminPageForm


class InitiativePageForm(WagtailAdminPageForm):
    """The commune fields offer the communes of the programmes' regions (a few thousand, not the
    35,000 of France), with their department loaded in the same query: each option's label
    ("Dijon (21)") read its department one query at a time, so the editor of a sheet ran tens of
    thousands of queries and took minutes to open. The communes already chosen stay offered even
    when they lie outside the region."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from rallynov.core.models import Programme
        from rallynov.territories.models import Commune

        programme = self.instance.programme if self.instance.programme_id else None
        programmes = [programme] if programme else list(Programme.objects.select_related("region"))
        departments = set()
        for each in programmes:
            departments.update(each.departments().values_list("pk", flat=True))
        chosen = set()
        if self.instance.pk:
            chosen.update(commune.pk for commune in self.instance.communes.all())
        if self.instance.main_commune_id:
            chosen.add(self.instance.main_commune_id)
        offered = Commune.objects.select_related("department")
        if departments:
            offered = offered.filter(Q(department_id__in=departments) | Q(pk__in=chosen))
        for name in ("communes", "main_commune"):
            if name in self.fields:
                self.fields[name].queryset = offered
