from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "openita.web.api"
    label = "api"
    verbose_name = _("API tokens")

    def ready(self) -> None:
        from openita.web.api import revocation

        revocation.connect()
