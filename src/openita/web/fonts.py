"""The bundled Sarabun fonts as static files, from their one copy in :mod:`openita.reports.fonts`.

The pages ask for Sarabun (``site.css``); without it a machine with no Thai font shows a box for
every Thai letter. The TTFs are not copied into the web app: :class:`BundledFontsFinder` is a
staticfiles finder that serves the four TTFs and their licence under ``openita/fonts/`` — from
the package directory with ``runserver``, and through ``collectstatic`` (hashed, compressed) on
a real server. Nothing else of that directory (its Python module) is served.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

from openita.reports.fonts import FONT_DIR, font_files

PREFIX = "openita/fonts"
LICENCE = "OFL.txt"


def served_names() -> list[str]:
    """The file names served: the TTFs and the licence that must travel with them."""
    return [path.name for path in font_files()] + [LICENCE]


class BundledFontsFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=FONT_DIR)
        self.storage.prefix = PREFIX  # type: ignore[attr-defined]  # read by collectstatic

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        head, _, name = path.rpartition("/")
        found = [str(FONT_DIR / name)] if head == PREFIX and name in served_names() else []
        # Like Django's own finders: nothing found is an empty list, whatever find_all says.
        return found[0] if found and not find_all else found

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for name in served_names():
            yield name, self.storage
