"""The admin's "Upload framework file" page in chromium, as an administrator uses it.

A file with a cycle in its OIT tree comes back with a problem table (file, line, field); the
good file is installed and the framework list says how many results it re-scored.
Screenshots: ``test-artifacts/screenshots/test_an_administrator_uploads_a_framework_file-*``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from tests.browser.conftest import PASSWORD, LogIn, Screenshot

from openita.frameworks.loader import DATA_DIR
from openita.web.agencies.models import Agency


def test_an_administrator_uploads_a_framework_file(
    page: Any,
    log_in: LogIn,
    screenshot: Screenshot,
    stored_results: Agency,
    tmp_path: Path,
    settings: Any,
    monkeypatch: Any,
) -> None:
    site_dir = tmp_path / "site-frameworks"
    settings.FRAMEWORKS_DIR = site_dir
    monkeypatch.setenv("OPENITA_FRAMEWORKS", str(site_dir))
    text = (DATA_DIR / "ita-2568.yaml").read_text(encoding="utf-8")
    cyclic = text.replace(
        "groups:\n",
        'groups:\n  - {id: "9.5.1", parent: "9.5.2"}\n  - {id: "9.5.2", parent: "9.5.1"}\n',
        1,
    ).replace('{id: O20, sub_indicator: "9.5"', '{id: O20, sub_indicator: "9.5.1"', 1)
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "ita-2568.yaml").write_text(cyclic, encoding="utf-8")

    log_in(page, User.objects.create_superuser("root", password=PASSWORD))
    page.goto("/admin/assessments/framework/")
    page.get_by_role("link", name="อัปโหลดไฟล์กรอบการประเมิน").click()
    page.locator("input[type=file]").set_input_files(str(incoming / "ita-2568.yaml"))
    page.get_by_role("button", name="อัปโหลดและติดตั้ง").click()
    table = page.locator("#framework-problems")
    table.wait_for()
    assert "groups.0.parent" in table.inner_text() and "ita-2568.yaml" in table.inner_text()
    screenshot(page, "refused")
    assert not site_dir.exists() or not any(site_dir.iterdir())

    good = text.replace(
        "label_en: Good pass, min_overall: 85, min_each_tool: 85",
        "label_en: Good pass, min_overall: 85, min_each_tool: 90",
    )
    (incoming / "ita-2568.yaml").write_text(good, encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(incoming / "ita-2568.yaml"))
    page.get_by_role("button", name="อัปโหลดและติดตั้ง").click()
    page.locator(".messagelist").wait_for()
    assert "ติดตั้ง ita-2568.yaml แล้ว" in page.locator(".messagelist").inner_text()
    assert "/admin/assessments/framework/" in page.url
    screenshot(page, "installed")
    assert (site_dir / "ita-2568.yaml").read_text(encoding="utf-8") == good
