"""Benchmark of the web app (issues 6, 14): the coordinator table, a dashboard and a plan page
over 8,317 agencies.

    uv run python bench/web.py [--agencies 8317] [--requests 200] [--warmup 20] [--keep]

Goal: p95 < 150 ms for the coordinator table, an agency dashboard and the plan page of an
agency with 50 measures, with every agency of FY2568 loaded (8,317 agencies,
docs/sources.md, "National figures"). Machines differ, so each figure is
also printed as a ratio to a baseline measured in the same run against the same server: a
static file served by whitenoise (the cheapest request the app answers).

What it does:

1. a fresh SQLite database in a temporary directory (``OPENITA_DATA_DIR``), production settings
   (``OPENITA_DEBUG=0``, a random secret, collected static files): bench/_server.py;
2. 8,317 synthetic agencies (openita.web.synthetic; "(ข้อมูลสมมติ)" in every name) with results
   for 2567 and 2568, bulk-inserted: the stored bytes and summary columns are those that
   ``read_upload`` + ``summary`` make, from a few dozen distinct synthetic documents reused,
   each result with its version 1 (as the data migration makes them); one agency in five
   has an action plan (a drafted plan copied, measures at various stages); the editor's
   agency has a plan of 50 measures;
3. gunicorn with 2 workers on a free localhost port, as in production behind a TLS proxy
   (requests carry ``X-Forwarded-Proto: https``): bench/_server.py;
4. logs in through the login form as a site administrator (coordinator of every agency) and
   as an agency editor, then times ``--warmup`` + ``--requests`` sequential requests of each
   page, and the XLSX export of all agencies a few times.

Exit code 0 when every page meets the goal, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sqlite3
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import PASSWORD, Session, site

NATIONAL_AGENCIES = 8_317  # FY2568 (docs/sources.md, "National figures")
GOAL_MS = 150.0
DISTINCT_DOCUMENTS = 40
PLAN_EVERY = 5  # one agency in five has an action plan
MEMBER_MEASURES = 50  # the editor's agency: a plan of 50 measures (issue 14)
KINDS = (  # rough national mix of local government kinds
    ("องค์การบริหารส่วนตำบล", 0.64),
    ("เทศบาลตำบล", 0.27),
    ("เทศบาลเมือง", 0.05),
    ("เทศบาลนคร", 0.01),
    ("องค์การบริหารส่วนจังหวัด", 0.03),
)
PROVINCES = 77


# ---------------------------------------------------------------------------------------------
# Environment and data


def _kind(n: int) -> str:
    draw = random.Random(n).random()
    total = 0.0
    for kind, share in KINDS:
        total += share
        if draw < total:
            return kind
    return KINDS[0][0]


@dataclass
class Loaded:
    member_code: str
    member_measures: int
    agencies: int
    results: int
    plans: int
    measures: int
    seconds: float


YEARS = (2567, 2568)
PROGRESS_STAGES = (("not_started", 0), ("in_progress", 30), ("in_progress", 70), ("done", 100))


def result_columns() -> dict[int, list[dict[str, Any]]]:
    """Per year, the Result columns of a few dozen synthetic files, as save_result writes them."""
    from openita.web.assessments import services
    from openita.web.synthetic import synthetic_file

    documents: dict[int, list[dict[str, Any]]] = {}
    for year in YEARS:
        documents[year] = []
        for seed in range(DISTINCT_DOCUMENTS):
            name, data = synthetic_file(year, seed, {"name": f"หน่วยงานตัวอย่าง {seed}"})
            upload = services.read_upload(data, name)
            documents[year].append(
                {
                    "source_name": name,
                    "source": data,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    **services.summary(upload),
                }
            )
    return documents


def insert_agencies(count: int) -> dict[int, int]:
    """``count`` synthetic agencies in 77 made-up provinces: agency number → primary key."""
    from openita.collation import thai_sort_key
    from openita.web.agencies.models import Agency

    Agency.objects.bulk_create(
        (
            Agency(
                code=f"bench-{n:05}",
                name=(name := f"{_kind(n)}ตัวอย่าง {n:05} (ข้อมูลสมมติ)"),
                sort_name=thai_sort_key(name),  # bulk_create skips Agency.save()
                agency_type=_kind(n),
                ministry="กระทรวงมหาดไทย",
                province=f"จังหวัดตัวอย่าง {n % PROVINCES + 1:02}",
                district=f"อำเภอตัวอย่าง {n % 900 + 1:03}",
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    codes = Agency.objects.values_list("code", "pk")
    return {int(code.split("-")[1]): pk for code, pk in codes}


def insert_results(agencies: dict[int, int]) -> None:
    """Each result row and its version 1, as save_result and the data migration make them."""
    from openita.web.assessments.models import Result, ResultVersion

    documents = result_columns()
    Result.objects.bulk_create(
        (
            Result(
                agency_id=pk,
                fiscal_year=year,
                **documents[year][(n * 7 + year) % len(documents[year])],
            )
            for n, pk in agencies.items()
            for year in YEARS
        ),
        batch_size=2000,
    )
    version_fields = ("source_name", "source", "sha256", "published_only", "overall", "level")
    ResultVersion.objects.bulk_create(
        (
            ResultVersion(
                agency_id=pk,
                fiscal_year=year,
                number=1,
                kind="upload",
                **{
                    key: value
                    for key, value in documents[year][(n * 7 + year) % len(documents[year])].items()
                    if key in version_fields
                },
            )
            for n, pk in agencies.items()
            for year in YEARS
        ),
        batch_size=2000,
    )


def grow_plan(template: Any, count: int) -> int:
    """The drafted plan of the editor's agency grown to ``count`` measures (copies spread over
    its sections, as a working group adds its own); returns how many it has."""
    from openita.web.plans.models import Measure

    measures = list(Measure.objects.filter(section__plan=template).order_by("section", "position"))
    added = []
    for n in range(max(0, count - len(measures))):
        model = measures[n % len(measures)]
        added.append(
            Measure(
                section_id=model.section_id,
                title=f"{model.title} (เพิ่มเติม {n + 1})",
                responsible_unit=model.responsible_unit,
                steps=model.steps,
                start=model.start,
                end=model.end,
                kpi=model.kpi,
                status=PROGRESS_STAGES[n % len(PROGRESS_STAGES)][0],
                progress=PROGRESS_STAGES[n % len(PROGRESS_STAGES)][1],
                addresses=model.addresses,
                position=model.position + 100 + n,
            )
        )
    Measure.objects.bulk_create(added)
    return Measure.objects.filter(section__plan=template).count()


def insert_plans(agencies: dict[int, int], template_agency: Any) -> int:
    """A drafted plan copied to one agency in PLAN_EVERY, its measures at mixed stages; the
    template agency's own plan grown to MEMBER_MEASURES (returns its measure count)."""
    from openita.web.plans.models import ActionPlan, Measure, Section
    from openita.web.plans.services import create_draft

    template = create_draft(template_agency, 2568)
    sections = list(Section.objects.filter(plan=template).order_by("position"))
    measures = {
        s.pk: list(Measure.objects.filter(section=s).order_by("position")) for s in sections
    }
    plan_pk = ActionPlan.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    section_pk = Section.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    rng = random.Random(2568)
    plans, new_sections, new_measures = [], [], []
    for n, pk in agencies.items():
        if n == 0 or n % PLAN_EVERY:
            continue
        plan_pk += 1
        plans.append(ActionPlan(pk=plan_pk, agency_id=pk, fiscal_year=2569, based_on_year=2568))
        for section in sections:
            section_pk += 1
            new_sections.append(
                Section(
                    pk=section_pk,
                    plan_id=plan_pk,
                    indicator=section.indicator,
                    indicator_name=section.indicator_name,
                    issue=section.issue,
                    position=section.position,
                )
            )
            for m in measures[section.pk]:
                status, progress = rng.choice(PROGRESS_STAGES)
                new_measures.append(
                    Measure(
                        section_id=section_pk,
                        title=m.title,
                        responsible_unit=m.responsible_unit,
                        steps=m.steps,
                        start=m.start,
                        end=m.end,
                        kpi=m.kpi,
                        status=status,
                        progress=progress,
                        addresses=m.addresses,
                        position=m.position,
                    )
                )
    ActionPlan.objects.bulk_create(plans, batch_size=2000)
    Section.objects.bulk_create(new_sections, batch_size=2000)
    Measure.objects.bulk_create(new_measures, batch_size=2000)
    return grow_plan(template, MEMBER_MEASURES)


def load(count: int) -> Loaded:
    """Agencies, results for 2567 and 2568, plans, a site administrator and an editor."""
    from django.contrib.auth.models import User
    from django.db import connection, transaction

    from openita.web.agencies.models import Agency, Membership, Role
    from openita.web.assessments.models import Result
    from openita.web.plans.models import ActionPlan, Measure

    start = time.perf_counter()
    with transaction.atomic():
        agencies = insert_agencies(count)
        insert_results(agencies)
        member = Agency.objects.get(pk=agencies[0])
        member_measures = insert_plans(agencies, member)
        User.objects.create_superuser("bench-admin", password=PASSWORD)
        editor = User.objects.create_user("bench-editor", password=PASSWORD)
        Membership.objects.create(user=editor, agency=member, role=Role.EDITOR)
    loaded = Loaded(
        member_code=member.code,
        member_measures=member_measures,
        agencies=Agency.objects.count(),
        results=Result.objects.count(),
        plans=ActionPlan.objects.count(),
        measures=Measure.objects.count(),
        seconds=time.perf_counter() - start,
    )
    connection.close()  # the server's workers open their own
    return loaded


# ---------------------------------------------------------------------------------------------
# Timing


@dataclass
class Timing:
    name: str
    path: str
    times_ms: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[max(0, round(0.95 * len(ordered)) - 1)]

    @property
    def max(self) -> float:
        return max(self.times_ms)


def measure(
    session: Session, name: str, path: str, warmup: int, requests: int, expect: bytes = b""
) -> Timing:
    """``warmup`` untimed then ``requests`` timed GETs, one after another (no concurrency)."""
    for _ in range(warmup):
        status, body = session.request("GET", path)
        if status != 200 or expect not in body:
            raise RuntimeError(f"{name}: HTTP {status} for {path}")
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        status, _body = session.request("GET", path)
        times.append((time.perf_counter() - start) * 1000)
        if status != 200:
            raise RuntimeError(f"{name}: HTTP {status} for {path}")
    return Timing(name, path, times)


# ---------------------------------------------------------------------------------------------


def report(timings: list[Timing], baseline: Timing) -> bool:
    print(f"\n{'page':<52} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p95/static':>11}  goal")
    passed = True
    for t in [baseline, *timings]:
        ratio = t.p95 / baseline.p95 if baseline.p95 else float("nan")
        if t is baseline:
            verdict = "(baseline)"
        else:
            ok = t.p95 < GOAL_MS
            passed &= ok
            verdict = f"{'PASS' if ok else 'FAIL'} (p95 < {GOAL_MS:.0f} ms)"
        print(f"{t.name:<52} {t.p50:>8.1f} {t.p95:>8.1f} {t.max:>8.1f} {ratio:>10.1f}x  {verdict}")
    return passed


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--agencies", type=int, default=NATIONAL_AGENCIES)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--exports", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    with site("web", keep=args.keep) as bench_site:
        loaded = load(args.agencies)
        n, w = args.requests, args.warmup
        print(
            f"loaded {loaded.agencies:,} agencies, {loaded.results:,} results, "
            f"{loaded.plans:,} plans ({loaded.measures:,} measures) in {loaded.seconds:.1f} s "
            f"into {bench_site.data_dir}"
        )
        print(
            f"python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
            f"{w} warm-up + {n} timed requests per page, one at a time"
        )
        port = bench_site.start()
        admin, editor = Session(port), Session(port)
        admin.log_in("bench-admin")
        editor.log_in("bench-editor")
        baseline = measure(admin, "static file /static/openita/site.css (whitenoise)",
                           "/static/openita/site.css", w, n)  # fmt: skip
        last_page = -(-loaded.agencies // 50)
        page = min(50, last_page)
        code = loaded.member_code
        timings = [
            measure(admin, "coordinator table, sorted by overall (page 1)",
                    "/coordination/?sort=overall&dir=desc", w, n, b"coordination-table"),
            measure(admin, f"coordinator table, sorted by name (page {page})",
                    f"/coordination/?sort=name&page={page}", w, n, b"coordination-table"),
            measure(editor, "agency dashboard (editor)", f"/a/{code}/", w, n, b"shown-version"),
            measure(editor, f"plan page, {loaded.member_measures} measures (editor)",
                    f"/a/{code}/plan/?year=2569", w, n),
        ]  # fmt: skip
        passed = report(timings, baseline)
        export_times = []
        for _ in range(args.exports):
            start = time.perf_counter()
            status, body = admin.request("GET", "/coordination/export.xlsx?sort=overall")
            export_times.append(time.perf_counter() - start)
            if status != 200 or not body.startswith(b"PK"):
                raise RuntimeError(f"export: HTTP {status}")
        print(
            f"\nXLSX export of all {loaded.agencies:,} agencies: median "
            f"{statistics.median(export_times):.2f} s, max {max(export_times):.2f} s "
            f"({len(body) / 1024:.0f} KiB)"
        )
        print(f"load average after the run: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
        return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
