"""``openita serve``, ``openita manage``, ``openita backup`` and ``openita restore``.

The web app's commands. Django is imported inside each command, never at module level, so
``openita --help`` stays fast (tests/test_cli.py). Settings come from the environment
(``OPENITA_*``, ``DATABASE_URL``; docs/production.md); settings unfit for production stop every
command with the variable to fix, before anything starts.

Exit codes follow openita.cli: 0 done, 1 the backup or restore failed, 2 bad settings.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from openita.web.config import WebSettings

EXIT_FAILED = 1
EXIT_BAD_SETTINGS = 2
SETTINGS_MODULE = "openita.web.settings"


def _refuse(message: str, code: int = EXIT_BAD_SETTINGS) -> NoReturn:
    typer.echo(f"openita: {message}", err=True)
    raise typer.Exit(code)


def _web_settings() -> WebSettings:
    """The environment's settings, or exit 2 naming what is wrong."""
    try:
        from openita.web.config import WebSettings
    except ImportError as exc:
        _refuse(f"the web app is not installed ({exc}); run `uv sync --all-extras`")
    return WebSettings()  # InsecureSettings: exit 2, reported by the openita command group


def _django() -> None:
    """Set Django up for a command that uses the ORM."""
    _web_settings()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django

    django.setup()


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="gunicorn worker processes (production only)")] = 2
    * (os.cpu_count() or 1)
    + 1,
    worker: Annotated[
        bool,
        typer.Option(
            "--worker/--no-worker",
            help="Also run the background worker (development server only)",
        ),
    ] = True,
) -> None:
    """Serve the web app (development server; gunicorn when OPENITA_DEBUG=0).

    With OPENITA_DEBUG on (the default) this is Django's runserver, which reloads on code
    changes and serves static files itself, with the background worker (`manage db_worker`,
    the OIT self-check) beside it. With OPENITA_DEBUG=0 it runs gunicorn, meant to sit behind
    a TLS reverse proxy; the worker is then its own service (docs/production.md).
    """
    env = _web_settings()
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    if env.debug:
        from openita.web.manage import main

        # runserver's reloader runs this command again in a child (RUN_MAIN=true): the worker
        # is started once, by the parent.
        background = None
        if worker and os.environ.get("RUN_MAIN") != "true":
            background = subprocess.Popen(
                [sys.executable, "-m", "openita.cli", "manage", "db_worker", "--no-startup-delay"]
            )
        try:
            main(["runserver", address])
        finally:
            if background is not None:
                background.terminate()
                background.wait(timeout=10)
        return
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "openita.web.wsgi",
        "--bind",
        address,
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        # Only the proxy in front of gunicorn may say the request came over HTTPS.
        "--forwarded-allow-ips",
        "127.0.0.1,::1",
    ]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    os.execv(sys.executable, argv)


def manage(ctx: typer.Context) -> None:
    """Run a Django management command (`openita manage help` lists them).

    For example `openita manage migrate`, `openita manage createsuperuser`,
    `openita manage axes_reset`. Everything after `manage` goes to Django unchanged.
    """
    _web_settings()
    from openita.web.manage import main

    main(list(ctx.args))


def backup(
    file: Annotated[Path, typer.Argument(help="The zip archive to write")],
    overwrite: Annotated[bool, typer.Option(help="Replace FILE if it exists")] = False,
) -> None:
    """Write the database and the uploaded files to one zip archive."""
    if file.exists() and not overwrite:
        _refuse(f"{file} exists; choose another name or pass --overwrite", EXIT_FAILED)
    _django()
    from openita.web.backup import create_backup, describe

    manifest = create_backup(file)  # BackupError: exit 1, reported by the command group
    typer.echo(
        f"Wrote {file}: {describe(manifest.counts)}; {manifest.media_files} media file(s), "
        f"{manifest.framework_files} installed framework file(s) "
        f"(database {manifest.db_vendor}, OpenITA {manifest.openita_version})"
    )


def restore(
    file: Annotated[Path, typer.Argument(help="A zip archive written by `openita backup`")],
    replace: Annotated[
        bool, typer.Option(help="Delete the data already in the database and load FILE's")
    ] = False,
) -> None:
    """Restore a backup into the database (SQLite or PostgreSQL) and the media directory."""
    _django()
    from openita.web.backup import describe, restore_backup

    restored = restore_backup(file, replace=replace)  # BackupError: exit 1 (command group)
    manifest = restored.manifest
    typer.echo(
        f"Restored {file} (made {manifest.created_at} on {manifest.db_vendor}): "
        f"{describe(manifest.counts)}; {manifest.media_files} media file(s), "
        f"{manifest.framework_files} installed framework file(s)"
    )
    if restored.previous_media is not None:
        typer.echo(
            f"The media files that were there before are in {restored.previous_media}; "
            "delete that directory once the restored site is checked."
        )
    if restored.previous_frameworks is not None:
        typer.echo(
            f"The framework files that were installed before are in "
            f"{restored.previous_frameworks}; delete that directory once the restored site is "
            "checked."
        )


def register(app: typer.Typer) -> None:
    """Add ``serve``, ``manage``, ``backup`` and ``restore`` to the main application."""
    app.command("serve")(serve)
    app.command(
        "manage",
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
        add_help_option=False,
    )(manage)
    app.command("backup")(backup)
    app.command("restore")(restore)
