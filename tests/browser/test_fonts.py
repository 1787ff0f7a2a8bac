"""The pages use the bundled Sarabun, served as static files with @font-face (issue 14, point 5).

No screenshot comparison: the browser itself says which face the page asked for, that the
``@font-face`` of the stylesheet loaded it, and the bytes it fetched are the package's TTF.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from tests.browser.conftest import FONTS

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
