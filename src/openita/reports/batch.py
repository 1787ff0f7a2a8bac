"""Make many reports: DOCX in worker processes, PDFs in soffice processes, as a pipeline.

Two cores are the norm here (CI and developer machines). Python work (analysis, charts,
docxtpl) runs in a pool of forked processes, LibreOffice conversions in as many soffice
processes (reports/pdf.py :class:`~openita.reports.pdf.ConversionPool`), and the two overlap:
the soffice processes start with the batch, so their start-up runs beside the first renders,
and each DOCX is handed to a free soffice as soon as it is written. Every process is CPU-bound,
so the overlap gains no core; it removes the idle time of two phases in a row (a core waiting
for the slower half of a phase, soffice start-up after the last DOCX), and the parent warms
every shared cache once before forking (docs/reports.md, "Numbers").

A job that fails (bad input, a document LibreOffice cannot convert) does not stop the others:
the batch finishes, then raises :class:`BatchFailed` naming each failed job, with what was made
(or the job's own error when nothing could be made).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from openita.errors import EXIT_FAILED, OpenITAError, Problem
from openita.message import Message
from openita.reports.job import ReportJob, render_job_docx
from openita.reports.pdf import POLL_S, ConversionFailed, ConversionPool, pdf_name

FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class Made:
    job: str
    files: tuple[Path, ...]


class BatchFailed(OpenITAError):
    """Some jobs of a batch failed; the others were made (``made``): exit 1, HTTP 500."""

    exit_code = EXIT_FAILED
    http_status = 500
    code = "batch_failed"

    def __init__(self, failures: list[Problem], made: list[Made], total: int) -> None:
        self._failures = failures
        self.made = made
        super().__init__(
            Message(
                "{failed} of {total} reports could not be made", failed=len(failures), total=total
            )
        )

    @property
    def problems(self) -> list[Problem]:
        return self._failures


_TASKS: list[tuple[ReportJob, bytes | None, Path]] = []
"""The batch being rendered. Workers are forked after it is set and read it by index:
results hold read-only mappings (MappingProxyType) that cannot be pickled."""


def _render(index: int) -> Path:
    job, template, path = _TASKS[index]
    _, docx = render_job_docx(job, template)
    path.write_bytes(docx)
    return path


def _warm_up(jobs: Sequence[ReportJob]) -> None:
    """Load, once before forking, what every report needs and a first report loads lazily.

    Without this each worker paid it again (~2 s of CPU measured in bench/report.py): the
    PyThaiNLP dictionary trie, matplotlib's modules and fonts, docxtpl and Jinja, the Sarabun
    advance widths of the column fitting, and each fiscal year's framework and recommendation
    library (the context of the year's first job builds them).
    """
    from openita.reports.charts import setup_matplotlib, wrap_thai
    from openita.reports.columns import text_width_twips
    from openita.reports.docx import sandbox
    from openita.reports.job import build_job_context
    from openita.reports.thaibreak import mark_breaks

    setup_matplotlib()
    import docxtpl  # type: ignore[import-untyped]  # noqa: F401
    import matplotlib.figure  # noqa: F401
    from matplotlib.backends import backend_agg  # noqa: F401

    sandbox()
    mark_breaks("หน่วยงาน")  # builds the segmenter's dictionary trie
    wrap_thai("การเปิดเผยข้อมูลของหน่วยงาน", 8)
    for bold in (False, True):
        text_width_twips("หน่วยงาน", 16, bold)
    years: set[int] = set()
    for job in jobs:
        if job.result.fiscal_year not in years:
            years.add(job.result.fiscal_year)
            with contextlib.suppress(Exception):  # a job that fails fails in its worker
                build_job_context(job)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OpenITAError):
        return "; ".join(p.message for p in exc.problems) or exc.message
    return f"{type(exc).__name__}: {exc}"


def run_batch(
    jobs: Sequence[ReportJob],
    outdir: Path,
    formats: Sequence[str] = FORMATS,
    template: bytes | None = None,
    workers: int | None = None,
    on_step: Callable[[str, str], None] | None = None,
    overlap: bool = True,
) -> list[Made]:
    """Render every job; ``on_step(phase, name)`` is called as each DOCX/PDF is done.

    ``overlap=False`` converts only after the last DOCX (two phases, the converters still
    starting beside the first): for measuring the pipeline against it (bench/report.py).

    Raises :class:`BatchFailed` after the batch when some jobs failed and the others were made;
    when none was made (a template that does not render, a batch of one), the first job's own
    error (an :class:`~openita.errors.InputError` keeps its exit code 2).
    """
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown format(s) {unknown}; use {', '.join(FORMATS)}")
    names = [pdf_name(Path(f"{job.name}.docx")) for job in jobs]
    if len(set(names)) != len(names):
        raise ValueError("two jobs share a name; their files would overwrite each other")
    workers = max(1, workers or os.cpu_count() or 1)
    outdir.mkdir(parents=True, exist_ok=True)
    failures: dict[int, BaseException] = {}
    with tempfile.TemporaryDirectory(prefix="openita-report-") as tmp:
        docx_dir = outdir if "docx" in formats else Path(tmp)
        _TASKS[:] = [(job, template, docx_dir / f"{job.name}.docx") for job in jobs]
        pdfs = [outdir / name for name in names] if "pdf" in formats else []
        for pdf in pdfs:
            pdf.unlink(missing_ok=True)
        try:
            _pipeline(workers, pdfs, failures, on_step, overlap)
        finally:
            _TASKS.clear()
        made = []
        for k, job in enumerate(jobs):
            if k not in failures and pdfs and not pdfs[k].exists():
                failures[k] = ConversionFailed(f"LibreOffice did not write {pdfs[k].name}")
            if k in failures:
                continue
            files = [docx_dir / f"{job.name}.docx"] if "docx" in formats else []
            made.append(Made(job.name, (*files, *([pdfs[k]] if pdfs else []))))
    if failures and not made:  # nothing made (a bad template, one bad job): its own error
        raise failures[min(failures)]
    if failures:
        problems = [
            Problem(
                jobs[k].name,
                Message("the report could not be made: {reason}", reason=_reason(exc)),
            )
            for k, exc in sorted(failures.items())
        ]
        raise BatchFailed(problems, made, len(jobs))
    return made


def _pipeline(
    workers: int,
    pdfs: list[Path],
    failures: dict[int, BaseException],
    on_step: Callable[[str, str], None] | None,
    overlap: bool = True,
) -> None:
    """Render ``_TASKS`` (in ``workers`` forked processes when there is more than one job) and
    hand each DOCX to the soffice converters as it is written, when PDFs are wanted."""
    count = len(_TASKS)
    converters = min(workers, count) if pdfs else 0
    forked = workers > 1 and count > 1
    with contextlib.ExitStack() as stack:
        # The converters start first: their start-up runs beside the warm-up below. The
        # workers forked after it hold copies of the profile locks until they end, so they
        # end first (the stack closes in reverse).
        pool = stack.enter_context(ConversionPool(converters)) if converters else None
        futures: dict[Future[Path], int] = {}
        executor: ProcessPoolExecutor | None = None
        if forked:
            _warm_up([job for job, _, _ in _TASKS])
            # The workers inherit the warm heap (~530 000 objects: the dictionary trie, the
            # libraries, matplotlib). Frozen, their garbage collector no longer walks it on
            # every full collection (~0.4 s each, one per ten reports) nor writes to its pages,
            # which would copy them from the parent (docs/reports.md, "Speed of a batch").
            gc.freeze()
            stack.callback(gc.unfreeze)
            context = multiprocessing.get_context("fork")
            executor = ProcessPoolExecutor(min(workers, count), mp_context=context)
            stack.callback(executor.shutdown, cancel_futures=True)
            futures = {executor.submit(_render, k): k for k in range(count)}

        held: list[tuple[Path, Path]] = []

        def docx_done(k: int, path: Path) -> None:
            if on_step:
                on_step("docx", path.stem)
            if pool is not None:
                if overlap:
                    pool.submit(path, pdfs[k])
                else:
                    held.append((path, pdfs[k]))

        def pdf_done(_source: Path, target: Path) -> None:
            if on_step:
                on_step("pdf", target.stem)

        if executor is None:
            for k in range(count):
                try:
                    docx_done(k, _render(k))
                except Exception as exc:  # one bad job does not stop the batch
                    failures[k] = exc
                if pool is not None:
                    for pair in pool.poll():
                        pdf_done(*pair)
        while futures:
            finished, _ = wait(futures, timeout=POLL_S, return_when=FIRST_COMPLETED)
            for future in finished:
                k = futures.pop(future)
                try:
                    path = future.result()
                except Exception as exc:  # one bad job does not stop the batch
                    failures[k] = exc
                    continue
                docx_done(k, path)
            if pool is not None:
                for pair in pool.poll():
                    pdf_done(*pair)
        if pool is not None:
            for source, target in held:
                pool.submit(source, target)
            pool.finish(pdf_done)
