"""The admin index: what waits for review, recent imports, coverage gaps, recent changes and treaty deadlines to
check."""

import datetime as dt

import pytest
from django.urls import reverse

from kb.choices import ReviewStatusChoices
from kb.models import Area, ContaminationRecord, Source
from kb.services.imports.batches import import_batch_apply, import_batch_preview
from tests.factories import SourceFactory, TreatyObligationFactory
from tests.factories.statistics import CasualtyRecordFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def dashboard(client) -> str:
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('id="dashboard"') :]


def test_drafts_and_records_in_review_are_counted_with_links(admin_client):
    area = Area.objects.create(code="XDA", kind="territory", name="Dashland")
    CasualtyRecordFactory(area=area, status=ReviewStatusChoices.IN_REVIEW, is_preferred=False)
    CasualtyRecordFactory(
        area=area, status=ReviewStatusChoices.IN_REVIEW, is_preferred=False, period_start=dt.date(2019, 1, 1)
    )
    html = dashboard(admin_client)
    changelist = reverse("admin:kb_casualtyrecord_changelist")
    assert f'<a href="{changelist}?status__exact=in_review">2</a>' in html


def test_nothing_waiting_is_said_plainly(admin_client):
    assert "Nothing is waiting" in dashboard(admin_client)


def test_recent_imports_and_changes_are_listed(admin_client, admin_user):
    content = b"country_code,period,total,source\nWLD,2015,6971,lm2023-impact\n"
    batch = import_batch_preview(resource="casualties", content=content, filename="world-2015.csv", by=admin_user)
    import_batch_apply(batch=batch, by=admin_user, background=False)
    html = dashboard(admin_client)
    assert "world-2015.csv" in html
    assert "created" in html and "admin" in html  # the change, with who made it


def test_coverage_matrix_marks_years_without_records(admin_client):
    html = dashboard(admin_client)
    coverage = html[html.index('id="coverage-heading"') :]
    assert "Poland" in coverage
    assert 'class="cell gap"' in coverage


def test_dashboard_is_for_staff_only(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_states_reported_as_contaminated_show_missing_statistics(admin_client):
    today = dt.date.today()
    ContaminationRecord.objects.create(
        area=Area.objects.get(code="KHM"),
        period_kind="as_of",
        period_start=today,
        period_end=today,
        extent_class="unknown",
        source=Source.objects.get(slug="lm2023-impact"),
        status="draft",
    )
    html = dashboard(admin_client)
    section = html[html.index('id="contaminated-heading"') :]
    row = section[section.index("Cambodia") :]
    row = row[: row.index("</tr>")]
    assert row.count("·") == 9  # the other years: not reported
    assert "missing: contamination records, land release records, casualty records" in row
    assert 'class="cell gap"' in row


def test_deadlines_passed_with_nothing_recorded_since_are_listed_to_check(admin_client):
    """Drafts count too: staff see the work before it is published. A later source takes a deadline off the list."""
    area = Area.objects.create(code="XDL", kind="territory", name="Deadland")
    row = TreatyObligationFactory(area=area, deadline=dt.date(2015, 3, 1), status=ReviewStatusChoices.DRAFT)
    html = dashboard(admin_client)
    section = html[html.index('id="deadlines-heading"') :]
    changelist = reverse("admin:kb_treatyobligation_changelist")
    link = f"{changelist}?area__id__exact={area.pk}&amp;treaty__id__exact={row.treaty_id}&amp;article__exact=5"
    assert f'<a href="{link}">Deadland</a>' in section  # by treaty too: both conventions have an Article 4
    assert "2015-03-01" in section and "no date given" in section
    row.citations.create(source=SourceFactory(published_on=dt.date(2016, 1, 10)), locator="p. 2")
    section = dashboard(admin_client)
    assert "Deadland" not in section[section.index('id="deadlines-heading"') :]
