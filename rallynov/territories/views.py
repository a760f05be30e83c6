from django.http import JsonResponse
from django.views.decorators.http import require_GET

from rallynov.core.text import place_key_without_article
from rallynov.territories.models import Commune


@require_GET
def commune_search(request):
    """Communes whose name starts with the query, for autocompletion (JSON)."""
    query = place_key_without_article(request.GET.get("q", ""))[:60]
    results = []
    if len(query) >= 2:
        communes = (
            Commune.objects.select_related("department")
            .filter(name_key__startswith=query)
            .order_by("-population")[:15]
        )
        results = [
            {
                "insee": c.insee,
                "name": c.name,
                "department": c.department.code,
                "postal_codes": c.postal_code_list,
                "label": f"{c.name} ({c.department.code})",
            }
            for c in communes
        ]
    return JsonResponse({"results": results})
