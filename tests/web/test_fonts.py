"""The bundled Sarabun as static files: found from its one copy, nothing else of that folder."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.core.management import call_command

from openita.reports.fonts import FONT_DIR


def test_the_fonts_are_found_in_the_reports_package_not_in_a_copy() -> None:
    found = finders.find("openita/fonts/Sarabun-Regular.ttf")
    assert Path(found) == FONT_DIR / "Sarabun-Regular.ttf"
    assert finders.find("openita/fonts/OFL.txt") == str(FONT_DIR / "OFL.txt")
    assert finders.find("openita/fonts/__init__.py") is None
    assert finders.find("openita/fonts/Sarabun-Regular.ttf", find_all=True) == [found]


def test_collectstatic_copies_the_four_faces_and_the_licence(settings: Any, tmp_path: Path) -> None:
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", interactive=False, verbosity=0, stdout=StringIO())
    copied = sorted(p.name for p in (tmp_path / "openita" / "fonts").iterdir())
    assert copied == [
        "OFL.txt",
        "Sarabun-Bold.ttf",
        "Sarabun-BoldItalic.ttf",
        "Sarabun-Italic.ttf",
        "Sarabun-Regular.ttf",
    ]
    css = (tmp_path / "openita" / "fonts.css").read_text()
    assert 'url("fonts/Sarabun-Regular.ttf")' in css
    # One font stack, used by the app, the admin and the OIT embed.
    for sheet in ("site.css", "admin.css", "oit.css"):
        assert "var(--thai-font)" in (tmp_path / "openita" / sheet).read_text(), sheet
