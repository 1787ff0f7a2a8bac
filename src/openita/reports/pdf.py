"""DOCX → PDF with LibreOffice headless (docs/adr/0002-pdf-via-libreoffice.md).

Why LibreOffice: its PDF text layer gives Thai back exactly (pdftotext of "สำนักงาน" is
"สำนักงาน"), where WeasyPrint 70 writes "สำนักงำน" (shared/thai-rendering.md), and converting
the DOCX keeps one template for both formats.

Cost model, measured: starting soffice is most of a conversion, so a batch converts many files
per invocation (``soffice --convert-to pdf a.docx b.docx …``), and runs one soffice per core,
each with its own ``-env:UserInstallation`` profile (two processes cannot share a profile).
Profiles live in the user cache and are reused across runs: a fresh profile costs ~1 s more.
Fonts come from the bundled Sarabun through ``FONTCONFIG_FILE`` (reports/fonts).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from openita.reports.fonts import cache_dir, fontconfig_file

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_PER_FILE_S = 60


class ConverterMissing(RuntimeError):
    """LibreOffice is not installed (scripts/system-deps.sh installs it)."""


class ConversionFailed(RuntimeError):
    pass


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


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(fontconfig_file())
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")
    return env


def convert_files(docx_files: Sequence[Path], outdir: Path, slot: int = 0) -> list[Path]:
    """Convert DOCX files to PDFs in ``outdir`` with ONE soffice run (profile ``slot``)."""
    if not docx_files:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing(
            "LibreOffice (soffice) is not installed; run scripts/system-deps.sh "
            "or install the Debian package libreoffice-writer-nogui"
        )
    outdir.mkdir(parents=True, exist_ok=True)
    command = [
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
    completed = subprocess.run(
        command,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_PER_FILE_S * len(docx_files) + 30,
        check=False,
    )
    pdfs = [outdir / (p.stem + ".pdf") for p in docx_files]
    missing = [p for p in pdfs if not p.exists()]
    if completed.returncode != 0 or missing:
        raise ConversionFailed(
            f"soffice exited {completed.returncode}; missing {[str(p) for p in missing]}; "
            f"stderr: {completed.stderr.strip()[-500:]}"
        )
    return pdfs


def convert_batch(docx_files: Sequence[Path], outdir: Path, workers: int | None = None) -> list[Path]:
    """Convert many files: one soffice per worker (default: one per core), files split evenly.

    Returns the PDFs in the order of ``docx_files``.
    """
    files = list(docx_files)
    count = max(1, min(workers or os.cpu_count() or 1, len(files)))
    chunks = [files[k::count] for k in range(count)]
    with ThreadPoolExecutor(max_workers=count) as pool:
        done = list(pool.map(lambda k: convert_files(chunks[k], outdir, slot=k), range(count)))
    by_name = {p.name: p for chunk in done for p in chunk}
    return [by_name[f.stem + ".pdf"] for f in files]


def docx_to_pdf(docx: bytes, slot: int = 0) -> bytes:
    """One document in memory: write it to a temporary directory and convert it."""
    with tempfile.TemporaryDirectory(prefix="openita-pdf-") as tmp:
        source = Path(tmp) / "report.docx"
        source.write_bytes(docx)
        (pdf,) = convert_files([source], Path(tmp) / "out", slot=slot)
        return pdf.read_bytes()
