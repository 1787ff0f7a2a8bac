""".ci/run: both legs run, and a failing leg (pytest's "no tests ran" included) fails CI by name.

The script is run in a copy of the repository's layout whose ``make``, ``uv`` and
``scripts/test-postgres.sh`` are stand-ins that record their calls and exit as told, so the
test checks the script's logic in a second, not the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NO_TESTS_RAN = 5  # pytest's exit code when it collected nothing


def stand_in(path: Path, name: str, code: int) -> None:
    record = f'echo "{name} $* DATABASE_URL=$DATABASE_URL" >> "$CALLS"'
    path.write_text(f"#!/bin/sh\n{record}\nexit {code}\n")
    path.chmod(0o755)


def run_ci(tmp_path: Path, make: int = 0, pytest_code: int = 0) -> tuple[int, str, list[str]]:
    repo = tmp_path / "repo"
    (repo / ".ci").mkdir(parents=True)
    (repo / "scripts").mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shutil.copy(ROOT / ".ci" / "run", repo / ".ci" / "run")
    stand_in(bin_dir / "make", "make", make)
    stand_in(bin_dir / "uv", "uv", pytest_code)
    (repo / "scripts" / "ensure-uv.sh").write_text(f"#!/bin/sh\necho {bin_dir / 'uv'}\n")
    (repo / "scripts" / "test-postgres.sh").write_text(
        "#!/bin/sh\necho postgres://openita:openita@localhost:5432/openita\n"
    )
    for script in (repo / "scripts").iterdir():
        script.chmod(0o755)
    calls = tmp_path / "calls"
    env = os.environ | {"PATH": f"{bin_dir}:{os.environ['PATH']}", "CALLS": str(calls)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        ["bash", str(repo / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=30
    )
    return done.returncode, done.stdout + done.stderr, calls.read_text().splitlines()


def test_ci_runs_make_test_then_the_whole_suite_on_postgresql(tmp_path: Path) -> None:
    code, output, calls = run_ci(tmp_path)
    assert code == 0, output
    assert calls[0].startswith("make test")
    assert calls[1].startswith("uv run --frozen pytest")
    assert calls[1].endswith("DATABASE_URL=postgres://openita:openita@localhost:5432/openita")
    assert "both legs passed" in output


@pytest.mark.parametrize(
    ("make", "pytest_code", "failed"),
    [
        (2, 0, "SQLite leg"),
        (0, 1, "PostgreSQL leg"),
        (0, NO_TESTS_RAN, "PostgreSQL leg"),
    ],
    ids=["sqlite-fails", "postgresql-fails", "postgresql-ran-no-test"],
)
def test_a_failing_leg_fails_ci_and_is_named(
    tmp_path: Path, make: int, pytest_code: int, failed: str
) -> None:
    code, output, calls = run_ci(tmp_path, make=make, pytest_code=pytest_code)
    assert code != 0
    assert f"ci: failed: {failed}" in output
    assert len(calls) == 2, "the other leg still runs, so one CI run shows every failure"


def tool(bin_dir: Path, name: str, body: str) -> None:
    (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
    (bin_dir / name).chmod(0o755)


def test_test_postgres_prints_only_the_url_even_when_the_tools_talk(tmp_path: Path) -> None:
    """The CI leg once failed with DATABASE_URL="Removed stale pid file.\\npostgres://…".

    pg_ctlcluster prints to stdout after an unclean stop, and the server it starts lives on; the
    script must print the URL alone and must not wait for that server to close its output.
    """
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    tool(bin_dir, "pg_lsclusters", "echo '15 main 5432 down postgres /data /log'")
    # A "server" that outlives the command and keeps every inherited descriptor open.
    tool(bin_dir, "pg_ctlcluster", "echo 'Removed stale pid file.'\nsleep 60 &")
    tool(bin_dir, "pg_isready", "exit 0")
    tool(bin_dir, "runuser", 'shift 3\nexec "$@"')  # runuser -u postgres -- CMD…
    tool(bin_dir, "sudo", 'while [ "$1" != "--" ]; do shift; done\nshift\nexec "$@"')
    tool(bin_dir, "psql", 'case "$*" in *SELECT*) echo 1 ;; *) echo "ALTER ROLE" ;; esac')
    env = os.environ | {"PATH": f"{bin_dir}:{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "test-postgres.sh")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0
    assert done.stdout == "postgres://openita:openita@localhost:5432/openita\n"
