"""Fixtures of the web tests: two agencies in two provinces, and a user for every role.

::

    เทศบาลตำบลคำบง (khambong, อุดรธานี)      เทศบาลตำบลตัวอย่าง (other, เชียงใหม่)
      results 2567, 2568 (the seed)            result 2568 (the seed, renamed)
      admin · editor · viewer                  admin (outsider)
    coordinator of อุดรธานี sees khambong; coordinator of เชียงใหม่ sees other;
    site admin sees both. The assessor reviews khambong's OIT of 2568, the other assessor
    other's; neither is anything else in either agency.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from openita.web.agencies.models import (
    Agency,
    AssessorAssignment,
    CoordinatorScope,
    Membership,
    Role,
)
from openita.web.assessments import services
from openita.web.assessments.models import Result

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "openita" / "examples"
SEED_2568 = EXAMPLES / "khambong-2568.json"
SEED_2567 = EXAMPLES / "khambong-2567.json"
PASSWORD = "correct-horse-battery-staple-42"

ROLES = (
    "anonymous",
    "site_admin",
    "coordinator",
    "coordinator_elsewhere",
    "agency_admin",
    "editor",
    "viewer",
    "outsider_admin",
    "assessor",
    "assessor_elsewhere",
)


def docx_body(content: bytes) -> str:
    """A DOCX's ``word/document.xml`` as a reader reads it: without the Thai line-break marks
    and with no-break spaces as spaces (reports.thaibreak.readable)."""
    from openita.reports.thaibreak import readable

    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        return readable(docx.read("word/document.xml").decode())


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> None:
    """Real hashing costs ~0.3 s per user; the tests check access, not hashing strength."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PENDING_UPLOADS_DIR = tmp_path / "pending"


def _save(agency: Agency, path: Path, rename: dict[str, Any] | None = None) -> Result:
    data = path.read_bytes()
    if rename:
        doc = json.loads(data)
        doc["agency"].update(rename)
        data = json.dumps(doc, ensure_ascii=False).encode()
    return services.save_result(agency, services.read_upload(data, path.name, agency))


def make_khambong() -> Agency:
    agency = Agency.objects.create(
        code="khambong",
        name="เทศบาลตำบลคำบง",
        agency_type="เทศบาลตำบล",
        ministry="กระทรวงมหาดไทย",
        province="อุดรธานี",
        district="บ้านผือ",
    )
    _save(agency, SEED_2567)
    _save(agency, SEED_2568)
    return agency


def make_other() -> Agency:
    agency = Agency.objects.create(
        code="other",
        name="เทศบาลตำบลตัวอย่าง",
        agency_type="เทศบาลตำบล",
        ministry="กระทรวงมหาดไทย",
        province="เชียงใหม่",
        district="เมือง",
    )
    _save(agency, SEED_2568, {"name": agency.name, "province": "เชียงใหม่", "district": "เมือง"})
    return agency


def _user(username: str, **extra: Any) -> User:
    return User.objects.create_user(username, password=PASSWORD, **extra)


def make_users(khambong: Agency, other: Agency) -> dict[str, User | None]:
    """One user per role of ROLES (``anonymous`` is None)."""
    made: dict[str, User | None] = {"anonymous": None}
    made["site_admin"] = _user("site_admin", is_superuser=True, is_staff=True)
    made["coordinator"] = _user("coordinator")
    CoordinatorScope.objects.create(user=made["coordinator"], province="อุดรธานี")
    made["coordinator_elsewhere"] = _user("coordinator_elsewhere")
    CoordinatorScope.objects.create(user=made["coordinator_elsewhere"], province="เชียงใหม่")
    for role, name in (
        (Role.ADMIN, "agency_admin"),
        (Role.EDITOR, "editor"),
        (Role.VIEWER, "viewer"),
    ):
        made[name] = _user(name)
        Membership.objects.create(user=made[name], agency=khambong, role=role)
    made["outsider_admin"] = _user("outsider_admin")
    Membership.objects.create(user=made["outsider_admin"], agency=other, role=Role.ADMIN)
    made["assessor"] = _user("assessor")
    AssessorAssignment.objects.create(user=made["assessor"], agency=khambong, fiscal_year=2568)
    made["assessor_elsewhere"] = _user("assessor_elsewhere")
    AssessorAssignment.objects.create(
        user=made["assessor_elsewhere"], agency=other, fiscal_year=2568
    )
    return made


@pytest.fixture
def khambong(db: None) -> Agency:
    return make_khambong()


@pytest.fixture
def other(db: None) -> Agency:
    return make_other()


@pytest.fixture
def users(khambong: Agency, other: Agency) -> dict[str, User | None]:
    return make_users(khambong, other)


@pytest.fixture
def client_as(users: dict[str, User | None]) -> Callable[[str], Client]:
    """``client_as("editor")``: a test client logged in as that role's user."""

    def make(role: str) -> Client:
        client = Client()
        user = users[role]
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make
