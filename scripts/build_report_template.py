"""Build the docxtpl template of the Thai ITA report: src/openita/reports/templates/report.docx.

    uv run python scripts/build_report_template.py [OUT.docx]

The template is generated, not hand-edited, so its Thai typesetting is reproducible and
reviewable; the styles, page set-up and table helpers it shares with the progress report's
template are in scripts/_template_parts.py. Agencies may open the result in Word, restyle it
and pass it back with ``openita report --template``; the Jinja tags (docxtpl syntax: ``{%p %}``
paragraph, ``{%tr %}`` table-row tags) must stay. The output is byte-for-byte reproducible, so a
test can check that the committed template is what this script makes.
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
    portrait_section,
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

OUT = TEMPLATES / "report.docx"


# --- the report ---------------------------------------------------------------------------------


def cover(doc: DocumentObject) -> None:
    cover_page(
        doc,
        [
            ("{{ cover.title }}", "Title"),
            ("{{ cover.subtitle }}", "Subtitle"),
            ("{{ cover.year_line }}", "Subtitle"),
        ],
        8,
        [("{{ cover.agency }}", "Cover Agency"), ("{{ cover.location }}", "Cover Agency")],
    )


def results(doc: DocumentObject) -> None:
    para(doc, "ส่วนที่ 1 ผลการประเมินและการวิเคราะห์ผลการประเมิน ITA {{ year_text }}", "Heading 1")
    para(doc, "1. ผลการประเมินในภาพรวม", "Heading 2")
    para(doc, "{{ statement }}", "Body")
    table(
        doc,
        ["เครื่องมือการประเมิน", "คะแนน"],
        [12.0, 4.0],
        [
            row_tag("{%tr for t in tools %}"),
            [
                [
                    ("{{ t.id }} {{ t.name_th }}", "Table Text"),
                    ("{%p for p in t.parts %}", "Table Text"),
                    ("{{ p }}", "Evidence"),
                    ("{%p endfor %}", "Table Text"),
                ],
                text("{{ t.score }}", "Table Number"),
            ],
            row_tag("{%tr endfor %}"),
            [text("คะแนนภาพรวม ({{ level }})", "Table Total"), text("{{ overall }}", "Table Head")],
        ],
    )
    para(doc, "{{ target }}", "Body").paragraph_format.space_before = Pt(6)

    para(doc, "2. แผนภูมิผลการประเมิน", "Heading 2")
    chart_figures(doc)

    para(doc, "3. สรุปผลการประเมินรายตัวชี้วัด", "Heading 2")
    tag(doc, "{%p if indicator_table.years|length == 2 %}")
    rows = "indicator_table.rows"
    table(
        doc,
        [
            "แบบวัด",
            "ตัวชี้วัด",
            "พ.ศ. {{ indicator_table.years[0] }}",
            "พ.ศ. {{ indicator_table.years[1] }}",
            "ผลต่าง",
            "ทิศทาง",
        ],
        [2.0, 4.6, 2.5, 2.5, 2.0, 2.4],
        [
            row_tag(f"{{%tr for r in {rows} %}}"),
            [
                text("{{ r.tool }}", "Table Number"),
                text("{{ r.indicator }} {{ r.name }}"),
                text("{{ r.scores[0] }}", "Table Number"),
                text("{{ r.scores[1] }}", "Table Number"),
                text("{{ r.change }}", "Table Number"),
                text("{{ r.direction }}", "Table Number"),
            ],
            row_tag("{%tr endfor %}"),
            row_tag("{%tr for r in indicator_table.totals %}"),
            [
                text("{{ r.tool }}", "Table Head"),
                text("{{ r.name }}", "Table Total"),
                text("{{ r.scores[0] }}", "Table Number"),
                text("{{ r.scores[1] }}", "Table Number"),
                text("{{ r.change }}", "Table Number"),
                text("{{ r.direction }}", "Table Number"),
            ],
            row_tag("{%tr endfor %}"),
        ],
    )
    tag(doc, "{%p else %}")
    table(
        doc,
        ["แบบวัด", "ตัวชี้วัด", "คะแนน พ.ศ. {{ indicator_table.years[0] }}"],
        [2.5, 9.5, 4.0],
        [
            row_tag(f"{{%tr for r in {rows} %}}"),
            [
                text("{{ r.tool }}", "Table Number"),
                text("{{ r.indicator }} {{ r.name }}"),
                text("{{ r.scores[0] }}", "Table Number"),
            ],
            row_tag("{%tr endfor %}"),
            row_tag("{%tr for r in indicator_table.totals %}"),
            [
                text("{{ r.tool }}", "Table Head"),
                text("{{ r.name }}", "Table Total"),
                text("{{ r.scores[0] }}", "Table Head"),
            ],
            row_tag("{%tr endfor %}"),
        ],
    )
    tag(doc, "{%p endif %}")

    para(doc, "4. การวิเคราะห์ผลการประเมิน", "Heading 2")
    tag(doc, "{%p for a in analysis %}")
    para(doc, "{{ loop.index }}) {{ a.text }}", "Body")
    tag(doc, "{%p for b in a.bullets %}")
    para(doc, "• {{ b }}", "Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")

    tag(doc, "{%p if peers %}")
    para(doc, "5. เปรียบเทียบกับค่าเฉลี่ย", "Heading 2")
    table(
        doc,
        ["กลุ่มที่เปรียบเทียบ", "คะแนนเฉลี่ย", "คะแนนของหน่วยงาน"],
        [7.0, 3.5, 5.5],
        [
            row_tag("{%tr for p in peers %}"),
            [
                text("{{ p.label }}"),
                text("{{ p.score }}", "Table Number"),
                text("{{ overall }} ({{ p.difference }})"),
            ],
            row_tag("{%tr endfor %}"),
        ],
    )
    tag(doc, "{%p endif %}")


def recommendations(doc: DocumentObject) -> None:
    para(doc, "{{ recommendations_heading }}", "Heading 2")
    tag(doc, "{%p for t in recommendations %}")
    para(doc, "{{ t.heading }}", "Heading 3")
    para(doc, "{{ t.intro }}", "Body")
    tag(doc, "{%p for s in t.sections %}")
    tag(doc, "{%p if s.heading %}")
    para(doc, "{{ s.heading }}", "Heading 4")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for g in s.groups %}")
    tag(doc, "{%p if g.heading %}")
    para(doc, "{{ g.heading }}", "Heading 4")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if g.note %}")
    para(doc, "{{ g.note }}", "Body")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for it in g.entries %}")
    para(doc, "{{ it.label }}", "Item Heading")
    tag(doc, "{%p if it.issue %}")
    para(doc, "{{ it.issue }}", "Body")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if it.action %}")
    para(doc, "{{ it.action }}", "Body")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if it.evidence %}")
    evidence = para(doc, "หลักฐานที่เกี่ยวข้องในแบบวัด OIT", "Evidence")
    evidence.runs[0].bold = True
    evidence.paragraph_format.keep_with_next = True  # never alone at a page foot
    tag(doc, "{%p for e in it.evidence %}")
    para(doc, "• {{ e }}", "Evidence")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if g.after %}")
    para(doc, "{{ g.after }}", "Body")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")


def action_plan(doc: DocumentObject) -> None:
    landscape_section(doc)
    tag(doc, "{%p if plan %}")
    para(doc, "{{ plan.heading }}", "Heading 1")
    para(doc, "{{ plan.intro }}", "Body")
    table(
        doc,
        ["ประเด็น", "มาตรการ / โครงการ / กิจกรรม", "ผู้รับผิดชอบ", "ขั้นตอน / วิธีปฏิบัติ", "ระยะเวลา"],
        [4.2, 6.2, 3.2, 8.6, 3.0],
        [
            row_tag("{%tr for r in plan.rows %}"),
            [
                [
                    ("{%p for line in r.issue %}", "Table Text"),
                    ("{{ line }}", "Table Text"),
                    ("{%p endfor %}", "Table Text"),
                ],
                [("{{ r.measure }}", "Table Text"), ("ตัวชี้วัดความสำเร็จ: {{ r.kpi }}", "Table Text")],
                text("{{ r.unit }}"),
                [
                    ("{%p for s in r.steps %}", "Table Text"),
                    ("{{ s }}", "Table Text"),
                    ("{%p endfor %}", "Table Text"),
                ],
                text("{{ r.period }}"),
            ],
            row_tag("{%tr endfor %}"),
        ],
        rows_split=True,
    )
    tag(doc, "{%p else %}")
    para(doc, "ส่วนที่ 2 การนำผลการวิเคราะห์ไปสู่การปฏิบัติ", "Heading 1")
    para(doc, "ยังไม่มีแผนปฏิบัติการสำหรับรายงานฉบับนี้", "Body")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if notes %}")
    para(doc, "หมายเหตุเกี่ยวกับข้อมูล", "Heading 2")
    tag(doc, "{%p for n in notes %}")
    para(doc, "• {{ n }}", "Normal")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


def appendix(doc: DocumentObject) -> None:
    """The appendix: every question and OIT item with its score (the seed's full tables), and
    which of them Part 1 gives a recommendation of its own (issue 11, deliver 4)."""
    portrait_section(doc)
    para(doc, "{{ appendix.heading }}", "Heading 1")
    para(doc, "{{ appendix.intro }}", "Body")
    tag(doc, "{%p for tb in appendix.tables %}")
    para(doc, "{{ tb.heading }}", "Heading 2")
    table(
        doc,
        ["ข้อ", "ประเด็น / รายการ", "คะแนน", "ข้อเสนอแนะ"],
        [1.3, 7.9, 3.9, 2.9],  # Sarabun 14 pt: "ส่วนที่ 2: 100.00" is 3.3 cm, bold "ข้อเสนอแนะ" 2.6
        [
            row_tag("{%tr for r in tb.rows %}"),
            row_tag("{%tr if r.group %}"),
            [[("{{ r.group }}", "Table Group")]],  # the indicator or sub-indicator, whole width
            row_tag("{%tr endif %}"),
            [
                text("{{ r.item }}", "Table Number"),
                text("{{ r.title }}"),
                [
                    ("{%p for s in r.scores %}", "Table Text"),
                    ("{{ s }}", "Table Number"),
                    ("{%p endfor %}", "Table Text"),
                ],
                text("{{ r.mark }}", "Table Number"),
            ],
            row_tag("{%tr endfor %}"),
        ],
    )
    tag(doc, "{%p endfor %}")


def build() -> bytes:
    doc = Document()
    define_styles(doc)
    page_setup(doc)
    # python-docx's default document starts with no paragraph; keep it that way.
    cover(doc)
    table_of_contents(doc)
    results(doc)
    recommendations(doc)
    action_plan(doc)
    appendix(doc)
    return save(doc, "รายงานการนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร")


if __name__ == "__main__":
    sys.exit(main(sys.argv, build, OUT))
