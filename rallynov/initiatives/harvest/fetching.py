"""Downloading a source: http(s) only, a timeout for each read and for the whole download, and a
size cap. Every failure is a HarvestError with a French message; nothing is written here."""

import time
import urllib.error
import urllib.request
from urllib.parse import urlparse

from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 15
MAX_BYTES = 20 * 1024 * 1024
CHUNK = 64 * 1024


class HarvestError(Exception):
    """A source that cannot be harvested now; the message is for the team."""


def fetch(url, *, timeout=TIMEOUT_SECONDS, max_bytes=MAX_BYTES):
    """(bytes, content type) of `url`, or HarvestError."""
    if urlparse(url).scheme not in ("http", "https"):
        raise HarvestError(
            _("Adresse refusée : seules les adresses http et https sont moissonnées (%(url)s).")
            % {"url": url}
        )
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url, headers={"User-Agent": "rallynov-moisson/1.0", "Accept": "text/csv, application/json"}
    )
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise HarvestError(_too_big(max_bytes))
            chunks, size = [], 0
            while True:
                if time.monotonic() > deadline:
                    raise HarvestError(_slow(timeout))
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise HarvestError(_too_big(max_bytes))
                chunks.append(chunk)
            return b"".join(chunks), response.headers.get_content_type()
    except HarvestError:
        raise
    except urllib.error.HTTPError as exc:
        exc.close()  # the error holds the response's socket
        raise HarvestError(
            _("La source a répondu par une erreur (%(code)s %(reason)s).")
            % {"code": exc.code, "reason": exc.reason}
        ) from None
    except TimeoutError:
        raise HarvestError(_slow(timeout)) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            raise HarvestError(_slow(timeout)) from None
        raise HarvestError(_("Source injoignable (%(reason)s).") % {"reason": reason}) from None


def _too_big(max_bytes):
    return _("La source dépasse la taille permise (%(mb)s Mo) : rien n'a été moissonné.") % {
        "mb": max_bytes // (1024 * 1024) or 1
    }


def _slow(timeout):
    return _("La source n'a pas répondu en %(seconds)s secondes : rien n'a été moissonné.") % {
        "seconds": timeout
    }
