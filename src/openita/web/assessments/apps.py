from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "openita.web.assessments"
    label = "assessments"
    verbose_name = _("ITA results")

    def ready(self) -> None:
        from django.conf import settings

        from openita.frameworks.loader import add_search_dir

        add_search_dir(settings.FRAMEWORKS_DIR)
