"""Synthetic ITA results for demos, tests and benchmarks — made up, and marked as such.

Real results belong to agencies and are published one report at a time, so the demo site and
``bench/web.py`` (8,317 agencies, the FY2568 national count: docs/sources.md) need
results that look like ITAS exports without being anyone's. A document is built from the
fiscal year's framework (its questions, EIT parts and OIT items), deterministically from a
seed, as the canonical JSON file of docs/formats.md; it goes through the same importer as an
upload (:func:`openita.web.assessments.services.read_upload`), so nothing downstream can tell
it apart except by its ``notes`` and the name the caller gives the agency.

Shapes follow what docs/sources.md reports about real results:

* IIT/EIT question scores sit mostly between 85 and 100 (the seed agency: 91.67–100; the
  national average is 93.82);
* OIT items are published or not: 100, 0, and partial credit 50 (O23 = 50 in the seed);
* most agencies pass (94 % nationally in FY2568), some do not, and the OIT decides most
  failures, so a few agencies here miss many items.

No official overall is written: the engine computes it from the questions and items, as it
would for a clerk who typed only the item scores.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openita.frameworks import load_framework
from openita.frameworks.model import Framework


@dataclass(frozen=True)
class Standing:
    """How well a synthetic agency does: question score range and how many OIT items it misses."""

    name: str
    share: float  # of agencies with this standing
    question_low: float
    question_high: float
    items_missed: tuple[int, int]  # OIT items scored 0 or 50, inclusive range


#: Mostly strong agencies, some middling, a few weak (OIT-driven failures), as nationally.
STANDINGS: tuple[Standing, ...] = (
    Standing("strong", 0.70, 92.0, 100.0, (0, 2)),
    Standing("middling", 0.20, 85.0, 98.0, (3, 7)),
    Standing("weak", 0.10, 72.0, 93.0, (9, 16)),
)

NOTE = (
    "Synthetic data made by openita.web.synthetic (seed {seed}): not a real agency's result. "
    "Used for demonstrations and benchmarks only."
)


def _standing(rng: random.Random) -> Standing:
    draw = rng.random()
    total = 0.0
    for standing in STANDINGS:
        total += standing.share
        if draw < total:
            return standing
    return STANDINGS[-1]


def _question_score(rng: random.Random, standing: Standing) -> float:
    # A triangular draw leans towards the top of the range, as survey means do.
    value = rng.triangular(standing.question_low, 100.0, standing.question_high)
    return round(min(100.0, max(0.0, value)), 2)


def _questions(
    framework: Framework, rng: random.Random, standing: Standing
) -> dict[str, float | dict[str, float]]:
    """Every IIT question, every EIT question with each of the year's EIT parts."""
    parts = [p.id for p in framework.spec.eit_parts]
    questions: dict[str, float | dict[str, float]] = {}
    for qid in framework.questions:
        tool = framework.tool_of_indicator(framework.questions[qid].indicator)
        if tool == "EIT" and parts:
            questions[qid] = {f"part{p}": _question_score(rng, standing) for p in parts}
        else:
            questions[qid] = _question_score(rng, standing)
    return questions


def _oit_items(framework: Framework, rng: random.Random, standing: Standing) -> dict[str, float]:
    """Every OIT item at 100, except a few at 0 or (less often) 50 partial credit."""
    items = list(framework.oit_items)
    low, high = standing.items_missed
    missed = rng.sample(items, k=min(len(items), rng.randint(low, high)))
    scores = dict.fromkeys(items, 100.0)
    for item in missed:
        scores[item] = rng.choice((0.0, 0.0, 50.0))
    return scores


def synthetic_document(fiscal_year: int, seed: int, agency: Mapping[str, str]) -> dict[str, Any]:
    """A canonical result document (docs/formats.md) for ``agency`` in ``fiscal_year``.

    The same seed and year give the same document; ``agency`` holds ``name`` and optionally
    ``code``, ``type``, ``province``, ``district`` (copied into the document's agency block).
    """
    framework = load_framework(fiscal_year)
    # A string seed is hashed with SHA-512 by random.seed: stable across runs and machines.
    rng = random.Random(f"openita-synthetic:{seed}:{fiscal_year}")
    standing = _standing(rng)
    questions = _questions(framework, rng, standing)
    questions.update(_oit_items(framework, rng, standing))
    return {
        "fiscal_year": fiscal_year,
        "agency": {key: value for key, value in agency.items() if value},
        "questions": questions,
        "notes": NOTE.format(seed=seed),
    }


def synthetic_file(fiscal_year: int, seed: int, agency: Mapping[str, str]) -> tuple[str, bytes]:
    """The document as an upload: ``(file name, UTF-8 JSON bytes)``."""
    doc = synthetic_document(fiscal_year, seed, agency)
    stem = agency.get("code") or f"synthetic-{seed}"
    data = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    return f"{stem}-{fiscal_year}-synthetic.json", data
