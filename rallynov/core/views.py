from django.shortcuts import render
from django.views.decorators.http import require_GET


def ratelimited(request, exception=None):
    return render(request, "core/429.html", status=429)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    """403 in the site's layout and language; the exception's own text (sometimes a library's,
    in English) is not shown."""
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without its security token (an old tab, cookies refused): Django's own page
    is in English and bare."""
    return render(request, "403_csrf.html", status=403)


def bad_request(request, exception=None):
    """400, rendered without the request: the request itself may be what is wrong (an unknown
    host), and the context processors read it."""
    from django.http import HttpResponseBadRequest
    from django.template import loader

    return HttpResponseBadRequest(loader.get_template("400.html").render({}))


# Seconds a client is told to wait when the database is unreachable (Retry-After).
RETRY_AFTER_SECONDS = 30


def database_unavailable(request):
    """503 « Service momentanément indisponible » (an HTML page, or JSON under /api/), with
    Retry-After: the answer while the database is down or restarting, instead of a 500."""
    from django.http import HttpResponse, JsonResponse
    from django.template import loader
    from django.utils.translation import gettext as _

    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": _("Service momentanément indisponible. Merci de réessayer dans quelques instants.")},
            status=503,
        )
    else:
        # Rendered without the request: no context processor may touch the database.
        response = HttpResponse(loader.get_template("core/503.html").render({}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


# PostgreSQL error codes of a lost or refused connection: class 08, server shutting down or
# starting (57P01-57P03). The driver gives no code when it cannot reach the server at all.
UNAVAILABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03")


def is_database_unavailable(exc):
    """True for the errors of an unreachable database (refused, restarting, connection lost),
    not for the errors of a query (a deadlock or a constraint stays a server error)."""
    from django.db import InterfaceError, OperationalError

    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, InterfaceError):
            return True
        if isinstance(exc, OperationalError):
            driver = exc.__cause__
            if driver is None:
                return True
            state = getattr(driver, "sqlstate", getattr(driver, "pgcode", False))
            if state is False:  # not PostgreSQL (SQLite's "database is locked" is not an outage)
                return False
            return state is None or state.startswith(UNAVAILABLE_SQLSTATES)
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request):
    import sys

    # Django calls this view while it handles the exception: a lost database gets a 503.
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable(request)
    # No context processors that touch the database: the error may come from it.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render({}))


@require_GET
def health(request):
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
