"""Issue 10.10: the database, the evidence files and their directories are owner-only
(files 0600, directories 0700), whatever the umask of the process that creates them."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from openita.web import backup
from openita.web.agencies.models import Agency
from openita.web.plans.models import Evidence, Measure
from openita.web.plans.services import create_draft

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _permissive_umask() -> Iterator[None]:
    """The usual default umask (022) would make new files world-readable."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _evidence(agency: Agency, user: User | None) -> Evidence:
    plan = create_draft(agency, 2568)
    measure = Measure.objects.filter(section__plan=plan).order_by("pk")[0]
    return Evidence.objects.create(
        measure=measure,
        title="รายงานการประชุม",
        file=ContentFile(b"%PDF-1.4 minutes", name="minutes.pdf"),
        added_by=user,
    )


def _media_tree(root: Path) -> list[Path]:
    return [root, *root.rglob("*")]


def test_an_evidence_file_and_its_directories_are_owner_only(khambong, users):
    evidence = _evidence(khambong, users["editor"])
    media = Path(settings.MEDIA_ROOT)
    stored = Path(evidence.file.path)
    assert mode(stored) == 0o600
    for directory in [d for d in _media_tree(media) if d.is_dir()]:
        assert mode(directory) == 0o700, directory


@pytest.mark.django_db(transaction=True)
def test_restored_evidence_files_are_owner_only(khambong, users, tmp_path):
    _evidence(khambong, users["editor"])
    archive = tmp_path / "site.zip"
    backup.create_backup(archive)
    assert mode(archive) == 0o600
    shutil.rmtree(settings.MEDIA_ROOT)
    backup.restore_backup(archive, replace=True)
    tree = _media_tree(Path(settings.MEDIA_ROOT))
    assert any(p.is_file() for p in tree)
    for path in tree:
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path


def test_the_data_directory_and_the_sqlite_database_are_owner_only(tmp_path):
    """A fresh start (settings import) with umask 022: the data directory is 0700, the database
    and SQLite's -wal/-shm files 0600; a database left 0644 by an older version is tightened."""
    data = tmp_path / "var"
    data.mkdir(mode=0o755)
    (data / "openita.sqlite3").touch(mode=0o644)
    script = (
        "import os; os.umask(0o022)\n"
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('create table t (x int)'); c.execute('insert into t values (1)')\n"
    )
    env = {
        **os.environ,
        "OPENITA_DATA_DIR": str(data),
        "DATABASE_URL": "",
        "DJANGO_SETTINGS_MODULE": "openita.web.settings",
    }
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=ROOT, timeout=60)
    assert mode(data) == 0o700
    database = data / "openita.sqlite3"
    assert mode(database) == 0o600
    for suffix in ("-wal", "-shm"):
        extra = data / f"openita.sqlite3{suffix}"
        if extra.exists():
            assert mode(extra) == 0o600, extra
