"""Django settings, built from :class:`openita.web.config.WebSettings` (the environment)."""

from __future__ import annotations

from pathlib import Path

import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from openita.web.config import WebSettings
from openita.web.file_modes import PRIVATE_DIR, PRIVATE_FILE, private_dir, private_sqlite

# Lets typed code write ModelAdmin[Model], QuerySet[Model] at run time too (django-stubs).
django_stubs_ext.monkeypatch()

ENV = WebSettings()
PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = ENV.data_dir.resolve()
# Owner-only: the database and the evidence files live here (openita.web.file_modes).
private_dir(DATA_DIR)

DEBUG = ENV.debug
SECRET_KEY = ENV.secret_key
ALLOWED_HOSTS = ENV.allowed_hosts
CSRF_TRUSTED_ORIGINS = ENV.csrf_trusted_origins

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "openita.web.api.apps.AxesConfig",  # django-axes, named in Thai in the admin
    "ninja",  # serves the Swagger UI of /api/docs from its own static files, not a CDN
    "openita.web.agencies",
    "openita.web.assessments",
    "openita.web.plans",
    "openita.web.coordination",
    "openita.web.audit",
    "openita.web.api",
    "django_tasks",
    "django_tasks_db",
    "openita.web.oit",  # after django_tasks_db: its admin takes the task table out
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "openita.web.core_language.CoreLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # CSP on HTML pages, "private, no-store" for logged-in users (after authentication).
    "openita.web.http_headers.SecurityHeadersMiddleware",
    "openita.web.audit.middleware.AuditActorMiddleware",
    # The agency of a URL and the user's level on it, read once per request (view and menu).
    "openita.web.agencies.access.AccessScopeMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "openita.web.urls"
WSGI_APPLICATION = "openita.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "openita.web.agencies.context.navigation",
            ],
        },
    }
]

DATABASES = {"default": ENV.database()}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    private_sqlite(Path(str(DATABASES["default"]["NAME"])))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
CSRF_FAILURE_VIEW = "openita.web.errors.csrf_failure"  # in the UI language, with the navigation

# Thai first; English for everyone else (docs/web.md, locale/).
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Bangkok"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]  # site-wide CSS and htmx (not an app's)
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "openita.web.fonts.BundledFontsFinder",  # Sarabun from openita/reports/fonts (one copy)
]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
#: Checked result files waiting for their confirmation (assessments/pending.py), 0700.
PENDING_UPLOADS_DIR = DATA_DIR / "pending"
#: Framework files an administrator installed (``openita manage install_framework``), searched
#: after the directories of OPENITA_FRAMEWORKS and before the bundled files (docs/frameworks.md).
FRAMEWORKS_DIR = DATA_DIR / "frameworks"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing directory
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Evidence files and their directories, whatever the umask (openita.web.file_modes).
FILE_UPLOAD_PERMISSIONS = PRIVATE_FILE
FILE_UPLOAD_DIRECTORY_PERMISSIONS = PRIVATE_DIR
FILE_UPLOAD_MAX_MEMORY_SIZE = ENV.max_upload_mb * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = ENV.max_upload_mb * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if ENV.behind_proxy and not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# django-axes: lock a user name/client address pair after repeated failed logins, and a client
# address after many across user names (openita.web.accounts.lockout, docs/production.md).
AXES_HANDLER = "openita.web.accounts.lockout.LoginLockout"
AXES_FAILURE_LIMIT = ENV.login_failure_limit
OPENITA_LOGIN_ADDRESS_FAILURE_LIMIT = ENV.login_address_failure_limit
AXES_COOLOFF_TIME = ENV.login_cooloff_minutes / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "openita.web.accounts.lockout.lockout_response"
# The client address: X-Forwarded-For only from the trusted proxies (client_address.py). The
# development server has no proxy in front: there the header is ignored.
AXES_CLIENT_IP_CALLABLE = "openita.web.accounts.client_address.client_address"
OPENITA_PROXY_COUNT = ENV.proxy_count if ENV.behind_proxy and not DEBUG else 0
OPENITA_TRUSTED_PROXIES = ENV.trusted_proxies

# Mail: password-reset links (docs/production.md, "Email"); the console in development.
_EMAIL = ENV.email()
EMAIL_BACKEND = _EMAIL.backend
EMAIL_HOST = _EMAIL.host
EMAIL_PORT = _EMAIL.port
EMAIL_HOST_USER = _EMAIL.user
EMAIL_HOST_PASSWORD = _EMAIL.password
EMAIL_USE_TLS = _EMAIL.use_tls
EMAIL_USE_SSL = _EMAIL.use_ssl
EMAIL_TIMEOUT = _EMAIL.timeout
DEFAULT_FROM_EMAIL = ENV.email_from
SERVER_EMAIL = ENV.email_from
#: A reset link works for this long (Django's default is three days).
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Background work (the OIT self-check) goes through Django's tasks API to a database queue;
# `openita manage db_worker` runs it (started by `make run`; docs/production.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
#: Tests and the benchmark only: the self-check may fetch 127.0.0.1 (docs/oitcheck.md).
OPENITA_OITCHECK_ALLOW_LOOPBACK = ENV.oitcheck_allow_loopback

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"axes": {"level": "WARNING"}},
}
