"""The text of a fetched page or document: HTML, PDF, DOCX, XLSX, plain text.

Each reader is bounded: the body is already cut at the policy's byte limit, archives (DOCX,
XLSX) are checked from their directory before anything is unpacked, PDF text is read from
the first ``max_pages`` pages, and the text kept is at most :data:`MAX_TEXT` characters.
An HTML page without a declared encoding that is not UTF-8 is read as TIS-620 (Windows-874),
still common on Thai government sites.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from openita.limits import MB
from openita.oitcheck.fetch import Fetched
from openita.oitcheck.model import Reason

MAX_TEXT = 2_000_000
"""Characters of text kept per document: far more than any year or keyword needs."""
MAX_ARCHIVE_MEMBERS = 1000
MAX_UNPACKED = 100 * MB
MAX_RATIO = 200

_THAI_ENCODINGS = dict.fromkeys(("tis-620", "tis620", "windows-874", "x-cp874"), "cp874")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


class Unreadable(Exception):
    def __init__(self, reason: Reason) -> None:
        super().__init__(reason.code)
        self.reason = reason


def kind_of(fetched: Fetched) -> str:
    """``html``, ``pdf``, ``docx``, ``xlsx``, ``text`` or ``other``, by content and type."""
    head = fetched.body[:1024].lstrip()
    content_type = fetched.content_type or ""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        names = _member_names(fetched.body)
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        return "other"
    if "html" in content_type or head[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    if content_type.startswith("text/"):
        return "text"
    return "other"


def _member_names(body: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return archive.namelist()[:MAX_ARCHIVE_MEMBERS]
    except (zipfile.BadZipFile, ValueError, OSError):
        return []


def text_of(fetched: Fetched, max_pages: int) -> str:
    """The document's text; raises :class:`Unreadable` with the reason."""
    kind = kind_of(fetched)
    if fetched.truncated:
        raise Unreadable(Reason("too_large", {"size": fetched.size, "kind": kind}))
    readers = {
        "html": _html_text,
        "text": _plain_text,
        "docx": _docx_text,
        "xlsx": _xlsx_text,
    }
    try:
        if kind == "pdf":
            return _pdf_text(fetched.body, max_pages)[:MAX_TEXT]
        if kind in readers:
            return readers[kind](fetched)[:MAX_TEXT]
    except Unreadable:
        raise
    except Exception as exc:
        raise Unreadable(
            Reason("damaged_document", {"kind": kind, "error": type(exc).__name__})
        ) from exc
    raise Unreadable(Reason("unsupported_type", {"content_type": fetched.content_type or "?"}))


def _encoding(fetched: Fetched) -> str | None:
    declared = fetched.charset
    if declared is None:
        match = _META_CHARSET.search(fetched.body[:4096])
        declared = match.group(1).decode("ascii", "replace") if match else None
    if declared is None:
        return None
    return _THAI_ENCODINGS.get(declared.lower(), declared.lower())


def decoded(fetched: Fetched) -> str:
    encoding = _encoding(fetched)
    if encoding is not None:
        try:
            return fetched.body.decode(encoding, errors="replace")
        except LookupError:
            pass
    try:
        return fetched.body.decode("utf-8")
    except UnicodeDecodeError:
        return fetched.body.decode("cp874", errors="replace")


def _plain_text(fetched: Fetched) -> str:
    return decoded(fetched)


def _html_text(fetched: Fetched) -> str:
    from lxml import etree, html

    parser = html.HTMLParser(
        recover=True, no_network=True, remove_comments=True, remove_pis=True, huge_tree=False
    )
    text = decoded(fetched)
    if not text.strip():
        return ""
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return ""
    for element in root.iter("script", "style", "noscript", "template"):
        element.text = None
    parts: list[str] = [root.text_content()]
    # Link texts and titles name documents too ("รายงานผลการดำเนินงาน ปี 2569 (PDF)").
    parts.extend(a.get("title", "") for a in root.iter("a"))
    return " ".join(parts)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: Elements whose address leads to another page or document of the site.
_LINKING = {("a", "href"), ("area", "href"), ("iframe", "src"), ("frame", "src")}


def page_links(fetched: Fetched, limit: int) -> list[tuple[str, str]]:
    """The absolute addresses an HTML page links to, with each link's text (``<base href>``
    honoured), at most ``limit`` of them, in page order; [] for anything but HTML."""
    from lxml import etree, html

    if fetched.truncated or kind_of(fetched) != "html":
        return []
    parser = html.HTMLParser(
        recover=True, no_network=True, remove_comments=True, remove_pis=True, huge_tree=False
    )
    text = decoded(fetched)
    if not text.strip():
        return []
    try:
        root = html.document_fromstring(text, parser=parser, base_url=fetched.final_url)
        root.make_links_absolute(fetched.final_url, handle_failures="discard")
    except (etree.ParserError, ValueError):
        return []
    found: list[tuple[str, str]] = []
    for element, attribute, link, _pos in root.iterlinks():
        if (element.tag, attribute) not in _LINKING:
            continue
        label = element.text_content() if element.tag in {"a", "area"} else ""
        label = _CONTROL.sub("", " ".join((label or element.get("title") or "").split()))[:300]
        found.append((link, label))
        if len(found) >= limit:
            break
    return found


def _pdf_text(body: bytes, max_pages: int) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(body), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    texts: list[str] = []
    length = 0
    for page in reader.pages[:max_pages]:
        text = page.extract_text() or ""
        texts.append(text)
        length += len(text)
        if length > MAX_TEXT:
            break
    return "\n".join(texts)


def _open_archive(body: bytes, kind: str) -> zipfile.ZipFile:
    """The archive, after its directory passed the limits (a zip bomb never unpacks)."""
    archive = zipfile.ZipFile(io.BytesIO(body))
    members = archive.infolist()
    total = sum(m.file_size for m in members)
    worst = max((m.file_size / max(m.compress_size, 1) for m in members), default=0.0)
    if (
        len(members) > MAX_ARCHIVE_MEMBERS
        or total > MAX_UNPACKED
        or (total > MB and worst > MAX_RATIO)
    ):
        archive.close()
        raise Unreadable(Reason("zip_bomb", {"kind": kind, "size": total}))
    return archive


def _xml_texts(data: bytes, tag: str) -> Iterator[str]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(data, parser=parser)
    for element in root.iter(tag):
        if element.text:
            yield element.text


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _docx_text(fetched: Fetched) -> str:
    with _open_archive(fetched.body, "docx") as archive:
        parts = [
            n
            for n in archive.namelist()
            if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes)\.xml", n)
        ]
        return " ".join(" ".join(_xml_texts(archive.read(n), f"{_W}t")) for n in sorted(parts))


def _xlsx_text(fetched: Fetched) -> str:
    with _open_archive(fetched.body, "xlsx") as archive:
        names = archive.namelist()
        texts: list[str] = []
        if "xl/sharedStrings.xml" in names:
            texts.extend(_xml_texts(archive.read("xl/sharedStrings.xml"), f"{_S}t"))
        for name in sorted(n for n in names if n.startswith("xl/worksheets/sheet")):
            texts.extend(_xml_texts(archive.read(name), f"{_S}v"))
            texts.extend(_xml_texts(archive.read(name), f"{_S}t"))
        return " ".join(texts)
