"""GeoDjango's PostGIS backend whose health check asks the server only when the connection is not quiet
(kb/database/health.py), with cursors for prepared statements."""

from django.contrib.gis.db.backends.postgis.base import DatabaseWrapper as PostGISDatabaseWrapper
from django.db.backends.postgresql.base import ServerBindingCursor

from kb.database.health import is_quiet
from kb.database.plans import GENERIC_PLANS


class PreparedCursor(ServerBindingCursor):
    """Binds its parameters on the server and prepares each statement it runs: the server plans a statement once per
    connection (psycopg keeps the prepared statements, by text, and deallocates the least used beyond a hundred).
    For statements whose text is the same on every request; each keeps that text, without a request's comment
    (kb/observability/request_ids.py)."""

    prepared = True

    def execute(self, query, params=None, **options):
        return super().execute(query, params, prepare=True, **options)


# psycopg prepares nothing, not even what a cursor asks it to, under Django's default threshold (None). Only server-side
# binding cursors prepare at all (Django's own cursors bind on the client), and only PreparedCursor is one: a count
# never reached leaves the rest to it.
PREPARE_THRESHOLD = 2**31 - 1


class DatabaseWrapper(PostGISDatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if params.get("prepare_threshold") is None:
            params["prepare_threshold"] = PREPARE_THRESHOLD
        params["options"] = f"{params.get('options') or ''} {GENERIC_PLANS}".strip()
        return params

    def is_usable(self):
        if self.connection is not None and is_quiet(self.connection):
            return True
        return super().is_usable()

    def prepared_cursor(self):
        """A cursor (PreparedCursor) through Django's wrappers: counted, logged and checked like any other."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            return self._prepare_cursor(PreparedCursor(self.connection))
