"""The database backend: GeoDjango's PostGIS backend, with a health check that costs no round trip (health.py) and
cursors for prepared statements (base.py). Settings name it as ENGINE."""

ENGINE = "kb.database"
