"""The working group drafts its action plan, tracks a measure and downloads the report (issue 6).

From the stored seed results (2567, 2568) the editor drafts the plan of 2569, records that the
first measure is in progress at 40 %, sees it on the plan page, and downloads the PDF report,
whose text layer carries the overall score 94.11.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Page, expect
from tests.browser.conftest import LogIn, Screenshot

from openita.web.agencies.models import Agency
from openita.web.plans.models import Measure, Status

pytestmark = pytest.mark.browser

#: LibreOffice makes the PDF (docs/adr/0002-pdf-via-libreoffice.md): seconds, not milliseconds.
PDF_TIMEOUT_MS = 60_000


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils, scripts/system-deps.sh) is not installed")
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, timeout=30
    )
    return done.stdout.decode("utf-8")


def test_an_editor_drafts_the_plan_tracks_a_measure_and_downloads_the_pdf(
    page: Page,
    editor: User,
    stored_results: Agency,
    log_in: LogIn,
    screenshot: Screenshot,
    tmp_path: Path,
) -> None:
    code = stored_results.code
    log_in(page, editor)

    # The dashboard links to the plan page, which offers to draft the plan from 2568.
    page.locator(f"main a[href^='{reverse('plans:detail', kwargs={'code': code})}']").first.click()
    draft = page.locator(f"form[action='{reverse('plans:draft', kwargs={'code': code})}']")
    with page.expect_navigation():
        draft.locator("button[type=submit]").click()
    measure = Measure.objects.filter(section__plan__agency=stored_results).order_by(
        "section__position", "position", "id"
    )[0]
    screenshot(page, "drafted-plan")

    # Edit the first measure in place (htmx swaps the form into the plan and the row back).
    row = page.locator(f"#m{measure.pk}")
    edit_url = reverse("plans:measure_edit", kwargs={"code": code, "pk": measure.pk})
    row.locator(f"a[href='{edit_url}']").click()
    form = row.locator(f"form[action='{edit_url}']")
    form.locator("select[name=status]").select_option(Status.IN_PROGRESS.value)
    form.locator("input[name=progress]").fill("40")
    form.locator("button[type=submit]").first.click()
    expect(row.locator(".status")).to_have_text("อยู่ระหว่างดำเนินการ")
    expect(row).to_contain_text("40%")

    measure.refresh_from_db()
    assert (measure.status, measure.progress) == (Status.IN_PROGRESS, 40)
    page.reload()
    expect(page.locator(f"#m{measure.pk} .status")).to_have_text("อยู่ระหว่างดำเนินการ")
    expect(page.locator(f"#m{measure.pk}")).to_contain_text("40%")
    screenshot(page, "plan-with-progress")

    # The report of 2568 as PDF, downloaded from the dashboard.
    page.goto(reverse("assessments:dashboard", kwargs={"code": code}))
    pdf_url = reverse("assessments:report", kwargs={"code": code, "year": 2568, "fmt": "pdf"})
    with page.expect_download(timeout=PDF_TIMEOUT_MS) as download:
        page.locator(f"button[formaction='{pdf_url}']").first.click(timeout=PDF_TIMEOUT_MS)
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    assert "94.11" in _pdf_text(saved)

    # The same report in Thai digits: the choice beside the download buttons.
    screenshot(page, "dashboard-report-digits")
    page.locator("#report-digits").select_option("thai")
    with page.expect_download(timeout=PDF_TIMEOUT_MS) as download:
        page.locator(f"button[formaction='{pdf_url}']").first.click(timeout=PDF_TIMEOUT_MS)
    thai = tmp_path / f"thai-{download.value.suggested_filename}"
    download.value.save_as(thai)
    assert "๙๔.๑๑" in _pdf_text(thai)
