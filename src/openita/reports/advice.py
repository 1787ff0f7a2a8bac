"""Recommendations and the detailed analysis table: what to fix, item by item, with evidence.

Weak points come from the analysis (sorted by gain), texts from the recommendation library
(docs/recommendations.md). IIT is grouped by indicator, EIT by part and indicator (the seed report,
docs/sources.md, answers EIT part 1 and part 2 separately), OIT by sub-indicator, each item
with the OIT evidence items its recommendation cites.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from openita.analysis.model import MissingItem, WeakPoint
from openita.frameworks.model import Framework
from openita.reports import wording as w
from openita.reports.model import (
    DetailRow,
    GuidanceLike,
    LibraryLike,
    RecommendationGroup,
    RecommendationItem,
    RecommendationLike,
    RecommendationSection,
    ToolRecommendations,
)
from openita.scoring.model import AgencyResult, Scores
from openita.scoring.rounding import format_score

NO_LOW_QUESTION = "ไม่พบข้อคำถามที่มีคะแนนต่ำกว่าคะแนนเต็มในข้อมูลผลการประเมิน"


def part_heading(name_th: str, part: int) -> str:
    """``ส่วนที่ 1 ผู้รับบริการ…``; a part whose only known name is "ส่วนที่ 2" stays as is."""
    return name_th if name_th.startswith("ส่วนที่") else f"ส่วนที่ {part} {name_th}"


def unique_by_id(points: Sequence[WeakPoint]) -> list[WeakPoint]:
    """One entry per question: an EIT question weak in both parts is listed once (largest gain)."""
    seen: dict[str, WeakPoint] = {}
    for wp in points:
        if wp.id not in seen or wp.gain > seen[wp.id].gain:
            seen[wp.id] = wp
    return sorted(seen.values(), key=lambda wp: -wp.gain)


def item_title(framework: Framework, item_id: str, fiscal_year: int) -> str:
    """OIT item title, naming the year the evidence concerns (reports: the previous year).

    The year joins the title as Thai titles carry it ("รายงานผลการดำเนินงานประจำปี
    ปีงบประมาณ พ.ศ. 2567"), not in brackets, so a following "(0.00 คะแนน)" is the only bracket.
    """
    title = framework.title_of(item_id) or ""
    item = framework.oit_items.get(item_id)
    if item is not None and title and item.period == "previous":
        title += f" {w.year_text(fiscal_year - 1)}"
    return title


def _question_score(result: AgencyResult, item_id: str, parts: Mapping[int, str]) -> list[str]:
    if item_id in result.question_parts:
        return [
            f"{_short_part(parts, p)} {format_score(v)}"
            for p, v in sorted(result.question_parts[item_id].items())
        ]
    if item_id in result.questions:
        return [format_score(result.questions[item_id])]
    return ["–"]


def _short_part(parts: Mapping[int, str], part: int) -> str:
    return f"ส่วนที่ {part}:" if part in parts else f"{part}:"


def _recommendation_item(
    framework: Framework,
    item_id: str,
    score: str,
    fiscal_year: int,
    library: LibraryLike | None,
) -> RecommendationItem:
    rec: RecommendationLike | None = library.items.get(item_id) if library is not None else None
    evidence = []
    if rec is not None:
        evidence = [f"{o} {item_title(framework, o, fiscal_year)}".strip() for o in rec.cite]
    title = item_title(framework, item_id, fiscal_year)
    return RecommendationItem(
        id=item_id,
        title=title,
        score=score,
        label=" ".join(x for x in (item_id, title, f"({score})") if x),
        issue=rec.issue_th if rec is not None else "",
        action=rec.action_th if rec is not None else "",
        evidence=evidence,
    )


def recommendations(
    framework: Framework,
    result: AgencyResult,
    agency: str,
    scores: Scores,
    weak: Sequence[WeakPoint],
    missing: Sequence[MissingItem],
    library: LibraryLike | None,
) -> list[ToolRecommendations]:
    year = scores.fiscal_year
    out = []
    for number, (tool_id, tool) in enumerate(framework.tools.items(), start=1):
        tool_weak = [wp for wp in weak if wp.tool == tool_id]
        indicators = framework.indicators_of_tool[tool_id]
        low = {wp.indicator for wp in tool_weak}
        low |= {m.indicator for m in missing if m.tool == tool_id}
        steady = [i for i in indicators if i not in low]
        intro = f"{agency} ได้คะแนน {tool_id} {w.score_text(scores.tools[tool_id])}"
        if steady:
            intro += (
                " ตัวชี้วัดที่ "
                + w.thai_list(f"{i} {framework.indicators[i].name_th}" for i in steady)
                + f" {NO_LOW_QUESTION} ควรรักษามาตรฐานไว้"
            )
        if low:
            intro += " ข้อเสนอแนะต่อข้อที่มีคะแนนต่ำกว่าคะแนนเต็ม มีดังนี้"
        if tool_id == "EIT" and framework.spec.eit_parts:
            sections = [
                RecommendationSection(
                    part_heading(part.name_th, part.id),
                    _groups_by_indicator(
                        framework,
                        result,
                        [wp for wp in tool_weak if wp.part == part.id],
                        library,
                        year,
                        score_of=lambda wp: w.score_text(wp.score),
                    ),
                )
                for part in framework.spec.eit_parts
            ]
            whole = [wp for wp in tool_weak if wp.part is None]
            if whole:
                sections.append(
                    RecommendationSection(
                        "ข้อคำถามที่ไม่มีคะแนนแยกส่วน",
                        _groups_by_indicator(
                            framework,
                            result,
                            whole,
                            library,
                            year,
                            lambda wp: w.score_text(wp.score),
                        ),
                    )
                )
        elif tool_id == "OIT":
            sections = [
                RecommendationSection(
                    "", _groups_by_sub(framework, tool_weak, missing, library, year)
                )
            ]
        else:
            sections = [
                RecommendationSection(
                    "",
                    _groups_by_indicator(
                        framework,
                        result,
                        tool_weak,
                        library,
                        year,
                        lambda wp: w.score_text(wp.score),
                    ),
                )
            ]
        out.append(
            ToolRecommendations(
                tool_id, f"{number}. {tool.name_th} ({tool.name_en}: {tool_id})", intro, sections
            )
        )
    return out


def _groups_by_indicator(
    framework: Framework,
    result: AgencyResult,
    weak: Sequence[WeakPoint],
    library: LibraryLike | None,
    year: int,
    score_of: Callable[[WeakPoint], str],
) -> list[RecommendationGroup]:
    groups = []
    for ind_id in dict.fromkeys(
        i for i in framework.indicators if any(wp.indicator == i for wp in weak)
    ):
        items = [
            _recommendation_item(framework, wp.id, score_of(wp), year, library)
            for wp in sorted(
                (wp for wp in weak if wp.indicator == ind_id),
                key=lambda wp: framework_order(framework, wp.id),
            )
        ]
        groups.append(
            RecommendationGroup(f"ตัวชี้วัดที่ {ind_id} {framework.indicators[ind_id].name_th}", items)
        )
    if not groups:
        groups.append(RecommendationGroup("", [], NO_LOW_QUESTION))
    return groups


def _groups_by_sub(
    framework: Framework,
    weak: Sequence[WeakPoint],
    missing: Sequence[MissingItem],
    library: LibraryLike | None,
    year: int,
) -> list[RecommendationGroup]:
    groups = []
    for sub_id, sub in framework.sub_indicators.items():
        items = [
            _recommendation_item(framework, wp.id, w.score_text(wp.score), year, library)
            for wp in sorted(
                (wp for wp in weak if wp.sub_indicator == sub_id),
                key=lambda wp: framework_order(framework, wp.id),
            )
        ]
        items += [
            _recommendation_item(framework, m.id, "ไม่มีคะแนนในข้อมูลผลการประเมิน", year, library)
            for m in missing
            if m.sub_indicator == sub_id
        ]
        if items:
            groups.append(RecommendationGroup(f"ตัวชี้วัดย่อย {sub_id} {sub.name_th}", items))
    if not groups:
        groups.append(RecommendationGroup("", [], "ทุกข้อของแบบวัด OIT ได้คะแนนเต็ม"))
    return groups


def framework_order(framework: Framework, item_id: str) -> int:
    """Framework order (i1, i2, …, i10 — not i1, i10, i2)."""
    ids = [*framework.questions, *framework.oit_items]
    return ids.index(item_id) if item_id in ids else len(ids)


def details(
    framework: Framework,
    result: AgencyResult,
    weak: Sequence[WeakPoint],
    library: LibraryLike | None,
) -> list[DetailRow]:
    """One row per weak question/item; an indicator without one gets its "maintain" guidance."""
    parts = {p.id: p.name_th for p in framework.spec.eit_parts}
    by_id = unique_by_id(weak)
    rows = []
    for ind_id, ind in framework.indicators.items():
        label = f"{ind_id} {ind.name_th}"
        mine = sorted(
            (wp for wp in by_id if wp.indicator == ind_id),
            key=lambda wp: framework_order(framework, wp.id),
        )
        guidance: GuidanceLike | None = (
            library.indicators.get(ind_id) if library is not None else None
        )
        if not mine:
            text = guidance.maintain_th if guidance is not None else "รักษามาตรฐานการดำเนินงานไว้"
            rows.append(DetailRow(label, ind.tool, "–", ["–"], text))
            continue
        for wp in mine:
            rec: RecommendationLike | None = (
                library.items.get(wp.id) if library is not None else None
            )
            text = f"{rec.issue_th} {rec.action_th}" if rec is not None else ""
            rows.append(
                DetailRow(label, ind.tool, wp.id, _question_score(result, wp.id, parts), text)
            )
    return rows
