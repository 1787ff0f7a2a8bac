"""``openita frameworks new``: a file to fill in that loads and validates as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from openita.cli import app
from openita.errors import InputError
from openita.frameworks import load_framework

runner = CliRunner()


def _new(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["frameworks", "new", *args])
    return result.exit_code, result.output


def test_a_scaffold_loads_as_the_new_year_and_confirms_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = _new("2570", "--from", "2569", "--kind", "local_government", "--out", str(tmp_path))
    assert code == 0, out
    path = tmp_path / "ita-2570.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ITA framework, fiscal year 2570")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    assert "NOTHING confirmed" in text and "status: confirmed" not in body
    statuses = set(re.findall(r"status: (\w+)", body))
    assert statuses <= {"inferred", "unknown"} and "inferred" in statuses
    assert "assumed equal to FY2569" in text
    monkeypatch.setenv("OPENITA_FRAMEWORKS", str(tmp_path))
    fw = load_framework(2570)
    assert (fw.fiscal_year, fw.rules_year, fw.status, fw.is_fallback) == (
        2570, 2570, "inferred", False
    )  # fmt: skip
    assert "2570" in fw.spec.title_th and "(2027)" in fw.spec.title_en
    assert fw.oit_items.keys() == load_framework(2569).oit_items.keys()
    # facts FY2569 did not know stay unknown (O5 has no title anywhere)
    assert fw.oit_items["O5"].status == "unknown"


def test_a_kind_scaffold_carries_that_kinds_item_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = _new("2570", "--from", "2569", "--kind", "central_agency")
    assert code == 0, out
    path = tmp_path / "ita-2570-central_agency.yaml"
    assert "extends" not in path.read_text(encoding="utf-8")  # it stands alone
    monkeypatch.setenv("OPENITA_FRAMEWORKS", str(tmp_path))
    fw = load_framework(2570, "central_agency")
    assert (fw.rules_kind, len(fw.oit_items), fw.grouping_status) == (
        "central_agency", 26, "unknown"
    )  # fmt: skip
    # the local government of 2570 still borrows 2569's base file
    assert load_framework(2570).rules_year == 2569


def test_an_edited_scaffold_with_a_mistake_names_its_line_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _new("2570", "--from", "2568", "--out", str(tmp_path))[0] == 0
    path = tmp_path / "ita-2570.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines) if line.strip() == "weight: 40.0")
    lines[number] = lines[number].replace("40.0", "45")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("OPENITA_FRAMEWORKS", str(tmp_path))
    with pytest.raises(InputError) as caught:
        load_framework(2570)
    [problem] = caught.value.problems
    assert (problem.file, problem.field) == (str(path), "tools")
    assert problem.line is not None and "add up to 105" in problem.message


def test_bad_scaffold_requests_exit_2_and_write_nothing(tmp_path: Path) -> None:
    code, out = _new("2570", "--from", "2569", "--kind", "ministry", "--out", str(tmp_path))
    assert code == 2 and "unknown agency kind 'ministry'" in out
    code, out = _new("2800", "--from", "2569", "--out", str(tmp_path))
    assert code == 2 and "outside 2500–2700" in out
    assert list(tmp_path.iterdir()) == []
    assert _new("2570", "--from", "2569", "--out", str(tmp_path))[0] == 0
    code, out = _new("2570", "--from", "2569", "--out", str(tmp_path))
    assert code == 2 and "--force" in out
    assert _new("2570", "--from", "2569", "--out", str(tmp_path), "--force")[0] == 0
