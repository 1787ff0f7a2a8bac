"""Recommendations and the appendix item tables: what to fix, item by item, with evidence.

Which items get a recommendation of their own is decided once, in the analysis
(``WeakPoint.recommended``, :class:`openita.analysis.weaknesses.RecommendationRule`;
docs/reports.md, "Which items get a recommendation"); this module only lays them out. Texts come
from the recommendation library (docs/recommendations.md). IIT and EIT are grouped by indicator,
OIT by sub-indicator, each item with the OIT evidence items its recommendation cites. An EIT
question scored in two parts is one block carrying both part scores when the parts' texts are
the same (the library's texts are per question, so they always are): the seed report printed
part 2's recommendation again word for word. An indicator without recommended items gets the
library's indicator guidance (improve, when it is below the strong-indicator line) or is named
as one to maintain; every other item below full marks is in the appendix table with its score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from openita.analysis.model import MissingItem, ResolvedRule, WeakPoint
from openita.frameworks.model import Framework
from openita.reports import wording as w
from openita.reports.model import (
    Appendix,
    AppendixRow,
    AppendixTable,
    GuidanceLike,
    LibraryLike,
    RecommendationGroup,
    RecommendationItem,
    RecommendationLike,
    RecommendationSection,
    ToolRecommendations,
)
from openita.reports.thaibreak import NO_BREAK_SPACE
from openita.scoring.model import AgencyResult, Scores
from openita.scoring.rounding import format_score


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


def heading_title(framework: Framework, item_id: str, fiscal_year: int) -> str:
    """The topic an item's heading carries, never empty: its title or topic when known, else
    what it belongs to (a question's indicator, an OIT item's sub-indicator). Issue 11: a
    heading "i2 (96.00 คะแนน)" tells the reader nothing."""
    title = item_title(framework, item_id, fiscal_year)
    if title:
        return title
    question = framework.questions.get(item_id)
    if question is not None:
        return w.question_topic_fallback(framework.indicators[question.indicator].name_th)
    item = framework.oit_items.get(item_id)
    if item is not None:
        sub = framework.sub_indicator_of(item_id)
        return w.item_topic_fallback(framework.sub_indicators[sub].name_th)
    return item_id


def _short_part(parts: Mapping[int, str], part: int) -> str:
    return f"ส่วนที่{NO_BREAK_SPACE}{part}:" if part in parts else f"{part}:"


def question_scores(result: AgencyResult, item_id: str, parts: Mapping[int, str]) -> list[str]:
    """An item's scores as the tables print them: ``["96.67"]`` or one line per EIT part.

    A part's label and score are joined by no-break spaces: one unbreakable line, which the
    column widths (reports.columns) then measure whole."""
    if item_id in result.question_parts:
        return [
            f"{_short_part(parts, p)}{NO_BREAK_SPACE}{format_score(v)}"
            for p, v in sorted(result.question_parts[item_id].items())
        ]
    if item_id in result.questions:
        return [format_score(result.questions[item_id])]
    return ["–"]


def _score_label(result: AgencyResult, item_id: str) -> str:
    """``96.67 คะแนน`` or ``ส่วนที่ 1 98.77 คะแนน ส่วนที่ 2 100.00 คะแนน`` (merged EIT parts)."""
    if item_id in result.question_parts:
        return " ".join(
            f"ส่วนที่ {p} {w.score_text(v)}" for p, v in sorted(result.question_parts[item_id].items())
        )
    if item_id in result.questions:
        return w.score_text(result.questions[item_id])
    return "ไม่มีคะแนนในข้อมูลผลการประเมิน"


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
    title = heading_title(framework, item_id, fiscal_year)
    return RecommendationItem(
        id=item_id,
        title=title,
        score=score,
        label=f"{item_id} {title} ({score})",
        issue=rec.issue_th if rec is not None else "",
        action=rec.action_th if rec is not None else "",
        evidence=evidence,
    )


def _merged_entries(
    framework: Framework,
    result: AgencyResult,
    points: Sequence[WeakPoint],
    library: LibraryLike | None,
    year: int,
) -> list[RecommendationItem]:
    """One entry per question and text, in framework order: parts of an EIT question with the
    same recommendation text are one block with both part scores."""
    entries: dict[tuple[str, str, str], RecommendationItem] = {}
    for wp in sorted(points, key=lambda p: (framework_order(framework, p.id), p.part or 0)):
        item = _recommendation_item(framework, wp.id, _score_label(result, wp.id), year, library)
        entries.setdefault((wp.id, item.issue, item.action), item)
    return list(entries.values())


def _others_note(framework: Framework, others: Sequence[WeakPoint], result: AgencyResult) -> str:
    """The items below full marks that get no recommendation of their own, by id."""
    ids = sorted({wp.id for wp in others}, key=lambda i: framework_order(framework, i))
    if not ids:
        return ""
    return w.appendix_items_sentence([f"{i} ({_score_label(result, i)})" for i in ids])


def recommendations(
    framework: Framework,
    result: AgencyResult,
    agency: str,
    scores: Scores,
    weak: Sequence[WeakPoint],
    missing: Sequence[MissingItem],
    library: LibraryLike | None,
    rule: ResolvedRule,
) -> list[ToolRecommendations]:
    """Part 1's recommendations, one block per tool (see the module docstring)."""
    year = scores.fiscal_year
    strong = rule.strong_indicator
    out = []
    for number, (tool_id, tool) in enumerate(framework.tools.items(), start=1):
        tool_weak = [wp for wp in weak if wp.tool == tool_id]
        chosen = [wp for wp in tool_weak if wp.recommended]
        tool_missing = [m for m in missing if m.tool == tool_id]
        answered = {wp.indicator for wp in chosen} | {m.indicator for m in tool_missing}
        groups: list[RecommendationGroup] = []
        steady: list[str] = []
        steady_others: list[WeakPoint] = []
        for ind_id in framework.indicators_of_tool[tool_id]:
            indicator = framework.indicators[ind_id]
            others = [wp for wp in tool_weak if wp.indicator == ind_id and not wp.recommended]
            if ind_id in answered:
                if tool_id == "OIT":
                    groups += _groups_by_sub(framework, ind_id, chosen, tool_missing, library, year)
                    continue
                mine = [wp for wp in chosen if wp.indicator == ind_id]
                groups.append(
                    RecommendationGroup(
                        f"ตัวชี้วัดที่ {ind_id} {indicator.name_th}",
                        _merged_entries(framework, result, mine, library, year),
                        after=_others_note(framework, others, result),
                    )
                )
                continue
            value = scores.indicators.get(ind_id)
            if value is not None and value >= strong:
                steady.append(f"{ind_id} {indicator.name_th}")
                steady_others += others
                continue
            guidance: GuidanceLike | None = (
                library.indicators.get(ind_id) if library is not None else None
            )
            note = guidance.improve_th if guidance is not None else ""
            extra = _others_note(framework, others, result)
            heading = f"ตัวชี้วัดที่ {ind_id} {indicator.name_th}"
            if value is not None:
                heading += f" ({w.score_text(value)})"
            groups.append(RecommendationGroup(heading, [], " ".join(x for x in (note, extra) if x)))
        intro = w.tool_intro(
            agency,
            tool_id,
            scores.tools[tool_id],
            steady,
            format_score(strong),
            has_others=bool(steady_others),
            has_groups=bool(groups),
        )
        if tool_id == "EIT" and result.question_parts and framework.spec.eit_parts:
            names = [part_heading(p.name_th, p.id) for p in framework.spec.eit_parts]
            intro += " " + w.eit_parts_sentence(names)
        out.append(
            ToolRecommendations(
                tool_id,
                f"{number}. {tool.name_th} ({tool.name_en}: {tool_id})",
                intro,
                [RecommendationSection("", groups)] if groups else [],
            )
        )
    return out


def _groups_by_sub(
    framework: Framework,
    indicator: str,
    chosen: Sequence[WeakPoint],
    missing: Sequence[MissingItem],
    library: LibraryLike | None,
    year: int,
) -> list[RecommendationGroup]:
    groups = []
    for sub_id in framework.subs_of_indicator[indicator]:
        sub = framework.sub_indicators[sub_id]
        items = [
            _recommendation_item(framework, wp.id, w.score_text(wp.score), year, library)
            for wp in sorted(
                (wp for wp in chosen if wp.sub_indicator == sub_id),
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
    return groups


def _first_of_group(rows: list[AppendixRow]) -> list[AppendixRow]:
    """The indicator or sub-indicator is written on its first row only: the template prints it
    as a whole-width row above that row, so the table reads as groups (the seed report's merged
    cells) and item rows stay one or two lines high."""
    out: list[AppendixRow] = []
    previous = None
    for r in rows:
        out.append(r if r.group != previous else replace(r, group=""))
        previous = r.group
    return out


def framework_order(framework: Framework, item_id: str) -> int:
    """Framework order (i1, i2, …, i10 — not i1, i10, i2)."""
    ids = [*framework.questions, *framework.oit_items]
    return ids.index(item_id) if item_id in ids else len(ids)


def appendix(
    framework: Framework,
    result: AgencyResult,
    weak: Sequence[WeakPoint],
    missing: Sequence[MissingItem],
    rule: ResolvedRule,
) -> Appendix:
    """Every question and OIT item the result carries, with its score and whether the report
    gives it a recommendation (the seed report's per-question and O1-O28 tables).

    ITAS lists only the IIT/EIT questions below full marks, so the question table holds those
    the result carries; the OIT table lists every item of the framework (an item absent from
    a filled checklist is shown as having no score).
    """
    year = result.fiscal_year
    parts = {p.id: p.name_th for p in framework.spec.eit_parts}
    recommended = {wp.id for wp in weak if wp.recommended} | {m.id for m in missing}
    mark = w.APPENDIX_RECOMMENDED

    def row(label: str, item_id: str, scores: list[str]) -> AppendixRow:
        return AppendixRow(
            group=label,
            item=item_id,
            title=heading_title(framework, item_id, year),
            scores=scores,
            mark=mark if item_id in recommended else "",
        )

    question_rows = [
        row(f"ตัวชี้วัดที่ {q.indicator} {framework.indicators[q.indicator].name_th}", qid, scores)
        for qid, q in framework.questions.items()
        if (qid in result.questions or qid in result.question_parts)
        for scores in [question_scores(result, qid, parts)]
    ]
    has_oit = any(oid in result.questions for oid in framework.oit_items)
    oit_rows = (
        [
            row(
                f"ตัวชี้วัดย่อย {framework.sub_indicator_of(oid)}"
                f" {framework.sub_indicators[framework.sub_indicator_of(oid)].name_th}",
                oid,
                [format_score(result.questions[oid])] if oid in result.questions else ["–"],
            )
            for oid, item in framework.oit_items.items()
        ]
        if has_oit
        else []
    )
    question_rows, oit_rows = _first_of_group(question_rows), _first_of_group(oit_rows)
    tables = []
    if question_rows:
        tables.append(AppendixTable(w.APPENDIX_QUESTIONS, question_rows))
    if oit_rows:
        tables.append(AppendixTable(w.APPENDIX_OIT, oit_rows))
    return Appendix(
        heading=f"ภาคผนวก คะแนนรายข้อของผลการประเมิน ITA {w.year_text(year)}",
        intro=w.appendix_intro(rule) if tables else w.APPENDIX_INDICATORS_ONLY,
        tables=tables,
    )
