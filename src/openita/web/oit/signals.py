"""Keep the stored PDFs of public OpenITA documents up to date (docs/oit.md).

Whenever something a document is made of changes — a result, a plan, its measures, progress
notes or evidence — or an item showing a document is made public or given one, the agency's
public documents are checked once the change is committed, and a rendering is queued for each
whose stored PDF is out of date (:func:`openita.web.oit.documents.refresh_published`; one task
per new set of inputs however many rows the transaction changed).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save


def _refresh(agency_id: int | None) -> None:
    if agency_id is None:
        return

    def run() -> None:
        from openita.web.agencies.models import Agency
        from openita.web.oit import documents

        agency = Agency.objects.filter(pk=agency_id).first()
        if agency is not None:
            documents.refresh_published(agency)

    transaction.on_commit(run)


def _first(rows: QuerySet[Any, Any]) -> int | None:
    """The agency id the query names; None when its rows are gone (a cascade delete)."""
    found = rows.first()
    return int(found) if found is not None else None


def _by_agency(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata (a restore): the rows come as they were
        return
    _refresh(instance.agency_id)


def _by_measure(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    from openita.web.plans.models import Section

    rows = Section.objects.filter(pk=instance.section_id)
    _refresh(_first(rows.values_list("plan__agency_id", flat=True)))


def _by_measure_row(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    from openita.web.plans.models import Measure

    rows = Measure.objects.filter(pk=instance.measure_id)
    _refresh(_first(rows.values_list("section__plan__agency_id", flat=True)))


def _stored_deleted(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    """A stored PDF goes with its row (an agency deleted), once that is committed."""
    name = instance.file.name
    if name:
        storage = instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))


def connect() -> None:
    from openita.web.assessments.models import Result
    from openita.web.oit.models import DocumentEvidence, ItemState, StoredDocument
    from openita.web.plans.models import ActionPlan, Evidence, Measure, ProgressNote

    handlers: list[tuple[type[Model], Any]] = [
        (Result, _by_agency),
        (ActionPlan, _by_agency),
        (ItemState, _by_agency),
        (DocumentEvidence, _by_agency),
        (Measure, _by_measure),
        (ProgressNote, _by_measure_row),
        (Evidence, _by_measure_row),
    ]
    for model, handler in handlers:
        uid = f"openita-oit-documents-{model._meta.label_lower}"
        post_save.connect(handler, sender=model, dispatch_uid=uid)
        post_delete.connect(handler, sender=model, dispatch_uid=uid)
    post_delete.connect(
        _stored_deleted, sender=StoredDocument, dispatch_uid="openita-oit-stored-delete"
    )
