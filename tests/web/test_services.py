"""The web app's adapters give the same numbers as the CLI on the seed."""

from openita.web.assessments import reporting
from openita.web.plans import services as plans
from openita.web.plans.models import Measure


def test_the_drafted_plan_answers_the_2568_results_in_fiscal_year_2569(khambong):
    plan = plans.create_draft(khambong, 2568)
    assert (plan.fiscal_year, plan.based_on_year) == (2569, 2568)
    indicators = list(plan.sections.values_list("indicator", flat=True))
    # the same sections as `openita plan draft` on the seed: every indicator (issue 11)
    assert indicators == [str(n) for n in range(1, 11)]
    assert Measure.objects.filter(section__plan=plan).count() > 0
    assert plans.create_draft(khambong, 2568).pk == plan.pk  # an existing plan is kept


def test_plan_progress_averages_the_measures_that_are_not_cancelled(khambong):
    plan = plans.create_draft(khambong, 2568)
    measures = list(Measure.objects.filter(section__plan=plan))
    for m in measures:
        m.progress, m.status = 0, "not_started"
        m.save()
    measures[0].progress, measures[0].status = 100, "done"
    measures[0].save()
    got = plans.progress(plan)
    assert (got.measures, got.done) == (len(measures), 1)
    assert round(got.percent, 6) == round(100 / len(measures), 6)


def test_the_edited_plan_goes_into_the_report(khambong):
    plan = plans.create_draft(khambong, 2568)
    measure = Measure.objects.filter(section__plan=plan).first()
    measure.title = "มาตรการทดสอบจากหน้าเว็บ"
    measure.save()
    pure = plans.action_plan(plan)
    assert any(m.title == "มาตรการทดสอบจากหน้าเว็บ" for s in pure.sections for m in s.measures)
    report = reporting.render(khambong, 2568, "docx")
    assert report.filename == "ita-2568-khambong.docx"
    assert report.content[:2] == b"PK"


def test_a_score_out_of_range_is_refused_with_its_row_and_field(khambong):
    import pytest

    from openita.errors import InputError
    from openita.web.assessments import services

    csv = "field,value\nfiscal_year,2568\nagency.name,เทศบาลตำบลคำบง\n" + "".join(
        f"indicator.{i},{120 if i == 3 else 95}\n" for i in range(1, 11)
    )
    with pytest.raises(InputError) as caught:
        services.read_upload(csv.encode(), "bad.csv", khambong)
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (6, "indicator 3")
