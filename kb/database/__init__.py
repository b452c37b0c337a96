"""The database backend: GeoDjango's PostGIS backend, with a health check that costs no round trip (health.py).
Settings name it as ENGINE."""

ENGINE = "kb.database"
