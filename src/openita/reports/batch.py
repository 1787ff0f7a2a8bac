"""Make many reports: DOCX in worker processes, then PDFs with one soffice per worker.

Two cores are the norm here (CI and developer machines), so a batch runs in two phases that
each keep every core busy: Python work (analysis, charts, docxtpl) in a process pool, then
LibreOffice conversions split over as many soffice processes (reports/pdf.py). Phases are not
overlapped: each is CPU-bound, overlapping them would only contend for the same cores.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from openita.reports.job import ReportJob, render_job_docx
from openita.reports.pdf import convert_batch

FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class Made:
    job: str
    files: tuple[Path, ...]


_TASKS: list[tuple[ReportJob, bytes | None, Path]] = []
"""The batch being rendered. Workers are forked after it is set and read it by index:
results hold read-only mappings (MappingProxyType) that cannot be pickled."""


def _render(index: int) -> Path:
    job, template, path = _TASKS[index]
    _, docx = render_job_docx(job, template)
    path.write_bytes(docx)
    return path


def _warm_up() -> None:
    """Import matplotlib and register fonts before forking, so workers start warm."""
    from openita.reports.charts import setup_matplotlib

    setup_matplotlib()


def run_batch(
    jobs: Sequence[ReportJob],
    outdir: Path,
    formats: Sequence[str] = FORMATS,
    template: bytes | None = None,
    workers: int | None = None,
    on_step: Callable[[str, str], None] | None = None,
) -> list[Made]:
    """Render every job; ``on_step(phase, name)`` is called as each DOCX/PDF is done."""
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown format(s) {unknown}; use {', '.join(FORMATS)}")
    workers = max(1, workers or os.cpu_count() or 1)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="openita-report-") as tmp:
        docx_dir = outdir if "docx" in formats else Path(tmp)
        _TASKS[:] = [(job, template, docx_dir / f"{job.name}.docx") for job in jobs]
        docx_paths: list[Path] = []
        try:
            if workers > 1 and len(jobs) > 1:
                _warm_up()
                context = multiprocessing.get_context("fork")
                with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=context) as pool:
                    for path in pool.map(_render, range(len(jobs))):
                        docx_paths.append(path)
                        if on_step:
                            on_step("docx", path.stem)
            else:
                for index in range(len(jobs)):
                    docx_paths.append(_render(index))
                    if on_step:
                        on_step("docx", docx_paths[-1].stem)
        finally:
            _TASKS.clear()
        pdf_paths: list[Path] = []
        if "pdf" in formats:
            pdf_paths = convert_batch(
                docx_paths,
                outdir,
                workers=workers,
                on_done=(lambda p: on_step("pdf", p.stem)) if on_step else None,
            )
        made = []
        for k, job in enumerate(jobs):
            files: list[Path] = []
            if "docx" in formats:
                files.append(docx_paths[k])
            if pdf_paths:
                files.append(pdf_paths[k])
            made.append(Made(job.name, tuple(files)))
    return made
