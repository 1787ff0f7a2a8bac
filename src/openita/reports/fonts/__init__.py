"""The bundled Sarabun fonts (SIL Open Font License 1.1, see OFL.txt) and how programs find them.

Sarabun is the OFL-licensed family closest to TH Sarabun New, the face Thai government documents
use (docs/sources.md, "Thai specifics"). The TTFs come from PyPI ``fontpkg-sarabun`` 1.0 and are
vendored so a report looks the same on every machine. matplotlib registers the files directly;
LibreOffice finds fonts only through fontconfig, so :func:`fontconfig_file` writes a small
``fonts.conf`` that adds this directory to the system configuration, and the converter passes it
in ``FONTCONFIG_FILE`` — nothing is installed into the user's home.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent
FONT_FAMILY = "Sarabun"
FONT_STYLES = ("Regular", "Bold", "Italic", "BoldItalic")


def font_files() -> list[Path]:
    return [FONT_DIR / f"{FONT_FAMILY}-{style}.ttf" for style in FONT_STYLES]


def cache_dir() -> Path:
    """Per-user cache for the fontconfig cache and LibreOffice profiles."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    path = Path(base) / "openita"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        path = Path(tempfile.gettempdir()) / f"openita-{os.getuid()}"
        path.mkdir(parents=True, exist_ok=True)
    return path


def fontconfig_file() -> Path:
    """A fonts.conf that includes the system configuration plus the bundled fonts."""
    directory = cache_dir()
    conf = directory / "fonts.conf"
    text = (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        "<fontconfig>\n"
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{FONT_DIR}</dir>\n"
        f"  <cachedir>{directory / 'fontconfig'}</cachedir>\n"
        "</fontconfig>\n"
    )
    if not conf.exists() or conf.read_text(encoding="utf-8") != text:
        conf.write_text(text, encoding="utf-8")
    return conf
