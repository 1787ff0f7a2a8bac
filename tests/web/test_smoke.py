from openita.web.assessments.models import Result


def test_the_seed_result_is_stored_with_its_published_scores(khambong):
    row = Result.objects.get(agency=khambong, fiscal_year=2568)
    assert (row.overall, row.level) == (94.11, "ผ่านดี")
    assert Result.objects.get(agency=khambong, fiscal_year=2567).overall == 99.00


def test_a_viewer_sees_the_dashboard_and_an_outsider_gets_404(client_as):
    assert client_as("viewer").get("/a/khambong/").status_code == 200
    assert client_as("outsider_admin").get("/a/khambong/").status_code == 404
