"""DOCX → PDF with LibreOffice headless (docs/adr/0002-pdf-via-libreoffice.md).

Why LibreOffice: its PDF text layer gives Thai back exactly (pdftotext of "สำนักงาน" is
"สำนักงาน"), where WeasyPrint 70 writes "สำนักงำน" (docs/sources.md, "Thai rendering"), and converting
the DOCX keeps one template for both formats.

Cost model, measured: starting soffice is most of a small conversion, so one soffice converts
many files (:class:`ConversionPool`: each soffice runs the macro ``Serve``, which takes files
from its inbox as they are handed in, so a batch can convert while it still renders), and a
batch runs one soffice per core, each with its own ``-env:UserInstallation`` profile (two
processes cannot share a profile). Files go to whichever soffice is free (two at a time each).
Profiles live in the user cache and are reused across runs: a fresh profile costs ~1 s more.
Safe across processes (several gunicorn workers, CLI runs at once): a conversion claims a
profile by an exclusive ``flock`` on ``lo-profile-N.lock`` and takes the next free N when
another process holds one. Each soffice runs in its own process group; one that hangs past the
timeout is killed with its whole group (soffice forks ``oosplash``/``soffice.bin``), and the
lock is released, so the next conversion works.
Fonts come from the bundled Sarabun through ``FONTCONFIG_FILE`` (reports/fonts); soffice runs
with jemalloc when it is installed (:func:`soffice_allocator`: a quarter less CPU per report).

The table of contents: ``soffice --convert-to`` exports a DOCX as loaded, and LibreOffice 7.4
does not update a TOC field on load (measured: the field's placeholder text reached the PDF,
with or without ``w:updateFields``). So soffice runs a small Basic macro instead
(``lo_basic/Convert.xba``, installed into each profile as the library ``OpenITA``): for every
file handed to it, it loads the document hidden, updates every index (twice when the filled TOC
changed the page count), and exports the PDF with the same ``writer_pdf_Export`` filter. One
soffice start still converts a whole batch.
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
from functools import cache
from pathlib import Path
from typing import BinaryIO

from openita.errors import EXIT_FAILED, OpenITAError
from openita.reports.fonts import cache_dir, fontconfig_file

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_PER_FILE_S = 60
POLL_S = 0.05
GROUP_GRACE_S = 5.0  # for the rest of a finished soffice's group to end
PREFETCH = 2  # files handed to one converter at a time: the one it converts and the next


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
MACRO = f"macro:///{MACRO_LIBRARY}.Convert.Serve"
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
        _end_group(init, GROUP_GRACE_S)  # the conversion must not meet it on the profile
    if not index.exists():
        raise ConversionFailed(f"LibreOffice did not create its profile in {profile}")
    library = basic / MACRO_LIBRARY
    library.mkdir(exist_ok=True)
    for name, content in (("script.xlb", _LIBRARY_INDEX), ("Convert.xba", _macro_source())):
        target = library / name
        if not target.exists() or target.read_text("utf-8") != content:
            target.write_text(content, "utf-8")
    _set_profile_settings(profile)
    listed = index.read_text("utf-8")
    if f'library:name="{MACRO_LIBRARY}"' not in listed:
        index.write_text(
            listed.replace("</library:libraries>", _LIBRARY_ENTRY + "</library:libraries>"),
            "utf-8",
        )


def _setting(path: str, name: str, value: str) -> str:
    return (
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>"
    )


#: The profile's settings (registrymodifications.xcu). The locale: LibreOffice's native
#: numbering follows it, and the macro gives a Thai-digit report's page styles that numbering
#: (``--digits thai``: ๑ ๒ ๓ in footers and the table of contents); nothing else of the PDF
#: depends on it. The rest turns off what an editing window does in the background while a
#: document is open — automatic spelling and grammar checks, word completion, smart tags —
#: which LibreOffice otherwise runs on every report between loading and export (measured with
#: callgrind: ~6 % of its instructions per report; the PDF is the same).
PROFILE_SETTINGS = (
    _setting("/org.openoffice.Setup/L10N", "ooSetupSystemLocale", "th-TH"),
    _setting("/org.openoffice.Office.Linguistic/SpellChecking", "IsSpellAuto", "false"),
    _setting("/org.openoffice.Office.Linguistic/GrammarChecking", "IsAutoCheck", "false"),
    _setting("/org.openoffice.Office.Writer/AutoFunction/Completion", "Enable", "false"),
    _setting("/org.openoffice.Office.Writer/AutoFunction/Completion", "CollectWords", "false"),
    _setting("/org.openoffice.Office.Common/SmartTags/Writer", "RecognizeSmartTags", "false"),
)


def _set_profile_settings(profile: Path) -> None:
    settings = profile / "user" / "registrymodifications.xcu"
    if not settings.exists():
        raise ConversionFailed(f"LibreOffice did not create its settings in {profile}")
    text = settings.read_text("utf-8")
    missing = [item for item in PROFILE_SETTINGS if item not in text]
    if missing:
        added = "\n".join(missing)
        settings.write_text(text.replace("</oor:items>", added + "\n</oor:items>"), "utf-8")


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


def _group_running(pgid: int) -> bool:
    """Whether a process of group ``pgid`` still runs (zombies waiting for a reaper do not)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        return True
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text("ascii").rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                return True
    return False


def _end_group(process: subprocess.Popen[str] | subprocess.Popen[bytes], grace_s: float) -> None:
    """After ``process`` (the group leader) exited: give the rest of its group ``grace_s`` to
    finish (soffice.bin may still be writing its profile), then kill what is left."""
    deadline = time.monotonic() + grace_s
    while _group_running(process.pid):
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            return
        time.sleep(POLL_S)


#: Which memory allocator soffice runs with: unset or empty, jemalloc when it is installed
#: (Debian ``libjemalloc2``, scripts/system-deps.sh), else glibc's; ``system``, glibc's; any
#: other value, that shared library (a path or a name the dynamic loader finds).
ALLOCATOR_ENV = "OPENITA_SOFFICE_MALLOC"


@cache
def _jemalloc() -> str | None:
    import ctypes.util

    return ctypes.util.find_library("jemalloc")  # e.g. "libjemalloc.so.2"


def soffice_allocator() -> str | None:
    """The allocator library soffice is started with (``LD_PRELOAD``), or None for glibc's.

    LibreOffice spends about an eighth of its instructions in glibc's ``malloc`` and ``free``
    (callgrind of a report's conversion); with jemalloc the same conversion takes about a
    quarter less CPU and writes the same PDF (docs/reports.md, "Speed of a batch"). Only the
    soffice processes get it, never this Python process.
    """
    choice = os.environ.get(ALLOCATOR_ENV, "").strip()
    if choice == "system":
        return None
    return choice or _jemalloc()


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(fontconfig_file())
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")
    allocator = soffice_allocator()
    if allocator:
        env["LD_PRELOAD"] = ":".join(filter(None, (allocator, env.get("LD_PRELOAD"))))
    return env


def _command(soffice: str, inbox: Path, slot: int) -> list[str]:
    return [
        soffice,
        f"-env:UserInstallation={_profile(slot).as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        f'{MACRO}("{inbox}")',
    ]


def _check_path(path: Path) -> None:
    if any(ch in str(path) for ch in '\t\n\r"'):
        raise ValueError(f"cannot convert a path with a tab, newline or quote: {path!r}")


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


class ConversionPool:
    """soffice processes that convert DOCX files while the caller is still making them.

    The batch pipeline (reports/batch.py): the soffice processes start at once, so their
    start-up overlaps the first DOCX renders, and each file is handed to a converter as soon as
    it exists. A converter is given at most :data:`PREFETCH` files at a time (the one it
    converts and the next), so the last files go to whichever converter is free first and no
    core idles at the end while another works through a queue of its own.

    Use as a context manager: on leaving it (error or not) every soffice still running is
    killed with its process group and the profiles are released. :meth:`finish` waits for the
    files handed in; :meth:`poll` returns the ones done since the last call.
    """

    def __init__(self, count: int, first_slot: int = 0, timeout_s: float | None = None) -> None:
        self.count = max(1, count)
        self._first_slot = first_slot
        self._timeout_s = timeout_s
        self._stack = contextlib.ExitStack()
        self._processes: list[subprocess.Popen[str]] = []
        self._inboxes: list[Path] = []
        self._given: list[list[tuple[Path, Path]]] = []  # per converter, in the order handed
        self._done: list[int] = []  # per converter: how many of its files are done
        self._waiting: list[tuple[Path, Path]] = []
        self._submitted = 0
        self._started = 0.0
        self._last_progress = 0.0

    def __enter__(self) -> ConversionPool:
        soffice = _soffice()
        env = _environment()
        self._started = self._last_progress = time.monotonic()
        try:
            slots = self._stack.enter_context(claimed_profiles(self.count, self._first_slot))
            root = Path(
                self._stack.enter_context(tempfile.TemporaryDirectory(prefix="openita-lo-"))
            )
            for slot in slots:
                _install_macro(soffice, _profile(slot), env, self._deadline())
            for k, slot in enumerate(slots):
                inbox = root / f"inbox-{k}"
                inbox.mkdir()
                _check_path(inbox)
                self._inboxes.append(inbox)
                self._given.append([])
                self._done.append(0)
                self._processes.append(
                    subprocess.Popen(
                        _command(soffice, inbox, slot),
                        env=env,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE,
                        text=True,
                        start_new_session=True,  # its own process group, killed as a whole
                    )
                )
        except BaseException:
            self._close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    def _close(self) -> None:
        try:
            for p in self._processes:
                if p.poll() is None:
                    _kill_group(p)
                else:
                    _end_group(p, GROUP_GRACE_S)
        finally:
            self._stack.close()  # releases the profiles: nothing of ours runs on them now

    def _deadline(self) -> float:
        """The whole pool's deadline: ``timeout_s``, or a per-file allowance for what is in."""
        if self._timeout_s is not None:
            return self._started + self._timeout_s
        return self._started + TIMEOUT_PER_FILE_S * max(self._submitted, 1) / self.count + 30

    def submit(self, source: Path, target: Path) -> None:
        """Convert ``source`` to ``target`` as soon as a converter is free."""
        for p in (source, target):
            _check_path(p)
        self._waiting.append((source.resolve(), target.resolve()))
        self._submitted += 1
        self._dispatch()

    def _dispatch(self) -> None:
        while self._waiting:
            pending = [len(g) - d for g, d in zip(self._given, self._done, strict=True)]
            k = min(range(self.count), key=lambda i: pending[i])
            if pending[k] >= PREFETCH:
                return
            source, target = self._waiting.pop(0)
            number = len(self._given[k])
            partial = self._inboxes[k] / f"{number}.part"
            partial.write_text(f"{source}\t{target}\n", "utf-8")
            partial.replace(self._inboxes[k] / f"{number}.job")  # appears whole
            self._given[k].append((source, target))

    def poll(self) -> list[tuple[Path, Path]]:
        """The (source, target) pairs finished since the last call, after handing out more.

        Raises :class:`ConversionFailed` when a converter died with files still to do, or when
        the pool runs past its deadline (a hung soffice; the block's exit kills it).
        """
        finished: list[tuple[Path, Path]] = []
        for k, inbox in enumerate(self._inboxes):
            while (
                self._done[k] < len(self._given[k]) and (inbox / f"{self._done[k]}.done").exists()
            ):
                finished.append(self._given[k][self._done[k]])
                self._done[k] += 1
        if finished:
            self._last_progress = time.monotonic()
        self._dispatch()
        for k, p in enumerate(self._processes):
            if p.poll() is not None and self._done[k] < len(self._given[k]):
                raise ConversionFailed(
                    f"soffice exited with code {p.returncode} before converting "
                    f"{self._given[k][self._done[k]][0].name}; stderr: {self._stderr(p)}"
                )
        now = time.monotonic()
        busy = any(d < len(g) for g, d in zip(self._given, self._done, strict=True))
        stalled = busy and now - self._last_progress > TIMEOUT_PER_FILE_S + 30
        if now > self._deadline() or stalled:
            limit = self._deadline() - self._started if not stalled else TIMEOUT_PER_FILE_S + 30
            raise ConversionFailed(f"soffice took longer than {limit:g} s; stopped")
        return finished

    def finish(self, on_done: Callable[[Path, Path], None] | None = None) -> None:
        """Wait for every file handed in, then end the converters (``on_done`` per file)."""
        while True:
            for pair in self.poll():
                if on_done is not None:
                    on_done(*pair)
            if not self._waiting and all(
                d == len(g) for g, d in zip(self._given, self._done, strict=True)
            ):
                break
            time.sleep(POLL_S)
        for inbox in self._inboxes:
            (inbox / "end").touch()
        for p in self._processes:
            while p.poll() is None:
                if time.monotonic() > self._deadline():
                    raise ConversionFailed("soffice did not stop after its last file; stopped")
                time.sleep(POLL_S)
        failed = [p for p in self._processes if p.returncode != 0]
        if failed:
            raise ConversionFailed(
                f"soffice exit codes {[p.returncode for p in self._processes]}; "
                f"stderr: {' '.join(self._stderr(p) for p in failed)}"
            )

    @staticmethod
    def _stderr(process: subprocess.Popen[str]) -> str:
        if process.poll() is None or process.stderr is None:
            return ""
        return process.stderr.read().strip()[-500:]


def convert_batch(
    docx_files: Sequence[Path],
    outdir: Path,
    workers: int | None = None,
    on_done: Callable[[Path], None] | None = None,
    first_slot: int = 0,
    timeout_s: float | None = None,
) -> list[Path]:
    """Convert many files: one soffice per worker (default: one per core), files shared out.

    ``on_done`` is called once per PDF as it is finished (for a progress bar). Returns the PDFs
    in the order of ``docx_files``; raises :class:`ConversionFailed` if any is missing, or if
    soffice runs past ``timeout_s`` (default: TIMEOUT_PER_FILE_S per file, plus 30 s).
    """
    files = list(docx_files)
    if not files:
        return []
    names = [pdf_name(f) for f in files]
    if len(set(names)) != len(names):
        raise ValueError("two input files share a name; PDFs would overwrite each other")
    outdir.mkdir(parents=True, exist_ok=True)
    expected = [outdir / n for n in names]
    for pdf in expected:
        pdf.unlink(missing_ok=True)
    count = max(1, min(workers or os.cpu_count() or 1, len(files)))
    with ConversionPool(count, first_slot, timeout_s) as pool:
        for source, target in zip(files, expected, strict=True):
            pool.submit(source, target)
        pool.finish((lambda _s, target: on_done(target)) if on_done is not None else None)
    missing = [p for p in expected if not p.exists()]
    if missing:
        raise ConversionFailed(f"LibreOffice did not write {[str(p) for p in missing]}")
    return expected


def docx_to_pdf(docx: bytes, slot: int = 0) -> bytes:
    """One document in memory: write it to a temporary directory and convert it."""
    with tempfile.TemporaryDirectory(prefix="openita-pdf-") as tmp:
        source = Path(tmp) / "report.docx"
        source.write_bytes(docx)
        (pdf,) = convert_files([source], Path(tmp) / "out", slot=slot)
        return pdf.read_bytes()
