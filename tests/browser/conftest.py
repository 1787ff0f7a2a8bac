"""Browser tests: Debian's chromium, driven by Playwright, against the app on a live server.

Issue 6 asks for browser tests "on Debian's chromium (installed by the test script; no downloaded
browser build)", so Playwright never downloads a browser here (`playwright install` is not
run): it launches ``/usr/bin/chromium`` (``OPENITA_CHROMIUM`` overrides the path). Without it the
tests are skipped with the reason on a developer machine and fail under CI (``CI`` set), where
scripts/system-deps.sh must have installed it.

The app runs on pytest-django's ``live_server`` (a server thread over the test database). The
data the flows need is made with the ORM, like the web tests' fixtures::

    เทศบาลตำบลคำบง (khambong, อุดรธานี)  – no result yet (the browser uploads them)
      editor  ·  coordinator of อุดรธานี

``axe(page)`` runs axe-core (npm, ``package.json``; ``npm ci`` in ``make test``) on the page and
returns its violations; tests/browser/test_accessibility.py asks for none on every page.

Screenshots of the key pages are written to ``test-artifacts/screenshots/<test>-<step>.png``
(full page) for a person to look at after the run; nothing compares them.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, sync_playwright

from openita.web.agencies.models import Agency, CoordinatorScope, Membership, Role

# Playwright's sync API runs its event loop in this thread (in a greenlet), so Django sees a
# "running event loop" and refuses ORM calls from the test body (SynchronousOnlyOperation).
# The test code is plain synchronous code; only the check is wrong here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "src" / "openita" / "examples"
FONTS = ROOT / "src" / "openita" / "reports" / "fonts"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PASSWORD = "correct-horse-battery-staple-42"

#: The machine's network is closed: without these chromium waits on background connections
#: (component updates, sync, QUIC probes) and a headless start can hang.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: A page that takes longer than this is a failure, not something to wait for (suite < 60 s).
TIMEOUT_MS = 10_000

#: ``log_in(page, user)`` and ``screenshot(page, step)``, the two helpers the tests receive.
LogIn = Callable[[Page, User], None]
Screenshot = Callable[[Page, str], Path]


#: ``axe(page)``: axe-core's violations on the page as it is now, one line per element.
class Axe(Protocol):
    """``axe(page)``; ``allowed`` maps a rule to the one selector it is not checked on (each
    with a comment at the caller saying why: markup of Django's that cannot be fixed)."""

    def __call__(self, tab: Page, allowed: Mapping[str, str] | None = None) -> list[str]: ...


AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: The rule sets checked: WCAG 2.1 A and AA, plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = os.environ.get("OPENITA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        reason = (
            f"Debian's chromium is not installed ({path} missing): "
            "apt-get install -y chromium (scripts/system-deps.sh)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def fontconfig_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The system fonts plus the Sarabun family the reports bundle.

    The stylesheet asks for Sarabun first; a bare Debian has no Thai font at all, so without
    this the screenshots show Thai as empty boxes. Pointing fontconfig at the bundled fonts
    needs no system package and gives the pages the face users with Sarabun see.
    """
    folder = tmp_path_factory.mktemp("fontconfig")
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{FONTS}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


@pytest.fixture(scope="session")
def browser(chromium_executable: str, fontconfig_file: Path) -> Iterator[Browser]:
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=chromium_executable,
            args=CHROMIUM_ARGS,
            env={**os.environ, "FONTCONFIG_FILE": str(fontconfig_file)},
            timeout=30_000,
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@pytest.fixture(autouse=True)
def _fast_passwords_and_media(settings: Any, tmp_path: Path) -> None:
    # Every flow logs in through the form; PBKDF2's cost buys nothing in a test database.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A fresh browser tab on the live server, in Thai (the default UI language)."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="th-TH",
        accept_downloads=True,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    # The app's own stylesheet and scripts must load and run on every page a flow visits.
    broken: list[str] = []
    tab.on(
        "response",
        lambda r: (
            broken.append(f"HTTP {r.status} {r.url}")
            if r.status >= 400 and "/static/" in r.url
            else None
        ),
    )
    tab.on("pageerror", lambda error: broken.append(f"script error: {error}"))
    yield tab
    context.close()
    assert broken == [], "the pages' own static files or scripts failed"


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SCRIPT.is_file():
        reason = f"axe-core is not installed ({AXE_SCRIPT} missing): npm ci (make install-test)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source: str) -> Axe:
    """``axe(page)`` → the violations, e.g. ``"serious label-content-name-mismatch: <a …>"``.

    The script is evaluated through the DevTools protocol, which the page's
    Content-Security-Policy does not govern (a ``<script>`` tag would be refused, rightly).
    """

    def run(tab: Page, allowed: Mapping[str, str] | None = None) -> list[str]:
        if not tab.evaluate("() => typeof window.axe === 'object'"):
            tab.evaluate(axe_source)
        results = tab.evaluate(
            """async ([tags, allowed]) => (await axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]
            })).violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.filter(n => !(allowed[v.id] && n.target.length === 1
                    && document.querySelector(n.target[0])?.matches(allowed[v.id])))
                  .map(n => n.target.join(" ") + " " + n.html.slice(0, 160))}))
              .filter(v => v.nodes.length)""",
            [AXE_TAGS, dict(allowed or {})],
        )
        return [
            f"{v['impact']} {v['id']} ({v['help']}): {node}" for v in results for node in v["nodes"]
        ]

    return run


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Screenshot:
    """``screenshot(page, "dashboard")`` saves the whole page as a test artefact."""

    def take(tab: Page, step: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.]+", "-", f"{request.node.name}-{step}").strip("-")
        path = SCREENSHOTS / f"{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return take


def _user(username: str) -> User:
    return User.objects.create_user(username, password=PASSWORD)


@pytest.fixture
def fresh_agency(transactional_db: None) -> Agency:
    """The seed agency before its working group has uploaded anything."""
    return Agency.objects.create(
        code="khambong",
        name="เทศบาลตำบลคำบง",
        agency_type="เทศบาลตำบล",
        ministry="กระทรวงมหาดไทย",
        province="อุดรธานี",
        district="บ้านผือ",
    )


@pytest.fixture
def editor(fresh_agency: Agency) -> User:
    user = _user("editor")
    Membership.objects.create(user=user, agency=fresh_agency, role=Role.EDITOR)
    return user


@pytest.fixture
def coordinator(fresh_agency: Agency) -> User:
    user = _user("coordinator")
    CoordinatorScope.objects.create(user=user, province=fresh_agency.province)
    return user


@pytest.fixture
def log_in() -> LogIn:
    """``log_in(page, user)``: through the login form, as a person would."""

    def go(tab: Page, user: User) -> None:
        tab.goto("/accounts/login/")
        tab.locator("#id_username").fill(user.get_username())
        tab.locator("#id_password").fill(PASSWORD)
        with tab.expect_navigation():
            tab.locator("form[action$='/accounts/login/'] button[type=submit]").click()
        assert "/accounts/login/" not in tab.url, "the login was refused"

    return go


@pytest.fixture
def stored_results(fresh_agency: Agency) -> Agency:
    """The agency after it uploaded the seed results of 2567 and 2568 (as the web tests store
    them: through the services the upload page calls)."""
    from openita.web.assessments import services

    for year in (2567, 2568):
        path = EXAMPLES / f"khambong-{year}.json"
        services.save_result(fresh_agency, services.read_upload(path.read_bytes(), path.name))
    return fresh_agency
