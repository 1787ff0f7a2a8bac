from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "openita.web.agencies"
    label = "agencies"
    verbose_name = _("Agencies and roles")

    def ready(self) -> None:
        from openita.web.agencies import signals

        signals.connect()
