"""The demo data: the seed agency with its real results, synthetic agencies, a login per role."""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from openita.thaidate import fiscal_year_bounds
from openita.web.agencies.access import Access, access_to, coordinated_agencies
from openita.web.agencies.models import Agency
from openita.web.assessments.models import Result
from openita.web.demo import LOGINS, SYNTHETIC, demo_schedule, load_demo
from openita.web.plans.models import ActionPlan, Measure, Status
from openita.web.plans.services import progress

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    """Rows of every model of the project's apps and auth (the audit log included)."""
    labels = ("agencies", "assessments", "plans", "audit", "auth")
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in labels
    }


@pytest.fixture
def demo(settings: Any) -> None:
    settings.DEBUG = True
    call_command("demo", stdout=StringIO())


def test_running_the_demo_command_twice_changes_nothing(demo, settings):
    before = _counts()
    stamps = list(Result.objects.order_by("pk").values_list("pk", "uploaded_at"))
    out = StringIO()
    call_command("demo", stdout=out)
    assert _counts() == before
    assert list(Result.objects.order_by("pk").values_list("pk", "uploaded_at")) == stamps
    assert "khambong-editor" in out.getvalue()


def test_the_seed_agency_has_its_published_results_units_and_a_drafted_plan(demo):
    khambong = Agency.objects.get(code="khambong")
    assert {(r.fiscal_year, r.overall, r.level) for r in khambong.results.all()} == {
        (2567, 99.0, "ผ่านดีเยี่ยม"),
        (2568, 94.11, "ผ่านดี"),
    }
    assert khambong.units.count() == 10
    plan = ActionPlan.objects.get(agency=khambong)
    assert (plan.based_on_year, plan.fiscal_year) == (2568, 2569)
    assert Measure.objects.filter(section__plan=plan).exists()


def test_synthetic_agencies_are_marked_and_cover_the_cases_the_table_shows(demo):
    examples = Agency.objects.filter(code__startswith="example-")
    assert examples.count() == len(SYNTHETIC)
    assert all("(ข้อมูลสมมติ)" in a.name for a in examples)
    assert set(examples.values_list("province", flat=True)) == {"อุดรธานี", "ขอนแก่น"}
    assert examples.filter(results__isnull=True).exists(), "one agency has not uploaded"
    with_both = examples.filter(results__fiscal_year=2567).filter(results__fiscal_year=2568)
    assert with_both.exists()
    levels = set(Result.objects.filter(fiscal_year=2568).values_list("level", flat=True))
    assert len(levels) >= 4
    partly = [progress(plan) for plan in ActionPlan.objects.filter(agency__in=examples)]
    assert any(0 < p.done < p.measures for p in partly)
    assert Measure.objects.filter(status=Status.IN_PROGRESS).exists()


def test_every_printed_login_works_with_its_role(demo):
    khambong = Agency.objects.get(code="khambong")
    for login in LOGINS:
        response = Client().post(
            "/accounts/login/", {"username": login.username, "password": login.password}
        )
        assert response.status_code == 302, login.username  # back to the login page otherwise
    expected = {
        "admin": Access.MANAGE,
        "coordinator": Access.VIEW,
        "khambong-admin": Access.MANAGE,
        "khambong-editor": Access.EDIT,
        "khambong-viewer": Access.VIEW,
    }
    for username, level in expected.items():
        assert access_to(User.objects.get(username=username), khambong) == level
    coordinator = User.objects.get(username="coordinator")
    assert set(coordinated_agencies(coordinator).values_list("province", flat=True)) == {"อุดรธานี"}


def test_the_demo_refuses_a_production_site_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="OPENITA_DEBUG"):
        call_command("demo", stdout=StringIO())
    assert not Agency.objects.exists()
    load_demo(force=True)
    assert Agency.objects.filter(code="khambong").exists()


def test_the_demo_records_the_fiscal_years_the_site_can_score(db, settings):
    from openita.frameworks.loader import available_years
    from openita.web.assessments.models import Framework
    from openita.web.demo import load_demo

    settings.DEBUG = True
    load_demo()
    assert set(Framework.objects.values_list("fiscal_year", flat=True)) == set(available_years())


def test_the_demo_plans_are_those_of_the_year_after_their_results_whatever_the_day(
    settings,
) -> None:
    """A plan moved to the year of the day the demo ran (2570 in December 2026) kept the texts
    drafted for 2569: its KPIs and its report's Part 2 said "ภายในปีงบประมาณ พ.ศ. 2569" under
    the heading of 2570. Every demo plan is the 2569 plan of the 2568 results, its measures
    spread over 2569, and its plan file is one `openita plan validate` accepts."""
    from openita.analysis.plan import dump_plan, parse_plan
    from openita.web.plans.services import action_plan

    settings.DEBUG = True
    load_demo()
    plans = list(ActionPlan.objects.all())
    assert len(plans) >= 3
    first, last = fiscal_year_bounds(2569)
    for plan in plans:
        assert (plan.based_on_year, plan.fiscal_year) == (2568, 2569)
        measures = list(Measure.objects.filter(section__plan=plan))
        assert measures
        assert all(first <= m.start <= m.end <= last for m in measures)
        assert any(m.end == last for m in measures)
        texts = " ".join(f"{m.title} {m.kpi} {m.steps}" for m in measures)
        assert "2570" not in texts and "2569" in texts
        parse_plan(dump_plan(action_plan(plan)), "plan.yaml")  # the file round-trips


def test_the_demo_schedule_spreads_measures_over_the_quarters() -> None:
    assert demo_schedule(2570, 5) == [
        (date(2026, 10, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 3, 31)),
        (date(2027, 4, 1), date(2027, 6, 30)),
        (date(2027, 7, 1), date(2027, 9, 30)),
        (date(2026, 10, 1), date(2026, 12, 31)),
    ]
