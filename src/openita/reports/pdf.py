"""DOCX → PDF with LibreOffice headless (docs/adr/0002-pdf-via-libreoffice.md).

Why LibreOffice: its PDF text layer gives Thai back exactly (pdftotext of "สำนักงาน" is
"สำนักงาน"), where WeasyPrint 70 writes "สำนักงำน" (docs/sources.md, "Thai rendering"), and converting
the DOCX keeps one template for both formats.

Cost model, measured: starting soffice is most of a conversion, so a batch converts many files
per invocation (``soffice --convert-to pdf a.docx b.docx …``), and runs one soffice per core,
each with its own ``-env:UserInstallation`` profile (two processes cannot share a profile).
Profiles live in the user cache and are reused across runs: a fresh profile costs ~1 s more.
Safe across processes (several gunicorn workers, CLI runs at once): a conversion claims a
profile by an exclusive ``flock`` on ``lo-profile-N.lock`` and takes the next free N when
another process holds one. Each soffice runs in its own process group; one that hangs past the
timeout is killed with its whole group (soffice forks ``oosplash``/``soffice.bin``), and the
lock is released, so the next conversion works.
Fonts come from the bundled Sarabun through ``FONTCONFIG_FILE`` (reports/fonts).
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from openita.errors import EXIT_FAILED, OpenITAError
from openita.reports.fonts import cache_dir, fontconfig_file

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_PER_FILE_S = 60
POLL_S = 0.1


class ConverterMissing(OpenITAError, RuntimeError):
    """LibreOffice is not installed (scripts/system-deps.sh installs it): exit 1, HTTP 503."""

    exit_code = EXIT_FAILED
    http_status = 503
    code = "converter_missing"


class ConversionFailed(OpenITAError, RuntimeError):
    """LibreOffice did not make the PDF (crashed, hung, wrote nothing): exit 1, HTTP 500."""

    exit_code = EXIT_FAILED
    http_status = 500
    code = "conversion_failed"


def find_soffice() -> str | None:
    explicit = os.environ.get("OPENITA_SOFFICE")
    if explicit:
        return explicit
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _profile(slot: int) -> Path:
    path = cache_dir() / f"lo-profile-{slot}"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def claimed_profiles(count: int, first_slot: int = 0) -> Iterator[list[int]]:
    """``count`` profile slots no other process uses, held (flock) until the block ends."""
    held: list[tuple[int, BinaryIO]] = []
    try:
        for slot in itertools.count(first_slot):
            if len(held) == count:
                break
            lock = (cache_dir() / f"lo-profile-{slot}.lock").open("ab")
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.close()
                continue
            held.append((slot, lock))
        yield [slot for slot, _ in held]
    finally:
        for _, claimed in held:
            claimed.close()  # closing the file releases the lock


def _kill_group(process: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(fontconfig_file())
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")
    return env


def _command(soffice: str, docx_files: Sequence[Path], outdir: Path, slot: int) -> list[str]:
    return [
        soffice,
        f"-env:UserInstallation={_profile(slot).as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(outdir),
        *(str(p) for p in docx_files),
    ]


def _soffice() -> str:
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing(
            "LibreOffice (soffice) is not installed; run scripts/system-deps.sh "
            "or install the Debian package libreoffice-writer-nogui"
        )
    return soffice


def pdf_name(docx: Path) -> str:
    return docx.stem + ".pdf"


def convert_files(docx_files: Sequence[Path], outdir: Path, slot: int = 0) -> list[Path]:
    """Convert DOCX files to PDFs in ``outdir`` with ONE soffice run (profile ``slot``)."""
    return convert_batch(docx_files, outdir, workers=1, first_slot=slot)


def convert_batch(
    docx_files: Sequence[Path],
    outdir: Path,
    workers: int | None = None,
    on_done: Callable[[Path], None] | None = None,
    first_slot: int = 0,
    timeout_s: float | None = None,
) -> list[Path]:
    """Convert many files: one soffice per worker (default: one per core), files split evenly.

    ``on_done`` is called once per PDF as it appears (for a progress bar). Returns the PDFs in
    the order of ``docx_files``; raises :class:`ConversionFailed` if any is missing, or if
    soffice runs past ``timeout_s`` (default: TIMEOUT_PER_FILE_S per file, plus 30 s).
    """
    files = list(docx_files)
    if not files:
        return []
    names = [pdf_name(f) for f in files]
    if len(set(names)) != len(names):
        raise ValueError("two input files share a name; PDFs would overwrite each other")
    soffice = _soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    expected = [outdir / n for n in names]
    for pdf in expected:
        pdf.unlink(missing_ok=True)
    count = max(1, min(workers or os.cpu_count() or 1, len(files)))
    env = _environment()
    if timeout_s is None:
        timeout_s = TIMEOUT_PER_FILE_S * len(files) / count + 30
    deadline = time.monotonic() + timeout_s
    with claimed_profiles(count, first_slot) as slots:
        processes = [
            subprocess.Popen(
                _command(soffice, files[k::count], outdir, slot),
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,  # its own process group, killed as a whole
            )
            for k, slot in enumerate(slots)
        ]
        reported: set[Path] = set()
        try:
            while True:
                running = [p for p in processes if p.poll() is None]
                if on_done is not None:
                    for pdf in expected:
                        if pdf not in reported and pdf.exists():
                            # A PDF exists once soffice starts writing it; report it when the
                            # next one starts, or when its process has finished.
                            reported.add(pdf)
                            on_done(pdf)
                if not running:
                    break
                if time.monotonic() > deadline:
                    raise ConversionFailed(f"soffice took longer than {timeout_s:g} s; stopped")
                time.sleep(POLL_S)
        finally:
            for p in processes:
                if p.poll() is None:
                    _kill_group(p)
    errors = [p.stderr.read() if p.stderr else "" for p in processes]
    missing = [p for p in expected if not p.exists()]
    if missing or any(p.returncode != 0 for p in processes):
        raise ConversionFailed(
            f"soffice exit codes {[p.returncode for p in processes]}; "
            f"missing {[str(p) for p in missing]}; stderr: {' '.join(errors).strip()[-500:]}"
        )
    return expected


def docx_to_pdf(docx: bytes, slot: int = 0) -> bytes:
    """One document in memory: write it to a temporary directory and convert it."""
    with tempfile.TemporaryDirectory(prefix="openita-pdf-") as tmp:
        source = Path(tmp) / "report.docx"
        source.write_bytes(docx)
        (pdf,) = convert_files([source], Path(tmp) / "out", slot=slot)
        return pdf.read_bytes()
