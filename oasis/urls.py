from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from oasis.accounts.views import set_language
from oasis.core import health, media
from oasis.core import views as core_views

handler400 = "oasis.core.views.bad_request"
handler403 = "oasis.core.views.permission_denied"
handler404 = "oasis.core.views.page_not_found"
handler500 = "oasis.core.views.server_error"

admin.site.site_header = "Oasis"
admin.site.site_title = "Oasis"

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page says; they get the SVG icon.
    path("favicon.ico", core_views.favicon),
    path("", core_views.home, name="home"),
    path("privacy/", core_views.privacy, name="privacy"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/setlang/", set_language, name="set_language"),
    # The admin signs in through allauth, so that MFA applies there too.
    path("admin/login/", core_views.admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("accounts/", include("oasis.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("notifications/", include("oasis.notifications.urls")),
    path("proposals/", include("proposals.urls")),
    # review/ (reviewers), staff/reviews/ (staff), implemented/ (public)
    path("", include("proposals.reviews.urls")),
    path("", include("proposals.implementation.urls")),
    path("api/v1/", include("proposals.api.urls")),
    path("", include("voting.urls")),
    path("api/v1/", include("voting.api.urls")),
    # budgets/ (public) and staff/budgets/ (staff)
    path("", include("voting.budgets.urls")),
    path("api/v1/", include("voting.budgets.api.urls")),
    path("", include("kiosks.urls")),
    path("api/v1/kiosk/", include("kiosks.api.urls")),
    # staff/ and staff/audit/ (the staff console)
    path("", include("oasis.staff.urls")),
    # stats/ and open-data/ (public)
    path("", include("oasis.opendata.urls")),
    path("api/v1/open-data/", include("oasis.opendata.api.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/v1/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
]

if settings.MEDIA_STORAGE == "filesystem":
    # Uploads on the local disk are served by the app, DEBUG or not; a bucket
    # serves its own URLs.
    urlpatterns += [
        re_path(
            r"^{}(?P<path>.+)$".format(settings.MEDIA_URL.lstrip("/")),
            media.media_serve,
            name="media",
        )
    ]
