from django.apps import AppConfig


class OitConfig(AppConfig):
    name = "openita.web.oit"
    label = "oit"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "OIT"
