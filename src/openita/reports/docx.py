"""Render the report context into the DOCX template (docxtpl) inside a Jinja sandbox.

The template is a Word file that agencies may restyle and pass back (``--template``), so it is
untrusted input: Jinja runs in a :class:`~jinja2.sandbox.SandboxedEnvironment`, which refuses
attribute walks such as ``''.__class__.__mro__[1].__subclasses__()`` (the classic server-side
template injection), and autoescaping keeps ``&``/``<`` in agency names from breaking the XML.
The context handed to Jinja is plain dicts, lists and strings (``ReportContext.as_dict``) plus
the chart images, never live objects.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Mapping, MutableMapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, Template
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from openita.errors import InputError, Problem
from openita.message import Message
from openita.reports.columns import fit_columns
from openita.reports.digits import Digits, convert_digits
from openita.reports.model import ChartSpec, ReportContext
from openita.reports.thaibreak import mark_breaks

CHART_WIDTH_MM = 155


class TemplateRefused(InputError):
    """A template that tries to leave the sandbox or does not render."""


def default_template() -> bytes:
    return resources.files("openita.reports").joinpath("templates/report.docx").read_bytes()


class _Sandbox(SandboxedEnvironment):
    """The sandbox that compiles each template part once per process.

    docxtpl compiles every XML part of the template with ``from_string`` on every render; a
    batch renders the same template for every agency, so the compiled part is kept by its
    source text (the few most recent; a compiled template is safe to render from threads).
    """

    KEPT = 16

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self._compiled: dict[str, Template] = {}

    def from_string(  # type: ignore[override]
        self,
        source: str,
        globals: MutableMapping[str, Any] | None = None,
        template_class: Any = None,
    ) -> Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            compiled = _keep(self._compiled, source, super().from_string(source))
        return compiled


def _keep(store: dict[str, Any], key: str, value: Any) -> Any:
    """``value`` stored under ``key``, the oldest entries dropped past :attr:`_Sandbox.KEPT`."""
    while len(store) >= _Sandbox.KEPT:
        store.pop(next(iter(store)))
    store[key] = value
    return value


@cache
def sandbox() -> SandboxedEnvironment:
    """The Jinja environment for report templates: sandboxed, autoescaped, strict (one per
    process, its compiled templates kept: :class:`_Sandbox`)."""
    return _Sandbox()


# A text element holding what docxtpl's resolve_listing turns into tabs, paragraphs and breaks
# (its own match of a text element, up to the first end tag).
_LISTED_TEXT = re.compile(r"<w:t(?: [^>]*)?>(?:(?!</w:t>).)*?[\t\a\n\f]", re.DOTALL)


@cache
def _template_class() -> type[Any]:
    """docxtpl's ``DocxTemplate`` without the work that gives the same result every time.

    - ``patch_xml`` (docxtpl's clean-up of the template's XML before Jinja sees it: regular
      expressions over the whole part) depends on the template's XML alone: kept by that text
      (the few most recent), as :class:`_Sandbox` keeps the compiled part;
    - ``resolve_listing`` turns tabs, ``\\a``, newlines and form feeds in the rendered text
      into runs, paragraphs and breaks: three nested regular expressions over every paragraph
      and run. A part with none of those characters in any text element comes out unchanged
      (newlines between the tags of a chart's drawing are not text), so it is passed over.

    Together ~20 ms of a report's ~0.3 s DOCX CPU; ``tests/reports/test_docx.py`` checks the
    parts are the bytes docxtpl itself writes.
    """
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]

    patched: dict[str, str] = {}

    class Template(DocxTemplate):  # type: ignore[misc]
        def patch_xml(self, src_xml: str) -> str:
            done = patched.get(src_xml)
            if done is None:
                done = _keep(patched, src_xml, super().patch_xml(src_xml))
            return str(done)

        def resolve_listing(self, xml: str) -> str:
            if _LISTED_TEXT.search(xml) is None:
                return xml
            return str(super().resolve_listing(xml))

    return Template


def render_docx(
    context: ReportContext,
    charts: Mapping[str, bytes],
    template: bytes | None = None,
    template_name: str = "report.docx",
    digits: Digits = "arabic",
) -> bytes:
    """The report as DOCX bytes; ``charts`` are PNGs by chart key (see charts.render_charts).

    ``digits="thai"`` writes every number in Thai digits (reports.digits).
    """
    return fill_template(
        template if template is not None else default_template(),
        context.as_dict(),
        context.charts,
        charts,
        template_name,
        digits,
    )


def fill_template(
    template: bytes,
    values: Mapping[str, Any],
    specs: list[ChartSpec],
    charts: Mapping[str, bytes],
    template_name: str,
    digits: Digits = "arabic",
) -> bytes:
    """Render ``values`` into a docxtpl ``template`` in the sandbox, as DOCX bytes.

    The one rendering path of every report (this one, the progress report): the ``charts``
    PNGs of ``specs`` go in as ``chart_images`` (key, title, picture); a template that tries to
    leave the sandbox or does not render is refused under ``template_name``; the text gets
    :func:`finish_text`.
    """
    from docx.shared import Mm
    from docxtpl import InlineImage

    doc = _template_class()(io.BytesIO(template))
    filled: dict[str, Any] = dict(values)
    filled["chart_images"] = [
        {
            "key": spec.key,
            "title": spec.title,
            "image": InlineImage(doc, io.BytesIO(charts[spec.key]), width=Mm(CHART_WIDTH_MM)),
        }
        for spec in specs
        if spec.key in charts
    ]
    try:
        doc.render(filled, jinja_env=sandbox(), autoescape=True)
    except SecurityError as exc:
        raise TemplateRefused(
            [
                Problem(
                    template_name,
                    Message("the template tries to leave the sandbox: {reason}", reason=exc),
                )
            ]
        ) from None
    except TemplateError as exc:
        raise TemplateRefused(
            [Problem(template_name, Message("the template does not render: {reason}", reason=exc))]
        ) from None
    finish_text(doc.docx, digits)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def finish_text(document: Any, digits: Digits = "arabic") -> None:
    """The last pass over every text run of a rendered document (body, headers, footers).

    The one place where the text of any report (this one, the progress report) gets its
    digits (reports.digits) and its Thai line-break marks (reports.thaibreak), after Jinja has
    filled the template, so static template text and generated text are treated alike; then
    the tables' column widths are shared out by their content (reports.columns).
    """
    from docx.oxml.ns import qn

    parts = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_footer):
            if not part.is_linked_to_previous:
                parts.append(part._element)
    tag = qn("w:t")
    for root in parts:
        for node in root.iter(tag):
            if node.text:
                node.text = mark_breaks(convert_digits(node.text, digits))
    if digits == "thai":
        thai_page_numbers(document)
    fit_columns(document)  # widths from the final text: digits and break marks included
    drop_unused_table_styles(document)
    drop_stale_parts(document)


def drop_stale_parts(document: Any) -> None:
    """Leave out the package parts that say nothing true about a rendered report:

    - ``word/stylesWithEffects.xml``, Word 2010's second copy of the styles (438 kB in
      python-docx's default template; Word 2013 and later ignore it), which LibreOffice parsed
      for every report it converted (~2 % of its instructions per report, callgrind;
      docs/reports.md, "Speed of a batch");
    - ``docProps/thumbnail.jpeg``, the preview a file manager shows: python-docx's default
      template carries a blank page, and an agency's template saved with "Save preview picture"
      carries its own first page, neither of them this report's.

    Done for every template, an agency's own too; the template build scripts call it as well,
    so the committed templates do not carry them."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(rel_id)
    package_rels = part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rel_id]


def drop_unused_table_styles(document: Any) -> int:
    """Remove the table styles no table of the document uses; returns how many went.

    A template made by python-docx (ours) or saved by Word carries ~100 built-in table styles
    ("Light Shading - Accent 1" …, 320 kB of styles.xml) that no report table uses, and
    LibreOffice imports every one of them: about a third of its load time and 0.1–0.15 s of
    CPU per report (docs/reports.md, "Speed of a batch"). A style stays when a table in any
    XML part (body, headers, footers, notes) names it (``w:tblStyle``), when it is the
    default table style, or when a kept style is based on it; nothing else can refer to a
    table style, so the document looks the same. Paragraph and character styles are left
    alone (removing the unused ones measured no gain).
    """
    from docx.oxml.ns import qn

    styles = document.styles.element
    parts = [
        part._element
        for part in document.part.package.iter_parts()
        if hasattr(part, "_element") and part._element is not styles
    ]
    value = qn("w:val")
    tables = {
        s.get(qn("w:styleId")): s
        for s in styles.iterchildren(qn("w:style"))
        if s.get(qn("w:type")) == "table"
    }
    wanted = [node.get(value) for root in parts for node in root.iter(qn("w:tblStyle"))] + [
        key for key, s in tables.items() if s.get(qn("w:default")) in ("1", "true", "on")
    ]
    kept: set[str] = set()
    while wanted:
        key = wanted.pop()
        if key in kept or key not in tables:
            continue
        kept.add(key)
        based = tables[key].find(qn("w:basedOn"))
        if based is not None:
            wanted.append(based.get(value))
    for key, style in tables.items():
        if key not in kept:
            styles.remove(style)
    return len(tables) - len(kept)


def thai_page_numbers(document: Any) -> None:
    """Page numbers (the footer's PAGE field) in Thai digits: ``w:pgNumType w:fmt="thaiNumbers"``
    on every section, the OOXML number format Word and LibreOffice both render as ๑ ๒ ๓."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for section in document.sections:
        sect_pr = section._sectPr
        number_type = sect_pr.find(qn("w:pgNumType"))
        if number_type is None:
            number_type = OxmlElement("w:pgNumType")
            # CT_SectPr order: … pgMar, paperSrc, pgBorders, lnNumType, pgNumType, cols …
            following = [
                qn(f"w:{t}")
                for t in (
                    "cols",
                    "formProt",
                    "vAlign",
                    "noEndnote",
                    "titlePg",
                    "textDirection",
                    "bidi",
                    "rtlGutter",
                    "docGrid",
                    "printerSettings",
                    "sectPrChange",
                )
            ]
            anchor = next((c for c in sect_pr if c.tag in following), None)
            if anchor is not None:
                anchor.addprevious(number_type)
            else:
                sect_pr.append(number_type)
        number_type.set(qn("w:fmt"), "thaiNumbers")
    mark_digits(document, "thai")


#: The document property that tells the PDF conversion which digits the page numbers take.
DIGITS_PROPERTY = "OpenITADigits"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
#: The format id every user-defined property carries (ECMA-376 part 1, 22.3.2.2).
_USER_PROPERTY_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def mark_digits(document: Any, digits: str) -> None:
    """Record ``digits`` as the document property :data:`DIGITS_PROPERTY` (docProps/custom.xml).

    LibreOffice 7.4 drops ``w:pgNumType w:fmt="thaiNumbers"`` when it reads a DOCX, so the
    conversion macro (lo_basic/Convert.xba) reads this property instead and gives the page
    styles LibreOffice's native numbering, which the Thai locale of the conversion profile
    (reports.pdf) draws as ๑ ๒ ๓: the footers and the table of contents in Thai digits.

    A template's own custom properties (an agency's document-management fields) are kept; only
    an earlier value of this property is replaced.
    """
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external:
            rel.target_part._blob = _with_property(rel.target_part.blob, DIGITS_PROPERTY, digits)
            return
    part = Part(
        PackURI("/docProps/custom.xml"),
        "application/vnd.openxmlformats-officedocument.custom-properties+xml",
        _with_property(None, DIGITS_PROPERTY, digits),
        package,
    )
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def _with_property(blob: bytes | None, name: str, value: str) -> bytes:
    """``docProps/custom.xml`` with the text property ``name`` set to ``value``, the other
    properties as they were; a part that is not well-formed XML is replaced."""
    from lxml import etree

    root = None
    if blob:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        with contextlib.suppress(etree.XMLSyntaxError):
            root = etree.fromstring(blob, parser)
    if root is None or root.tag != f"{{{_CUSTOM_NS}}}Properties":
        root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    tag = f"{{{_CUSTOM_NS}}}property"
    for old in root.findall(tag):
        if old.get("name") == name:
            root.remove(old)
    pids = [int(pid) for p in root.findall(tag) if (pid := p.get("pid", "")).isdigit()]
    prop = etree.SubElement(
        root, tag, fmtid=_USER_PROPERTY_FMTID, pid=str(max(pids, default=1) + 1), name=name
    )
    etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = value
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def read_template(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(
            [Problem(str(path), Message("cannot read the template: {reason}", reason=exc.strerror))]
        ) from None
