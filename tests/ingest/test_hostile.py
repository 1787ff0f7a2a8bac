"""Every hostile file of tests/hostile.py through every importer, under a memory and time limit.

The files are read in a subprocess with ``RLIMIT_AS`` at 512 MB and 30 s of CPU time per
file, as a worker of the web app would read them (issue 10 point 2). A file is refused with a
clean :class:`~openita.errors.InputError` or accepted; a crash, a traceback, the memory limit
(MemoryError) or the time limit fails the test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile import Hostile, write_corpus

MEMORY_MB = 512
CPU_SECONDS = 30
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Hostile]:
    return write_corpus(tmp_path_factory.mktemp("hostile"))


def _run(files: list[Hostile]) -> dict[str, dict[str, object]]:
    """Read every file in one subprocess under the limits; a crash names the file it was on."""
    command = [sys.executable, "-m", "tests.hostile", str(MEMORY_MB), str(CPU_SECONDS),
               *(f"{f.importer}:{f.path}" for f in files)]  # fmt: skip
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    outcomes = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    reached = files[len(outcomes)].name if len(outcomes) < len(files) else None
    assert done.returncode == 0, f"crashed on {reached}:\n{done.stderr[-3000:]}"
    return {str(o["file"]): o for o in outcomes}


def test_the_corpus_has_at_least_30_files_of_every_importer(corpus: list[Hostile]) -> None:
    assert len(corpus) >= 30
    assert {f.importer for f in corpus} == {"result", "plan", "framework"}
    assert {f.path.suffix for f in corpus} >= {".json", ".csv", ".xlsx", ".yaml"}


def test_every_hostile_file_is_refused_or_accepted_within_the_limits(
    corpus: list[Hostile],
) -> None:
    outcomes = _run(corpus)
    assert set(outcomes) == {f.name for f in corpus}
    for name, outcome in outcomes.items():
        assert outcome["outcome"] in {"refused", "accepted"}, name
        assert int(str(outcome["peak_rss_kb"])) < MEMORY_MB * 1024, name
    # the attacks of issue 10 are each refused by the limit that names them
    expected = {
        "json-900000-keys.json": "too_large",
        "json-60000-keys-under-size.json": "too_many_values",
        "json-deep-2000-lists.json": "too_deep",
        "json-deep-2000-objects.json": "too_deep",
        "json-100000-digit-number.json": "number_too_long",
        "csv-20000-rows-under-size.csv": "too_many_rows",
        "csv-10000-columns.csv": "too_many_columns",
        "xlsx-2000000-rows-dimension.xlsx": "xlsx_uncompressed",
        "xlsx-shared-strings-bomb.xlsx": "xlsx_uncompressed",
        "xlsx-20000-rows-under-size.xlsx": "too_many_rows",
        "xlsx-wide-dimension.xlsx": "xlsx_dimension",
        "xlsx-20000-cells-in-a-row.xlsx": "too_many_columns",
        "xlsx-huge-cell.xlsx": "cell_too_long",
        "xlsx-1000-parts.xlsx": "xlsx_members",
        "plan-billion-laughs.yaml": "yaml_alias",
        "plan-one-alias.yaml": "yaml_alias",
        "plan-deep-5000-flow.yaml": "too_deep",
        "plan-deep-5000-block.yaml": "too_large",
        "plan-3-mb.yaml": "too_large",
        "plan-300000-items-under-size.yaml": "too_many_values",
        "framework-billion-laughs.yaml": "yaml_alias",
        "framework-deep-5000.yaml": "too_deep",
        "framework-3-mb.yaml": "too_large",
    }
    for name, code in expected.items():
        assert outcomes[name]["outcome"] == "refused", name
        assert code in outcomes[name]["codes"], (name, outcomes[name])  # type: ignore[operator]
