"""A results table pasted as text (issue 14): what Chrome, Word and a plain-text copy give.

The texts below are written as the clipboard holds them: Chrome copies an HTML table as one
line per row with a tab between cells; Word adds no-break spaces, writes a line break inside
a cell as a vertical tab and ends rows with CR LF; a copy from a PDF or paragraph has spaces
only. The figures are the seed's (เทศบาลตำบลคำบง 2568: 94.11 ผ่านดี).
"""

from __future__ import annotations

import pytest

from openita.errors import InputError
from openita.ingest import parse_result, usable_result
from openita.ingest.paste import complete, number_text, read_paste
from openita.scoring import score
from openita.thaidate import thai_digits

SEED_INDICATORS = {"1": 98.70, "2": 99.63, "3": 99.63, "4": 96.85, "5": 99.63,
                   "6": 99.92, "7": 99.80, "8": 99.71, "9": 82.50, "10": 90.00}  # fmt: skip
NAMES = ["การปฏิบัติหน้าที่", "การใช้งบประมาณ", "การใช้อำนาจ", "การใช้ทรัพย์สินของราชการ",
         "การแก้ไขปัญหาการทุจริต", "คุณภาพการดำเนินงาน", "ประสิทธิภาพการสื่อสาร",
         "การปรับปรุงการทำงาน", "การเปิดเผยข้อมูล", "การป้องกันการทุจริต"]  # fmt: skip

#: The ITAS results table selected in Chrome: a header, Thai names in their own column.
CHROME = (
    "ตัวชี้วัด\tชื่อตัวชี้วัด\tคะแนน\tระดับ\n"
    + "".join(f"ตัวชี้วัดที่ {n}\t{NAMES[int(n) - 1]}\t{v:.2f}\t\n" for n, v in SEED_INDICATORS.items())
    + "คะแนนรวม\t\t94.11\tผ่านดี\n"
)

#: Last year's report table copied from Word: Thai digits, decimal commas, NBSP, CR LF, a
#: title row, a name broken over two lines inside its cell (vertical tab).
WORD = (
    "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๘\r\n"
    "ที่\tประเด็นการประเมิน\tคะแนน\r\n"
    + "".join(
        f"ตัวชี้วัดที่\u00a0{n}\t{NAMES[int(n) - 1]}\u000b(ตัวชี้วัดย่อย)\t"
        f" {thai_digits(f'{v:.2f}'.replace('.', ','))}\u00a0\r\n"
        for n, v in SEED_INDICATORS.items()
    )
    + "ข้อ O7\tรายงานผลการดำเนินงานประจำปี\t๐\r\n"
    + "ข้อ O12\tรายการการจัดซื้อจัดจ้าง\t0,00\r\n"
    + "i1\tท่านปฏิบัติงานตามขั้นตอน\t96.67\r\n"
    + "e1\tส่วนที่ 1\t99.51\r\n"
    + "e1\tส่วนที่ 2\t100\r\n"
    + "ระดับผลการประเมิน\tผ่านดี\r\n"
)


def _paste(text: str, name: str = "pasted.txt") -> bytes:
    return complete(text, 2568, "เทศบาลตำบลคำบง", "khambong")


def test_a_table_copied_in_chrome_scores_as_the_seed():
    loaded = parse_result(_paste(CHROME), "pasted.txt")
    result = loaded.result
    assert dict(result.indicators) == SEED_INDICATORS
    assert (result.official_overall, result.official_level) == (94.11, "ผ่านดี")
    assert score(loaded.framework, result).overall == 94.11
    assert result.fiscal_year == 2568 and result.agency.code == "khambong"


def test_a_table_copied_from_word_with_thai_digits_and_decimal_commas():
    data = complete(WORD, 2567, "เทศบาลตำบลคำบง")  # the title's ๒๕๖๘ wins over the default
    loaded = parse_result(data, "pasted.txt")
    result = loaded.result
    assert result.fiscal_year == 2568
    assert dict(result.indicators) == SEED_INDICATORS
    assert result.questions["O7"] == 0 and result.questions["O12"] == 0
    assert result.questions["i1"] == 96.67
    assert dict(result.question_parts["e1"]) == {1: 99.51, 2: 100.0}
    assert result.official_level == "ผ่านดี"
    assert "ปีงบประมาณ\t2567" not in data.decode()  # the paste gives its year: none added


def test_english_headers_short_ids_and_stray_spaces():
    text = "Item\tScore\n" + "".join(
        f"  indicator {n} \t {v} \n" for n, v in SEED_INDICATORS.items()
    )
    text += "O7\t 0\nIIT\t98.89\nOIT \t 86.25 %\noverall\t94.11\n"
    result = parse_result(_paste(text), "pasted.txt").result
    assert dict(result.indicators) == SEED_INDICATORS
    assert result.questions["O7"] == 0
    assert dict(result.official_tools) == {"IIT": 98.89, "OIT": 86.25}
    assert result.official_overall == 94.11


def test_a_plain_text_copy_without_tabs_takes_the_number_at_the_end_of_the_line():
    text = "".join(f"ตัวชี้วัดที่ {n} {NAMES[int(n) - 1]} {v}\n" for n, v in SEED_INDICATORS.items())
    text += "ข้อ O12 รายการการจัดซื้อจัดจ้าง 2568 100\n"
    result = parse_result(_paste(text), "pasted.txt").result
    assert dict(result.indicators) == SEED_INDICATORS
    assert result.questions["O12"] == 100


def test_a_bare_number_under_an_indicator_column_names_the_indicator():
    text = "ตัวชี้วัด\tชื่อ\tคะแนน\n" + "".join(
        f"{n}\t{NAMES[int(n) - 1]}\t{v}\n" for n, v in SEED_INDICATORS.items()
    )
    assert dict(parse_result(_paste(text), "p.txt").result.indicators) == SEED_INDICATORS


def test_an_excel_cell_with_a_line_break_is_one_row():
    text = 'รายการ\tชื่อ\tคะแนน\n"ตัวชี้วัดที่ 1"\t"การปฏิบัติ\nหน้าที่"\t98.70\n' + "".join(
        f"ตัวชี้วัดที่ {n}\t\t{v}\n" for n, v in SEED_INDICATORS.items() if n != "1"
    )
    assert dict(parse_result(_paste(text), "p.txt").result.indicators) == SEED_INDICATORS
    with pytest.raises(InputError) as caught:
        parse_result(_paste(text + "ตัวชี้วัดที่ 99\t\tabc\n"), "p.txt")
    # line 13: the quoted cell's line break is a line of the paste too
    assert [(p.line, p.field) for p in caught.value.problems] == [(13, "indicator 99")]


def test_every_problem_is_reported_at_once_with_the_pasted_line_and_a_clerks_field_name():
    text = (
        "ตัวชี้วัด\tคะแนน\n"  # line 1
        "ตัวชี้วัดที่ 1\t98,70\n"  # 2
        "ตัวชี้วัดที่ 2\t150\n"  # 3: out of range
        "ตัวชี้วัดที่ 3\t9o.5\n"  # 4: not a number
        "ข้อ O12\t-\n"  # 5: no value
    )
    with pytest.raises(InputError) as caught:
        usable_result(_paste(text), "pasted.txt")
    found = {(p.line, p.field) for p in caught.value.problems}
    assert {(3, "indicator 2"), (4, "indicator 3"), (5, "ข้อ O12")} <= found
    messages = " ".join(p.message for p in caught.value.problems)
    assert "9o.5" in messages and "150" in messages


def test_a_row_with_a_number_but_no_item_is_noted_not_silently_dropped():
    text = CHROME + "รวม\t\t985.81\n"
    loaded = parse_result(_paste(text), "pasted.txt")
    notes = [f for f in loaded.findings if f.code == "pasted_row_skipped"]
    assert len(notes) == 1 and "line 13" in notes[0].message and "985.81" in notes[0].message


def test_a_paste_that_gives_its_own_year_and_agency_gets_nothing_added():
    text = "ปีงบประมาณ\t2568\nชื่อหน่วยงาน\tเทศบาลตำบลคำบง\n" + CHROME
    assert complete(text, 2567, "อื่น") == (text.rstrip("\n") + "\n").encode()
    added = complete(CHROME, 2568, "เทศบาลตำบลคำบง", "khambong").decode().splitlines()
    assert added[-3:] == ["ปีงบประมาณ\t2568", "ชื่อหน่วยงาน\tเทศบาลตำบลคำบง", "รหัสหน่วยงาน\tkhambong"]
    assert added[:-3] == CHROME.rstrip("\n").split("\n")  # the pasted lines keep their numbers


def test_a_christian_era_year_in_the_paste_is_refused_as_in_a_file():
    with pytest.raises(InputError) as caught:
        usable_result(complete("ปีงบประมาณ\t2025\n" + CHROME, 2568, "x"), "pasted.txt")
    assert any("2025" in p.message for p in caught.value.problems)


def test_nothing_pasted_is_a_problem():
    with pytest.raises(InputError, match="nothing was pasted"):
        read_paste(b" \n\t\n", "pasted.txt")


@pytest.mark.parametrize(
    ("cell", "number"),
    [("98.70", "98.70"), ("๙๘,๗๐", "98.70"), (" 96 .85 ", "96.85"), ("100%", "100"),
     ("0,00", "0.00"), ("abc", None), ("1,234", "1.234"), ("12,345,678", "12345678")],
)  # fmt: skip
def test_numbers_as_they_are_pasted(cell, number):
    assert number_text(cell) == number


def test_openita_validate_reads_a_paste_from_standard_input():
    from typer.testing import CliRunner

    from openita.cli import app

    runner = CliRunner()
    given = ["validate", "--paste", "-", "--year", "2568", "--agency", "เทศบาลตำบลคำบง"]
    ok = runner.invoke(app, given, input=CHROME)
    assert ok.exit_code == 0, ok.output
    assert "fiscal year 2568" in ok.output
    bad = runner.invoke(app, given, input=CHROME.replace("82.50", "8x.50"))
    assert bad.exit_code == 2 and "line 10" in bad.output and "8x.50" in bad.output


# --- two score columns side by side ---------------------------------------------------------

LAST_YEAR = {n: round(v - 1.5, 2) for n, v in SEED_INDICATORS.items()}

#: A report's table comparing two years, copied with both score columns.
TWO_YEARS = "ตัวชี้วัด\tชื่อตัวชี้วัด\tปี 2567\tปี 2568\n" + "".join(
    f"ตัวชี้วัดที่ {n}\t{NAMES[int(n) - 1]}\t{LAST_YEAR[n]:.2f}\t{v:.2f}\n"
    for n, v in SEED_INDICATORS.items()
)


def test_two_year_columns_read_the_column_of_the_pastes_fiscal_year_and_say_so():
    loaded = parse_result(complete(TWO_YEARS, 2568, "เทศบาลตำบลคำบง"), "pasted.txt")
    assert dict(loaded.result.indicators) == SEED_INDICATORS
    notes = [f for f in loaded.findings if f.code == "pasted_column_chosen"]
    assert len(notes) == 1 and "“ปี 2568”" in notes[0].message and "“ปี 2567”" in notes[0].message
    assert notes[0].location == "pasted.txt, line 1"
    older = parse_result(complete(TWO_YEARS, 2567, "เทศบาลตำบลคำบง"), "pasted.txt").result
    assert dict(older.indicators) == LAST_YEAR


def test_two_year_columns_without_the_pastes_year_are_refused_naming_the_columns():
    for year in (None, 2566):
        with pytest.raises(InputError) as caught:
            parse_result(complete(TWO_YEARS, year, "เทศบาลตำบลคำบง"), "pasted.txt")
        [problem] = caught.value.problems
        assert (problem.line, problem.field) == (1, "ปี 2567 | ปี 2568")
        assert "2 score columns" in problem.message and "“ปี 2567”, “ปี 2568”" in problem.message


def test_two_score_columns_not_named_by_years_are_refused():
    text = "ตัวชี้วัด\tคะแนน (รอบแรก)\tคะแนน (ทบทวน)\n" + "".join(
        f"ตัวชี้วัดที่ {n}\t{v}\t{v}\n" for n, v in SEED_INDICATORS.items()
    )
    with pytest.raises(InputError) as caught:
        parse_result(_paste(text), "pasted.txt")
    [problem] = caught.value.problems
    assert problem.line == 1 and "delete all but one score column" in problem.message


def test_a_full_marks_column_is_not_a_score_column():
    text = "ตัวชี้วัด\tคะแนนเต็ม\tคะแนนที่ได้\n" + "".join(
        f"ตัวชี้วัดที่ {n}\t100\t{v}\n" for n, v in SEED_INDICATORS.items()
    )
    assert dict(parse_result(_paste(text), "p.txt").result.indicators) == SEED_INDICATORS


def test_rows_with_two_scores_and_no_header_are_refused_at_the_first_such_line():
    text = "ผลการประเมิน ITA\n" + TWO_YEARS.split("\n", 1)[1]
    with pytest.raises(InputError) as caught:
        parse_result(_paste(text), "pasted.txt")
    problems = caught.value.problems
    assert problems[0].line == 2
    assert f"{LAST_YEAR['1']:.2f}, 98.70" in problems[0].message
    assert "header row" in problems[0].message
