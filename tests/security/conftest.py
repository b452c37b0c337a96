import psycopg
import pytest
from django.db import connection


@pytest.fixture
def second_connection():
    """Another session on the test database, in autocommit: another worker, as PostgreSQL sees it."""
    params = connection.get_connection_params()
    other = psycopg.connect(
        **{k: v for k, v in params.items() if k in ("dbname", "user", "host", "port", "password")}, autocommit=True
    )
    yield other
    other.close()
