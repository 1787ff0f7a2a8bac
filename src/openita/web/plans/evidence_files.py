"""Which files may be kept as evidence, and the name they are downloaded under.

Evidence is what the working group shows the assessors: scanned orders and minutes (PDF,
images), office documents and zipped bundles. Anything a browser could run or render as a
page (.html, .svg, .js, executables) is refused, because evidence is shared between colleagues
who open each other's files. Types are allowed by extension *and* by their first bytes, so a
page renamed to ``.pdf`` is refused too. Files are served only through the access-checked
``plans:evidence_file`` view, as attachments, never from a public media URL.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

_PDF = (b"%PDF-",)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # docx/xlsx/pptx/odt/... are zip files
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # doc/xls/ppt (Office 97-2003)
_PNG = (b"\x89PNG\r\n\x1a\n",)
_JPEG = (b"\xff\xd8\xff",)
_GIF = (b"GIF87a", b"GIF89a")

#: Allowed extensions and the signatures their content must start with.
ALLOWED: dict[str, tuple[bytes, ...]] = {
    ".pdf": _PDF,
    ".png": _PNG,
    ".jpg": _JPEG,
    ".jpeg": _JPEG,
    ".gif": _GIF,
    ".webp": (b"RIFF",),
    ".doc": _OLE,
    ".xls": _OLE,
    ".ppt": _OLE,
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".pptx": _ZIP,
    ".odt": _ZIP,
    ".ods": _ZIP,
    ".odp": _ZIP,
    ".zip": _ZIP,
}


def max_size() -> int:
    return int(settings.FILE_UPLOAD_MAX_MEMORY_SIZE)


def check(upload: UploadedFile[bytes]) -> None:
    """Raise :class:`ValidationError` for a file that is too big or not an allowed type."""
    name = upload.name or ""
    extension = PurePath(name).suffix.lower()
    signatures = ALLOWED.get(extension)
    if signatures is None:
        raise ValidationError(
            _("Files of type %(type)s cannot be kept as evidence. Allowed: %(allowed)s.")
            % {"type": extension or _("(no extension)"), "allowed": allowed_text()},
            code="file_type",
        )
    size = upload.size or 0
    if size > max_size():
        raise ValidationError(
            _("The file is %(size)s MB; evidence files may be at most %(limit)s MB.")
            % {"size": f"{size / 1_048_576:.1f}", "limit": f"{max_size() / 1_048_576:.0f}"},
            code="file_size",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in signatures):
        raise ValidationError(
            _("The file's content is not a %(type)s file; it may be renamed or damaged.")
            % {"type": extension},
            code="file_content",
        )


def allowed_text() -> str:
    return ", ".join(ext.lstrip(".") for ext in ALLOWED)


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def download_name(title: str, stored_name: str) -> str:
    """The evidence title with the stored file's extension: ``รายงานการประชุม.pdf``.

    Django's storage strips Thai vowel marks from stored names (they are not word characters),
    so the title the user typed names the download instead.
    """
    extension = PurePath(stored_name).suffix.lower()
    stem = _UNSAFE.sub("_", title).strip(" ._") or PurePath(stored_name).stem
    return f"{stem[:120]}{extension}"
