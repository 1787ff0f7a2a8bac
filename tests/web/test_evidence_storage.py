"""Evidence files and rows stay in step after a crash (issue 10 point 6).

The file is written before its row and the row is committed after it, so a process killed in
between leaves only a file without a row (an orphan), never a row without a file; orphans are
found and deleted by ``openita manage evidence_files --clean`` (run before gunicorn starts)
and reported by ``openita manage check``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from openita.web.plans import evidence_storage, services
from openita.web.plans.forms import EvidenceForm
from openita.web.plans.models import Evidence, Measure

PDF = b"%PDF-1.4 minutes of the meeting " + b"x" * 4096

#: Runs in a child process: a measure, then an evidence upload killed after the file is
#: written and the row inserted, before the commit (os._exit from a post_save receiver).
CRASH = """
import os
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import post_save
from openita.web.agencies.models import Agency
from openita.web.plans import evidence_storage, services
from openita.web.plans.forms import EvidenceForm
from openita.web.plans.models import Evidence, Measure, Section, ActionPlan

agency = Agency.objects.create(code="crash", name="เทศบาลทดสอบ", sort_name="crash")
plan = ActionPlan.objects.create(agency=agency, fiscal_year=2569, based_on_year=2568)
section = Section.objects.create(plan=plan, indicator="1", indicator_name="การปฏิบัติหน้าที่")
measure = Measure.objects.create(section=section, title="ประชุม", responsible_unit="สำนักปลัด",
                                 start="2025-10-01", end="2026-09-30")
Evidence.objects.create(measure=measure, title="ลิงก์", url="https://example.org/oit")

def crash(sender, instance, created, **kwargs):
    assert os.path.exists(instance.file.path)  # the file is complete before the row
    os._exit(70)

post_save.connect(crash, sender=Evidence)
upload = SimpleUploadedFile("minutes.pdf", {pdf!r}, content_type="application/pdf")
form = EvidenceForm({{"title": "รายงานการประชุม"}}, {{"file": upload}},
                    instance=Evidence(measure=measure))
assert form.is_valid(), form.errors
evidence_storage.save(form)
"""


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENITA_", "DJANGO_"))}
    return env | {"OPENITA_DATA_DIR": str(data_dir), "DATABASE_URL": ""}


def _openita(
    env: dict[str, str], *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "openita.cli", *args], env=env, capture_output=True, text=True
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_a_process_killed_mid_upload_leaves_no_row_and_its_file_is_cleaned_up(
    tmp_path: Path,
) -> None:
    env = _env(tmp_path / "site")
    _openita(env, "manage", "migrate", "--no-input", "-v", "0")
    killed = _openita(env, "manage", "shell", "-c", CRASH.format(pdf=PDF), check=False)
    assert killed.returncode == 70, killed.stdout + killed.stderr
    files = [p for p in (tmp_path / "site" / "media" / "evidence").rglob("*") if p.is_file()]
    assert len(files) == 1 and files[0].read_bytes() == PDF  # the orphan
    count = "from openita.web.plans.models import Evidence; print(Evidence.objects.count())"
    rows = _openita(env, "manage", "shell", "-c", count).stdout.split()
    assert rows[-1] == "1"  # the link only: no row for the killed upload

    # A fresh file may be an upload still being saved: left alone.
    fresh = _openita(env, "manage", "evidence_files", "--clean")
    assert "0 orphaned files deleted, 0 rows without file" in fresh.stdout
    assert files[0].exists()
    old = time.time() - evidence_storage.GRACE - 60
    os.utime(files[0], (old, old))
    warned = _openita(env, "manage", "check")
    assert "openita.W001" in warned.stderr + warned.stdout
    cleaned = _openita(env, "manage", "evidence_files", "--clean")
    assert "1 orphaned files deleted, 0 rows without file" in cleaned.stdout
    assert not files[0].exists()
    quiet = _openita(env, "manage", "check")
    assert "openita.W001" not in quiet.stderr + quiet.stdout


@pytest.fixture
def measure(khambong: Any, users: Any) -> Measure:
    plan = services.create_draft(khambong, 2568)
    return Measure.objects.filter(section__plan=plan).order_by("pk")[0]


def _form(measure: Measure) -> EvidenceForm:
    upload = SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf")
    form = EvidenceForm({"title": "รายงาน"}, {"file": upload}, instance=Evidence(measure=measure))
    assert form.is_valid(), form.errors
    return form


def _stored() -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


@pytest.mark.django_db(transaction=True)
def test_a_row_that_cannot_be_saved_takes_its_file_with_it(measure: Measure, monkeypatch) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    from django.db.models.signals import post_save

    post_save.connect(fail, sender=Evidence, dispatch_uid="test-fail")
    try:
        with pytest.raises(RuntimeError):
            evidence_storage.save(_form(measure))
    finally:
        post_save.disconnect(dispatch_uid="test-fail", sender=Evidence)
    assert not Evidence.objects.exists()
    assert _stored() == []


def test_a_row_whose_file_is_missing_is_named_and_fails_the_command(measure: Measure) -> None:
    evidence = evidence_storage.save(_form(measure))
    assert evidence_storage.orphans(now=time.time() + 10 * evidence_storage.GRACE) == []
    Path(evidence.file.path).unlink()
    assert evidence_storage.missing() == [(evidence.pk, evidence.file.name)]
    out = StringIO()
    with pytest.raises(Exception, match="1 evidence rows have no file"):
        call_command("evidence_files", stdout=out)
    assert f"evidence row {evidence.pk}: file missing" in out.getvalue()
