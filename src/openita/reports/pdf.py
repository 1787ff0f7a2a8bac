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

The table of contents: ``soffice --convert-to`` exports a DOCX as loaded, and LibreOffice 7.4
does not update a TOC field on load (measured: the field's placeholder text reached the PDF,
with or without ``w:updateFields``). So soffice runs a small Basic macro instead
(``lo_basic/Convert.xba``, installed into each profile as the library ``OpenITA``): for every
file of the batch it loads the document hidden, updates every index twice (the filled TOC moves
the pages after it), and exports the PDF with the same ``writer_pdf_Export`` filter. One soffice
start still converts a whole batch.
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


MACRO_LIBRARY = "OpenITA"
MACRO = f"macro:///{MACRO_LIBRARY}.Convert.ToPdf"
_LIBRARY_INDEX = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="{MACRO_LIBRARY}" \
library:readonly="false" library:passwordprotected="false">
 <library:element library:name="Convert"/>
</library:library>
"""
_LIBRARY_ENTRY = (
    f' <library:library library:name="{MACRO_LIBRARY}"'
    f' xlink:href="$(USER)/basic/{MACRO_LIBRARY}/script.xlb/" xlink:type="simple"'
    ' library:link="false"/>\n'
)


def _profile(slot: int) -> Path:
    path = cache_dir() / f"lo-profile-{slot}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _macro_source() -> str:
    from importlib import resources

    return resources.files("openita.reports").joinpath("lo_basic/Convert.xba").read_text("utf-8")


def _install_macro(soffice: str, profile: Path, env: dict[str, str], deadline: float) -> None:
    """Put the conversion macro into ``profile`` (held by this process: claimed_profiles).

    A profile LibreOffice has not made yet is made first (``--terminate_after_init``): a basic
    directory written before LibreOffice's own first start is not picked up. That start obeys
    the conversion's deadline like the conversion itself.
    """
    basic = profile / "user" / "basic"
    index = basic / "script.xlc"
    if not index.exists():
        init = subprocess.Popen(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--terminate_after_init",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            init.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            _kill_group(init)
            raise ConversionFailed(
                "soffice took longer than its deadline to start; stopped"
            ) from None
    if not index.exists():
        raise ConversionFailed(f"LibreOffice did not create its profile in {profile}")
    library = basic / MACRO_LIBRARY
    library.mkdir(exist_ok=True)
    for name, content in (("script.xlb", _LIBRARY_INDEX), ("Convert.xba", _macro_source())):
        target = library / name
        if not target.exists() or target.read_text("utf-8") != content:
            target.write_text(content, "utf-8")
    listed = index.read_text("utf-8")
    if f'library:name="{MACRO_LIBRARY}"' not in listed:
        index.write_text(
            listed.replace("</library:libraries>", _LIBRARY_ENTRY + "</library:libraries>"),
            "utf-8",
        )


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


def _kill_group(process: subprocess.Popen[str] | subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(fontconfig_file())
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")
    return env


def _command(soffice: str, list_file: Path, slot: int) -> list[str]:
    return [
        soffice,
        f"-env:UserInstallation={_profile(slot).as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        f'{MACRO}("{list_file}")',
    ]


def _write_list(path: Path, pairs: Sequence[tuple[Path, Path]]) -> Path:
    """The macro's input: one ``source<TAB>target`` line per conversion (absolute paths)."""
    lines = []
    for source, target in pairs:
        for p in (source, target):
            if any(ch in str(p) for ch in '\t\n\r"'):
                raise ValueError(f"cannot convert a path with a tab, newline or quote: {p!r}")
        lines.append(f"{source.resolve()}\t{target.resolve()}\n")
    path.write_text("".join(lines), "utf-8")
    return path


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
    with (
        claimed_profiles(count, first_slot) as slots,
        tempfile.TemporaryDirectory(prefix="openita-lo-") as lists,
    ):
        for slot in slots:
            _install_macro(soffice, _profile(slot), env, deadline)
        processes = [
            subprocess.Popen(
                _command(
                    soffice,
                    _write_list(
                        Path(lists) / f"batch-{k}.txt",
                        [(f, outdir / pdf_name(f)) for f in files[k::count]],
                    ),
                    slot,
                ),
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
