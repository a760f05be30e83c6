from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from rallynov.core import views as core_views
from rallynov.site import theme_views

handler400 = "rallynov.core.views.bad_request"
handler403 = "rallynov.core.views.permission_denied"
handler404 = "rallynov.core.views.page_not_found"
handler500 = "rallynov.core.views.server_error"

urlpatterns = [
    # Wagtail's own login would bypass the second factor: every login goes through allauth.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("comptes/", include("allauth.urls")),
    path("compte/", include("rallynov.accounts.urls")),
    path("sante/", core_views.health, name="health"),
    # The programme's colours (site settings), the same in every language.
    path("habillage/<str:version>.css", theme_views.theme_css, name="theme_css"),
    path("api/", include("rallynov.api.urls")),
]

# The public site in French at its own address and in English under /en/: the language comes
# from the address (never from a cookie or a session), so a visitor's choice is a link, the page
# cache keys on the address, and no page needs a CSRF cookie for its language switch.
urlpatterns += i18n_patterns(
    path("", include("rallynov.territories.urls")),
    path("", include("rallynov.site.urls")),
    path("", include("rallynov.initiatives.urls")),
    path("", include("rallynov.awards.urls")),
    path("", include("rallynov.events.urls")),
    path("", include("rallynov.studies.urls")),
    path("", include("rallynov.partners.urls")),
    path("", include("rallynov.reporting.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree serves everything else.
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
