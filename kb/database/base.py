"""GeoDjango's PostGIS backend whose health check asks the server only when the connection is not quiet
(kb/database/health.py)."""

from django.contrib.gis.db.backends.postgis.base import DatabaseWrapper as PostGISDatabaseWrapper

from kb.database.health import is_quiet


class DatabaseWrapper(PostGISDatabaseWrapper):
    def is_usable(self):
        if self.connection is not None and is_quiet(self.connection):
            return True
        return super().is_usable()
