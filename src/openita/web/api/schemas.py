"""The shapes of the API's requests and answers (OpenAPI schema at /api/openapi.json).

Names follow one pattern: ``XPublic`` is what the API returns, ``XCreate`` what a POST takes,
``XUpdate`` what a PATCH takes. Thai data (agency names, indicator names, levels such as ผ่านดี,
the direction words เพิ่มขึ้น/ลดลง/คงที่) is returned as it is; the English level name is beside
it in ``level_en``. Scores are the published, rounded figures (docs/scoring.md).
"""

from datetime import date, datetime
from datetime import date as _Date  # for fields named "date"
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, model_validator
from pydantic import StringConstraints as Text

from openita.reports.digits import Digits
from openita.web.plans.models import Status

Score = Annotated[float, Field(ge=0, le=100)]


# --- report options ---------------------------------------------------------------------


class ReportOptions(Schema):
    """The options of a report download: those of ``openita report`` and the web's buttons."""

    digits: Digits = Field(
        "arabic",
        description="numbers in Arabic digits (the default) or Thai digits (๐-๙) throughout,"
        " as `openita report --digits`",
    )


class ProgressReportOptions(ReportOptions):
    round: Literal["6", "12"] | None = Field(
        None,
        description="6: the six-month report (to 31 March); 12: the year-end report (to 30"
        " September); left out: as of today, as `openita report progress --round`",
    )

    @property
    def months(self) -> int | None:
        return int(self.round) if self.round else None


# --- errors -------------------------------------------------------------------------------


class ProblemPublic(Schema):
    """One problem in the input, as :class:`openita.errors.Problem` names it."""

    file: str = Field(description="the uploaded file's name, or 'request' for the request")
    line: int | None = Field(None, description="line (JSON) or row (CSV/XLSX), when known")
    line_label: str = Field("line", description="'line' or 'row'")
    field: str | None = Field(None, description="the field or item, e.g. 'indicators.8'")
    code: str | None = Field(
        None,
        description="a stable name of the problem, e.g. 'not_a_number', or the limit a refused "
        "file broke, e.g. 'too_large' (docs/formats.md)",
    )
    text: str = Field(
        "", description="the English source text, with {named} placeholders filled by params"
    )
    params: dict[str, Any] = Field(
        default_factory=dict, description="the values of the placeholders of text"
    )
    message: str = Field(description="the problem in the request's language")


class ErrorPublic(Schema):
    """Every error answer: a plain sentence, and for 422 the problems one by one."""

    detail: str
    problems: list[ProblemPublic] = Field(default_factory=list)


# --- agencies -----------------------------------------------------------------------------


class AgencyPublic(Schema):
    code: str
    name: str
    agency_type: str
    ministry: str
    province: str
    district: str


class AgencyDetailPublic(AgencyPublic):
    access: Literal["view", "edit", "manage"] = Field(
        description="what the caller may do: view; edit (upload, plans); manage (members)"
    )
    result_years: list[int] = Field(description="fiscal years with a stored result, newest first")
    plan_years: list[int] = Field(description="fiscal years of stored action plans, newest first")


# --- results and scores -------------------------------------------------------------------


class FindingPublic(Schema):
    """A consistency finding of the importer (e.g. indicator 8 given twice with two values)."""

    severity: str
    code: str = Field(description="a stable name of the finding, e.g. 'conflicting_values'")
    text: str = Field(
        "", description="the English source text, with {named} placeholders filled by params"
    )
    params: dict[str, Any] = Field(
        default_factory=dict, description="the values of the placeholders of text"
    )
    message: str = Field(description="the finding in the request's language")
    subject: str | None = None
    location: str | None = None
    blocking: bool = False


class ResultSummaryPublic(Schema):
    """A stored year in one line: the summary columns kept when the file was saved."""

    fiscal_year: int
    published_only: bool = Field(
        description="a year without a framework file: published figures only, no analysis"
    )
    overall: float | None
    level: str
    level_id: str
    tools: dict[str, float | None]
    source_name: str
    uploaded_at: datetime


class IndicatorScorePublic(Schema):
    id: str
    tool: str | None
    name_th: str | None
    score: float
    origin: Literal["reported", "questions"] = Field(
        description="reported in the file, or computed from its questions/items"
    )


class ResultPublic(Schema):
    """One year's scores: from the scoring engine on the stored file, or as published."""

    fiscal_year: int
    published_only: bool
    overall: float | None = Field(description="the official overall when the file has one")
    overall_is_official: bool
    computed_overall: float | None = Field(
        description="the engine's own overall from the indicators, unrounded (None if published)"
    )
    level: str | None
    level_id: str | None
    level_en: str | None
    tools: dict[str, float]
    eit_parts: dict[str, float]
    indicators: list[IndicatorScorePublic]
    findings: list[FindingPublic]
    source_name: str | None = None
    uploaded_at: datetime | None = None
    uploaded_by: str | None = None


class UploadPublic(Schema):
    """The answer to an upload: what was read, and whether it was saved."""

    saved: bool = Field(description="false for dry_run=true: nothing was stored")
    fiscal_year: int
    replaces: ResultSummaryPublic | None = Field(
        description="the stored result of that year that this upload replaces (or would replace)"
    )
    warnings: list[str]
    result: ResultPublic


class VersionPublic(Schema):
    """One saved version of a year's result (versions are never deleted; the newest is the
    current result)."""

    number: int
    current: bool
    kind: Literal["upload", "api", "form", "form_merge", "paste", "restore"] = Field(
        description="upload, api (uploaded through the API), form (typed), form_merge (typed, "
        "question and OIT detail of version based_on kept), paste (a pasted table), restore"
    )
    based_on: int | None = Field(description="the version restored, or whose detail was kept")
    description: str = Field(description="the version in one sentence, in the caller's language")
    source_name: str
    sha256: str
    published_only: bool
    overall: float | None
    level: str
    created_by: str | None
    created_at: datetime


class VersionChangePublic(Schema):
    section: Literal["overall", "tool", "indicator", "question", "oit", "official"]
    id: str = Field(description="'overall', 'level', a tool, an indicator, 'i1', 'e1', 'O12'")
    part: int | None = Field(description="the part of an EIT question answered in parts")
    label: str
    old: float | str | None = Field(description="in the older version (None: not there)")
    new: float | str | None = Field(description="in the newer version (None: not there)")
    status: Literal["changed", "added", "removed", "same"]


class VersionDiffPublic(Schema):
    fiscal_year: int
    old: int
    new: int
    counts: dict[str, int]
    changes: list[VersionChangePublic] = Field(description="only the figures that differ")


# --- analysis and what-if -----------------------------------------------------------------


class ChangePublic(Schema):
    previous: float
    current: float
    points: float
    percent: float | None
    direction: str = Field(description="เพิ่มขึ้น, ลดลง or คงที่")


class ComparisonPublic(Schema):
    previous_year: int
    current_year: int
    previous_level: str
    current_level: str
    overall: ChangePublic
    tools: dict[str, ChangePublic]
    indicators: dict[str, ChangePublic]


class WeakPointPublic(Schema):
    id: str
    tool: str
    indicator: str
    sub_indicator: str | None
    part: int | None
    score: float
    gain: float = Field(description="overall points gained if this item reached 100")
    contribution: float
    weak: bool
    recommended: bool = Field(
        False,
        description="the report and the drafted plan answer this item one by one "
        "(docs/reports.md, 'Which items get a recommendation')",
    )
    projected: bool = Field(description="OIT gains rest on the inferred item grouping")
    title_th: str | None


class FallenIndicatorPublic(Schema):
    indicator: str
    previous: float
    current: float
    points: float
    percent: float | None
    explained_by: list[str]


class MissingItemPublic(Schema):
    id: str
    tool: str
    indicator: str
    sub_indicator: str | None
    title_th: str | None
    reason: str


class AnalysisPublic(Schema):
    fiscal_year: int
    previous_year: int | None = Field(
        description="the latest earlier stored year, when it has a framework to compare with"
    )
    overall: float
    level: str
    comparison: ComparisonPublic | None
    weak_points: list[WeakPointPublic]
    fallen_indicators: list[FallenIndicatorPublic]
    missing_items: list[MissingItemPublic]


class ScenarioCreate(Schema):
    """New scores for questions, EIT question parts, OIT items or whole indicators."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    values: dict[str, Score] = Field(
        alias="set",
        description="id -> new score 0-100: O7, i1, e1 (every part) or e1.1 (part 1), or 9",
        examples=[{"O7": 100, "O12": 100}],
    )


class ScenarioChangePublic(Schema):
    key: str
    kind: Literal["item", "indicator"]
    tool: str
    indicator: str
    old: float
    new: float
    overall_delta: float
    projected: bool


class ScenarioPublic(Schema):
    fiscal_year: int
    base_overall: float
    overall: float
    overall_raw: float
    from_official: bool
    projected: bool
    level: str
    level_en: str
    level_id: str
    tools: dict[str, float]
    eit_parts: dict[str, float]
    indicators: dict[str, float]
    changes: list[ScenarioChangePublic]


# --- plans --------------------------------------------------------------------------------


class ProgressPublic(Schema):
    measures: int = Field(description="measures not cancelled")
    done: int
    percent: float = Field(description="mean percent done over measures not cancelled")
    label: str


class PlanSummaryPublic(Schema):
    fiscal_year: int = Field(description="the plan's own year: results of 2568 → plan 2569")
    based_on_year: int
    created_at: datetime
    updated_at: datetime
    progress: ProgressPublic


class MeasurePublic(Schema):
    id: int
    title: str
    responsible_unit: str
    steps: list[str]
    start: date
    end: date = Field(description="the due date")
    kpi: str
    status: Status
    progress: int
    overdue: bool = Field(description="due date passed and neither done nor cancelled")
    addresses: list[str] = Field(description="the questions and items the measure answers")
    updated_at: datetime
    version: int = Field(description="raised by every change; the ETag names it (If-Match)")


class SectionPublic(Schema):
    id: int
    indicator: str
    indicator_name: str
    issue: str
    measures: list[MeasurePublic]


class PlanPublic(PlanSummaryPublic):
    sections: list[SectionPublic]


class PlanCreate(Schema):
    model_config = ConfigDict(extra="forbid")

    result_year: int = Field(
        description="the fiscal year of the stored result the plan answers", examples=[2568]
    )


class MeasureUpdate(Schema):
    """Fields to change; the others stay. Same rules as the plan page's form."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, Text(strip_whitespace=True, min_length=1, max_length=300)] | None = None
    responsible_unit: (
        Annotated[str, Text(strip_whitespace=True, min_length=1, max_length=150)] | None
    ) = None
    steps: list[str] | None = Field(None, description="one entry per step")
    start: date | None = None
    end: date | None = Field(None, description="the due date; not before start")
    kpi: Annotated[str, Text(strip_whitespace=True, max_length=300)] | None = None
    status: Status | None = None
    progress: Annotated[int, Field(ge=0, le=100)] | None = Field(
        None, description="percent done, 0-100; a done measure is raised to 100"
    )

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        """A field is changed or left out; null would blank a required column."""
        if isinstance(data, dict):
            nulls = sorted(k for k, v in data.items() if v is None)
            if nulls:
                raise ValueError(f"leave out a field instead of setting it to null: {nulls}")
        return data


class ProgressNotePublic(Schema):
    id: int
    date: _Date = Field(description="the day the note describes")
    status: Status
    progress: int = Field(description="percent done on that day, 0-100")
    done: str = Field(description="what was done")
    author: str | None = Field(description="user name of who wrote it; null if deleted")
    created_at: datetime


class ProgressNoteCreate(Schema):
    """A dated progress note; the same rules as the plan page's progress update."""

    model_config = ConfigDict(extra="forbid")

    date: _Date | None = Field(
        None,
        description="the day described, ISO YYYY-MM-DD in the Christian era; not after today; "
        "today when left out",
    )
    status: Status
    progress: Annotated[int, Field(ge=0, le=100)] = Field(
        description="percent done, 0-100; a done measure is raised to 100"
    )
    done: Annotated[str, Text(strip_whitespace=True, max_length=2000)] = Field(
        "", description="what was done"
    )


class ProgressNoteAddedPublic(Schema):
    note: ProgressNotePublic
    measure: MeasurePublic
    notes: list[str] = Field(description="what the rules changed (e.g. progress raised to 100)")


class MeasureUpdatePublic(Schema):
    measure: MeasurePublic
    notes: list[str] = Field(description="what was adjusted, e.g. progress set to 100 for done")
    progress_note: ProgressNotePublic | None = Field(
        description="the day's progress note the change wrote (a change of status or percent"
        " done), or null"
    )


# --- OIT reviews ----------------------------------------------------------------------------


class ItemReviewPublic(Schema):
    item: str = Field(description="the OIT item, e.g. 'O12'")
    verdict: Literal["pass", "partial", "fail"]
    score: Score = Field(description="pass 100, fail 0, partial the assessor's score")
    comment: str
    reviewer: str | None
    reviewed_at: datetime
    from_contest: bool = Field(description="given in answer to the agency's contest")


class ItemReviewCreate(Schema):
    model_config = ConfigDict(extra="forbid")

    item: Annotated[str, Text(min_length=1, max_length=8)]
    verdict: Literal["pass", "partial", "fail"]
    score: float | None = Field(None, description="only for partial: more than 0, below 100")
    comment: Annotated[str, Text(max_length=2000)] = ""


class OitReviewsPublic(Schema):
    fiscal_year: int
    phase: Literal["reviewing", "clarifying", "final"] = Field(
        description="preliminary while reviewing or clarifying; final once the window closed"
    )
    reviews: list[ItemReviewPublic] = Field(description="each reviewed item's current review")
    history: list[ItemReviewPublic] = Field(description="every review, newest first per item")
    indicators: dict[str, float] = Field(description="indicators 9 and 10 from the reviews")
    oit: float | None
    overall: float | None = Field(None, description="when the year's IIT and EIT are stored")
    level: str | None = None


class ContestPublic(Schema):
    id: int
    item: str = Field(description="the contested OIT item, e.g. 'O7'")
    explanation: str
    links: list[str] = Field(description="new evidence links (also added to the item's links)")
    raised_by: str | None
    raised_at: datetime
    contested_review: ItemReviewPublic = Field(description="the review the agency contests")
    decision: Literal["pending", "accepted", "rejected"]
    answer: str = Field(description="the assessor's reason of the decision")
    decided_by: str | None
    decided_at: datetime | None


class ContestCreate(Schema):
    model_config = ConfigDict(extra="forbid")

    item: Annotated[str, Text(min_length=1, max_length=8)]
    explanation: Annotated[str, Text(max_length=2000)]
    links: list[str] = Field(
        default_factory=list, max_length=50, description="new evidence links, http(s)"
    )


class ContestDecide(Schema):
    model_config = ConfigDict(extra="forbid")

    decision: Literal["accept", "reject"]
    verdict: Literal["pass", "partial", "fail"] | None = Field(
        None, description="accept only: the item's new verdict"
    )
    score: float | None = Field(None, description="accept with partial: more than 0, below 100")
    answer: Annotated[str, Text(max_length=2000)] = Field(
        description="the reason of the decision, for the agency (needed either way)"
    )


class OitContestsPublic(Schema):
    fiscal_year: int
    phase: Literal["reviewing", "clarifying", "final"] = Field(
        description="contests are raised only while clarifying"
    )
    contests: list[ContestPublic] = Field(description="every contest of the year, newest first")
