"""WSGI entry point for gunicorn: ``gunicorn openita.web.wsgi`` (docs/production.md)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openita.web.settings")
application = get_wsgi_application()
