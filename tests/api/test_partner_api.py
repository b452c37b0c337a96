"""Partner API: tokens and scopes, submissions, bulk, updates with If-Match, the change feed."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from kb.models import CasualtyRecord, PartnerToken
from kb.services.imports.base import MSG_EXISTS_HIDDEN, MSG_SAME_ITEM
from tests.factories import AreaFactory, CasualtyRecordFactory

pytestmark = pytest.mark.django_db

FIGURE = {"country_code": "XKX", "period": "2024", "total": 7, "killed": 2, "injured": 5, "source": "lm2023-impact"}


# Tokens and scopes ---------------------------------------------------------------------------------------------


def test_writes_without_a_token_are_401_with_a_challenge(api_client):
    response = api_client.post("/api/v1/casualties/", FIGURE, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Token realm="api"'


def test_read_only_token_cannot_write(make_token):
    _, client = make_token(scopes=["read"])
    assert client.get("/api/v1/casualties/").status_code == 200
    response = client.post("/api/v1/casualties/", FIGURE, format="json")
    assert response.status_code == 403


def test_submit_only_token_cannot_read(make_token):
    _, client = make_token(scopes=["submit"])
    assert client.get("/api/v1/casualties/").status_code == 403


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"expires_at": timezone.now() - dt.timedelta(minutes=1)}, "This token has expired."),
        ({"allowed_ips": ["10.1.2.3"]}, "This token may not be used from 127.0.0.1."),
    ],
)
def test_expired_or_wrong_ip_tokens_are_401(make_token, options, message):
    _, client = make_token(**options)
    response = client.get("/api/v1/casualties/")
    assert response.status_code == 401
    assert response.json() == {"detail": message}


def test_revoked_and_unknown_tokens_are_401(make_token):
    from kb.services.tokens import token_revoke

    token, client = make_token()
    token_revoke(token=token)
    assert client.post("/api/v1/casualties/", FIGURE, format="json").status_code == 401
    from rest_framework.test import APIClient

    stranger = APIClient(headers={"Authorization": "Token not-a-real-key-at-all"})
    assert stranger.get("/api/v1/casualties/").json() == {"detail": "Invalid token."}


def test_allowed_ip_passes_and_last_use_is_recorded(make_token):
    token, client = make_token(allowed_ips=["127.0.0.1"])
    assert client.get("/api/v1/casualties/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_keys_are_stored_hashed_and_shown_once_in_the_admin(admin_client, partner_org):
    response = admin_client.post(
        reverse("admin:kb_partnertoken_add"),
        {"organisation": partner_org.pk, "name": "IMSMA sync", "scopes": ["read", "submit"], "allowed_ips": ""},
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    key = response.context["key"]
    token = PartnerToken.objects.get(name="IMSMA sync")
    assert key.startswith(token.prefix) and key not in token.key_hash and len(token.key_hash) == 64
    assert f'<code id="token-key">{key}</code>' in response.content.decode()
    assert key not in response.cookies.get("messages", "") and "messages" not in response.cookies  # not in a cookie
    detail = admin_client.get(reverse("admin:kb_partnertoken_change", args=[token.pk])).content.decode()
    assert key not in detail


def test_anonymous_throttle_answers_429_with_retry_after(settings):
    from rest_framework.test import APIClient
    from rest_framework.throttling import AnonRateThrottle

    cache.clear()
    original = AnonRateThrottle.THROTTLE_RATES
    AnonRateThrottle.THROTTLE_RATES = {**original, "anon": "2/minute"}
    try:
        client = APIClient()
        codes = [client.get("/api/v1/treaties/") for _ in range(3)]
    finally:
        AnonRateThrottle.THROTTLE_RATES = original
        cache.clear()
    assert [r.status_code for r in codes] == [200, 200, 429]
    assert int(codes[-1]["Retry-After"]) > 0


# Submissions ---------------------------------------------------------------------------------------------------


def test_partner_submission_arrives_as_an_attributed_draft(partner_client, partner_org, api_client, staff_client):
    response = partner_client.post(
        "/api/v1/casualties/",
        {
            **FIGURE,
            "qualifiers": {"total": "at_least"},
            "citations": [{"source": "national-lm2023", "locator": "p. 2"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["total"], body["qualifiers"]) == ("draft", 7, {"total": "at_least"})
    assert response["ETag"] == f'"{body["id"]}-1.en.json"'
    record = CasualtyRecord.objects.get(pk=body["id"])
    assert record.partner_organisation == partner_org
    assert record.submitted_by.username.startswith("partner-")
    assert [c.source.slug for c in record.citations.all()] == ["national-lm2023"]
    assert api_client.get("/api/v1/casualties/", {"area": "XKX"}).json()["results"] == []  # not public
    assert api_client.get(f"/api/v1/casualties/{record.pk}/").status_code == 404
    assert partner_client.get(f"/api/v1/casualties/{record.pk}/").status_code == 200  # its own draft
    assert staff_client.get(f"/api/v1/casualties/{record.pk}/").status_code == 200


def test_submission_errors_are_400_per_field(partner_client):
    response = partner_client.post(
        "/api/v1/casualties/", {**FIGURE, "country_code": "QQQ", "killed": 9, "total": "x"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"total": ["A valid integer is required."]}
    response = partner_client.post("/api/v1/casualties/", {**FIGURE, "country_code": "QQQ"}, format="json")
    assert response.json() == {"country_code": ["Unknown country code 'QQQ'."]}
    response = partner_client.post("/api/v1/casualties/", {**FIGURE, "killed": 9}, format="json")
    assert response.json() == {
        "non_field_errors": ["Killed, injured and fate unknown together cannot exceed the total."]
    }


def test_submitting_an_existing_figure_is_refused(partner_client):
    assert partner_client.post("/api/v1/casualties/", FIGURE, format="json").status_code == 201
    response = partner_client.post("/api/v1/casualties/", FIGURE, format="json")
    assert response.status_code == 400
    assert "already exists" in response.json()["non_field_errors"][0]


def test_bulk_create_is_all_or_nothing(partner_client):
    items = [FIGURE, {**FIGURE, "period": "2023"}, {**FIGURE, "period": "2022", "country_code": "QQQ"}]
    response = partner_client.post("/api/v1/casualties/bulk/", items, format="json")
    assert response.status_code == 400
    assert response.json() == {"items": [{}, {}, {"country_code": ["Unknown country code 'QQQ'."]}]}
    assert not CasualtyRecord.objects.filter(area__code="XKX").exists()
    response = partner_client.post("/api/v1/casualties/bulk/", items[:2], format="json")
    assert response.status_code == 201
    assert [r["period"] for r in response.json()] == ["2024", "2023"]


def test_a_field_no_route_writes_is_refused_not_dropped(partner_client):
    """A typo lost its figure with a 201, and `status` seemed accepted: both are 400s naming the key."""
    response = partner_client.post("/api/v1/casualties/", {**FIGURE, "kiled": 3, "status": "published"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"kiled", "status"} and "writable fields" in response.json()["kiled"][0]
    assert not CasualtyRecord.objects.filter(area__code="XKX").exists()
    bulk = partner_client.post("/api/v1/casualties/bulk/", [FIGURE, {**FIGURE, "injurd": 4}], format="json")
    assert bulk.status_code == 400 and list(bulk.json()["items"][1]) == ["injurd"]
    created = partner_client.post("/api/v1/casualties/", FIGURE, format="json")
    url = f"/api/v1/casualties/{created.json()['id']}/"
    patch = partner_client.patch(url, {"injurd": 4}, format="json", headers={"If-Match": created["ETag"]})
    assert patch.status_code == 400 and list(patch.json()) == ["injurd"]


def test_bulk_type_errors_and_size(partner_client):
    response = partner_client.post("/api/v1/casualties/bulk/", [FIGURE, {**FIGURE, "total": "many"}], format="json")
    assert response.json()["items"][1] == {"total": ["A valid integer is required."]}
    assert partner_client.post("/api/v1/casualties/bulk/", [], format="json").status_code == 400


def test_update_own_draft_needs_if_match(partner_client):
    created = partner_client.post("/api/v1/casualties/", FIGURE, format="json")
    url, etag = f"/api/v1/casualties/{created.json()['id']}/", created["ETag"]
    assert partner_client.patch(url, {"total": 8}, format="json").status_code == 428
    stale_etag = f'"{created.json()["id"]}-999"'
    stale = partner_client.patch(url, {"total": 8}, format="json", headers={"If-Match": stale_etag})
    assert stale.status_code == 412
    ok = partner_client.patch(url, {"total": 8}, format="json", headers={"If-Match": etag})
    assert ok.status_code == 200 and ok.json()["total"] == 8
    assert ok["ETag"] != etag
    again = partner_client.patch(url, {"total": 9}, format="json", headers={"If-Match": etag})
    assert again.status_code == 412  # the first change made that ETag stale
    bad = partner_client.patch(url, {"killed": 100}, format="json", headers={"If-Match": ok["ETag"]})
    assert bad.status_code == 400


def test_partners_cannot_change_published_or_others_records(partner_client, make_token):
    from kb.models import Organisation

    published = CasualtyRecord.objects.get(area__code="WLD", year=2018, device_type=None, civilian_status=None)
    etag = f'"{published.pk}-{published.version}"'
    response = partner_client.patch(
        f"/api/v1/casualties/{published.pk}/", {"total": 1}, format="json", headers={"If-Match": etag}
    )
    assert response.status_code == 403
    created = partner_client.post("/api/v1/casualties/", FIGURE, format="json")
    _, other = make_token(organisation=Organisation.objects.get(name="Human Rights Watch"))
    url = f"/api/v1/casualties/{created.json()['id']}/"
    assert other.patch(url, {"total": 1}, format="json", headers={"If-Match": created["ETag"]}).status_code == 404


def test_sources_can_be_submitted(partner_client):
    response = partner_client.post(
        "/api/v1/sources/",
        {"slug": "partner-report-2025", "kind": "report", "title": "Partner report", "language": "en"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["slug"] == "partner-report-2025"
    # The Location names the detail by slug, as the route reads it: the record's id there was a 404.
    assert response["Location"] == "http://testserver/api/v1/sources/partner-report-2025/"
    assert partner_client.get(response["Location"]).json()["slug"] == "partner-report-2025"


# Change feed ---------------------------------------------------------------------------------------------------


def test_change_feed_lists_publications_retractions_and_deletions(api_client, staff_client):
    since = (timezone.now() - dt.timedelta(seconds=1)).isoformat()
    area = AreaFactory(code="XCF")
    kept = CasualtyRecordFactory(area=area, total=1)
    gone = CasualtyRecordFactory(area=area, total=2, device_type="improvised_mine")
    draft = CasualtyRecordFactory(area=area, total=3, device_type="other_erw", status="draft")
    CasualtyRecord.objects.filter(pk=kept.pk).update(status="retracted", retraction_reason="wrong")
    gone_pk = gone.pk
    gone.delete()
    body = api_client.get("/api/v1/changes/", {"since": since, "resource": "casualties"}).json()
    actions = [(c["id"], c["action"]) for c in body["results"] if c["id"] in (kept.pk, gone_pk, draft.pk)]
    assert actions == [(kept.pk, "published"), (gone_pk, "published"), (kept.pk, "retracted"), (gone_pk, "deleted")]
    staff = staff_client.get("/api/v1/changes/", {"since": since, "resource": "casualties"}).json()
    assert (draft.pk, "created") in [(c["id"], c["action"]) for c in staff["results"]]


def test_change_feed_cursor_continues_without_repeats(api_client, demo_data):
    first = api_client.get("/api/v1/changes/", {"limit": 10}).json()
    second = api_client.get("/api/v1/changes/", {"limit": 10, "cursor": first["next_cursor"]}).json()
    ids = [(c["resource"], c["cursor"]) for c in first["results"] + second["results"]]
    assert len(ids) == len(set(ids)) == 20
    refused = api_client.get("/api/v1/changes/", {"since": "soon"})
    assert (refused.status_code, list(refused.json())) == (400, ["since"])
    assert isinstance(refused.json()["since"], list)  # the message itself, not nested under another name


def test_the_change_feeds_cursors_are_not_compiled(api_client, demo_data):
    """Each table's cursor is planned for all its events and PostgreSQL compiled such a plan (JIT) before the first
    row, about 0.2 s a page over a million events: the feed's transaction runs without JIT (kb/selectors/changes.py)."""
    seen = []

    def watch(execute, sql, params, many, context):
        if "previous_status" in sql:  # a feed cursor's query
            with context["connection"].connection.cursor() as cursor:  # the same session, beside Django's wrappers
                seen.append(cursor.execute("SHOW jit").fetchone()[0])
        return execute(sql, params, many, context)

    with connection.cursor() as cursor:  # the server's own setting, which the feed's transaction sets aside
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "on"
    with connection.execute_wrapper(watch):
        assert api_client.get("/api/v1/changes/", {"limit": 10}).status_code == 200
    assert seen and set(seen) == {"off"}


def test_programmes_can_be_submitted_and_corrected(partner_client):
    created = partner_client.post(
        "/api/v1/programmes/",
        {
            "slug": "test-clearance",
            "name": "Test clearance",
            "country_code": "UKR",
            "kind": "clearance",
            "source": "lm2023-impact",
            "length_km": "12.5",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "draft"
    fixed = partner_client.patch(
        "/api/v1/programmes/test-clearance/", {"length_km": 13}, format="json", headers={"If-Match": created["ETag"]}
    )
    assert fixed.status_code == 200 and fixed.json()["length_km"] == 13.0


def test_a_draft_staff_submitted_and_returned_is_still_the_partners(partner_client, editor, reviewer):
    """Submitting records the staff member as submitter; the partner must still see and correct its returned draft."""
    from kb.services.review import record_return, record_submit

    created = partner_client.post("/api/v1/casualties/", FIGURE, format="json")
    url = f"/api/v1/casualties/{created.json()['id']}/"
    record = CasualtyRecord.objects.get(pk=created.json()["id"])
    record_return(record=record_submit(record=record, by=editor), by=reviewer, reason="Check the total.")
    returned = partner_client.get(url)
    assert returned.status_code == 200 and returned.json()["status"] == "draft"
    assert any(
        row["id"] == record.pk for row in partner_client.get("/api/v1/casualties/", {"area": "XKX"}).json()["results"]
    )
    fixed = partner_client.patch(url, {"total": 8}, format="json", headers={"If-Match": returned["ETag"]})
    assert fixed.status_code == 200 and fixed.json()["total"] == 8


def test_a_partners_preferred_draft_leaves_retracted_and_in_review_figures_alone(partner_client):
    """`preferred: true` on a partner's draft took the preference from a retracted figure (and from one in review,
    whose version then moved under its reviewer): records only reviewers may change."""
    from kb.models import Area

    for year, status in ((2024, "retracted"), (2023, "in_review")):
        held = CasualtyRecordFactory(
            area=Area.objects.get(code="XKX"),
            period_start=dt.date(year, 1, 1),
            status=status,
            retraction_reason="wrong" if status == "retracted" else "",
        )
        version = held.version
        response = partner_client.post(
            "/api/v1/casualties/", {**FIGURE, "period": str(held.year), "preferred": True}, format="json"
        )
        assert response.status_code == 400, status
        assert "only a reviewer changes that" in response.json()["preferred"][0]
        held.refresh_from_db()
        assert held.is_preferred and held.version == version


def test_a_create_naming_a_hidden_record_gives_no_id_and_one_written_twice_says_so(partner_client, make_token):
    """Another partner's draft was named by id (a 404 to PATCH), and two items of one bulk naming one record were
    told it "already exists (id N)", an id the rolled-back request never kept."""
    from kb.models import Organisation

    _, other = make_token(organisation=Organisation.objects.get(name="Human Rights Watch"))
    theirs = other.post("/api/v1/casualties/", FIGURE, format="json").json()["id"]
    response = partner_client.post("/api/v1/casualties/", FIGURE, format="json")
    assert response.json() == {"non_field_errors": [MSG_EXISTS_HIDDEN]} and str(theirs) not in response.content.decode()
    twice = [{**FIGURE, "period": "2016"}, {**FIGURE, "period": "2016-01-01/2016-12-31"}]
    bulk = partner_client.post("/api/v1/casualties/bulk/", twice, format="json")
    assert bulk.json()["items"][1] == {"non_field_errors": [MSG_SAME_ITEM.format(first=1)]}


def test_if_match_takes_a_list_and_404_403_come_before_428(partner_client):
    """A valid RFC list naming the current ETag was a 400, and a request without If-Match got 428 even for an id that
    is no record (404) or a record it may not change (403)."""
    created = partner_client.post("/api/v1/casualties/", FIGURE, format="json")
    url, etag = f"/api/v1/casualties/{created.json()['id']}/", created["ETag"]
    stale = f'"{created.json()["id"]}-999"'
    listed = partner_client.patch(url, {"total": 8}, format="json", headers={"If-Match": f"{stale}, {etag}"})
    assert listed.status_code == 200 and listed.json()["total"] == 8
    assert partner_client.patch("/api/v1/casualties/999999999/", {"total": 1}, format="json").status_code == 404
    published = CasualtyRecord.objects.get(area__code="WLD", year=2018, device_type=None, civilian_status=None)
    assert partner_client.patch(f"/api/v1/casualties/{published.pk}/", {"total": 1}, format="json").status_code == 403
