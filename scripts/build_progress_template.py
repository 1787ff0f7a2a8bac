"""Build the docxtpl template of the progress report: src/openita/reports/templates/progress.docx.

    uv run python scripts/build_progress_template.py [OUT.docx]

Same Thai styles, page setup and table helpers as the main report's template
(scripts/_template_parts.py, shared with scripts/build_report_template.py), so both documents
look alike; byte-for-byte reproducible, checked by tests/reports/test_progress.py.
"""

from __future__ import annotations

import sys

from _template_parts import (
    TEMPLATES,
    chart_figures,
    cover_page,
    define_styles,
    landscape_section,
    main,
    page_setup,
    para,
    row_tag,
    save,
    table,
    table_of_contents,
    tag,
    text,
)
from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Pt

OUT = TEMPLATES / "progress.docx"


def cover(doc: DocumentObject) -> None:
    cover_page(
        doc,
        [
            ("{{ cover.title }}", "Title"),
            ("{{ cover.year_line }}", "Subtitle"),
            ("{{ cover.round_line }}", "Subtitle"),
        ],
        7,
        [("{{ cover.agency }}", "Cover Agency"), ("{{ cover.date_line }}", "Subtitle")],
    )


def summary(doc: DocumentObject) -> None:
    para(doc, "1. สรุปผลการดำเนินงาน", "Heading 1")
    para(doc, "{{ summary }}", "Body")
    table(
        doc,
        ["สถานะการดำเนินงาน", "จำนวนมาตรการ", "ร้อยละ"],
        [8.0, 4.0, 4.0],
        [
            row_tag("{%tr for c in counts %}"),
            [
                text("{{ c.status }}"),
                text("{{ c.count }}", "Table Number"),
                text("{{ c.share }}", "Table Number"),
            ],
            row_tag("{%tr endfor %}"),
            [
                text("รวม", "Table Total"),
                text("{{ total }}", "Table Head"),
                text("100.00", "Table Head"),
            ],
            [
                text("ความก้าวหน้าเฉลี่ย (ร้อยละ)", "Table Total"),
                text("", "Table Head"),
                text("{{ percent }}", "Table Head"),
            ],
        ],
    )
    para(doc, "", "Normal")
    chart_figures(doc)


def measures(doc: DocumentObject) -> None:
    landscape_section(doc)
    para(doc, "2. ผลการดำเนินงานรายมาตรการ", "Heading 1")
    tag(doc, "{%p for s in sections %}")
    para(doc, "{{ s.heading }}", "Heading 2")
    # With the heading, the summary keeps with the table: no heading alone at a page foot.
    para(doc, "{{ s.summary }}", "Body").paragraph_format.keep_with_next = True
    table(
        doc,
        ["มาตรการ / โครงการ / กิจกรรม", "ผู้รับผิดชอบ", "สถานะ", "ร้อยละ", "ผลการดำเนินงาน", "หลักฐาน"],
        [5.6, 3.2, 3.0, 1.8, 7.4, 4.2],
        [
            row_tag("{%tr for r in s.rows %}"),
            [
                text("{{ r.measure }}"),
                text("{{ r.unit }}"),
                text("{{ r.status }}"),
                text("{{ r.percent }}", "Table Number"),
                [
                    ("{%p for d in r.done %}", "Table Text"),
                    ("{{ d }}", "Table Text"),
                    ("{%p endfor %}", "Table Text"),
                ],
                [
                    ("{%p for e in r.evidence %}", "Table Text"),
                    ("{{ e }}", "Table Text"),
                    ("{%p endfor %}", "Table Text"),
                ],
            ],
            row_tag("{%tr endfor %}"),
        ],
    )
    tag(doc, "{%p endfor %}")


def signatures(doc: DocumentObject) -> None:
    heading = para(doc, "การรับรองรายงาน", "Heading 2")
    heading.paragraph_format.space_before = Pt(18)
    tag(doc, "{%p for who in signatures %}")
    lines = [
        para(doc, "ลงชื่อ ........................................ {{ who }}", "Normal"),
        para(doc, "(........................................)", "Normal"),
        para(doc, "ตำแหน่ง ........................................", "Normal"),
        para(doc, "วันที่ ........../........../..........", "Normal"),
    ]
    lines[0].paragraph_format.space_before = Pt(18)
    for line in lines:  # the block stays on one page, with its heading
        line.paragraph_format.keep_with_next = True
    tag(doc, "{%p endfor %}")


def build() -> bytes:
    doc = Document()
    define_styles(doc)
    page_setup(doc)
    cover(doc)
    table_of_contents(doc)
    summary(doc)
    measures(doc)
    signatures(doc)
    return save(doc, "รายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")


if __name__ == "__main__":
    sys.exit(main(sys.argv, build, OUT))
