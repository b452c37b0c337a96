"""Change-list cells made to fit a laptop screen: one cell of figures, the casualty share, the source by slug with
its title as tooltip, long text cut with the whole of it as tooltip."""

from decimal import Decimal

import pytest
from django.urls import reverse

from kb.admin.columns import truncated
from kb.models import ImportBatch
from tests.factories import CasualtyRecordFactory
from tests.factories.sources import SourceFactory

pytestmark = pytest.mark.django_db


def test_casualty_list_shows_figures_share_and_source_in_few_columns(admin_client):
    source = SourceFactory(slug="monitor-2023-impact", title="Landmine Monitor 2023: The Impact")
    CasualtyRecordFactory(
        source=source, killed=1661, injured=3015, total=4710, share_percent=Decimal("85.00"), share_of=4341
    )
    response = admin_client.get(reverse("admin:kb_casualtyrecord_changelist"), {"q": "monitor-2023-impact"})
    html = response.content.decode()
    assert '<span class="kb-figure">killed <b>1,661</b></span>' in html
    assert '<span class="kb-figure">total <b>4,710</b></span>' in html
    assert "fate unknown" not in html.split('id="result_list"')[1]  # a figure not reported takes no room
    assert "85% of 4,341" in html
    assert '<span title="Landmine Monitor 2023: The Impact">monitor-2023-impact</span>' in html
    headers = response.context["cl"].list_display
    assert [name for name in headers if name in ("killed", "injured", "total", "source")] == []


def test_casualty_share_in_ukrainian(admin_client):
    source = SourceFactory(slug="share-in-ukrainian")
    CasualtyRecordFactory(
        source=source, share_percent=Decimal("49.5"), share_of=None, share_basis="civilian casualties"
    )
    url = reverse("admin:kb_casualtyrecord_changelist")
    response = admin_client.get(url, {"q": "share-in-ukrainian"}, HTTP_ACCEPT_LANGUAGE="uk")
    cell = response.content.decode().split('<td class="field-share">')[1].split("</td>")[0]
    assert cell == '<span class="kb-cut" title="49,5% від civilian casualties">49,5% від civilian casu…</span>'


def test_long_text_is_cut_with_the_whole_of_it_as_tooltip():
    title = "Landmine Monitor 2023: the impact of mines in Ukraine"
    assert truncated(title, 30) == f'<span class="kb-cut" title="{title}">Landmine Monitor 2023: the im…</span>'
    assert truncated("Short", 30) == "Short"
    assert truncated("", 30) == "-"


def test_import_batch_list_cuts_the_file_name_and_sums_up_the_outcome(admin_client, admin_user):
    name = "casualties-from-the-national-mine-action-centre-2025-final-corrected.csv"
    batch = ImportBatch.objects.create(
        resource="casualties", filename=name, content=b"", created_by=admin_user, totals={"new": 12, "changed": 3}
    )
    html = admin_client.get(reverse("admin:kb_importbatch_changelist")).content.decode()
    assert f'<span class="kb-cut" title="{name}">{name[:39]}…</span>' in html  # 40 characters with the ellipsis
    assert '<td class="field-outcome_cell">12 new records, 3 records changed, 0 records unchanged</td>' in html
    page = admin_client.get(reverse("admin:kb_importbatch_change", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="uk")
    assert '<td id="batch-totals">12 нових записів, 3 записи змінено, 0 записів без змін</td>' in page.content.decode()
