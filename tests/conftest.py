"""Shared fixtures: the frameworks and the seed agency (เทศบาลตำบลคำบง, Udon Thani).

The seed agency's published figures, FY2568 (summary table of its report)::

    IIT  1 98.70  2 99.63  3 99.63  4 96.85  5 99.63   → 98.89
    EIT  6 99.92  7 99.80  8 99.71                     → 99.81
    OIT  9 82.50 10 90.00                              → 86.25
    overall 0.3·98.888 + 0.3·99.810 + 0.4·86.25 = 94.1094 → 94.11 ผ่านดี

and FY2567: overall 99.006, published as 99.00 ผ่านดีเยี่ยม.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from openita.frameworks import Framework, load_framework
from openita.i18n import use_language

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "openita" / "examples"

SEED_2568 = {
    "1": 98.70, "2": 99.63, "3": 99.63, "4": 96.85, "5": 99.63,
    "6": 99.92, "7": 99.80, "8": 99.71, "9": 82.50, "10": 90.00,
}  # fmt: skip
SEED_2567 = {
    "1": 99.07, "2": 98.15, "3": 99.07, "4": 95.19, "5": 98.89,
    "6": 99.37, "7": 99.14, "8": 97.33, "9": 100.00, "10": 100.00,
}  # fmt: skip


@pytest.fixture(autouse=True)
def _english_core_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Core messages in English whatever the machine's locale (a Thai LANG must not fail the
    English assertions); a test that wants Thai says so with ``use_language("th")``."""
    monkeypatch.setenv("OPENITA_LANGUAGE", "en")
    with use_language("en"):
        yield


@pytest.fixture(scope="session")
def fw2568() -> Framework:
    return load_framework(2568)


@pytest.fixture(scope="session")
def fw2567() -> Framework:
    return load_framework(2567)


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test runs the task worker in-process (``call_command("db_worker", batch=True)``), inside
    the test's transaction. Between tasks the worker calls ``close_old_connections``, which on
    PostgreSQL closes the very connection that holds the test's transaction (on SQLite's
    in-memory test database closing is a no-op, so the SQLite leg never saw it). In production
    the worker must keep doing it; in tests the connection belongs to the test."""
    try:
        from django_tasks_db.management.commands import db_worker
    except ImportError:  # the web extra is not installed
        return
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
