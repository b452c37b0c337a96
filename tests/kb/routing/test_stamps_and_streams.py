"""The data stamp, the ETags and streamed downloads are read from the database that serves the data: a replica that
has not replayed a change answers the old data under the old ETag, and a new ETag comes only with the new data."""

import pytest

from kb.routing import replica_health
from tests.factories import AreaFactory, CasualtyRecordFactory
from tests.kb.routing.conftest import DATABASES, reads_from

pytestmark = pytest.mark.django_db(databases=DATABASES)

COUNTRIES = "/api/v1/countries/?limit=1000"


def test_a_lagging_replica_keeps_the_old_etag_with_the_old_data(replica, api_client, monkeypatch):
    before, alias = reads_from(lambda: api_client.get(COUNTRIES))
    assert alias == "replica_0"
    AreaFactory(code="XRA")  # on the primary; the replica has not replayed it (conftest.py)

    again, alias = reads_from(lambda: api_client.get(COUNTRIES))
    assert alias == "replica_0"
    assert (again["ETag"], again.content) == (before["ETag"], before.content)
    assert b'"XRA"' not in again.content
    assert api_client.get(COUNTRIES, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304

    # The replica falls behind the limit: the primary answers, with the new country under a new ETag.
    monkeypatch.setattr(replica_health, "LAG_SQL", "SELECT 3600")
    replica_health.forget()
    primary, alias = reads_from(lambda: api_client.get(COUNTRIES))
    assert alias == "default"
    assert b'"XRA"' in primary.content and primary["ETag"] != before["ETag"]

    # Back on the replica (still without the change): the old data and ETag, not the primary's page from memory.
    monkeypatch.setattr(replica_health, "LAG_SQL", "SELECT 0")
    replica_health.forget()
    back, alias = reads_from(lambda: api_client.get(COUNTRIES))
    assert alias == "replica_0"
    assert (back["ETag"], back.content) == (before["ETag"], before.content)


def test_a_streamed_download_reads_from_the_database_its_etag_came_from(replica, api_client, session_staff_client):
    record = CasualtyRecordFactory(area=AreaFactory(code="XRB"), status="published")
    url = "/api/v1/casualties/?format=csv&figures=all"
    download, alias = reads_from(lambda: api_client.get(url))
    assert alias == "replica_0"
    ids = {line.split(b",", 1)[0] for line in download.getvalue().splitlines()[1:]}
    assert str(record.pk).encode() not in ids

    on_primary, alias = reads_from(lambda: session_staff_client.get(url))
    assert alias == "default"
    assert str(record.pk).encode() in {line.split(b",", 1)[0] for line in on_primary.getvalue().splitlines()[1:]}
