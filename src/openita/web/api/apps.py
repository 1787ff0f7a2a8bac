from axes import apps as axes_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    default = True  # the module holds AxesConfig too
    name = "openita.web.api"
    label = "api"
    verbose_name = _("API tokens")

    def ready(self) -> None:
        from openita.web.api import revocation

        revocation.connect()


class AxesConfig(axes_apps.AppConfig):  # type: ignore[misc]
    """django-axes (log-in lockout) with a name in the reader's language: its own is "Axes",
    which the admin's index printed as an English heading on a Thai page."""

    verbose_name = _("log-in protection")
