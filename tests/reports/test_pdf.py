"""The PDF: its text layer gives the Thai back exactly, its pages are drawn, its fonts cover it.

The trap these tests exist for (docs/sources.md, "Thai rendering"): a PDF can look right while
its text layer says "สำนักงำน" for สำนักงาน, which breaks search, copy-paste and screen readers.
"""

from __future__ import annotations

import io
import itertools
import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageStat

from openita.reports.fonts import font_files
from tests.conftest import SEED_2567, SEED_2568
from tests.reports.conftest import Rendered, RenderedPdf, flatten, needs_pdf_tools

pytestmark = needs_pdf_tools


def test_every_thai_string_of_the_report_comes_back_from_the_pdf_text_layer(
    seed_docx: Rendered, seed_pdf: RenderedPdf
) -> None:
    strings = seed_docx.context.thai_strings()
    assert len(strings) > 100
    pages = [flatten(page) for page in seed_pdf.text.split("\f")]
    missing = [s for s in strings if not _on_one_page_or_split_over_two(flatten(s), pages)]
    assert not missing, missing[:5]


def _on_one_page_or_split_over_two(text: str, pages: list[str]) -> bool:
    """A plan row may split across a page break (its cells continue under the repeated header),
    so a cell's text is whole on one page, or its start ends a part of page N and the rest is on
    page N + 1 (each part at least 4 characters, so the match means something)."""
    if any(text in page for page in pages):
        return True
    for first, second in itertools.pairwise(pages):
        for cut in range(4, len(text) - 3):
            if text[:cut] in first and text[cut:] in second:
                return True
    return False


def test_sara_am_is_not_split_in_the_text_layer(seed_pdf: RenderedPdf) -> None:
    assert "สำนักปลัด" in seed_pdf.text or "ดำเนินงาน" in seed_pdf.text
    assert "\u0e4d\u0e32" not in seed_pdf.text  # ํ + า: how a broken ToUnicode map spells ำ
    assert "สำนักงำน" not in seed_pdf.text


def test_pdf_holds_every_number_of_the_seed(seed_pdf: RenderedPdf) -> None:
    for needle in ("94.11", "99.00", "4.89", "4.94", "ผ่านดีเยี่ยม", "ผ่านดี", "2568"):
        assert needle in seed_pdf.text, needle
    for year in (SEED_2567, SEED_2568):
        for value in year.values():
            assert f"{value:.2f}" in seed_pdf.text
    for item in ("i1", "i10", "i12", "i13", "i14", "e1", "e6", "O7", "O12", "O23"):
        assert f"ข้อ {item}" in seed_pdf.text or f"{item} " in seed_pdf.text, item


def test_pdf_has_every_section_of_the_report_in_order(seed_pdf: RenderedPdf) -> None:
    sections = [
        "รายงานการนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร",
        "ส่วนที่ 1 ผลการประเมินและการวิเคราะห์ผลการประเมิน ITA",
        "1. ผลการประเมินในภาพรวม",
        "2. แผนภูมิผลการประเมิน",
        "3. สรุปผลการประเมินรายตัวชี้วัด",
        "4. การวิเคราะห์ผลการประเมิน",
        "ข้อเสนอแนะต่อผลการประเมินคุณธรรมและความโปร่งใส",
        "ส่วนที่ 2 การนำผลการวิเคราะห์แต่ละประเด็นไปสู่การปฏิบัติ",
        "ภาคผนวก คะแนนรายข้อของผลการประเมิน ITA",
        "คะแนนรายข้อคำถามของแบบวัด IIT และ EIT",
        "คะแนนรายข้อของแบบวัด OIT",
    ]
    positions = [seed_pdf.flat.find(flatten(s)) for s in sections]
    assert -1 not in positions, [s for s, p in zip(sections, positions, strict=True) if p < 0]
    assert positions == sorted(positions)


def test_only_the_bundled_sarabun_is_embedded(seed_pdf: RenderedPdf) -> None:
    listing = subprocess.run(
        ["pdffonts", str(seed_pdf.path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    names = {line.split()[0].split("+")[-1] for line in listing if line.strip()}
    assert names and names <= {"Sarabun-Regular", "Sarabun-Bold"}, names
    assert all(" yes " in line for line in listing)  # embedded


def _pages(pdf: Path, out: Path) -> list[Path]:
    subprocess.run(
        ["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(out / "page")], check=True
    )
    return sorted(out.glob("page*.png"))


def test_every_page_is_drawn_and_none_is_blank(seed_pdf: RenderedPdf, tmp_path: Path) -> None:
    pages = _pages(seed_pdf.path, tmp_path)
    assert len(pages) >= 10
    for page in pages:
        with Image.open(page) as image:
            ink = 255 - ImageStat.Stat(image.convert("L")).mean[0]
        assert ink > 1.0, f"{page.name} looks blank"


def test_the_bundled_fonts_cover_every_character_the_report_uses(
    seed_docx: Rendered, seed_pdf: RenderedPdf
) -> None:
    """A character outside the font's cmap is drawn as a missing-glyph box."""
    used = {ch for s in seed_docx.context.thai_strings() for ch in s} | set(seed_pdf.text)
    used -= {"\n", "\r", "\t", "\f"}
    for path in font_files():
        cmap = TTFont(path)["cmap"].getBestCmap()
        uncovered = sorted(ch for ch in used if ord(ch) not in cmap)
        assert not uncovered, f"{path.name} lacks {uncovered}"


@pytest.mark.parametrize("workers", [2])
def test_a_batch_converts_many_files_with_one_soffice_per_worker(
    seed_docx: Rendered, tmp_path: Path, workers: int
) -> None:
    from openita.reports.pdf import convert_batch

    sources = []
    for n in range(3):
        path = tmp_path / f"agency-{n}.docx"
        path.write_bytes(seed_docx.docx)
        sources.append(path)
    seen: list[str] = []
    pdfs = convert_batch(
        sources, tmp_path / "out", workers=workers, on_done=lambda p: seen.append(p.name)
    )
    assert [p.name for p in pdfs] == ["agency-0.pdf", "agency-1.pdf", "agency-2.pdf"]
    assert sorted(seen) == [p.name for p in pdfs]
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)


def _picture_encodings(tmp_path: Path, picture_format: str) -> list[str]:
    """pdfimages' encoding of each picture of a one-picture document converted to PDF."""
    import io

    import numpy as np
    from docx import Document
    from docx.shared import Mm

    from openita.reports.pdf import convert_files

    noise = np.random.default_rng(1).integers(0, 255, (200, 300, 3), dtype=np.uint8)
    picture = io.BytesIO()
    Image.fromarray(noise, "RGB").save(picture, picture_format)
    picture.seek(0)
    doc = Document()
    doc.add_paragraph("สำนักงาน")
    doc.add_picture(picture, width=Mm(60))
    source = tmp_path / f"{picture_format}.docx"
    doc.save(source)
    (pdf,) = convert_files([source], tmp_path / "out")
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return [line.split()[8] for line in listing]


def test_pictures_are_exported_losslessly_and_a_jpeg_is_passed_through(tmp_path: Path) -> None:
    """The export skips LibreOffice's JPEG trial encoding (lo_basic/Convert.xba): a PNG keeps
    its pixels even where a JPEG would be smaller (noise), and a document with a JPEG picture
    (an agency's logo) keeps the default, which embeds the JPEG data as it is."""
    assert _picture_encodings(tmp_path, "PNG") == ["image"]  # Flate, pixels kept
    assert _picture_encodings(tmp_path, "JPEG") == ["jpeg"]


def test_a_profile_gets_each_setting_once_and_keeps_its_own(tmp_path: Path) -> None:
    """The conversion profile: Thai locale (native page numbers) and no background spelling,
    grammar, word completion or smart tags (docs/reports.md, "Speed of a batch")."""
    from openita.reports.pdf import PROFILE_SETTINGS, _set_profile_settings

    user = tmp_path / "user"
    user.mkdir()
    settings = user / "registrymodifications.xcu"
    own = '<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="X"/></item>'
    settings.write_text(f"<oor:items>\n{own}\n</oor:items>\n", "utf-8")
    _set_profile_settings(tmp_path)
    _set_profile_settings(tmp_path)  # a reused profile: nothing added twice
    text = settings.read_text("utf-8")
    assert own in text and text.rstrip().endswith("</oor:items>")
    assert all(text.count(item) == 1 for item in PROFILE_SETTINGS)
    assert any('"IsSpellAuto"' in item and "false" in item for item in PROFILE_SETTINGS)


def test_the_templates_carry_no_styles_with_effects_or_thumbnail() -> None:
    """Word 2010's second copy of the styles, which LibreOffice parsed for every report, and
    python-docx's blank-page preview picture."""
    import zipfile
    from importlib import resources

    for name in ("report.docx", "progress.docx"):
        path = resources.files("openita.reports").joinpath(f"templates/{name}")
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as package:
            assert not [n for n in package.namelist() if "stylesWithEffects" in n], name
            assert "docProps/thumbnail.jpeg" not in package.namelist(), name


def test_soffice_gets_jemalloc_when_installed_and_glibc_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only the soffice environment carries the allocator; an existing LD_PRELOAD is kept."""
    from openita.reports import pdf

    monkeypatch.setenv("LD_PRELOAD", "libother.so")
    monkeypatch.setenv(pdf.ALLOCATOR_ENV, "system")
    assert pdf._environment()["LD_PRELOAD"] == "libother.so"
    monkeypatch.setenv(pdf.ALLOCATOR_ENV, "/opt/libmine.so")
    assert pdf._environment()["LD_PRELOAD"] == "/opt/libmine.so:libother.so"
    monkeypatch.delenv(pdf.ALLOCATOR_ENV)
    found = pdf._jemalloc()
    expected = f"{found}:libother.so" if found else "libother.so"
    assert pdf._environment()["LD_PRELOAD"] == expected
