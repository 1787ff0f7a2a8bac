"""Fixtures for the report tests: the seed agency's report, built once per session.

The seed agency (เทศบาลตำบลคำบง, Udon Thani) published FY2568 94.11 ผ่านดี after FY2567
99.00 ผ่านดีเยี่ยม: a fall of 4.89 points, 4.94 % of last year's score. Its report
(docs/sources.md, "The seed report") is the structure ours reproduces, from data.

PDF tests need LibreOffice and poppler. They skip, with the reason, only on a developer machine
without them; in CI (CI=true) they run and fail if the tools are missing, because
scripts/system-deps.sh is expected to have installed them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from openita.ingest import read_result
from openita.reports.job import ReportJob, build_job_context
from openita.reports.model import ReportContext
from openita.reports.pdf import find_soffice
from openita.scoring.model import AgencyResult

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "openita" / "examples"

_tools_missing = [
    name
    for name, found in (
        ("soffice", find_soffice()),
        ("pdftotext", shutil.which("pdftotext")),
        ("pdftoppm", shutil.which("pdftoppm")),
    )
    if not found
]
needs_pdf_tools = pytest.mark.skipif(
    bool(_tools_missing) and os.environ.get("CI") != "true",
    reason=f"{', '.join(_tools_missing)} not installed (run scripts/system-deps.sh); "
    "these tests always run in CI",
)


def seed_result(year: int) -> AgencyResult:
    return read_result(EXAMPLES / f"khambong-{year}.json").result


def long_result(tmp: Path) -> Path:
    """A synthetic agency with many weak items: a long report with many Thai paragraphs."""
    data = json.loads((EXAMPLES / "khambong-2568.json").read_text(encoding="utf-8"))
    data["agency"]["name"] = "องค์การบริหารส่วนตำบลทดสอบการตัดคำ"
    data["indicators"] = {
        k: round(v - 17.5 + int(k) * 0.7, 2) for k, v in data["indicators"].items()
    }
    questions = {}
    for key, value in data["questions"].items():
        if isinstance(value, dict):
            questions[key] = {part: round(v - 21.3, 2) for part, v in value.items()}
        elif key.startswith("O"):
            questions[key] = 0 if int(key[1:]) % 3 == 0 else 50 if int(key[1:]) % 3 == 1 else 100
        else:
            questions[key] = round(value - 23.7, 2)
    data["questions"] = questions
    data.pop("official", None)
    path = tmp / "synthetic-2568.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def seed_job() -> ReportJob:
    return ReportJob(result=seed_result(2568), previous=seed_result(2567), name="khambong-2568")


@pytest.fixture(scope="session")
def seed_context(seed_job: ReportJob) -> ReportContext:
    return build_job_context(seed_job)


@dataclass(frozen=True)
class Rendered:
    context: ReportContext
    docx: bytes
    docx_path: Path


@pytest.fixture(scope="session")
def seed_docx(seed_job: ReportJob, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    from openita.reports.job import render_job_docx

    context, docx = render_job_docx(seed_job)
    path = tmp_path_factory.mktemp("docx") / "khambong-2568.docx"
    path.write_bytes(docx)
    return Rendered(context, docx, path)


@dataclass(frozen=True)
class RenderedPdf:
    path: Path
    text: str  # pdftotext -raw: content order, so table cells stay whole

    @property
    def flat(self) -> str:
        return flatten(self.text)


def flatten(text: str) -> str:
    """Drop all whitespace: PDF line breaks fall anywhere inside Thai text."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def seed_pdf(seed_docx: Rendered, tmp_path_factory: pytest.TempPathFactory) -> RenderedPdf:
    from openita.reports.pdf import convert_files

    (pdf,) = convert_files([seed_docx.docx_path], tmp_path_factory.mktemp("pdf"))
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return RenderedPdf(pdf, text)
