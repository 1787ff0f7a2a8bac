"""The pages use the bundled Sarabun, served as static files with @font-face (issue 14, point 5).

No screenshot comparison: the browser itself says which face the page asked for, that the
``@font-face`` of the stylesheet loaded it, and the bytes it fetched are the package's TTF.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page
from tests.browser.conftest import FONTS

from openita.web.agencies.models import Agency
from openita.web.oit.models import ItemState

pytestmark = pytest.mark.browser

LOADED_FACES = """async () => {
  await document.fonts.ready;
  await document.fonts.load('16px Sarabun', 'ทดสอบ');
  await document.fonts.load('bold 16px Sarabun', 'ทดสอบ');
  return [...document.fonts]
    .filter(face => face.family.replaceAll('"', '') === 'Sarabun' && face.status === 'loaded')
    .map(face => face.weight + ' ' + face.style);
}"""


def test_the_login_page_loads_the_bundled_sarabun_with_font_face(page: Page) -> None:
    fetched: dict[str, bytes] = {}
    page.on(
        "response",
        lambda r: (
            fetched.__setitem__(r.url.rsplit("/", 1)[-1], r.body())
            if "/static/openita/fonts/" in r.url and r.ok
            else None
        ),
    )
    page.goto("/accounts/login/")
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.split(",")[0].strip().strip('"') == "Sarabun"
    faces = page.evaluate(LOADED_FACES)
    assert {"400 normal", "700 normal"} <= set(faces)
    assert page.evaluate("document.fonts.check('16px Sarabun', 'ทดสอบ')")
    assert fetched["Sarabun-Regular.ttf"] == (FONTS / "Sarabun-Regular.ttf").read_bytes()
    assert fetched["Sarabun-Bold.ttf"] == (FONTS / "Sarabun-Bold.ttf").read_bytes()


def _computed_family(page: Page) -> str:
    family: str = page.evaluate("getComputedStyle(document.body).fontFamily")
    return family.split(",")[0].strip().strip('"')


def test_the_admin_asks_for_the_bundled_sarabun_not_djangos_system_fonts(page: Page) -> None:
    page.goto("/admin/login/")
    assert _computed_family(page) == "Sarabun"
    assert "400 normal" in page.evaluate(LOADED_FACES)
    assert page.evaluate("document.fonts.check('16px Sarabun', 'ทดสอบ')")


def test_the_oit_embed_page_asks_for_the_bundled_sarabun(
    page: Page, stored_results: Agency
) -> None:
    ItemState.objects.create(
        agency=stored_results, fiscal_year=2568, item_id="O1", ready=True, public=True
    )
    page.goto(reverse("oit_public:embed", kwargs={"code": stored_results.code, "year": 2568}))
    assert _computed_family(page) == "Sarabun"
    assert "400 normal" in page.evaluate(LOADED_FACES)
