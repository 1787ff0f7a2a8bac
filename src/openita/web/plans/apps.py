from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "openita.web.plans"
    label = "plans"
    verbose_name = _("Action plans")

    def ready(self) -> None:
        from django.core import checks

        from openita.web.plans import evidence_storage

        checks.register(evidence_storage.check, checks.Tags.files)
