"""Who may read the data on disk: the service's own user only.

The SQLite database holds password hashes and every agency's data; the evidence files belong
to agencies and are handed out only after an access check. Both are created owner-only
(files 0600, directories 0700) whatever the process's umask, and the data directory and an
existing database are tightened to that on every start (docs/production.md, "File
permissions"). SQLite gives its ``-wal`` and ``-shm`` files the database file's mode.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_dir(path: Path) -> Path:
    """``path`` as a directory only its owner can open (created with its parents if needed)."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    path.chmod(PRIVATE_DIR)
    return path


def private_dirs(path: Path) -> Path:
    """Create ``path`` and every missing parent as owner-only directories."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for directory in reversed(missing):
        directory.mkdir(mode=PRIVATE_DIR, exist_ok=True)
    return path


def private_file(path: Path) -> Path:
    """``path`` as a file only its owner can read (created empty if missing)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE)
    os.close(fd)
    path.chmod(PRIVATE_FILE)
    return path


def private_sqlite(database: Path) -> None:
    """Create the SQLite database file owner-only before SQLite opens it."""
    private_file(database)
    for suffix in ("-wal", "-shm"):
        extra = database.with_name(database.name + suffix)
        if extra.exists():
            extra.chmod(PRIVATE_FILE)


def open_private(path: Path) -> int:
    """A new file at ``path`` for writing, owner-only from its first byte (a file descriptor)."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
