"""Typed settings read from the environment (``OPENITA_*`` and ``DATABASE_URL``).

Development needs nothing: SQLite in ``var/openita.sqlite3``, DEBUG on, a development secret.
Production (``OPENITA_DEBUG=0``) refuses to start with the development secret or a short one,
and without ``OPENITA_ALLOWED_HOSTS`` (docs/production.md).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from openita.errors import OpenITAError

DEV_SECRET_KEY = "openita-development-secret-do-not-use-in-production"
MIN_SECRET_LENGTH = 50
MIN_SECRET_DISTINCT = 5
#: The development server's names; production must list its own (Host header attacks).
DEV_ALLOWED_HOSTS = ("localhost", "127.0.0.1", "[::1]", "testserver")
#: The databases of docs/adr/0004-sqlite-and-postgresql.md (both tested in CI).
DATABASE_SCHEMES = ("postgres", "postgresql", "pgsql", "sqlite")


@dataclass(frozen=True)
class EmailSettings:
    backend: str = "django.core.mail.backends.smtp.EmailBackend"
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False
    timeout: int = 10


class InsecureSettings(OpenITAError, RuntimeError):
    """The settings are not fit for production (DEBUG=0): the CLI refuses to start, exit 2."""

    code = "insecure_settings"

    def __init__(self, message: str) -> None:
        super().__init__(f"refusing to start: {message}")


class WebSettings(BaseSettings):
    # hide_input_in_errors: a refused value may hold a password (DATABASE_URL) or the key.
    model_config = SettingsConfigDict(
        env_prefix="OPENITA_", extra="ignore", hide_input_in_errors=True
    )

    debug: bool = True
    secret_key: str = DEV_SECRET_KEY
    #: Comma-separated in the environment: ``OPENITA_ALLOWED_HOSTS=ita.example.go.th,localhost``.
    #: Empty means :data:`DEV_ALLOWED_HOSTS` in development and is refused in production.
    allowed_hosts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    csrf_trusted_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    #: Where SQLite, uploaded evidence and collected static files live.
    data_dir: Path = Path("var")
    #: ``postgres://user:pass@host:5432/name``; SQLite in ``data_dir`` when empty.
    database_url: str = Field(default="", validation_alias="DATABASE_URL")
    #: Behind a TLS-terminating reverse proxy that sets X-Forwarded-Proto.
    behind_proxy: bool = True
    #: How many reverse proxies stand between the client and gunicorn (nginx: 1), and the
    #: addresses (or networks) they connect from. X-Forwarded-For is believed only on a
    #: connection from one of them, and only that many hops from the right
    #: (openita.web.accounts.client_address).
    proxy_count: int = Field(default=1, ge=0, le=5)
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["127.0.0.1", "::1"]
    )
    #: Failed logins before a user name/client address pair is locked (django-axes), failed
    #: logins from one address across all user names before the address is locked, and for
    #: how long (openita.web.accounts.lockout).
    login_failure_limit: int = Field(default=5, ge=1)
    login_address_failure_limit: int = Field(default=30, ge=1)
    login_cooloff_minutes: int = 15
    max_upload_mb: int = 20
    #: Outgoing mail (password-reset links). No host: development prints each mail on the
    #: console; production sends to a mail server on this machine (localhost:25).
    email_host: str = ""
    email_port: int | None = Field(default=None, ge=1, le=65535)
    email_host_user: str = ""
    email_host_password: str = ""
    #: STARTTLS on the submission port (587) or TLS from the first byte (465): one, not both.
    #: Unset: STARTTLS unless OPENITA_EMAIL_USE_SSL is on.
    email_use_tls: bool | None = None
    email_use_ssl: bool = False
    email_from: str = "OpenITA <noreply@localhost>"
    email_timeout_seconds: int = Field(default=10, ge=1)
    #: Tests and benchmarks only: let the OIT self-check fetch loopback addresses (never
    #: private networks). Refused in production.
    oitcheck_allow_loopback: bool = False

    @field_validator("allowed_hosts", "csrf_trusted_origins", "trusted_proxies", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_networks(cls, value: list[str]) -> list[str]:
        for entry in value:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(
                    f"OPENITA_TRUSTED_PROXIES must list IP addresses or networks "
                    f"(e.g. 127.0.0.1,::1,10.0.0.0/24); got {entry!r}"
                ) from None
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url_scheme(cls, value: str) -> str:
        value = value.strip()
        if not value:
            return value
        scheme, sep, _ = value.partition("://")
        if not sep or scheme not in DATABASE_SCHEMES or "\n" in value:
            shown = value.split("@")[-1] if "@" in value else value
            raise ValueError(
                f"DATABASE_URL must look like postgres://user:password@host:5432/name "
                f"(or sqlite:///path); got {shown!r}"
            )
        return value

    @model_validator(mode="after")
    def _one_mail_encryption(self) -> WebSettings:
        if self.email_use_tls and self.email_use_ssl:
            raise ValueError(
                "OPENITA_EMAIL_USE_TLS (STARTTLS, port 587) and OPENITA_EMAIL_USE_SSL "
                "(TLS from the start, port 465) exclude each other: set only one"
            )
        return self

    def email(self) -> EmailSettings:
        """Django's ``EMAIL_*`` settings (docs/production.md, "Email")."""
        if not self.email_host and self.debug:
            return EmailSettings(backend="django.core.mail.backends.console.EmailBackend")
        if not self.email_host:  # a mail server on this machine: plain SMTP on port 25
            return EmailSettings(port=self.email_port or 25, timeout=self.email_timeout_seconds)
        ssl = self.email_use_ssl
        tls = (not ssl) if self.email_use_tls is None else self.email_use_tls
        return EmailSettings(
            host=self.email_host,
            port=self.email_port or (465 if ssl else 587),
            user=self.email_host_user,
            password=self.email_host_password,
            use_tls=tls,
            use_ssl=ssl,
            timeout=self.email_timeout_seconds,
        )

    @model_validator(mode="after")
    def _refuse_insecure(self) -> WebSettings:
        if self.debug:
            if not self.allowed_hosts:
                self.allowed_hosts = list(DEV_ALLOWED_HOSTS)
            return self
        problems = []
        # The same bar as Django's deploy check (security.W009): long and not repetitive.
        if (
            self.secret_key == DEV_SECRET_KEY
            or len(self.secret_key) < MIN_SECRET_LENGTH
            or len(set(self.secret_key)) < MIN_SECRET_DISTINCT
        ):
            problems.append(
                f"OPENITA_SECRET_KEY must be set to a random string of at least "
                f"{MIN_SECRET_LENGTH} characters when OPENITA_DEBUG=0 "
                '(python -c "import secrets; print(secrets.token_urlsafe(50))")'
            )
        if not self.allowed_hosts or "*" in self.allowed_hosts:
            problems.append(
                "OPENITA_ALLOWED_HOSTS must list the site's host names, comma-separated "
                "(e.g. ita.example.go.th); '*' is not accepted"
            )
        if self.oitcheck_allow_loopback:
            problems.append(
                "OPENITA_OITCHECK_ALLOW_LOOPBACK is for tests only and is refused when "
                "OPENITA_DEBUG=0 (the self-check must not reach the server itself)"
            )
        if problems:
            raise InsecureSettings("; ".join(problems))
        return self

    def database(self) -> dict[str, object]:
        if self.database_url:
            import dj_database_url

            return dict(dj_database_url.parse(self.database_url, conn_max_age=60))
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": self.data_dir / "openita.sqlite3",
            # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock
            # at BEGIN so two writers queue instead of failing with "database is locked".
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
