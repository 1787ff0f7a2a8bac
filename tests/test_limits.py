"""The limits of openita.limits, one by one, through the importers that use them."""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openita import limits
from openita.errors import InputError
from openita.frameworks import parse_framework
from openita.i18n import use_language
from openita.ingest import parse_result, read_result
from openita.limits import LimitExceeded
from openita.yamldoc import load_yaml
from tests.hostile import GOOD_RESULT

GOOD = json.dumps(GOOD_RESULT, ensure_ascii=False)


def _code(exc: pytest.ExceptionInfo[InputError]) -> str | None:
    return exc.value.problems[0].code


def test_a_good_result_passes_every_limit() -> None:
    assert parse_result(GOOD.encode(), "r.json").result.agency.name.startswith("เทศบาล")


@pytest.mark.parametrize(
    ("name", "size"),
    [("r.json", limits.MAX_BYTES["result.json"] + 1), ("r.csv", limits.MAX_BYTES["result.csv"] + 1),
     ("r.xlsx", limits.MAX_BYTES["result.xlsx"] + 1)],
)  # fmt: skip
def test_a_result_over_its_size_is_refused_before_it_is_parsed(name: str, size: int) -> None:
    with pytest.raises(LimitExceeded) as exc:
        parse_result(b" " * size, name)
    assert _code(exc) == "too_large"
    assert "may be at most" in str(exc.value)


def test_the_cli_checks_the_size_of_a_file_before_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as out:
        out.truncate(limits.MAX_BYTES["result.json"] + 1)
    with pytest.raises(LimitExceeded, match="at most 1 MB"):
        read_result(path)


def test_json_nested_2000_deep_is_a_clean_refusal_not_a_recursion_error() -> None:
    with pytest.raises(LimitExceeded) as exc:
        parse_result(b"[" * 2000 + b"]" * 2000, "deep.json")
    assert _code(exc) == "too_deep"
    assert f"{limits.MAX_DEPTH} levels" in str(exc.value)


def test_brackets_inside_strings_do_not_count_as_depth() -> None:
    text = GOOD[:-1] + ',"notes":"' + "[{" * 500 + '\\" ]]"}'
    assert parse_result(text.encode(), "r.json").result.fiscal_year == 2568


def test_json_with_too_many_keys_is_refused() -> None:
    keys = ",".join(f'"k{n}":1' for n in range(limits.MAX_JSON_VALUES + 1))
    with pytest.raises(LimitExceeded) as exc:
        parse_result(("{" + keys + "}").encode(), "r.json")
    assert _code(exc) == "too_many_values"


def test_a_json_number_of_5000_digits_is_refused_by_name() -> None:
    with pytest.raises(LimitExceeded) as exc:
        parse_result(b'{"fiscal_year": ' + b"9" * 5000 + b"}", "r.json")
    assert _code(exc) == "number_too_long"


def test_yaml_aliases_are_refused_with_their_line() -> None:
    with pytest.raises(LimitExceeded) as exc:
        load_yaml("a: 1\nb: &x [1, 2]\nc: *x\n", "f.yaml")
    assert _code(exc) == "yaml_alias"
    assert exc.value.problems[0].line == 2


def test_yaml_nested_5000_deep_is_a_clean_refusal() -> None:
    with pytest.raises(LimitExceeded) as exc:
        load_yaml("[" * 5000 + "]" * 5000, "f.yaml")
    assert _code(exc) == "too_deep"
    load_yaml("[" * limits.MAX_DEPTH + "]" * limits.MAX_DEPTH, "f.yaml")  # at the limit: fine


def test_yaml_with_too_many_values_is_refused() -> None:
    with pytest.raises(LimitExceeded) as exc:
        load_yaml("[" + "1," * limits.MAX_YAML_NODES + "1]", "f.yaml")
    assert _code(exc) == "too_many_values"


def test_yaml_nul_bytes_and_huge_integers_are_clean_problems() -> None:
    with pytest.raises(InputError, match="not valid YAML"):
        load_yaml("a: 1\x00\n", "f.yaml")
    with pytest.raises(InputError, match="not valid YAML"):
        load_yaml("a: " + "9" * 5000 + "\n", "f.yaml")


def test_a_framework_text_over_its_size_is_refused() -> None:
    with pytest.raises(LimitExceeded) as exc:
        parse_framework("#" * (limits.MAX_BYTES["framework.yaml"] + 1), "ita-2599.yaml")
    assert _code(exc) == "too_large"


def test_csv_rows_columns_and_cells_are_bounded() -> None:
    rows = "item,value\n" + "O1,1\n" * (limits.MAX_ROWS + 1)
    with pytest.raises(LimitExceeded) as exc:
        parse_result(rows.encode(), "r.csv")
    assert _code(exc) == "too_many_rows"
    wide = "item,value\nfiscal_year,2568" + "," * limits.MAX_COLUMNS + "\n"
    with pytest.raises(LimitExceeded) as exc:
        parse_result(wide.encode(), "r.csv")
    assert (_code(exc), exc.value.problems[0].line) == ("too_many_columns", 2)
    long = 'item,value\nagency.name,"' + "x" * (limits.MAX_CELL_CHARS + 1) + '"\n'
    with pytest.raises(LimitExceeded) as exc:
        parse_result(long.encode(), "r.csv")
    assert _code(exc) == "cell_too_long"


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_an_xlsx_zip_bomb_is_refused_from_the_archive_directory() -> None:
    bomb = _zip({"xl/sharedStrings.xml": b"<sst>" + b"x" * (limits.MAX_UNCOMPRESSED + 1)})
    assert len(bomb) < 100_000
    with pytest.raises(LimitExceeded) as exc:
        parse_result(bomb, "r.xlsx")
    assert _code(exc) == "xlsx_uncompressed"


def test_an_xlsx_part_compressed_too_much_is_refused() -> None:
    packed = _zip({"xl/sharedStrings.xml": b"x" * (2 * limits.MB)})
    with pytest.raises(LimitExceeded) as exc:
        parse_result(packed, "r.xlsx")
    assert _code(exc) == "xlsx_ratio"


def test_an_xlsx_with_too_many_parts_is_refused() -> None:
    many = _zip({f"p{n}.xml": b"<a/>" for n in range(limits.MAX_ZIP_MEMBERS + 1)})
    with pytest.raises(LimitExceeded) as exc:
        parse_result(many, "r.xlsx")
    assert _code(exc) == "xlsx_members"


def test_an_xlsx_sheet_declaring_2_million_rows_is_refused_before_openpyxl() -> None:
    sheet = b'<worksheet><dimension ref="A1:B2000000"/><sheetData/></worksheet>'
    with pytest.raises(LimitExceeded) as exc:
        parse_result(_zip({"xl/worksheets/sheet1.xml": sheet}), "r.xlsx")
    assert _code(exc) == "xlsx_dimension"
    assert "2000000 rows" in str(exc.value)


def test_a_refusal_is_said_in_thai_too() -> None:
    with pytest.raises(LimitExceeded) as exc:
        parse_result(b"[" * 2000 + b"]" * 2000, "deep.json")
    with use_language("th"):
        assert "ระดับ" in exc.value.problems[0].message


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4)
    ),
    max_leaves=40,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=_json_values, depth=st.integers(0, 3 * limits.MAX_DEPTH))
def test_any_json_is_read_or_refused_cleanly(value: object, depth: int) -> None:
    text = "[" * depth + json.dumps(value) + "]" * depth
    try:
        parse_result(text.encode(), "r.json")
    except InputError as exc:
        assert depth <= limits.MAX_DEPTH or exc.problems[0].code == "too_deep"


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("[]{}:,&*!- \n\"'ab1#|>\t\x00")), max_size=80))
def test_any_yaml_text_is_read_or_refused_cleanly(text: str) -> None:
    with contextlib.suppress(InputError):
        load_yaml(text, "f.yaml")


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=300))
def test_any_bytes_as_csv_or_xlsx_are_read_or_refused_cleanly(data: bytes) -> None:
    for name in ("r.csv", "r.xlsx"):
        with contextlib.suppress(InputError):
            parse_result(data, name)


def test_the_cli_exits_2_with_the_limit_for_a_deep_result_and_a_billion_laughs_plan(
    tmp_path: Path,
) -> None:
    from typer.testing import CliRunner

    from openita.cli import app

    deep = tmp_path / "deep.json"
    deep.write_bytes(b"[" * 2000 + b"]" * 2000)
    result = CliRunner().invoke(app, ["score", str(deep)])
    assert result.exit_code == 2
    assert "nested more than 32 levels deep" in result.output
    laughs = tmp_path / "plan.yaml"
    laughs.write_text('a: &a ["lol", "lol"]\nb: [*a, *a]\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["plan", "validate", str(laughs)])
    assert result.exit_code == 2
    assert "anchors and aliases" in result.output
