"""Rate limit of the open-data API (django-ninja), read from settings at each request so that
operators (and tests) can change it: `API_RATE_LIMIT` ("300/m" by default), off when
`RATELIMIT_ENABLE` is false (load tests from one address).

    from rallynov.core.throttling import ApiThrottle
    api = NinjaAPI(..., throttle=[ApiThrottle()])
"""

from django.conf import settings
from ninja.throttling import SimpleRateThrottle

DEFAULT_RATE = "300/m"


class ApiThrottle(SimpleRateThrottle):
    """Per account when logged in, else per client address."""

    scope = "api"

    def __init__(self, rate=None):
        self.fixed_rate = rate
        super().__init__(rate or DEFAULT_RATE)

    def current_rate(self):
        return self.fixed_rate or getattr(settings, "API_RATE_LIMIT", None) or DEFAULT_RATE

    def get_cache_key(self, request):
        user = getattr(request, "user", None)
        logged_in = user is not None and user.is_authenticated
        ident = f"user-{user.pk}" if logged_in else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request):
        if not getattr(settings, "RATELIMIT_ENABLE", True):
            return True
        self.rate = self.current_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)
