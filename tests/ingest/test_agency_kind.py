"""``agency_kind`` in result files: which framework scores the result (docs/formats.md)."""

from __future__ import annotations

import io
import json

import pytest

from openita.errors import InputError
from openita.i18n import use_language
from openita.ingest import parse_result
from tests.conftest import SEED_2568


def _json(**extra: object) -> bytes:
    doc: dict[str, object] = {
        "fiscal_year": 2569,
        "agency": {"name": "x"},
        "indicators": dict(SEED_2568),
    }
    doc.update(extra)
    return json.dumps(doc, ensure_ascii=False, indent=1).encode()


def _line_of(data: bytes, needle: str) -> int:
    return next(n for n, line in enumerate(data.decode().splitlines(), 1) if needle in line)


def _csv(kind_row: str) -> bytes:
    rows = ["item,value", "fiscal_year,2569", "agency.name,x", kind_row]
    rows += [f"indicator.{k},{v}" for k, v in SEED_2568.items()]
    return ("\n".join(rows) + "\n").encode()


def test_without_a_kind_a_result_is_a_local_government() -> None:
    loaded = parse_result(_json(), "r.json")
    assert loaded.result.agency.kind == "local_government"
    assert loaded.framework.rules_kind == "local_government"


@pytest.mark.parametrize(
    "extra",
    [
        {"agency_kind": "central_agency"},
        {"agency": {"name": "x", "kind": "central_agency"}},
        {"agency_kind": "หน่วยงานส่วนกลาง"},
    ],
)
def test_json_names_the_kind_at_the_top_or_in_the_agency(extra: dict[str, object]) -> None:
    loaded = parse_result(_json(**extra), "r.json")
    assert loaded.result.agency.kind == "central_agency"
    assert len(loaded.framework.oit_items) == 26
    assert "oit_grouping_unknown" in [f.code for f in loaded.findings]


def test_csv_and_xlsx_name_the_kind_in_a_row() -> None:
    from openpyxl import Workbook

    loaded = parse_result(_csv("agency_kind,vocational_college"), "r.csv")
    assert loaded.result.agency.kind == "vocational_college"
    thai = parse_result(_csv("กลุ่มหน่วยงาน,โรงพยาบาล"), "r.csv")
    assert (thai.result.agency.kind, thai.framework.oit_items) == ("hospital", {})
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in _csv("agency_kind,school").decode().splitlines():
        item, value = line.split(",")
        sheet.append([item, value])
    buffer = io.BytesIO()
    book.save(buffer)
    loaded = parse_result(buffer.getvalue(), "r.xlsx")
    assert (loaded.result.agency.kind, loaded.framework.rules_kind) == (
        "school",
        "local_government",
    )
    assert "framework_kind_fallback" in [f.code for f in loaded.findings]


def test_an_unknown_kind_is_refused_with_its_line_and_field() -> None:
    data = _json(agency_kind="ministry")
    with pytest.raises(InputError) as caught:
        parse_result(data, "r.json")
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (_line_of(data, '"agency_kind"'), "agency_kind")
    assert "unknown agency kind 'ministry'" in problem.message
    with pytest.raises(InputError) as caught:
        parse_result(_csv("agency_kind,ministry"), "r.csv")
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (4, "agency_kind")
    with use_language("th"), pytest.raises(InputError) as caught:
        parse_result(_csv("agency_kind,ministry"), "r.csv")
    assert "ไม่รู้จักกลุ่มหน่วยงาน" in caught.value.problems[0].message


def test_a_kind_given_twice_is_refused() -> None:
    data = _json(agency_kind="school", agency={"name": "x", "kind": "school"})
    with pytest.raises(InputError, match="twice"):
        parse_result(data, "r.json")


def test_the_callers_kind_wins_and_a_different_file_kind_is_a_warning() -> None:
    data = _json(agency_kind="school")
    loaded = parse_result(data, "r.json", agency_kind="central_agency")
    assert loaded.result.agency.kind == "central_agency"
    [finding] = [f for f in loaded.findings if f.code == "agency_kind_differs"]
    line = _line_of(data, '"agency_kind"')
    assert (finding.severity, finding.blocking, finding.line) == ("warning", False, line)
    assert (
        finding.message == "the file says the agency is a school; it is scored as a central agency"
    )
    same = parse_result(_json(agency_kind="school"), "r.json", agency_kind="school")
    assert "agency_kind_differs" not in [f.code for f in same.findings]
    absent = parse_result(_json(), "r.json", agency_kind="hospital")
    assert absent.result.agency.kind == "hospital"


def test_a_kinds_template_names_the_kind_and_imports_with_that_kinds_items() -> None:
    from openita.frameworks import load_framework
    from openita.ingest.template import template_csv, template_rows

    framework = load_framework(2569, "central_agency")
    rows = template_rows(framework, "x")
    assert ("กลุ่มหน่วยงาน", "central_agency", "หน่วยงานส่วนกลาง") in [
        (r.item, r.value, r.name) for r in rows
    ]
    filled = [
        r if r.value or r.item == "ระดับ" else r.__class__(r.item, "100", r.name) for r in rows
    ]
    filled = [r for r in filled if r.item != "ระดับ"]
    loaded = parse_result(template_csv(filled), "t.csv")
    assert loaded.result.agency.kind == "central_agency"
    assert set(loaded.result.questions) >= {f"O{n}" for n in range(1, 27)}
    assert "unknown_id" not in [f.code for f in loaded.findings]
