"""Nothing the public sees changes without a reviewer: preference, publishing what was reviewed, partner identity.

Each test names the finding of docs/reliability.md ("Security review") it proves fixed."""

import datetime as dt

import pytest
from django.urls import reverse

from kb.choices import ReviewStatusChoices as Status
from kb.models import CasualtyRecord, Organisation
from kb.services.figures import figure_cell_lock
from kb.services.review import record_publish, record_submit
from kb.services.tokens import partner_account_get
from tests.factories import AreaFactory, CasualtyRecordFactory, SourceFactory

pytestmark = pytest.mark.django_db

CELL = {"period": "2016", "source": "lm2023-impact"}


def public_totals(api_client, code: str) -> list:
    return [r["total"] for r in api_client.get("/api/v1/casualties/", {"area": code}).json()["results"]]


def test_h1_partner_preferred_draft_cannot_demote_a_published_figure(partner_client, api_client):
    area = AreaFactory(code="XH1")
    published = CasualtyRecordFactory(area=area, total=9437, source=SourceFactory(), period_start=dt.date(2016, 1, 1))
    assert published.is_preferred and published.status == Status.PUBLISHED
    response = partner_client.post(
        "/api/v1/casualties/", {"country_code": "XH1", **CELL, "total": 1, "preferred": True}, format="json"
    )
    assert response.status_code == 400
    assert "only a reviewer changes that" in response.json()["preferred"][0]
    published.refresh_from_db()
    assert published.is_preferred
    assert public_totals(api_client, "XH1") == [9437]


def test_h1_a_partner_draft_that_came_first_does_not_hide_a_figure_published_later(
    partner_client, editor, reviewer, api_client
):
    AreaFactory(code="XH2")
    response = partner_client.post("/api/v1/casualties/", {"country_code": "XH2", **CELL, "total": 1}, format="json")
    assert response.status_code == 201 and response.json()["is_preferred"] is True  # first in an empty cell
    staff = CasualtyRecord.objects.create(
        area=response_area("XH2"),
        period_kind="year",
        period_start="2016-01-01",
        period_end="2016-12-31",
        total=42,
        source=SourceFactory(),
    )
    record_submit(record=staff, by=editor)
    record_publish(record=staff, by=reviewer, seen_version=staff.version)
    assert public_totals(api_client, "XH2") == [42]
    assert not CasualtyRecord.objects.get(pk=response.json()["id"]).is_preferred


def response_area(code):
    from kb.models import Area

    return Area.objects.get(code=code)


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_h2_make_preferred_is_a_reviewer_action(client, request, role):
    user = request.getfixturevalue(role)
    area = AreaFactory(code="XH3")
    first = CasualtyRecordFactory(area=area, total=10)
    second = CasualtyRecordFactory(area=area, total=12, is_preferred=False, source=SourceFactory())
    client.force_login(user)
    response = client.post(
        reverse("admin:kb_casualtyrecord_changelist"),
        {"action": "make_preferred", "_selected_action": [second.pk], "reason": "Newer survey."},
    )
    assert response.status_code in (200, 302)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_preferred, second.is_preferred) == (True, False)


def test_h2_a_reviewer_cannot_give_a_draft_the_preference_of_a_published_figure(client, reviewer):
    area = AreaFactory(code="XH4")
    first = CasualtyRecordFactory(area=area, total=10)
    draft = CasualtyRecordFactory(area=area, total=12, is_preferred=False, source=SourceFactory(), status=Status.DRAFT)
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:kb_casualtyrecord_changelist"),
        {"action": "make_preferred", "_selected_action": [draft.pk], "reason": "Newer survey."},
        follow=True,
    )
    assert "only a reviewer changes that, after publishing" in response.content.decode()
    first.refresh_from_db()
    assert first.is_preferred


def test_h3_organisations_sharing_a_long_name_prefix_have_separate_accounts(make_token):
    stem = "International Campaign to Ban Landmines Regional Office"
    first = Organisation.objects.create(name=f"{stem} North", kind="ngo")
    second = Organisation.objects.create(name=f"{stem} South", kind="ngo")
    assert partner_account_get(organisation=first) != partner_account_get(organisation=second)
    _, client_a = make_token(organisation=first)
    _, client_b = make_token(organisation=second)
    created = client_a.post("/api/v1/casualties/", {"country_code": "XKX", **CELL, "total": 3}, format="json")
    assert created.status_code == 201
    url = f"/api/v1/casualties/{created.json()['id']}/"
    assert client_b.get(url).status_code == 404
    response = client_b.patch(url, {"total": 4}, format="json", headers={"If-Match": created["ETag"]})
    assert response.status_code == 404
    assert CasualtyRecord.objects.get(pk=created.json()["id"]).total == 3


def test_m4_publish_publishes_the_version_the_reviewer_saw(editor, reviewer, api_client):
    record = CasualtyRecordFactory(area=AreaFactory(code="XM4"), total=5, status=Status.DRAFT)
    record_submit(record=record, by=editor)
    seen = record.version
    CasualtyRecord.objects.filter(pk=record.pk).update(total=999999)  # an edit after the reviewer looked
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="changed after you looked at it"):
        record_publish(record=record, by=reviewer, seen_version=seen)
    assert public_totals(api_client, "XM4") == []


def test_m4_an_edit_of_a_record_in_review_sends_it_back_to_draft(make_token, editor):
    _, client = make_token()
    created = client.post("/api/v1/casualties/", {"country_code": "XKX", **CELL, "total": 5}, format="json")
    record = CasualtyRecord.objects.get(pk=created.json()["id"])
    record.status = Status.IN_REVIEW  # as if submitted
    record.save(update_fields=["status"])
    record.refresh_from_db()
    from kb.services.records import record_update

    changed = record_update(
        record=record, changes={"total": "999999"}, by=editor, expected_version=record.version, partner=None
    )
    assert (changed.status, changed.total) == (Status.DRAFT, 999999)


def test_m4_admin_publish_action_sends_the_version_shown(client, editor, reviewer, api_client):
    record = CasualtyRecordFactory(area=AreaFactory(code="XM5"), total=5, status=Status.DRAFT)
    record_submit(record=record, by=editor)
    client.force_login(reviewer)
    url = reverse("admin:kb_casualtyrecord_changelist")
    page = client.get(url, {"q": "XM5"}).content.decode()
    assert f'name="_seen_version_{record.pk}" value="{record.version}"' in page
    CasualtyRecord.objects.filter(pk=record.pk).update(total=999999)
    client.post(url, {"action": "publish", "_selected_action": [record.pk], f"_seen_version_{record.pk}": 2})
    assert public_totals(api_client, "XM5") == []
    record.refresh_from_db()
    client.post(
        url, {"action": "publish", "_selected_action": [record.pk], f"_seen_version_{record.pk}": record.version}
    )
    assert public_totals(api_client, "XM5") == [999999]


def test_low_the_cell_is_locked_while_its_first_preferred_figure_is_decided(second_connection):
    from kb.services.figures import figure_cell_filter

    record = CasualtyRecord(area=AreaFactory(code="XL1"), period_start="2016-01-01", period_end="2016-12-31")
    figure_cell_lock(record)  # held by this test's transaction, as by a partner's first figure for the cell
    key = "|".join([record._meta.db_table, *(str(v) for v in figure_cell_filter(record).values())])
    taken = second_connection.execute("SELECT pg_try_advisory_lock(hashtextextended(%s, 0))", [key]).fetchone()[0]
    assert taken is False  # a second partner's first figure waits, then sees the first one's preference


def test_m5_a_partners_new_source_is_not_public_until_a_reviewer_approves_it(partner_client, api_client, reviewer):
    from kb.models import Source
    from kb.services.review import sources_approve

    response = partner_client.post(
        "/api/v1/sources/",
        {"slug": "partner-claims", "kind": "report", "title": "Claims", "language": "en"},
        format="json",
    )
    assert response.status_code == 201
    assert api_client.get("/api/v1/sources/partner-claims/").status_code == 404
    assert "partner-claims" not in api_client.get("/api/v1/sources/", {"limit": 1000}).content.decode()
    sources_approve(sources=Source.objects.filter(slug="partner-claims"), by=reviewer)
    assert api_client.get("/api/v1/sources/partner-claims/").json()["title"] == "Claims"


def test_m5_publishing_a_figure_approves_the_source_it_cites(partner_client, editor, reviewer, api_client):
    partner_client.post(
        "/api/v1/sources/",
        {"slug": "partner-count", "kind": "report", "title": "Count", "language": "en"},
        format="json",
    )
    created = partner_client.post(
        "/api/v1/casualties/",
        {"country_code": "XKX", "period": "2017", "total": 5, "source": "partner-count"},
        format="json",
    )
    record = CasualtyRecord.objects.get(pk=created.json()["id"])
    record_submit(record=record, by=editor)
    record_publish(record=record, by=reviewer, seen_version=record.version)
    assert api_client.get("/api/v1/sources/partner-count/").status_code == 200


@pytest.mark.parametrize(
    ("resource", "text"),
    [
        ("areas", "code,name,kind\nPOL,Polska (renamed),country\n"),
        ("organisations", "name,kind\nHumanity & Inclusion,ngo\nNew Org,ngo\n"),
    ],
)
def test_m5_editors_cannot_rename_or_add_reference_records(editor, resource, text):
    from kb.services.imports import ImportRejected, rows_import

    with pytest.raises(ImportRejected, match="only reviewers add or change them"):
        rows_import(resource=resource, content=text.encode(), filename="r.csv", by=editor)


@pytest.fixture
def proposed_source(editor):
    """A source an editor proposed: not reviewed, so not public."""
    return SourceFactory(slug="proposed-claims", title="Unreviewed claims", reviewed=False)


def _cite_in_admin(client, user, record, source):
    from django.contrib.contenttypes.models import ContentType

    client.force_login(user)
    content_type = ContentType.objects.get_for_model(record)
    form = {"content_type": content_type.pk, "object_id": record.pk, "source": source.pk, "locator": "p. 9"}
    return client.post(reverse("admin:kb_citation_add"), form)


def test_an_editor_cannot_cite_a_proposed_source_on_a_published_figure(client, editor, proposed_source, api_client):
    from kb.models import Citation

    published = CasualtyRecordFactory(status=Status.PUBLISHED)
    assert _cite_in_admin(client, editor, published, proposed_source).status_code == 403
    assert not Citation.objects.filter(source=proposed_source).exists()
    assert "Unreviewed claims" not in api_client.get(f"/api/v1/casualties/{published.pk}/").content.decode()


def test_an_editor_cannot_remove_a_citation_of_a_published_figure(client, editor):
    from kb.models import Citation
    from tests.factories import CitationFactory

    citation = CitationFactory(record=CasualtyRecordFactory(status=Status.PUBLISHED))
    client.force_login(editor)
    response = client.post(reverse("admin:kb_citation_delete", args=[citation.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Citation.objects.filter(pk=citation.pk).exists()


def test_an_editor_still_cites_freely_on_a_draft(client, editor, proposed_source):
    from kb.models import Citation

    draft = CasualtyRecordFactory(status=Status.DRAFT)
    assert _cite_in_admin(client, editor, draft, proposed_source).status_code == 302
    assert Citation.objects.filter(object_id=draft.pk, source=proposed_source).exists()


def test_a_reviewer_citing_a_proposed_source_on_a_published_figure_approves_it(
    client, reviewer, proposed_source, api_client
):
    published = CasualtyRecordFactory(status=Status.PUBLISHED)
    assert _cite_in_admin(client, reviewer, published, proposed_source).status_code == 302
    assert api_client.get("/api/v1/sources/proposed-claims/").json()["title"] == "Unreviewed claims"


def test_a_reviewer_moving_a_published_figure_to_a_proposed_source_approves_it(reviewer, proposed_source, api_client):
    from kb.services.writes.records import record_update

    published = CasualtyRecordFactory(status=Status.PUBLISHED)
    record_update(record=published, changes={"source": proposed_source.slug}, by=reviewer, expected_version=None)
    assert api_client.get(f"/api/v1/casualties/{published.pk}/").json()["source"]["title"] == "Unreviewed claims"
    assert api_client.get("/api/v1/sources/proposed-claims/").status_code == 200


@pytest.fixture
def in_review(editor):
    """An editor's figure submitted for review: the 2021 total of 12 casualty_add_data posts, unchanged."""
    from kb.models import Source

    record = CasualtyRecordFactory(
        area=AreaFactory(code="XIR"),
        period_start=dt.date(2021, 1, 1),
        period_end=dt.date(2021, 12, 31),
        total=12,
        source=Source.objects.get(slug="lm2022-impact"),
        status=Status.DRAFT,
        submitted_by=editor,
    )
    record_submit(record=record, by=editor)
    record.refresh_from_db()
    return record


def test_citing_a_record_in_review_sends_it_back_to_draft(client, reviewer, in_review):
    """A reviewer's change is never published as if another had made it: citations are part of the record."""
    assert _cite_in_admin(client, reviewer, in_review, SourceFactory()).status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == Status.DRAFT


def test_citations_changed_inline_send_a_record_in_review_back_to_draft(client, reviewer, in_review):
    from tests.admin.forms import casualty_add_data

    prefix = "kb-citation-content_type-object_id"
    data = casualty_add_data(
        in_review.area,
        seen_version=in_review.version,
        is_preferred="on",
        preference_reason=in_review.preference_reason,
        **{f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-source": SourceFactory().pk, f"{prefix}-0-locator": "p. 3"},
    )
    client.force_login(reviewer)
    response = client.post(reverse("admin:kb_casualtyrecord_change", args=[in_review.pk]), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    in_review.refresh_from_db()
    assert (in_review.status, in_review.citations.count()) == (Status.DRAFT, 1)


def test_a_citation_typed_in_the_citations_list_must_belong_to_a_cited_record_that_exists(client, editor):
    from django.contrib.contenttypes.models import ContentType

    from kb.models import Area, Citation, ProgrammeMilestone

    client.force_login(editor)
    source = SourceFactory()
    add = reverse("admin:kb_citation_add")
    for model, object_id, field in [
        (Area, Area.objects.first().pk, "content_type"),
        (ProgrammeMilestone, 999999, "object_id"),
    ]:
        form = {
            "content_type": ContentType.objects.get_for_model(model).pk,
            "object_id": object_id,
            "source": source.pk,
        }
        response = client.post(add, form)
        assert response.status_code == 200 and field in response.context["adminform"].form.errors, model
    assert not Citation.objects.filter(source=source).exists()
    offered = client.get(add).context["adminform"].form.fields["content_type"].queryset
    assert ContentType.objects.get_for_model(Area) not in offered
    assert ContentType.objects.get_for_model(ProgrammeMilestone) in offered
