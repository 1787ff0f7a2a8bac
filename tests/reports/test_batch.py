"""The batch pipeline (reports/batch.py): DOCX in forked workers, PDFs in soffice processes
that start with the batch and take each DOCX as it is written (issue 11, "Numbers").

What the pipeline must keep: the same files as the one-process path, a failing job reported
while the others finish, and no soffice left running afterwards.
"""

from __future__ import annotations

import dataclasses
import gc
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from openita.reports import batch, pdf
from openita.reports.batch import BatchFailed, run_batch
from openita.reports.job import ReportJob
from tests.reports.conftest import needs_pdf_tools


def _jobs(seed_job: ReportJob, count: int) -> list[ReportJob]:
    return [dataclasses.replace(seed_job, name=f"agency-{n}") for n in range(count)]


def _document_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml")


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@needs_pdf_tools
def test_the_pipeline_makes_the_files_of_the_one_process_path(
    seed_job: ReportJob, tmp_path: Path
) -> None:
    jobs = _jobs(seed_job, 2)
    steps: list[tuple[str, str]] = []
    piped = run_batch(jobs, tmp_path / "piped", workers=2, on_step=lambda *s: steps.append(s))
    # One process, converting only after the last DOCX: the path without any overlap.
    alone = run_batch(jobs, tmp_path / "alone", workers=1, overlap=False)
    assert [m.job for m in piped] == [m.job for m in alone] == ["agency-0", "agency-1"]
    for a, b in zip(piped, alone, strict=True):
        assert [p.name for p in a.files] == [p.name for p in b.files]
        docx_a, pdf_a = a.files
        docx_b, pdf_b = b.files
        assert _document_xml(docx_a) == _document_xml(docx_b)
        assert _pdf_text(pdf_a) == _pdf_text(pdf_b)
        assert "สำนักงาน" in _pdf_text(pdf_a) or "เทศบาล" in _pdf_text(pdf_a)
    assert sorted(steps) == sorted(
        [(phase, f"agency-{n}") for phase in ("docx", "pdf") for n in range(2)]
    )


_RENDER = batch._render


def _render_noting_the_frozen_heap(index: int) -> Path:
    """batch._render in a worker, writing beside the DOCX how many objects were frozen."""
    path = _RENDER(index)
    path.with_suffix(".frozen").write_text(str(gc.get_freeze_count()))
    return path


def test_the_workers_get_a_frozen_heap_and_the_parent_gets_it_back(
    seed_job: ReportJob, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """gc.freeze before forking spares the workers' collector the inherited heap; the frozen
    objects must become collectable again in the parent (a web process lives on)."""
    before = gc.get_freeze_count()
    monkeypatch.setattr(batch, "_render", _render_noting_the_frozen_heap)
    made = run_batch(_jobs(seed_job, 2), tmp_path, formats=["docx"], workers=2)
    frozen_in_worker = [int(m.files[0].with_suffix(".frozen").read_text()) for m in made]
    assert all(count > 10_000 for count in frozen_in_worker)
    assert gc.get_freeze_count() == before


@needs_pdf_tools
def test_a_failing_job_is_reported_and_the_others_finish_with_no_soffice_left(
    seed_job: ReportJob, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    render = batch.render_job_docx

    def failing(job: ReportJob, template: bytes | None = None) -> Any:
        if job.name == "agency-1":
            raise ValueError("a broken result")
        return render(job, template)

    started: list[int] = []
    popen = subprocess.Popen

    def recorded(*args: Any, **kwargs: Any) -> Any:
        process = popen(*args, **kwargs)
        started.append(process.pid)
        return process

    monkeypatch.setattr(batch, "render_job_docx", failing)  # forked workers inherit it
    monkeypatch.setattr(pdf.subprocess, "Popen", recorded)
    with pytest.raises(BatchFailed) as caught:
        run_batch(_jobs(seed_job, 3), tmp_path / "out", workers=2)
    error = caught.value
    assert [p.file for p in error.problems] == ["agency-1"]
    assert "a broken result" in error.problems[0].message
    assert [m.job for m in error.made] == ["agency-0", "agency-2"]
    for made in error.made:
        assert [p.suffix for p in made.files] == [".docx", ".pdf"]
        assert made.files[1].read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "out" / "agency-1.pdf").exists()
    assert started  # the converters ran, and nothing of their process groups still runs
    assert _running_in_groups(set(started)) == []


def _running_in_groups(groups: set[int]) -> list[str]:
    """Processes of these process groups that run (a zombie left to a non-reaping init does not
    run: it holds no profile and uses no core)."""
    running = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text("ascii")
        except OSError:
            continue
        name, rest = stat.split(" (", 1)[1].rsplit(")", 1)
        state, _parent, group = rest.split()[:3]
        if int(group) in groups and state != "Z":
            running.append(f"{entry.name} {name} {state}")
    return running


def test_a_job_name_twice_is_refused_before_anything_is_made(
    seed_job: ReportJob, tmp_path: Path
) -> None:
    twice = [seed_job, dataclasses.replace(seed_job)]
    with pytest.raises(ValueError, match="share a name"):
        run_batch(twice, tmp_path / "out", formats=["docx"], workers=1)
    assert not (tmp_path / "out").exists()
