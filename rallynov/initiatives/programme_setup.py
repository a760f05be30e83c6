"""A new programme's catalogue page, its permissions and moderation workflow (core.programmes)."""

from rallynov.initiatives.domain import ensure_catalogue


def setup_programme(*, programme, host, log):
    ensure_catalogue(programme=programme)
