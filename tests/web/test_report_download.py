"""The agency's report as a download: DOCX, and one PDF (LibreOffice takes ~2 s)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.urls import reverse

from tests.web.conftest import docx_body

from .test_dashboard import _published_only


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    """Check the English texts (the Thai ones are translations of them, tested elsewhere)."""
    settings.LANGUAGE_CODE = "en"


def _url(year: int = 2568, fmt: str = "docx", code: str = "khambong") -> str:
    return reverse("assessments:report", kwargs={"code": code, "year": year, "fmt": fmt})


def test_the_docx_report_is_an_attachment_named_after_the_agency_and_year(client_as):
    response = client_as("viewer").get(_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="ita-2568-khambong.docx"'
    body = docx_body(response.content)
    assert "94.11" in body and "เทศบาลตำบลคำบง" in body


def test_a_coordinator_may_download_the_report_of_an_agency_in_scope(client_as):
    assert client_as("coordinator").get(_url()).status_code == 200


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_report_has_the_overall_score_in_its_text(client_as, tmp_path):
    response = client_as("editor").get(_url(fmt="pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="ita-2568-khambong.pdf"'
    assert response.content[:4] == b"%PDF"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "94.11" in text


def test_there_is_no_report_for_a_year_without_a_result_or_with_published_figures_only(
    client_as, khambong
):
    assert client_as("viewer").get(_url(year=2565)).status_code == 404
    _published_only(khambong, 2566, 91.25, "A")
    assert client_as("viewer").get(_url(year=2566)).status_code == 404


def test_only_docx_and_pdf_are_report_urls(client_as):
    assert client_as("viewer").get("/a/khambong/2568/report.txt/").status_code == 404


def test_another_agencys_report_is_404_and_anonymous_must_log_in(client_as):
    assert client_as("outsider_admin").get(_url()).status_code == 404
    assert client_as("coordinator_elsewhere").get(_url()).status_code == 404
    assert client_as("anonymous").get(_url()).status_code == 302


def test_the_dashboard_offers_arabic_or_thai_digits_for_the_report(client_as):
    html = client_as("viewer").get(reverse("assessments:dashboard", args=["khambong"])).content
    page = html.decode()
    assert 'name="digits"' in page
    assert '<option value="arabic" selected>' in page and '<option value="thai">' in page
    assert f'formaction="{_url(fmt="pdf")}"' in page  # both formats use the choice


def test_thai_digits_in_the_docx_report_on_request(client_as):
    arabic = docx_body(client_as("viewer").get(_url(), {"digits": "arabic"}).content)
    thai = docx_body(client_as("viewer").get(_url(), {"digits": "thai"}).content)
    assert "94.11" in arabic and "๙๔.๑๑" not in arabic
    assert "๙๔.๑๑" in thai and "94.11" not in thai
    assert "พ.ศ. ๒๕๖๘" in thai
    assert "O8" in thai  # item codes keep their digits


def test_unknown_digits_are_404(client_as):
    assert client_as("viewer").get(_url(), {"digits": "roman"}).status_code == 404


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_report_in_thai_digits_has_them_in_its_text(client_as, tmp_path):
    response = client_as("viewer").get(_url(fmt="pdf"), {"digits": "thai"})
    assert response.status_code == 200 and response.content[:4] == b"%PDF"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "๙๔.๑๑" in text and "94.11" not in text
