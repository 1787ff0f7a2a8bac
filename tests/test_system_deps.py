"""scripts/system-deps.sh by purpose, and the Makefile's use of it (`make run` vs `make test`).

The script's dry run prints the packages of a purpose; `make -n` prints what a target would run
without running it, so these tests take a second and install nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "system-deps.sh"
TEST_ONLY = {"postgresql", "chromium", "poppler-utils", "npm"}


def packages(*args: str) -> set[str]:
    env = os.environ | {"OPENITA_SYSTEM_DEPS_DRY_RUN": "1"}
    done = subprocess.run(
        ["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


def test_running_needs_libreoffice_fonts_jemalloc_and_gettext_only() -> None:
    assert packages("run") == {"libreoffice-writer-nogui", "fontconfig", "libjemalloc2", "gettext"}


def test_the_tests_add_postgresql_chromium_and_poppler() -> None:
    assert packages("test") == packages("run") | TEST_ONLY
    assert packages() == packages("test")


def test_an_unknown_purpose_is_refused() -> None:
    done = subprocess.run(["bash", str(SCRIPT), "serve"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "usage" in done.stderr


def make_dry_run(*args: str) -> list[str]:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    done = subprocess.run(
        ["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def test_make_run_installs_the_run_packages_and_serves_on_port() -> None:
    lines = make_dry_run("run", "PORT=8101")
    assert "scripts/system-deps.sh run" in lines
    assert not any(line.startswith("scripts/system-deps.sh test") for line in lines)
    assert any(line.endswith("openita serve --host 127.0.0.1 --port 8101") for line in lines)
    assert any("http://localhost:8101/" in line for line in lines)


def test_make_run_defaults_to_port_8000() -> None:
    lines = make_dry_run("run")
    assert any(line.endswith("--port 8000") for line in lines)


def test_make_test_installs_the_test_packages() -> None:
    assert "scripts/system-deps.sh test" in make_dry_run("test")


def test_make_test_installs_axe_core_from_the_lock_file() -> None:
    lines = make_dry_run("test")
    assert any(line.startswith("npm ci") for line in lines)
    assert not any(line.startswith("npm") for line in make_dry_run("run"))
    lock = (ROOT / "package-lock.json").read_text(encoding="utf-8")
    assert '"node_modules/axe-core"' in lock
