"""A partner keeps CSV copies up to date from the change feed: after edits of every kind (records, citations,
sources, organisations, areas, treaties, retractions, deletions), replaying the feed onto the earlier copy gives
exactly the bytes of a fresh download. The copy knows its rows by the CSV's `id` column, as the feed names them."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection

from kb.models import (
    Area,
    CasualtyRecord,
    Citation,
    Organisation,
    ProductionRecord,
    Source,
    Treaty,
    TreatyAction,
)
from kb.services.review import record_publish, record_submit
from tests.factories import CasualtyRecordFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]
RESOURCES = ("casualties", "production", "treaty-actions")


class Copy:
    """One resource's CSV copy, kept as the partner would: rows by the record id of the CSV's own `id` column."""

    def __init__(self, client, resource: str):
        self.client, self.resource = client, resource
        self.header, self.rows = self._download({})

    def _params(self, extra: dict) -> dict:
        # Every competing figure (statistics), in id order, so copy and download sort alike.
        widen = {} if self.resource == "treaty-actions" else {"figures": "all"}
        return {"ordering": "id", **widen, **extra}

    def _download(self, extra: dict) -> tuple[str, dict[int, str]]:
        lines = _csv(self.client, self.resource, self._params({"format": "csv", **extra})).splitlines(keepends=True)
        assert lines[0].startswith("id,version,")
        records = _records(lines[1:])
        return lines[0], {int(next(csv.reader([record]))[0]): record for record in records}

    def apply(self, change: dict) -> None:
        record = change["id"]
        self.rows.pop(record, None)
        if change["action"] in ("published", "updated"):
            _, fetched = self._download({"id": str(record)})
            self.rows.update(fetched)

    def text(self) -> str:
        return self.header + "".join(self.rows[record] for record in sorted(self.rows))

    def fresh(self) -> str:
        return _csv(self.client, self.resource, self._params({"format": "csv"}))


def _csv(client, resource: str, params: dict) -> str:
    response = client.get(f"/api/v1/{resource}/", params)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def _records(lines: list[str]) -> list[str]:
    """CSV lines grouped into records (a quoted value may hold a line break)."""
    records, current = [], ""
    for line in lines:
        current += line
        if len(list(csv.reader(io.StringIO(current)))) == 1 and current.count('"') % 2 == 0:
            records.append(current)
            current = ""
    return records


def _feed(client, since: dt.datetime) -> list[dict]:
    changes, cursor = [], None
    while True:
        params = {"limit": 1000, **({"cursor": cursor} if cursor else {"since": since.isoformat()})}
        page = client.get("/api/v1/changes/", params).json()
        changes += page["results"]
        if len(page["results"]) < 1000:
            return changes
        cursor = page["next_cursor"]


def _edit_everything(reviewer, editor) -> None:
    lm2021 = Source.objects.get(slug="lm2021-impact")
    world_2021 = CasualtyRecord.objects.get(area__code="WLD", year=2021, source__slug="lm2022-impact")
    Citation.objects.create(record=world_2021, source=lm2021, locator="p. 7")  # citation added
    Citation.objects.filter(
        object_id__in=CasualtyRecord.objects.filter(area__code="WLD", year=2022).values("id")
    ).delete()
    Source.objects.filter(slug="reportaz-lm2023").update(title="Landmine Monitor 2023 (renamed)")  # source edited
    Organisation.objects.filter(name="Belma").update(name="Belma S.A.")  # organisation renamed
    Area.objects.filter(code="SYR").update(name="Syrian Arab Republic")  # area renamed
    Treaty.objects.filter(code="CCM").update(code="CCM-2008")  # treaty recoded
    CasualtyRecord.objects.filter(area__code="SYR", year=2017).update(total=1907)  # figure corrected
    CasualtyRecord.objects.filter(area__code="UKR", year=2022).update(status="retracted", retraction_reason="x")
    ProductionRecord.objects.filter(basis="planned").delete()  # deleted
    TreatyAction.objects.filter(area__code="POL", kind="signature").delete()
    new = CasualtyRecordFactory(area=Area.objects.get(code="XKX"), status="draft", is_preferred=True)
    record_submit(record=new, by=editor)
    new.refresh_from_db()
    record_publish(record=new, by=reviewer, seen_version=new.version)  # published


def test_feed_replayed_onto_an_earlier_csv_copy_equals_a_fresh_download(api_client, reviewer, editor):
    copies = {resource: Copy(api_client, resource) for resource in RESOURCES}
    with connection.cursor() as cursor:
        cursor.execute("SELECT now() - interval '1 microsecond'")
        since = cursor.fetchone()[0]

    retracted = set(CasualtyRecord.objects.filter(area__code="UKR", year=2022).values_list("id", flat=True))
    deleted = set(ProductionRecord.objects.filter(basis="planned").values_list("id", flat=True))
    assert retracted <= set(copies["casualties"].rows) and deleted <= set(copies["production"].rows)
    _edit_everything(reviewer, editor)

    feed = _feed(api_client, since)
    assert {c["action"] for c in feed} >= {"published", "updated", "retracted", "deleted"}
    for change in feed:
        if change["resource"] in copies:
            copies[change["resource"]].apply(change)
    for resource, copy in copies.items():
        fresh = copy.fresh()
        assert copy.text() != "" and copy.text() == fresh, resource
    # The retracted and deleted records left the copies by their ids.
    retracted = CasualtyRecord.objects.filter(area__code="UKR", year=2022, status="retracted").values_list(
        "id", flat=True
    )
    assert retracted and not set(retracted) & set(copies["casualties"].rows)


def test_the_feed_holds_back_what_an_open_transaction_may_still_precede(api_client, second_connection):
    """A transaction open since T (an import) stamps its events T but they appear when it commits: the feed hands out
    nothing stamped from T on until it ends, or a client whose cursor passed T would never see them."""
    record = CasualtyRecord.objects.filter(status="published").first()
    since = dt.datetime.now(dt.UTC).isoformat()
    second_connection.execute("BEGIN")
    second_connection.execute("SELECT 1")  # its transaction starts now, after this test's own began
    CasualtyRecord.objects.filter(pk=record.pk).update(notes="edited while an import is open")
    with connection.cursor() as cursor:  # the edit committed after the import began (this test's clock stands still)
        cursor.execute(
            "UPDATE kb_casualtyrecordevent SET pgh_created_at = clock_timestamp() WHERE pgh_created_at >= now()"
        )

    def fed():
        body = api_client.get("/api/v1/changes/", {"since": since, "resource": "casualties"}).json()
        return [c["id"] for c in body["results"]]

    assert fed() == []
    second_connection.execute("COMMIT")
    assert fed() == [record.pk]


def test_every_record_the_feed_names_can_be_fetched_by_that_id(api_client):
    """The feed names records by id: every resource it covers lists a record by `?id=` (also as CSV, whose `id`
    column names the row), so a copy can replace or remove exactly the rows the feed names."""
    from kb.selectors.changes import FEED_RESOURCES

    for resource, model in FEED_RESOURCES.items():
        record = model.objects.filter(status="published").order_by("-id").first()
        if record is None:
            continue
        body = api_client.get(f"/api/v1/{resource}/", {"id": record.pk, "ordering": "id"})
        assert body.status_code == 200, (resource, body.content)
        results = body.json()
        results = results["features"] if "features" in results else results["results"]
        ids = [item.get("id", item.get("properties", {}).get("id")) for item in results]
        assert ids == [record.pk], resource
