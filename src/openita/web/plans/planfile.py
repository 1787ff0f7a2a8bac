"""The plan as the YAML file of ``openita plan draft``, out of and back into the database.

A clerk exports the plan, works on it offline (or with ``openita plan validate``) and imports
it again. The file is read by :func:`openita.analysis.plan.parse_plan`, so it is checked by the
same rules and its errors name file, line and field. Importing replaces the plan's sections
and measures in one transaction: on any problem nothing is saved.

The file carries no database ids, so a measure in the file is matched to the stored measure of
the same indicator with the same title, or, failing that, to the stored measure at the same
place whose title no longer appears in the file (a measure renamed offline). Matched measures
keep their evidence and comments. A stored measure that has evidence or comments and is missing
from the file is a problem, not a silent deletion: the proof gathered through the year would be
lost with it.

Progress notes travel too: export writes each measure's dated notes with its evidence links
filed under them (:func:`openita.web.plans.services.action_plan`), and import adds the notes
and links of the file that the measure does not have yet. Notes are a history, so import never
deletes one; a note equal to one already there (same date, status, percent and text) is the
same note, so exporting and importing again changes nothing. A link must be a web address, or
the title of evidence already stored for the plan (a file uploaded on the plan page, which the
export names by its title): a file cannot come in through the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from openita import limits
from openita.analysis import plan as pure
from openita.errors import InputError, Problem
from openita.web import stored_text
from openita.web.plans.models import ActionPlan, Evidence, Measure, ProgressNote, Section
from openita.web.plans.rules import settle
from openita.web.plans.services import action_plan, measure_notes
from openita.yamldoc import YamlDocument, load_yaml


def export_yaml(plan: ActionPlan) -> str:
    return pure.dump_plan(action_plan(plan))


def file_name(plan: ActionPlan) -> str:
    return f"plan-{plan.fiscal_year}-{plan.agency.code}.yaml"


@dataclass
class ImportSummary:
    updated: int = 0
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    raised_to_full: int = 0
    notes_added: int = 0
    links_added: int = 0


def read(plan: ActionPlan, data: bytes, name: str) -> pure.ActionPlan:
    """Check an uploaded plan file against the plan it should replace (nothing is saved)."""
    limits.check_size(len(data), "plan.yaml", name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Problem(name, _("the file is not UTF-8 text"))]) from None
    parsed = pure.parse_plan(text, name)
    doc = load_yaml(text, name)
    problems: list[Problem] = []
    expected = {
        "fiscal_year": plan.fiscal_year,
        "based_on_year": plan.based_on_year,
    }
    found = {"fiscal_year": parsed.fiscal_year, "based_on_year": parsed.based_on_year}
    for key, value in expected.items():
        if found[key] != value:
            problems.append(
                doc.problem(
                    (key,),
                    _("this page's plan has %(key)s %(expected)s, the file %(found)s")
                    % {"key": key, "expected": value, "found": found[key]},
                )
            )
    if parsed.agency.strip() != plan.agency.name.strip():
        problems.append(
            doc.problem(
                ("agency",),
                _("the file is the plan of %(file)s, not of %(agency)s")
                % {"file": parsed.agency, "agency": plan.agency.name},
            )
        )
    seen: set[str] = set()
    for index, section in enumerate(parsed.sections):
        if section.indicator in seen:
            problems.append(
                doc.problem(
                    ("sections", index, "indicator"),
                    _("indicator %(id)s has a second section; keep one per indicator")
                    % {"id": section.indicator},
                )
            )
        seen.add(section.indicator)
    problems.extend(_text_problems(doc, parsed))
    problems.extend(_link_problems(doc, parsed, plan))
    if problems:
        raise InputError(problems)
    return parsed


_WEB_LINK = URLValidator(schemes=["http", "https"])
_LINK_MAX = Evidence._meta.get_field("url").max_length or 500


def is_web_link(text: str) -> bool:
    if len(text) > _LINK_MAX:
        return False
    try:
        _WEB_LINK(text)
    except ValidationError:
        return False
    return True


def _link_problems(doc: YamlDocument, parsed: pure.ActionPlan, plan: ActionPlan) -> list[Problem]:
    """Evidence of a note that is neither a web link nor evidence stored for this plan."""
    stored = set(
        Evidence.objects.filter(measure__section__plan=plan).values_list("title", flat=True)
    )
    problems: list[Problem] = []
    for s_index, section in enumerate(parsed.sections):
        for m_index, measure in enumerate(section.measures):
            for n_index, note in enumerate(measure.notes):
                for e_index, link in enumerate(note.evidence):
                    if is_web_link(link) or link in stored:
                        continue
                    where = ("sections", s_index, "measures", m_index, "notes", n_index)
                    problems.append(
                        doc.problem(
                            (*where, "evidence", e_index),
                            _(
                                "evidence %(text)r is neither a web link (https://…) nor the "
                                "title of evidence stored for this plan; upload files on the "
                                "plan page"
                            )
                            % {"text": link},
                        )
                    )
    return problems


def _text_problems(doc: YamlDocument, parsed: pure.ActionPlan) -> list[Problem]:
    """Texts the database cannot store (:mod:`openita.web.stored_text`), normalised in place."""
    problems: list[Problem] = []

    def check(
        model: type[Section] | type[Measure], row: object, path: tuple[str | int, ...], key: str
    ) -> None:
        value = getattr(row, key)
        texts = value if isinstance(value, list) else [value]
        texts = [stored_text.normalise(text) for text in texts]
        setattr(row, key, texts if isinstance(value, list) else texts[0])
        limit = stored_text.text_fields(model)["steps" if key == "steps" else key]
        for index, text in enumerate(texts):
            problem = stored_text.fault(text, limit)
            if problem is not None:
                where = (*path, key, index) if isinstance(value, list) else (*path, key)
                problems.append(doc.problem(where, f"{key}: {stored_text.message(problem)}"))
                return

    for s_index, section in enumerate(parsed.sections):
        for key in ("indicator", "indicator_name", "issue"):
            check(Section, section, ("sections", s_index), key)
        for m_index, measure in enumerate(section.measures):
            for key in ("title", "responsible_unit", "steps", "kpi"):
                check(Measure, measure, ("sections", s_index, "measures", m_index), key)
    return problems


def _match(stored: list[Measure], wanted: list[pure.Measure]) -> list[Measure | None]:
    """For each wanted measure, the stored one it updates (see the module docstring)."""
    matches: list[Measure | None] = [None] * len(wanted)
    free = list(stored)
    for i, measure in enumerate(wanted):
        same = next((m for m in free if m.title == measure.title), None)
        if same is not None:
            matches[i] = same
            free.remove(same)
    titles = {m.title for m in wanted}
    for i, _measure in enumerate(wanted):
        if matches[i] is None and i < len(stored):
            candidate = stored[i]
            if candidate in free and candidate.title not in titles:
                matches[i] = candidate
                free.remove(candidate)
    return matches


def _apply(row: Measure, measure: pure.Measure, units: dict[str, object], position: int) -> bool:
    """Copy the file's measure onto the row; True when something changed."""
    values = {
        "title": measure.title,
        "responsible_unit": measure.responsible_unit,
        "unit_id": getattr(units.get(measure.responsible_unit), "pk", None),
        "steps": "\n".join(measure.steps),
        "start": measure.start,
        "end": measure.end,
        "kpi": measure.kpi,
        "status": measure.status,
        "progress": settle(measure.status, measure.progress).progress,
        "addresses": list(measure.addresses),
        "position": position,
    }
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def _note_key(note: pure.ProgressNote) -> tuple[object, ...]:
    return (note.date, note.status, note.progress, note.done.strip())


def _add_notes(
    row: Measure, notes: list[pure.ProgressNote], author: Any, summary: ImportSummary
) -> None:
    """The file's notes and links that ``row`` lacks, added (module docstring)."""
    if not notes:
        return
    known = {_note_key(n) for n in measure_notes(row)}
    stored_links = {e.url for e in row.evidence.all() if e.url}
    stored_links |= {e.title for e in row.evidence.all()}
    plan_titles = {
        e.title: e for e in Evidence.objects.filter(measure__section__plan=row.section.plan)
    }
    for note in notes:
        settled = settle(note.status, note.progress)
        key = _note_key(pure.ProgressNote(note.date, settled.progress, note.status, note.done))
        if key not in known and _note_key(note) not in known:
            ProgressNote.objects.create(
                measure=row,
                date=note.date,
                status=note.status,
                progress=settled.progress,
                done=note.done.strip(),
                author=author,
            )
            known.add(key)
            summary.notes_added += 1
        for link in note.evidence:
            if link in stored_links or link in plan_titles:
                continue  # stored already (a title: a file of the plan page, checked in read)
            Evidence.objects.create(
                measure=row, title=link[:200], url=link, evidence_date=note.date, added_by=author
            )
            stored_links.add(link)
            summary.links_added += 1


@transaction.atomic
def replace(
    plan: ActionPlan, parsed: pure.ActionPlan, name: str, author: Any = None
) -> ImportSummary:
    """Make the plan's sections and measures those of ``parsed``; all or nothing."""
    summary = ImportSummary()
    units: dict[str, object] = {u.name: u for u in plan.agency.units.all()}
    stored_sections = {s.indicator: s for s in plan.sections.prefetch_related("measures")}
    keep: set[int] = set()
    problems: list[Problem] = []
    plan_rows: list[tuple[Section | None, pure.PlanSection, list[Measure | None]]] = []
    for section in parsed.sections:
        row = stored_sections.get(section.indicator)
        stored = list(row.measures.all()) if row is not None else []
        matches = _match(stored, section.measures)
        keep.update(m.pk for m in matches if m is not None)
        plan_rows.append((row, section, matches))
    doomed = Measure.objects.filter(section__plan=plan).exclude(pk__in=keep)
    for row_to_drop in doomed.select_related("section").order_by("section__position", "position"):
        if row_to_drop.evidence.exists() or row_to_drop.comments.exists():
            problems.append(
                Problem(
                    name,
                    _(
                        "the measure %(title)r of indicator %(id)s has evidence or comments "
                        "and is not in the file; keep it in the file, or delete it on the plan "
                        "page first"
                    )
                    % {"title": row_to_drop.title, "id": row_to_drop.section.indicator},
                )
            )
    if problems:
        raise InputError(problems)
    summary.removed = doomed.count()
    doomed.delete()
    wanted_indicators = {s.indicator for s in parsed.sections}
    for indicator, row in stored_sections.items():
        if indicator not in wanted_indicators:
            row.delete()
    for s_pos, (row, section, matches) in enumerate(plan_rows):
        if row is None:
            row = Section(plan=plan, indicator=section.indicator)
        row.indicator_name, row.issue, row.position = (
            section.indicator_name,
            section.issue,
            s_pos,
        )
        row.save()
        for m_pos, (measure, match) in enumerate(zip(section.measures, matches, strict=True)):
            target = match if match is not None else Measure(section=row)
            if settle(measure.status, measure.progress).raised_to_full:
                summary.raised_to_full += 1
            if _apply(target, measure, units, m_pos) or target.pk is None:
                if match is None:
                    summary.added += 1
                else:
                    summary.updated += 1
                    # A form or API client holding the old version must see a conflict.
                    target.version += 1
                target.save()
            else:
                summary.unchanged += 1
            _add_notes(target, measure.notes, author, summary)
    plan.save(update_fields=["updated_at"])
    return summary


def import_file(plan: ActionPlan, data: bytes, name: str, author: Any = None) -> ImportSummary:
    """Check and apply an uploaded plan file; :class:`InputError` when nothing was saved.
    New progress notes and evidence links are signed by ``author``."""
    return replace(plan, read(plan, data, name), name, author)
