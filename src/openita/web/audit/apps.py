from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "openita.web.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from openita.web.audit import recorder

        recorder.connect()
