"""Demo data for a local site: the seed agency, a few synthetic agencies, a login per role.

``openita manage demo`` (``make run``) calls :func:`load_demo`. Running it again changes
nothing: every row is looked up before it is made, a result is saved only when its file
differs from the stored one, and an existing plan is kept. The passwords are printed and
known to anyone who reads this file, so the command refuses to run on a production site
(``DEBUG`` off) unless forced.

What it makes::

    เทศบาลตำบลคำบง (khambong, อุดรธานี / บ้านผือ)
        the real published results 2567 and 2568 (src/openita/examples), the drafted plan for
        2569, the year those results are answered in (its measures spread over the year's
        quarters: :func:`demo_schedule`), the default municipal units
        (openita.analysis.plan.DEFAULT_MUNICIPAL_UNITS), and its admin, editor and viewer
    six synthetic agencies in อุดรธานี and two in ขอนแก่น, named "… (ข้อมูลสมมติ)" so no one takes
        them for real: most with 2567 and 2568, one with 2568 only, one that has not uploaded,
        one whose plan is partly done
    admin (site administrator), coordinator (of อุดรธานี)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from openita.analysis.plan import DEFAULT_MUNICIPAL_UNITS, default_units
from openita.thaidate import fiscal_year_bounds
from openita.web.agencies.models import Agency, CoordinatorScope, Membership, Role, Unit
from openita.web.assessments import services
from openita.web.assessments.frameworks import load_frameworks
from openita.web.assessments.models import Result
from openita.web.plans.models import ActionPlan, Measure, Status
from openita.web.plans.services import create_draft
from openita.web.synthetic import synthetic_file

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
MINISTRY = "กระทรวงมหาดไทย"
PLAN_YEAR = 2568  # the results the demo plans answer (in the plan of 2569)
QUARTERS = 4


class DemoRefused(RuntimeError):
    """Demo data would put known passwords on a production site."""


@dataclass(frozen=True)
class DemoAgency:
    code: str
    name: str
    agency_type: str
    province: str
    district: str
    years: tuple[int, ...] = (2567, 2568)
    #: None: no plan; "draft": the drafted plan; "partly done": some measures done or started.
    plan: str | None = None
    seed: int = 0


KHAMBONG = DemoAgency(
    code="khambong",
    name="เทศบาลตำบลคำบง",
    agency_type="เทศบาลตำบล",
    province="อุดรธานี",
    district="บ้านผือ",
    plan="draft",
)

TAMBON, CITY, SAO = "เทศบาลตำบล", "เทศบาลเมือง", "องค์การบริหารส่วนตำบล"
UDON, KHONKAEN = "อุดรธานี", "ขอนแก่น"

#: Seeds picked so the table shows every level of 2568 (synthetic.py is deterministic).
SYNTHETIC: tuple[DemoAgency, ...] = (
    DemoAgency(
        "example-1",
        f"{TAMBON}ตัวอย่าง 1 (ข้อมูลสมมติ)",
        TAMBON,
        UDON,
        "บ้านผือ",
        plan="partly done",
        seed=27,
    ),  # 98.19 → 77.46 ต้องปรับปรุง
    DemoAgency(
        "example-2", f"{TAMBON}ตัวอย่าง 2 (ข้อมูลสมมติ)", TAMBON, UDON, "กุมภวาปี", seed=2
    ),  # ผ่าน in 2568
    DemoAgency(
        "example-3", f"{CITY}ตัวอย่าง 3 (ข้อมูลสมมติ)", CITY, UDON, "เมืองอุดรธานี", plan="draft", seed=10
    ),  # ผ่านดี
    DemoAgency("example-4", f"{SAO}ตัวอย่าง 4 (ข้อมูลสมมติ)", SAO, UDON, "เพ็ญ", seed=13),
    DemoAgency(
        "example-5", f"{SAO}ตัวอย่าง 5 (ข้อมูลสมมติ)", SAO, UDON, "หนองหาน", years=(2568,), seed=21
    ),
    DemoAgency(
        "example-6", f"{SAO}ตัวอย่าง 6 (ข้อมูลสมมติ)", SAO, UDON, "บ้านผือ", years=(), seed=6
    ),  # has not uploaded
    DemoAgency("example-7", f"{TAMBON}ตัวอย่าง 7 (ข้อมูลสมมติ)", TAMBON, KHONKAEN, "ชุมแพ", seed=24),
    DemoAgency(
        "example-8", f"{SAO}ตัวอย่าง 8 (ข้อมูลสมมติ)", SAO, KHONKAEN, "เมืองขอนแก่น", years=(2568,), seed=8
    ),
)


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: str


#: Known passwords: this is why the command refuses to run with DEBUG off.
LOGINS: tuple[Login, ...] = (
    Login("admin", "demo-admin-2568", "site administrator"),
    Login("coordinator", "demo-coordinator-2568", "coordinator of อุดรธานี"),
    Login("khambong-admin", "demo-khambong-admin-2568", "agency admin of เทศบาลตำบลคำบง"),
    Login("khambong-editor", "demo-khambong-editor-2568", "editor of เทศบาลตำบลคำบง"),
    Login("khambong-viewer", "demo-khambong-viewer-2568", "viewer of เทศบาลตำบลคำบง"),
)
MEMBER_ROLES = {
    "khambong-admin": Role.ADMIN,
    "khambong-editor": Role.EDITOR,
    "khambong-viewer": Role.VIEWER,
}


def demo_schedule(plan_year: int, count: int) -> list[tuple[date, date]]:
    """Start and due date of ``count`` measures: spread over the quarters of ``plan_year``.

    Measure n runs through quarter ``n mod 4``, so the plan shows measures due at different
    times through the year (and, once their quarter is past, what "overdue" looks like).
    """
    first, last = fiscal_year_bounds(plan_year)
    starts = [first]
    for _quarter in range(QUARTERS - 1):
        month = starts[-1].month + 3
        starts.append(starts[-1].replace(year=starts[-1].year + (month - 1) // 12,
                                         month=(month - 1) % 12 + 1))  # fmt: skip
    ends = [nxt - timedelta(days=1) for nxt in starts[1:]] + [last]
    return [(starts[n % QUARTERS], ends[n % QUARTERS]) for n in range(count)]


def load_demo(*, force: bool = False) -> tuple[Login, ...]:
    """Make the demo data (idempotent) and return the logins to print.

    The plans are those of 2569, the year after the results they answer, whatever day the
    demo runs: a plan moved to another year would keep texts written for 2569 (its KPIs, its
    report's Part 2), and a plan file of such a year is refused (analysis.plan.parse_plan).
    """
    if not settings.DEBUG and not force:
        raise DemoRefused(
            "demo data creates users with published passwords; "
            "it runs only with OPENITA_DEBUG=1 (or --force on a site that is not public)"
        )
    with transaction.atomic():
        load_frameworks()  # the admin's list of fiscal years the site can score
        khambong = _agency(KHAMBONG)
        _units(khambong, list(DEFAULT_MUNICIPAL_UNITS))
        for year in KHAMBONG.years:
            path = EXAMPLES / f"khambong-{year}.json"
            _result(khambong, path.name, path.read_bytes())
        _plan(khambong, KHAMBONG.plan)
        for spec in SYNTHETIC:
            _synthetic_agency(spec)
        _users(khambong)
    return LOGINS


def _agency(spec: DemoAgency) -> Agency:
    agency, _ = Agency.objects.get_or_create(
        code=spec.code,
        defaults={
            "name": spec.name,
            "agency_type": spec.agency_type,
            "ministry": MINISTRY,
            "province": spec.province,
            "district": spec.district,
        },
    )
    return agency


def _units(agency: Agency, names: list[str]) -> None:
    for position, name in enumerate(names):
        Unit.objects.get_or_create(agency=agency, name=name, defaults={"position": position})


def _result(agency: Agency, name: str, data: bytes) -> None:
    """Save the file unless the agency already has exactly this file for its year."""
    upload = services.read_upload(data, name, agency)
    stored = Result.objects.filter(agency=agency, fiscal_year=upload.result.fiscal_year).first()
    if stored is not None and bytes(stored.source) == data:
        return
    services.save_result(agency, upload)


def _synthetic_agency(spec: DemoAgency) -> None:
    agency = _agency(spec)
    _units(agency, default_units(agency.name, agency.agency_type))
    meta = {
        "name": agency.name,
        "code": agency.code,
        "type": agency.agency_type,
        "province": agency.province,
        "district": agency.district,
    }
    for year in spec.years:
        _result(agency, *synthetic_file(year, spec.seed, meta))
    _plan(agency, spec.plan)


def _plan(agency: Agency, kind: str | None) -> None:
    """The drafted plan, its measures spread over the year; an existing demo plan is kept."""
    if kind is None:
        return
    if ActionPlan.objects.filter(agency=agency, based_on_year=PLAN_YEAR).exists():
        return
    plan = create_draft(agency, PLAN_YEAR)
    measures = _measures(plan)
    for measure, (start, end) in zip(
        measures, demo_schedule(plan.fiscal_year, len(measures)), strict=True
    ):
        measure.start, measure.end = start, end
        measure.save(update_fields=["start", "end"])
    if kind == "partly done":
        _start_work(plan)


def _measures(plan: ActionPlan) -> list[Measure]:
    return list(
        Measure.objects.filter(section__plan=plan).order_by("section__position", "position")
    )


def _start_work(plan: ActionPlan) -> None:
    """Mark the first measures done and the next ones under way, as months into the year."""
    measures = _measures(plan)
    for measure in measures[:2]:
        measure.status, measure.progress = Status.DONE, 100
        measure.save()
    for measure, percent in zip(measures[2:5], (60, 40, 20), strict=False):
        measure.status, measure.progress = Status.IN_PROGRESS, percent
        measure.save()


def _users(khambong: Agency) -> None:
    for login in LOGINS:
        superuser = login.username == "admin"
        user = User.objects.filter(username=login.username).first()
        if user is None:
            user = User(username=login.username)
        changed = user.pk is None
        if user.is_superuser != superuser or user.is_staff != superuser:
            user.is_superuser = user.is_staff = superuser
            changed = True
        if not user.check_password(login.password):
            user.set_password(login.password)
            changed = True
        if changed:
            user.save()
        if login.username == "coordinator":
            CoordinatorScope.objects.get_or_create(
                user=user, ministry="", province="อุดรธานี", agency_type=""
            )
        role = MEMBER_ROLES.get(login.username)
        if role is not None:
            Membership.objects.get_or_create(user=user, agency=khambong, defaults={"role": role})


def logins_table(logins: tuple[Login, ...]) -> str:
    """The logins as aligned plain text for the terminal."""
    width = max(len(login.username) for login in logins)
    pw_width = max(len(login.password) for login in logins)
    lines = [f"{'user':<{width}}  {'password':<{pw_width}}  role"]
    lines += [f"{lg.username:<{width}}  {lg.password:<{pw_width}}  {lg.role}" for lg in logins]
    return "\n".join(lines)
