"""Settings for rallynov, read from the environment (see .env.example and README.md).

Every value comes from one strict helper in rallynov.env: a malformed value stops start-up
with a message that names it. Defaults are safe for development on SQLite.
"""

import importlib.util
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from rallynov.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    parse_database_url,
    parse_email_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY est obligatoire quand DEBUG=false.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"  # noqa: S105

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# ".localhost": localhost and its subdomains (the demo's second region and national site), which
# browsers resolve to this machine.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", ".localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])
WAGTAILADMIN_BASE_URL = SITE_URL

INSTALLED_APPS = [
    # rallynov, one app per part of DESIGN.md (order matters for the demo: see core.demo)
    "rallynov.core",
    "rallynov.territories",
    "rallynov.organizations",
    "rallynov.accounts",
    "rallynov.site",
    "rallynov.initiatives",
    "rallynov.awards",
    "rallynov.events",
    "rallynov.studies",
    "rallynov.partners",
    "rallynov.reporting",
    # Wagtail
    "wagtail.contrib.forms",
    "rallynov.core.wagtail_apps.RedirectsConfig",  # Wagtail's, without the unused API v3 (fast start)
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "rallynov.core.wagtail_apps.EmbedsConfig",
    "wagtail.sites",
    "wagtail.users",
    "rallynov.core.wagtail_apps.SnippetsConfig",
    "rallynov.core.wagtail_apps.DocumentsConfig",
    "rallynov.core.wagtail_apps.ImagesConfig",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    # Tools
    "django_htmx",
    "template_partials",
    "corsheaders",
    "js_lib_htmx",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The data stamp of kept values (core.snapshot) read at most once per GET request.
    "rallynov.core.snapshot.RequestStampMiddleware",
    "rallynov.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "rallynov.core.middleware.InputCleaningMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # On the national catalogue's host, a region's own screens are not found (core/national.py).
    "rallynov.core.national.NationalSiteMiddleware",
    # Django's, without a cookie for an anonymous visitor (Origin checked instead): core/csrf.py
    "rallynov.core.csrf.CookielessCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A team member on another programme's host is a visitor there (accounts.rules.is_programme_team).
    "rallynov.accounts.middleware.ProgrammeTeamScopeMiddleware",
    "rallynov.site.audience.AudienceMiddleware",
    "rallynov.core.middleware.AnonymousPageCacheMiddleware",
    # The request's Wagtail site, from what is kept per data stamp (core.queries.site_for_request);
    # after the page cache, so that a page served from it asks the database nothing.
    "rallynov.core.middleware.CurrentSiteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "rallynov.accounts.middleware.StaffSecondFactorMiddleware",
    "rallynov.accounts.middleware.AdminRefusalMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rallynov.urls"
WSGI_APPLICATION = "rallynov.wsgi.application"

# django-ninja's folder, found without importing it (its import costs 0.15 s at every start of
# every command): its Swagger UI template and static files serve the API docs, never a CDN.
NINJA_DIR = Path(importlib.util.find_spec("ninja").origin).parent

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # django-ninja's Swagger UI page (rallynov/api/docs.py), without "ninja" in INSTALLED_APPS.
        "DIRS": [PACKAGE_DIR / "templates", NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "rallynov.core.context_processors.programme",
                "rallynov.site.context_processors.chrome",
            ],
        },
    },
]

# Database: SQLite file by default, PostgreSQL through DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": parse_database_url(DATABASE_URL)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock at BEGIN so
    # that concurrent writers queue instead of failing half-way ("database is locked").
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    # Tests use a file in /dev/shm per worker, copied from a template migrated once per run
    # (tests/testdb.py), not Django's shared-cache in-memory database: the live server of the
    # browser tests opens its own connections and waits for locks as production does.
else:
    # PostgreSQL: one persistent connection per worker thread, checked before each request reuses
    # it, so that the site recovers by itself after a database restart.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # An unreachable server fails the request in seconds (a clean 503) instead of holding a worker
    # thread until gunicorn's time-out; `?connect_timeout=N` in DATABASE_URL overrides it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
WAGTAILADMIN_LOGIN_URL = "account_login"

# django-allauth: e-mail login with verification; TOTP second factor (required for staff, see
# accounts.middleware).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "10/h/ip",
    "reset_password": "5/h/ip,3/h/key",
    "confirm_email": "3/10m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[rallynov] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "rallynov"
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", not DEBUG)

# django-axes: failed logins throttled per account and address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "rallynov.accounts.security.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = False

# Internationalisation: French first, English second.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

# Static and media files
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
def _xstatic_dirs():
    """Leaflet and its marker clusters come from Python packages (no CDN, no npm at run time)."""
    import xstatic.pkg.leaflet
    import xstatic.pkg.leaflet_markercluster

    return [
        ("vendor/leaflet", xstatic.pkg.leaflet.BASE_DIR),
        ("vendor/leaflet-markercluster", xstatic.pkg.leaflet_markercluster.BASE_DIR),
    ]


STATICFILES_DIRS = [PACKAGE_DIR / "static", *_xstatic_dirs(), NINJA_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Private uploads (application attachments…) live outside MEDIA_ROOT and are served by views
# that check permissions.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
# Archives written by `rallynov backup` when no --output is given.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
UPLOAD_MAX_SIZE = env_int("UPLOAD_MAX_SIZE", 10 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            # WhiteNoise's manifest storage, tolerant of the source maps the vendored packages name.
            else "rallynov.core.staticfiles.StaticStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# E-mail
for _key, _value in parse_email_url(env_str("EMAIL_URL", "console://")).items():
    globals()[_key] = _value
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", globals().get("DEFAULT_FROM_EMAIL", "rallynov <noreply@localhost>"))
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# E-mails are queued (core.mailqueue). False: the request that queued one sends it after its commit.
# True: requests only queue, and a process of its own sends (`rallynov send_emails --loop`).
EMAIL_QUEUE_WORKER = env_bool("EMAIL_QUEUE_WORKER", False)

# Cache: local memory by default, Redis when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rallynov"}
    ),
    # Public pages served to anonymous visitors (core.middleware.AnonymousPageCacheMiddleware), in
    # their own cache so that pages never push rate-limit counters out.
    "pages": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "pages"}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "rallynov-pages",
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
    ),
}
# Seconds an anonymous public page is served from the cache (0: never; off in development).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 60)
PAGE_CACHE_ALIAS = "pages"
# Audience measurement (site.audience): page views kept in each process's memory and written in
# one transaction every AUDIENCE_BATCH_SIZE views or AUDIENCE_FLUSH_SECONDS seconds.
AUDIENCE_BATCH_SIZE = env_int("AUDIENCE_BATCH_SIZE", 100)
AUDIENCE_FLUSH_SECONDS = env_int("AUDIENCE_FLUSH_SECONDS", 10)
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMIT_VIEW = "rallynov.core.views.ratelimited"
# Open-data API: requests per client and period ("300/m", "20/s", "5000/h").
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "300/m")
STUDIES_EXPORT_IN_BACKGROUND = env_bool("STUDIES_EXPORT_IN_BACKGROUND", True)

# Security: strict by default in production (see `manage.py check --deploy`).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_FAILURE_VIEW = "rallynov.core.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a decision for the operator (SECURE_HSTS_PRELOAD), not a default.
    "security.W021",
    # Django looks for its own CSRF middleware by name; ours subclasses it (core/csrf.py checks that).
    "security.W003",
]
# Map tiles: any XYZ tile server; its origin is added to the Content-Security-Policy.
MAP_TILES_URL = env_str("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env_str(
    "MAP_TILES_ATTRIBUTION", "© contributeurs OpenStreetMap ; contours : IGN – ADMIN EXPRESS COG 2018"
)

# CORS: the read-only open-data API can be read from anywhere.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]

# Wagtail
WAGTAIL_SITE_NAME = env_str("WAGTAIL_SITE_NAME", "rallynov")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "csv", "txt"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = UPLOAD_MAX_SIZE
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatar from gravatar.com: it would send a hash of each editor's e-mail to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "image"]},
    }
}

# Logging: to stderr, errors mailed to ADMINS in production when SMTP is set.
ADMINS = [("Admin", a) for a in env_list("ADMINS")]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Sentry switches on only when its variable is set and the package is installed.
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:  # pragma: no cover - optional integration
    import sentry_sdk

    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False)

# Demo / programme
DEFAULT_PROGRAMME_SLUG = env_str("DEFAULT_PROGRAMME_SLUG", "bfc")
