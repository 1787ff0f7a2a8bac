"""One-file backups of an OpenITA site: ``openita backup FILE`` / ``openita restore FILE``.

The archive is a zip with four parts::

    manifest.json   format version, when, which OpenITA, which database, rows per model,
                    applied migrations
    data.json       the database as Django fixtures (what ``dumpdata --natural-foreign``
                    writes, timestamps to the microsecond): every OpenITA app, users and
                    groups (memberships are rows of the agencies app)
    media/…         the uploaded files (evidence of plan measures)
    frameworks/…    the framework files an administrator installed (FRAMEWORKS_DIR,
                    ``ita-<year>.yaml`` and ``ita-<year>-<kind>.yaml``): the Framework rows
                    and the stored results' scores depend on them

Left out on purpose: content types and permissions (``migrate`` recreates them; users' and
groups' permissions are written as natural keys so they find them again), sessions (a restore
logs everyone out), the admin log, and django-axes' login attempts (the security record of the
server they happened on, not site data).

Because the data part is database-neutral JSON, a backup made on SQLite restores on
PostgreSQL: that is the documented way to move a site (docs/production.md,
docs/adr/0004-sqlite-and-postgresql.md). A restore refuses a database that already has data
unless asked to replace it, runs ``migrate`` first, loads everything in one transaction, and
checks the rows against the manifest before it commits.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from openita.errors import EXIT_FAILED, OpenITAError
from openita.web.file_modes import PRIVATE_DIR, open_private, private_dirs

FORMAT = "openita-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA = "media/"
FRAMEWORKS = "frameworks/"
#: Outside the OpenITA apps, only these models are site data.
EXTRA_MODELS = ("auth.User", "auth.Group")


class BackupError(OpenITAError):
    """A backup cannot be written or restored; names the archive and the part at fault.

    The work was tried and failed: the CLI exits 1, like any failed backup or restore.
    """

    exit_code = EXIT_FAILED
    http_status = 500
    code = "backup_failed"

    def __init__(self, archive: Path, part: str, message: str) -> None:
        super().__init__(f"{archive}: {part}: {message}")
        self.archive = archive
        self.part = part
        self.reason = message


@dataclass(frozen=True)
class Manifest:
    created_at: str
    openita_version: str
    db_vendor: str
    #: ``{"agencies.agency": 9, ...}``: rows per model, checked again after a restore.
    counts: dict[str, int]
    media_files: int
    #: ``{"plans": ["0001_initial", ...]}``: a restore refuses migrations it does not know.
    migrations: dict[str, list[str]] = field(default_factory=dict)
    #: Installed framework files (0 in an archive made before they were backed up).
    framework_files: int = 0
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, archive: Path, text: bytes) -> Manifest:
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise BackupError(archive, MANIFEST, f"not JSON ({exc})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError(archive, MANIFEST, "not an OpenITA backup")
        if data.get("format_version") != FORMAT_VERSION:
            raise BackupError(
                archive,
                MANIFEST,
                f"format version {data.get('format_version')!r}; this OpenITA reads version "
                f"{FORMAT_VERSION}",
            )
        try:
            return cls(**data)
        except TypeError as exc:
            raise BackupError(archive, MANIFEST, f"unexpected content ({exc})") from None


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    #: Where the media files that were there before the restore were moved, if there were any.
    previous_media: Path | None
    #: Where the installed framework files that were there before were moved, if any.
    previous_frameworks: Path | None = None


def backed_up_models() -> list[type[models.Model]]:
    """The OpenITA apps' models (``openita.web.*``) plus users and groups."""
    chosen = [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("openita.web.")
        for model in config.get_models()
    ]
    chosen += [apps.get_model(label) for label in EXTRA_MODELS]
    return chosen


def database_rows(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows per backed-up model, keyed by ``app_label.modelname``."""
    return {
        model._meta.label_lower: model._base_manager.using(alias).count()
        for model in backed_up_models()
    }


def _applied_migrations(alias: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connections[alias]).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def _openita_version() -> str:
    try:
        return version("openita")
    except PackageNotFoundError:
        return "unknown"


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def _frameworks_root() -> Path:
    return Path(settings.FRAMEWORKS_DIR)


def _framework_files(root: Path) -> list[Path]:
    """The installed framework files: ``ita-<year>[-<kind>].yaml`` directly in ``root``
    (not the hidden staging copies an install writes next to them)."""
    from openita.web.assessments.frameworks import FRAMEWORK_NAME

    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_file() and FRAMEWORK_NAME.match(p.name))


def create_backup(archive: Path) -> Manifest:
    """Write the database and the media files to ``archive`` (a new zip, mode 0600).

    The rows and their counts come from one snapshot of the database (:func:`_snapshot`); the
    media files are listed after it, so every evidence row of the snapshot finds its file. The
    zip is written next to its final name and renamed at the end, so an interrupted backup
    never leaves a half-written file under that name. The file holds password hashes and API
    token digests: it is created readable by its owner only.
    """
    archive = archive.resolve()
    if not archive.parent.is_dir():
        raise BackupError(archive, "archive", f"directory {archive.parent} does not exist")
    with tempfile.TemporaryDirectory(dir=archive.parent, prefix=".openita-backup-") as tmp:
        data = Path(tmp) / DATA
        with _snapshot() as alias:
            _dump(alias, data)
            counts = database_rows(alias)
            vendor = connections[alias].vendor
            migrations = _applied_migrations(alias)
        partial = Path(tmp) / "archive.zip"
        partial.touch(mode=0o600)
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.write(data, DATA)
            media_files = _write_media(zf, _media_root())
            framework_files = _write_frameworks(zf, _frameworks_root())
            manifest = Manifest(
                created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                openita_version=_openita_version(),
                db_vendor=vendor,
                counts=counts,
                media_files=media_files,
                migrations=migrations,
                framework_files=framework_files,
            )
            zf.writestr(MANIFEST, manifest.to_json())
        partial.replace(archive)
    return manifest


class _FullPrecisionEncoder(DjangoJSONEncoder):
    """Timestamps with all their microseconds: Django's encoder keeps milliseconds only, so a
    restored ``updated_at`` or audit time would differ from the original."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _dump(alias: str, target: Path) -> None:
    """What ``dumpdata --natural-foreign`` writes, with full-precision timestamps.

    Models come in dependency order (users before the rows that name them by natural key),
    rows in primary-key order, read through the base manager so no custom manager hides any.
    """
    by_app: dict[Any, list[type[models.Model]]] = {}
    for model in backed_up_models():
        by_app.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)

    def rows() -> Iterator[models.Model]:
        for model in serializers.sort_dependencies(by_app.items(), allow_cycles=True):
            yield from model._base_manager.using(alias).order_by(model._meta.pk.name).iterator()

    with target.open("w", encoding="utf-8") as out:
        serializers.serialize(
            "json", rows(), stream=out, use_natural_foreign_keys=True, cls=_FullPrecisionEncoder
        )


@contextmanager
def _snapshot() -> Iterator[str]:
    """A transaction (on the alias it yields) that sees every table at one moment.

    ``dumpdata`` reads table after table; under PostgreSQL's default READ COMMITTED each query
    would see the rows committed by then, so a plan saved during the backup could appear
    without its measures, and the counts would not match the data. REPEATABLE READ (set on the
    driver's connection for this one transaction) reads all of them from the snapshot taken at
    the first query. SQLite needs nothing more: the site's transactions are IMMEDIATE
    (config.py), so the backup's transaction holds the write lock and nobody writes until it
    ends. Inside a transaction already open (a caller's), that transaction is the snapshot.
    """
    default = connections[DEFAULT_DB_ALIAS]
    if default.vendor != "postgresql" or default.in_atomic_block:
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            yield DEFAULT_DB_ALIAS
        return
    from psycopg import IsolationLevel

    default.ensure_connection()
    driver = default.connection
    previous = driver.isolation_level
    driver.isolation_level = IsolationLevel.REPEATABLE_READ
    try:
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            yield DEFAULT_DB_ALIAS
    finally:
        driver.isolation_level = previous


def _write_media(zf: zipfile.ZipFile, root: Path) -> int:
    """Add every media file; one deleted while the backup runs is skipped, not an error."""
    written = 0
    for path in _media_files(root):
        try:
            zf.write(path, MEDIA + path.relative_to(root).as_posix())
        except FileNotFoundError:
            continue
        written += 1
    return written


def _write_frameworks(zf: zipfile.ZipFile, root: Path) -> int:
    """Add every installed framework file; one removed while the backup runs is skipped."""
    written = 0
    for path in _framework_files(root):
        try:
            zf.write(path, FRAMEWORKS + path.name)
        except FileNotFoundError:
            continue
        written += 1
    return written


@contextmanager
def _open(archive: Path) -> Iterator[zipfile.ZipFile]:
    try:
        with zipfile.ZipFile(archive) as zf:
            yield zf
    except FileNotFoundError:
        raise BackupError(archive, "archive", "no such file") from None
    except zipfile.BadZipFile as exc:
        raise BackupError(archive, "archive", f"not a zip file ({exc})") from None


def _member(archive: Path, zf: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    try:
        return zf.getinfo(name)
    except KeyError:
        raise BackupError(archive, name, "missing from the archive") from None


def _media_members(archive: Path, zf: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, str]]:
    """Media entries with their path under MEDIA_ROOT; refuses paths that would escape it."""
    found = []
    for info in zf.infolist():
        if not info.filename.startswith(MEDIA) or info.is_dir():
            continue
        relative = PurePosixPath(info.filename[len(MEDIA) :])
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise BackupError(archive, info.filename, "path leaves the media directory")
        found.append((info, relative.as_posix()))
    return found


def _framework_members(archive: Path, zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """Framework entries; each must be a framework file's name, directly under frameworks/."""
    from openita.web.assessments.frameworks import FRAMEWORK_NAME

    found = []
    for info in zf.infolist():
        if not info.filename.startswith(FRAMEWORKS) or info.is_dir():
            continue
        name = info.filename[len(FRAMEWORKS) :]
        if "/" in name or "\\" in name or not FRAMEWORK_NAME.match(name):
            raise BackupError(
                archive,
                info.filename,
                "not a framework file (ita-<year>.yaml or ita-<year>-<kind>.yaml directly in "
                "frameworks/)",
            )
        found.append(info)
    return found


def _extract(archive: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> None:
    private_dirs(target.parent)
    try:
        with zf.open(info) as source, os.fdopen(open_private(target), "wb") as out:
            shutil.copyfileobj(source, out)
    except (zipfile.BadZipFile, OSError) as exc:  # a CRC error is a BadZipFile
        raise BackupError(archive, info.filename, f"cannot be extracted ({exc})") from None


def _check_migrations(archive: Path, manifest: Manifest) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app_label}.{name}"
        for app_label, names in manifest.migrations.items()
        for name in names
        if (app_label, name) not in known
    )
    if unknown:
        raise BackupError(
            archive,
            MANIFEST,
            f"made by a newer OpenITA ({manifest.openita_version}) whose database has "
            f"migrations this one does not know: {', '.join(unknown[:5])}; upgrade OpenITA "
            "first",
        )


def describe(counts: dict[str, int]) -> str:
    """``9 agencies.agency, 18 assessments.result, …`` (models without rows left out)."""
    return ", ".join(f"{n} {label}" for label, n in sorted(counts.items()) if n)


def _load(archive: Path, data: Path) -> None:
    try:
        call_command("loaddata", str(data), verbosity=0)
    except Exception as exc:  # loaddata re-raises whatever the database or JSON raised
        raise BackupError(archive, DATA, f"cannot be loaded: {_reason(exc, data)}") from exc


def _reason(exc: BaseException, data: Path) -> str:
    """The messages along the exception chain (a JSON error hides in the cause)."""
    messages: list[str] = []
    current: BaseException | None = exc
    while current is not None:
        text = str(current).replace(str(data), DATA).strip().rstrip(":").strip()
        if text and not any(text in seen for seen in messages):
            messages.append(text)
        current = current.__cause__ or current.__context__
    return ": ".join(messages) or type(exc).__name__


#: Rows named in the refusal before "and N more".
SHOWN_FAULTS = 20


def unmovable(data: Path) -> list[str]:
    """Texts of the data part that PostgreSQL cannot store, as "model row N, field: why".

    SQLite keeps a text longer than its column and a NUL character; PostgreSQL refuses both
    (:mod:`openita.web.stored_text` keeps them out of new data, but an older database may hold
    them). Only the app's own models and users are checked; unknown models are left to
    ``loaddata``.
    """
    from openita.web import stored_text

    rows = json.loads(data.read_bytes())
    found: list[str] = []
    for row in rows if isinstance(rows, list) else []:
        try:
            model = apps.get_model(str(row.get("model", "")))
        except (LookupError, ValueError):
            continue
        for name, problem in stored_text.faults(model, row.get("fields") or {}):
            found.append(
                f"{model._meta.label_lower} row {row.get('pk')}, {name}: {problem.english()}"
            )
    return found


def _check_movable(archive: Path, data: Path, vendor: str) -> None:
    if vendor != "postgresql":
        return
    found = unmovable(data)
    if found:
        shown = "; ".join(found[:SHOWN_FAULTS])
        more = f"; and {len(found) - SHOWN_FAULTS} more" if len(found) > SHOWN_FAULTS else ""
        raise BackupError(
            archive,
            DATA,
            f"{len(found)} texts cannot be stored in PostgreSQL ({shown}{more}); correct them "
            "on the old site and make a new backup",
        )


def _compare_counts(archive: Path, expected: dict[str, int], found: dict[str, int]) -> None:
    differ = [
        f"{label}: {found.get(label, 0)} loaded, {expected.get(label, 0)} in the manifest"
        for label in sorted(expected.keys() | found.keys())
        if found.get(label, 0) != expected.get(label, 0)
    ]
    if differ:
        listed = "; ".join(differ)
        raise BackupError(archive, DATA, f"rows differ from the manifest ({listed})")


def _install_media(staged: Path, media_root: Path) -> Path | None:
    """Put the restored media in place; keep any previous media beside it, renamed."""
    return _install_dir(staged, media_root, has_files=bool(_media_files(media_root)))


def _install_dir(staged: Path, root: Path, *, has_files: bool) -> Path | None:
    """Put the restored directory ``staged`` at ``root``; a previous one holding files is kept
    beside it, renamed ``<name>.before-restore-<time>``, and returned."""
    previous = None
    if has_files:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        previous = root.with_name(f"{root.name}.before-restore-{stamp}")
        root.rename(previous)
    elif root.exists():
        shutil.rmtree(root)
    try:
        staged.rename(root)
    except OSError:
        if previous is not None:
            previous.rename(root)
        raise
    return previous


def restore_backup(archive: Path, *, replace: bool = False) -> Restored:
    """Restore ``archive`` into this site's database and media directory.

    Order matters: the archive's manifest, parts and migrations are checked first; ``migrate``
    brings the schema up to date; a database with data is refused unless ``replace``; every
    part is extracted to a staging directory (a damaged file stops the restore here); then the
    rows are loaded and compared with the manifest inside one transaction, and the installed
    frameworks directory and the media directory are swapped in last, so a failure anywhere
    leaves the data as it was. On
    PostgreSQL, texts it cannot store are named (model, row, field) before anything is loaded.
    """
    archive = archive.resolve()
    media_root = _media_root().resolve()
    frameworks_root = _frameworks_root().resolve()
    with _open(archive) as zf:
        manifest = Manifest.from_json(archive, zf.read(_member(archive, zf, MANIFEST)))
        data_info = _member(archive, zf, DATA)
        media = _media_members(archive, zf)
        if len(media) != manifest.media_files:
            raise BackupError(
                archive,
                MEDIA,
                f"{len(media)} files, the manifest lists {manifest.media_files}",
            )
        frameworks = _framework_members(archive, zf)
        if len(frameworks) != manifest.framework_files:
            raise BackupError(
                archive,
                FRAMEWORKS,
                f"{len(frameworks)} files, the manifest lists {manifest.framework_files}",
            )
        _check_migrations(archive, manifest)
        call_command("migrate", interactive=False, verbosity=0)
        existing = {label: n for label, n in database_rows().items() if n}
        if existing and not replace:
            raise BackupError(
                archive,
                "database",
                f"the database is not empty ({describe(existing)}); restore with --replace "
                "to delete its data and load the archive's instead",
            )
        media_root.parent.mkdir(parents=True, exist_ok=True)
        frameworks_root.parent.mkdir(parents=True, exist_ok=True)
        with (
            tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".openita-restore-") as tmp,
            tempfile.TemporaryDirectory(
                dir=frameworks_root.parent, prefix=".openita-restore-frameworks-"
            ) as tmp_frameworks,
        ):
            staging = Path(tmp)
            data = staging / DATA
            _extract(archive, zf, data_info, data)
            _check_movable(archive, data, connections[DEFAULT_DB_ALIAS].vendor)
            staged_media = staging / "media"
            staged_media.mkdir(mode=PRIVATE_DIR)
            for info, relative in media:
                _extract(archive, zf, info, staged_media / relative)
            staged_frameworks = Path(tmp_frameworks) / "frameworks"
            staged_frameworks.mkdir(mode=PRIVATE_DIR)
            for info in frameworks:
                name = info.filename[len(FRAMEWORKS) :]
                _extract(archive, zf, info, staged_frameworks / name)
            with transaction.atomic():
                if existing:
                    call_command("flush", interactive=False, verbosity=0)
                _load(archive, data)
                _compare_counts(archive, manifest.counts, database_rows())
                previous_frameworks = _install_dir(
                    staged_frameworks,
                    frameworks_root,
                    has_files=frameworks_root.is_dir() and any(frameworks_root.iterdir()),
                )
                previous = _install_media(staged_media, media_root)
    return Restored(
        manifest=manifest, previous_media=previous, previous_frameworks=previous_frameworks
    )
