"""The public, read-only open-data API (django-ninja). Each part adds its router here."""

from django.db import DataError
from django.http import Http404
from ninja import NinjaAPI

from rallynov.api.docs import LocalSwagger
from rallynov.core.throttling import ApiThrottle

api = NinjaAPI(
    title="rallynov — API ouverte",
    version="1.0.0",
    description="Données ouvertes du programme : initiatives, chiffres clés. Lecture seule.",
    urls_namespace="api-v1",
    docs_url="/docs",
    docs=LocalSwagger(),  # Swagger UI from our static files, never a CDN (api/docs.py)
    throttle=[ApiThrottle()],
)


@api.exception_handler(Http404)
def not_found(request, exc):
    """A 404 says what was not found, in French (django-ninja's own answer is "Not Found")."""
    message = str(exc) or "Aucun enregistrement ne correspond."
    return api.create_response(request, {"detail": message}, status=404)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def identifier_out_of_range(request, exc):
    """An integer beyond what the database stores (an id of more than 64 bits in the path or the
    query): SQLite raises OverflowError, PostgreSQL a DataError ("out of range"). No record can
    have such an identifier, so it is a 404 for every route, not a server error."""
    return api.create_response(
        request, {"detail": "Aucun enregistrement ne correspond : identifiant hors limites."}, status=404
    )


def _register_routers():
    import importlib

    for part in ("territories", "initiatives", "awards", "events", "studies", "partners", "site", "reporting"):
        try:
            module = importlib.import_module(f"rallynov.{part}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"rallynov.{part}.api":
                raise
            continue
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router("", router)


_register_routers()
