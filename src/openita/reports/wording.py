"""Thai sentences the report generates from numbers: the one place their wording lives.

Every generated sentence is built here from values, never from copied prose, so a year, a level
or a score in a sentence is always the one in the tables (the seed report, docs/sources.md,
compares 2568 with "2568" in its analysis paragraph; these functions cannot). Numbers in the body
use Arabic digits with two decimals (docs/sources.md, "Thai specifics"), or Thai digits throughout
with ``--digits thai`` (converted when rendered: reports.digits).
"""

from __future__ import annotations

from collections.abc import Iterable

from openita.analysis.model import ResolvedRule
from openita.scoring.model import Change
from openita.scoring.rounding import format_score

BANGKOK = "กรุงเทพมหานคร"


def points(value: float) -> str:
    """A score or a difference as printed in the body: two decimals, no sign."""
    return format_score(abs(value))


def score_text(value: float) -> str:
    return f"{format_score(value)} คะแนน"


def year_text(fiscal_year: int) -> str:
    return f"ปีงบประมาณ พ.ศ. {fiscal_year}"


def cover_year_text(fiscal_year: int) -> str:
    """The cover's year line. Its digits follow the report's one digits choice (``--digits``,
    reports.digits) like every other number: a document in Arabic digits with a Thai-digit
    year on its cover reads as two styles; ``--digits thai`` gives ๒๕๖๘ on the cover and in
    the body alike."""
    return f"ประจำปีงบประมาณ พ.ศ. {fiscal_year}"


def location_text(district: str | None, province: str | None) -> str:
    """``อำเภอบ้านผือ จังหวัดอุดรธานี``; Bangkok has เขต and no จังหวัด prefix."""
    parts: list[str] = []
    in_bangkok = province == BANGKOK
    if district:
        prefix = "เขต" if in_bangkok else "อำเภอ"
        parts.append(district if district.startswith(prefix) else prefix + district)
    if province:
        prefix = "" if in_bangkok or province.startswith("จังหวัด") else "จังหวัด"
        parts.append(prefix + province)
    return " ".join(parts)


def thai_list(items: Iterable[str]) -> str:
    """``ก``, ``ก และ ข``, ``ก ข และ ค``: Thai joins a list with spaces and a final และ."""
    values = list(items)
    if len(values) <= 1:
        return "".join(values)
    return " ".join(values[:-1]) + " และ " + values[-1]


def change_phrase(change: Change) -> str:
    """``ลดลง 4.89 คะแนน (ร้อยละ 4.94)`` / ``เพิ่มขึ้น …`` / ``เท่าเดิม``."""
    if change.direction == "คงที่":
        return "เท่าเดิม"
    text = f"{change.direction} {points(change.points)} คะแนน"
    if change.percent is not None:
        text += f" (ร้อยละ {points(change.percent)})"
    return text


def overall_statement(agency: str, fiscal_year: int, overall: float, level: str) -> str:
    return (
        f"{agency} ได้รับผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"
        f" {year_text(fiscal_year)} คะแนนภาพรวม {score_text(overall)} อยู่ในระดับ{level}"
    )


def year_on_year_sentence(
    agency: str,
    current_year: int,
    current_level: str,
    previous_year: int,
    previous_level: str,
    change: Change,
) -> str:
    """The analysis paragraph's first sentence: this year against last year, correct years.

    "… อยู่ในระดับผ่านดี (94.11 คะแนน) ลดลง 4.89 คะแนน (ร้อยละ 4.94) เมื่อเทียบกับปีงบประมาณ
    พ.ศ. 2567 ซึ่งได้ 99.00 คะแนน อยู่ในระดับผ่านดีเยี่ยม": the change first, then what it is
    measured against (issue 11).

    Points are the difference of the published scores; the percent is relative to last year's
    score (openita.scoring.engine.change): 94.11 against 99.00 is 4.89 points, 4.94 %.
    """
    now = (
        f"{agency} ได้รับผลการประเมินประจำ{year_text(current_year)}"
        f" อยู่ในระดับ{current_level} ({score_text(change.current)})"
    )
    before = (
        f"{year_text(previous_year)} ซึ่งได้ {score_text(change.previous)} อยู่ในระดับ{previous_level}"
    )
    if change.direction == "คงที่":
        return f"{now} เท่ากับ{before}"
    return f"{now} {change_phrase(change)} เมื่อเทียบกับ{before}"


def level_change_sentence(previous_level: str, current_level: str, rank_change: int | None) -> str:
    """Whether the level went up, down or stayed (rank_change > 0: a better level now).

    ``rank_change`` None: the two years grade on different scales (AA–F up to FY2566, ผ่าน…
    from FY2567), so the sentence says the scale changed instead of calling it better or worse.
    """
    if rank_change is None:
        return (
            f"ระดับผลการประเมินของปีก่อนคือระดับ{previous_level} และของปีนี้คือระดับ{current_level}"
            " ซึ่งจัดระดับตามเกณฑ์คนละชุดกัน (เกณฑ์การจัดระดับเปลี่ยนไป)"
            " จึงเทียบระดับกันโดยตรงไม่ได้ ให้เทียบจากคะแนน"
        )
    if rank_change == 0:
        return f"ระดับผลการประเมินคงเดิมที่ระดับ{current_level}"
    verb = level_direction(rank_change)
    return f"ระดับผลการประเมิน{verb}จากระดับ{previous_level}เป็นระดับ{current_level}"


def level_direction(rank_change: int | None) -> str:
    """A level is better or worse, not higher or lower: ``ดีขึ้น`` / ``ลดลง`` / ``คงเดิม``;
    ``เปลี่ยนเกณฑ์`` when the two years' levels are on different scales (None)."""
    if rank_change is None:
        return "เปลี่ยนเกณฑ์"
    return "ดีขึ้น" if rank_change > 0 else "ลดลง" if rank_change < 0 else "คงเดิม"


#: The plan the pass target comes from, named as the example report names it.
TARGET_SOURCE = "แผนแม่บทภายใต้ยุทธศาสตร์ชาติ ประเด็นการต่อต้านการทุจริตและประพฤติมิชอบ"
ESTIMATE_MARK = "(ค่าประมาณ)"


def target_met_sentence(limit: str, overall: str, listed: str) -> str:
    """The target sentence when it is met; the target is the national master plan's."""
    return (
        f"หน่วยงานบรรลุค่าเป้าหมายตาม{TARGET_SOURCE} คือ คะแนนภาพรวมไม่ต่ำกว่า {limit} คะแนน"
        f" ({overall} คะแนน) และทุกเครื่องมือได้ไม่ต่ำกว่า {limit} คะแนน ({listed})"
    )


def target_missed_sentence(reasons: Iterable[str], listed: str) -> str:
    return f"หน่วยงานยังไม่บรรลุค่าเป้าหมายตาม{TARGET_SOURCE} เนื่องจาก{thai_list(reasons)} ({listed})"


def priority_heading(any_estimated: bool = False) -> str:
    """The heading of the priority items; when some gains are estimates, it says once why."""
    text = (
        "ข้อที่ควรเร่งปรับปรุงเป็นลำดับแรก เนื่องจากส่งผลต่อคะแนนภาพรวมมากที่สุด"
        " (คะแนนภาพรวมที่จะเพิ่มขึ้นหากข้อนั้นได้คะแนนเต็ม)"
    )
    if any_estimated:
        text += (
            f" ผลต่อคะแนนภาพรวมที่มีเครื่องหมาย {ESTIMATE_MARK} เป็นค่าประมาณ"
            " เนื่องจากการจัดกลุ่มข้อ OIT เข้าตัวชี้วัดที่ 9 และ 10 เป็นการอนุมาน"
        )
    return text


def gain_sentence(gain: float, estimated: bool) -> str:
    """The overall gain of a full score on one item; ``estimated`` when it rests on the inferred
    grouping of OIT items into indicators 9 and 10 (the rule the CLI's analysis states). The
    reason is given once, in :func:`priority_heading`, not after every item."""
    text = f"หากได้คะแนนเต็ม คาดว่าคะแนนภาพรวมจะเพิ่มขึ้นประมาณ {format_score(gain)} คะแนน"
    if estimated:
        text += f" {ESTIMATE_MARK}"
    return text


# --- recommendations and the appendix (which items get one: openita.analysis.weaknesses) -------

APPENDIX_RECOMMENDED = "มี"
APPENDIX_MARK_HEADER = "ข้อเสนอแนะ"
APPENDIX_QUESTIONS = "คะแนนรายข้อคำถามของแบบวัด IIT และ EIT"
APPENDIX_OIT = "คะแนนรายข้อของแบบวัด OIT"
APPENDIX_INDICATORS_ONLY = (
    "ข้อมูลผลการประเมินมีเฉพาะคะแนนรายตัวชี้วัด จึงไม่มีตารางคะแนนรายข้อ คะแนนรายตัวชี้วัดแสดงไว้ในส่วนที่ 1"
)


def question_topic_fallback(indicator_name: str) -> str:
    """A question whose topic is not public is named by its indicator: never a bare id."""
    return f"ข้อคำถามด้าน{indicator_name}"


def item_topic_fallback(sub_indicator_name: str) -> str:
    """An OIT item whose title is not in our sources is named by its sub-indicator."""
    return f"รายการในตัวชี้วัดย่อย{sub_indicator_name}"


def appendix_items_sentence(items: Iterable[str]) -> str:
    """Items below full marks that get no recommendation of their own (they are in the appendix)."""
    return (
        f"ข้อ {thai_list(items)} ได้ต่ำกว่าคะแนนเต็ม แต่ไม่ถึงเกณฑ์ที่ต้องมีข้อเสนอแนะรายข้อ"
        " คะแนนรายข้อแสดงไว้ในภาคผนวก"
    )


def tool_intro(
    agency: str,
    tool: str,
    score: float,
    steady: list[str],
    strong: str,
    *,
    has_others: bool,
    has_groups: bool,
) -> str:
    """The paragraph opening a tool's recommendations: its score, the indicators to maintain
    (at or above the strong-indicator line, no item to fix first) and what follows."""
    text = f"{agency} ได้คะแนน {tool} {score_text(score)}"
    if steady:
        text += (
            f" ตัวชี้วัดที่ {thai_list(steady)} ได้ไม่ต่ำกว่า {strong} คะแนน"
            " และไม่มีข้อที่ต้องเร่งปรับปรุง ควรรักษามาตรฐานไว้"
        )
        if has_others:
            text += " ข้อที่ได้ต่ำกว่าคะแนนเต็มในตัวชี้วัดเหล่านี้แสดงคะแนนไว้ในภาคผนวก"
    if has_groups:
        text += " ข้อเสนอแนะต่อประเด็นที่ควรปรับปรุง มีดังนี้"
    return text


def eit_parts_sentence(parts: list[str]) -> str:
    """EIT questions are scored per part; the report gives both scores in one block."""
    return f"คะแนนข้อคำถามของ EIT แยกเป็น{thai_list(parts)}"


def appendix_intro(rule: ResolvedRule) -> str:
    """How the report chose the items it gives a recommendation (docs/reports.md)."""
    question, share, strong = rule.question_below, rule.lost_share, rule.strong_indicator
    cap, oit = rule.max_per_indicator, rule.oit_below
    return (
        "ตารางต่อไปนี้แสดงคะแนนทุกข้อที่มีในข้อมูลผลการประเมิน"
        f" ข้อที่มีคำว่า “{APPENDIX_RECOMMENDED}” ในช่อง{APPENDIX_MARK_HEADER}"
        " มีข้อเสนอแนะรายข้อในส่วนที่ 1 ได้แก่"
        f" ข้อคำถามที่ได้ต่ำกว่า {format_score(question)} คะแนน"
        f" ข้อคำถามที่ทำให้คะแนนภาพรวมลดลงมากที่สุดซึ่งรวมกันเป็นร้อยละ {share * 100:.0f}"
        f" ของคะแนนที่ลดลงทั้งหมด เมื่อตัวชี้วัดของข้อนั้นได้ต่ำกว่า {format_score(strong)} คะแนน"
        f" (ไม่เกิน {cap} ข้อต่อตัวชี้วัด) และทุกข้อของแบบวัด OIT ที่ได้ต่ำกว่า"
        f" {format_score(oit)} คะแนนหรือไม่มีคะแนนในข้อมูล"
    )
