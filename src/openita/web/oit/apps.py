from django.apps import AppConfig


class OitConfig(AppConfig):
    name = "openita.web.oit"
    label = "oit"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "OIT"

    def ready(self) -> None:
        from openita.web.oit import signals

        signals.connect()
