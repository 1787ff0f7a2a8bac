"""Every page and endpoint. Agency pages live under ``/a/<code>/`` so access is checked once
per request by :func:`openita.web.agencies.access.agency_for` (tests/web/test_isolation.py)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView, TemplateView

from openita.web.accounts.views import PasswordChange, PasswordReset, PasswordResetConfirm
from openita.web.agencies import views as agency_views
from openita.web.api.endpoints import api

# The admin's title in the UI language, named after the site (not "Django administration").
admin.site.site_header = _("OpenITA administration")
admin.site.site_title = _("OpenITA administration")

urlpatterns = [
    path("", agency_views.home, name="home"),
    path("", include("openita.web.agencies.urls")),
    path("a/<slug:code>/", include("openita.web.assessments.urls")),
    path("a/<slug:code>/plan/", include("openita.web.plans.urls")),
    path("a/<slug:code>/history/", include("openita.web.audit.urls")),
    path("a/<slug:code>/oit/", include("openita.web.oit.urls")),
    path("p/<slug:code>/<int:year>/", include("openita.web.oit.public_urls")),
    path("reviews/", include("openita.web.oit.review_urls")),
    path("coordination/", include("openita.web.coordination.urls")),
    path("api/", api.urls),
    path("account/", include("openita.web.api.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", PasswordChange.as_view(), name="password_change"),
    # Forgotten password: a link by email (docs/web.md, "Password reset").
    path("accounts/password/reset/", PasswordReset.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "guide/formats/",
        TemplateView.as_view(template_name="openita/format_guide.html"),
        name="format_guide",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin's own password page checks the old password outside the lockout: the site's
    # page (above) is the one place to change a password.
    path("admin/password_change/", RedirectView.as_view(pattern_name="password_change")),
    path("admin/", admin.site.urls),
]
# No /media/ URL, not even in development: evidence files are served only through the
# access-checked plans:evidence_file view.

handler500 = "openita.web.errors.server_error"
