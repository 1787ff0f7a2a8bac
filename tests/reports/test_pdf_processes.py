"""PDF conversion is safe across processes (issue 11, deliver 8).

Several gunicorn workers or CLI runs convert at once: each claims its own LibreOffice profile
(two soffice processes on one profile fail or wait on each other), and a hung soffice is killed
with its whole process group after the timeout, after which the next conversion works.
"""

from __future__ import annotations

import multiprocessing
import os
import stat
import time
from pathlib import Path

import pytest

from openita.reports.pdf import ConversionFailed, claimed_profiles, convert_batch, convert_files
from tests.reports.conftest import Rendered, needs_pdf_tools

HUNG = """#!/bin/sh
# A soffice that never finishes, with a child in its process group (as oosplash has).
sleep 300 &
echo $! > "{child}"
sleep 300
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed child not yet reaped by its (killed) parent is a zombie: not running.
    state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    return state.split(")")[-1].split()[0] != "Z"


def test_profiles_claimed_by_one_holder_are_not_given_to_another() -> None:
    with claimed_profiles(2) as first, claimed_profiles(2) as second:
        assert len(first) == len(second) == 2
        assert not set(first) & set(second)
    with claimed_profiles(1) as again:
        assert again[0] == min(first)  # released on exit


def _claim_in_child(queue: multiprocessing.Queue[list[int]]) -> None:
    with claimed_profiles(1) as slots:
        queue.put(slots)
        time.sleep(1.0)


def test_profiles_are_claimed_across_processes() -> None:
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[list[int]] = context.Queue()
    child = context.Process(target=_claim_in_child, args=(queue,))
    child.start()
    theirs = queue.get(timeout=60)
    with claimed_profiles(1) as mine:
        assert mine != theirs
    child.join()


def test_a_hung_soffice_is_killed_with_its_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    child = tmp_path / "child.pid"
    fake = tmp_path / "soffice"
    fake.write_text(HUNG.format(child=child))
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("OPENITA_SOFFICE", str(fake))
    source = tmp_path / "a.docx"
    source.write_bytes(b"not converted")
    start = time.monotonic()
    with pytest.raises(ConversionFailed, match="longer than"):
        convert_batch([source], tmp_path / "out", workers=1, timeout_s=1.5)
    assert time.monotonic() - start < 10
    deadline = time.monotonic() + 5
    while _alive(int(child.read_text())) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(int(child.read_text()))


@needs_pdf_tools
def test_after_a_hung_soffice_the_next_conversion_works(
    seed_docx: Rendered, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "soffice"
    fake.write_text(HUNG.format(child=tmp_path / "child.pid"))
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    with monkeypatch.context() as patch:
        patch.setenv("OPENITA_SOFFICE", str(fake))
        with pytest.raises(ConversionFailed):
            convert_batch([seed_docx.docx_path], tmp_path / "hung", workers=1, timeout_s=1.0)
    (pdf,) = convert_files([seed_docx.docx_path], tmp_path / "out")
    assert pdf.read_bytes().startswith(b"%PDF")


def _convert_three(args: tuple[bytes, str]) -> list[str]:
    docx, folder = args
    tmp = Path(folder)
    tmp.mkdir(parents=True)
    sources = []
    for n in range(3):
        source = tmp / f"report-{n}.docx"
        source.write_bytes(docx)
        sources.append(source)
    pdfs = convert_batch(sources, tmp / "out", workers=1)
    return [p.name for p in pdfs if p.read_bytes().startswith(b"%PDF")]


@needs_pdf_tools
def test_three_processes_converting_three_files_each_at_once(
    seed_docx: Rendered, tmp_path: Path
) -> None:
    context = multiprocessing.get_context("spawn")
    with context.Pool(3) as pool:
        done = pool.map(
            _convert_three, [(seed_docx.docx, str(tmp_path / f"p{k}")) for k in range(3)]
        )
    assert done == [["report-0.pdf", "report-1.pdf", "report-2.pdf"]] * 3
