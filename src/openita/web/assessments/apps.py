from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "openita.web.assessments"
    label = "assessments"
    verbose_name = _("ITA results")
