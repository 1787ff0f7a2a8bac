"""Criteria and keywords per OIT item: schema checks, inheritance through ``extends:``, and
the one resolver that lays an administrator's override over the framework data."""

from __future__ import annotations

from pathlib import Path

import pytest

from openita.errors import InputError
from openita.frameworks import load_framework
from openita.frameworks.guidance import Override, guidance_of, split_keywords, split_lines
from openita.oitcheck.links import targets
from tests.frameworks.test_kinds import BASE

ITEM = '  - {id: O1, sub_indicator: "9.1"}'


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OPENITA_FRAMEWORKS", str(tmp_path))
    return tmp_path


def _write(site: Path, item: str) -> Path:
    path = site / "ita-2580.yaml"
    path.write_text(BASE.replace(ITEM, item), encoding="utf-8")
    return path


def _problem(site: Path, item: str) -> tuple[str, int | None, str | None, str]:
    path = _write(site, item)
    with pytest.raises(InputError) as caught:
        load_framework(2580)
    [problem] = caught.value.problems
    assert problem.file == str(path)
    return str(path), problem.line, problem.field, str(problem.message)


LINE = BASE.splitlines().index(ITEM) + 1


@pytest.mark.parametrize(
    ("item", "wanted"),
    [
        ('  - {id: O1, sub_indicator: "9.1", criteria: [มีแผนภูมิ]}', "criteria_source"),
        ('  - {id: O1, sub_indicator: "9.1", criteria_source: คู่มือ}', "no criteria"),
        (
            '  - {id: O1, sub_indicator: "9.1", criteria: [มีแผนภูมิ], criteria_source: unknown}',
            "criteria_source",
        ),
        ('  - {id: O1, sub_indicator: "9.1", keywords: [โครงสร้าง]}', "keywords_source"),
        (
            '  - {id: O1, sub_indicator: "9.1", keywords: [โครงสร้าง, โครงสร้าง], '
            "keywords_source: title}",
            "twice in keywords",
        ),
        ('  - {id: O1, sub_indicator: "9.1", keywords: [" "], keywords_source: t}', "at least 2"),
        ('  - {id: O1, sub_indicator: "9.1", criteria: มีแผนภูมิ, criteria_source: x}', "list"),
    ],
)
def test_bad_criteria_and_keywords_name_file_line_and_field(
    site: Path, item: str, wanted: str
) -> None:
    _file, line, field, message = _problem(site, item)
    assert line == LINE
    assert field is not None and field.startswith("oit_items.0")
    assert wanted in message


def test_criteria_and_keywords_load_and_are_inherited_by_a_kind_file(site: Path) -> None:
    _write(
        site,
        '  - {id: O1, sub_indicator: "9.1", title_th: โครงสร้าง, criteria: [มีแผนภูมิโครงสร้าง],'
        " criteria_source: คู่มือ, keywords: [แผนภูมิ, อำนาจหน้าที่], keywords_source: title}",
    )
    (site / "ita-2580-central_agency.yaml").write_text(
        "schema_version: 1\nextends: ita-2580.yaml\nagency_kinds: [central_agency]\n",
        encoding="utf-8",
    )
    central = load_framework(2580, "central_agency")
    guidance = guidance_of(central, "O1")
    assert guidance.criteria == ("มีแผนภูมิโครงสร้าง",)
    assert (guidance.criteria_source, guidance.criteria_origin) == ("คู่มือ", "framework")
    assert guidance.keywords == ("แผนภูมิ", "อำนาจหน้าที่")
    [target] = targets(central, {})
    assert target.keywords == ("แผนภูมิ", "อำนาจหน้าที่")


def test_an_override_replaces_criteria_and_keywords_field_by_field(site: Path) -> None:
    _write(site, '  - {id: O1, sub_indicator: "9.1", title_th: โครงสร้าง}')
    framework = load_framework(2580)
    plain = guidance_of(framework, "O1")
    assert plain.criteria == () and plain.criteria_source == "unknown"
    assert plain.criteria_origin == "unknown" and not plain.criteria_known
    assert plain.keywords == ("โครงสร้าง",)  # the title, as before keywords existed
    keywords_only = guidance_of(framework, "O1", Override(keywords=("ผังองค์กร",)))
    assert keywords_only.criteria_origin == "unknown" and keywords_only.keywords == ("ผังองค์กร",)
    full = guidance_of(
        framework, "O1", Override(criteria=("มีผังองค์กร",), source="คู่มือ ป.ป.ช. หน้า 12")
    )
    assert full.criteria == ("มีผังองค์กร",) and full.criteria_origin == "override"
    assert full.criteria_source == "คู่มือ ป.ป.ช. หน้า 12"
    assert full.keywords == ("โครงสร้าง",)
    [target] = targets(framework, {}, overrides={"O1": Override(keywords=("ผังองค์กร",))})
    assert target.keywords == ("ผังองค์กร",)


def test_administrators_text_is_split_into_points_and_words() -> None:
    assert split_lines("- มีผังองค์กร\n\n• ระบุอำนาจหน้าที่\n- มีผังองค์กร") == (
        "มีผังองค์กร",
        "ระบุอำนาจหน้าที่",
    )
    assert split_keywords("ผังองค์กร, อำนาจหน้าที่\nโครงสร้าง,,") == (
        "ผังองค์กร",
        "อำนาจหน้าที่",
        "โครงสร้าง",
    )


def test_shipped_criteria_are_sourced_and_every_titled_item_has_keywords() -> None:
    local = load_framework(2568)
    assert guidance_of(local, "O7").criteria and "2568" in guidance_of(local, "O7").criteria_source
    assert guidance_of(local, "O1").criteria_source == "unknown"
    for year, kind in [(2568, None), (2569, None), (2569, "central_agency")]:
        framework = load_framework(year, kind)
        for item in framework.oit_items.values():
            if item.title_th:
                assert item.keywords and item.keywords_source, (year, kind, item.id)
            if not item.criteria:
                assert item.criteria_source == "unknown"
    # vocational colleges: no titles published, so no criteria and no keywords are invented
    vocational = load_framework(2569, "vocational_college")
    assert all(not i.criteria and not i.keywords for i in vocational.oit_items.values())
