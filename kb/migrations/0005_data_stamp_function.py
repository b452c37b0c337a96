"""The data stamp (api/caching.py) as a function, so that PostgreSQL plans its two dozen `max(pgh_id)` look-ups once
per connection instead of on every request.

PL/pgSQL keeps the plan of each statement in a function for the rest of the session (a query without parameters gets
its generic plan at once), where the same query sent as text was planned afresh each time: about 1.5 ms of planning
for 0.3 ms of execution, on every list, page and tile request, those answered from the cache included
(docs/performance.md, "The data stamp, planned once per connection").

The function computes exactly what the query computed: STABLE, so it reads under the calling statement's snapshot
(what this connection can see: committed rows and its own transaction's writes, nothing in progress elsewhere), and
`pg_current_snapshot()` is that snapshot.

Every tracked history table is listed (tests/api/test_data_stamp.py compares the function with the query built from
the models): a model newly tracked by pghistory needs a migration that replaces the function with its table added."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION kb_data_stamp() RETURNS text
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN pg_current_snapshot()::text
        || '|' || coalesce(pg_last_wal_replay_lsn()::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_adminareaevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_areaevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_armedconflictperiodevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_casualtyrecordevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_citationevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_contaminationrecordevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_coveragelistevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_exportjobevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_fundingrecordevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_hazardareaevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_landreleaseactivityevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_landreleaseactivityhazardareaevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_landreleaserecordevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_organisationevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_productionrecordevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_programmeevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_programmefinancingevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_releaseevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_releasejobevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_sourceevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_stockpilerecordevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_treatyactionevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_treatyevent)::text, '')
        || '|' || coalesce((SELECT max(pgh_id) FROM kb_usereportevent)::text, '');
END
$$;
"""

DROP = "DROP FUNCTION IF EXISTS kb_data_stamp();"


class Migration(migrations.Migration):
    dependencies = [("kb", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
