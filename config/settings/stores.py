"""Where the data is kept: the database (its connection pool, the import-progress alias, read replicas and their
router) and the default cache (per process, a database table or Redis). Imported by base.py."""

import environ

from config.caches import redis_cache
from kb.database import ENGINE
from kb.database.health import pool_check

env = environ.Env()

# DATABASES
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url — scripts/db.sh prints a URL when none
# is set.
# ------------------------------------------------------------------------------
DATABASES = {
    "default": {
        # GeoDjango's PostGIS backend (kb/database/: its health check) whatever the URL's scheme says (postgres:// and
        # postgis:// alike).
        **env.db_url("DATABASE_URL", default="postgres://kb@127.0.0.1:5432/kb", engine=ENGINE),
        "CONN_MAX_AGE": env.int("CONN_MAX_AGE", default=60),
        "CONN_HEALTH_CHECKS": True,
    }
}

# CACHES (API throttle counters, the admin sign-in limit and the API's response cache live here)
# Per process by default; with several workers set CACHE_URL to a shared cache, e.g. dbcache://kb_cache (the table
# is made by `manage.py createcachetable`, which scripts/run.sh runs) so the limits hold across workers.
# With several app servers set REDIS_URL (redis://host:6379/0; scripts/redis.sh prints one), which wins over
# CACHE_URL: what each use does while Redis is down is in docs/operations.md (Redis).
# ------------------------------------------------------------------------------
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": redis_cache(
            REDIS_URL,
            # Keys are stored as <prefix>:1:<key>, so deployments sharing one Redis keep apart.
            key_prefix=env("KB_REDIS_KEY_PREFIX", default="kb"),
            # Seconds a cache call may wait for Redis (connecting, or an answer) before it counts as down.
            timeout=env.float("KB_REDIS_TIMEOUT", default=0.25),
        )
    }

# CONNECTION POOL (psycopg's; docs/operations.md, Connection pooling)
# KB_DB_POOL_MAX_SIZE > 0: each process keeps a pool of KB_DB_POOL_MIN_SIZE..KB_DB_POOL_MAX_SIZE connections per
# database alias, and a request borrows one for its duration; 0: no pool (a connection per request, kept for
# CONN_MAX_AGE seconds). Kept in default's OPTIONS, so every alias copied from it (progress, replicas) has one too.
# ------------------------------------------------------------------------------
KB_DB_POOL_MAX_SIZE = env.int("KB_DB_POOL_MAX_SIZE", default=0)
if KB_DB_POOL_MAX_SIZE:
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("KB_DB_POOL_MIN_SIZE", default=1),
        "max_size": KB_DB_POOL_MAX_SIZE,
        # Seconds a request waits for a free connection before it fails (503, as with the database down).
        "timeout": env.float("KB_DB_POOL_TIMEOUT", default=10.0),
        # Asks the server only about a connection that is not quiet (kb/database/health.py).
        "check": pool_check,
    }
    # Django refuses persistent connections beside a pool: the pool keeps them. The pool checks each connection as it
    # is lent ("check" above, a round trip only where the connection is not quiet), so one broken by a database
    # restart is never handed out.
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# A second connection to the same database, outside the import's transaction, so progress of a running import
# is visible to the page that polls it (kb/services/imports/batches.py).
DATABASES["progress"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}

# READ REPLICAS (kb/routing/; docs/operations.md, "Read replicas")
# Streaming replicas of DATABASE_URL, comma-separated (none by default: everything reads from the primary). Each
# becomes the alias replica_0, replica_1, ... with the primary's engine and options; the reads of anonymous and
# partner-token GET/HEAD/OPTIONS requests are spread over those that answer and keep up.
# ------------------------------------------------------------------------------
DATABASE_REPLICA_URLS = env.list("DATABASE_REPLICA_URLS", default=[])
# A replica whose replay is further behind the primary than this (seconds) is skipped until it catches up.
KB_REPLICA_MAX_LAG_SECONDS = env.float("KB_REPLICA_MAX_LAG_SECONDS", default=10)
# How long (seconds) a client that has just written (partner token or session) reads from the primary, so that it
# sees its own change; the pin is kept in the default cache, shared by every app server when that is Redis.
KB_READ_YOUR_WRITES_SECONDS = env.int("KB_READ_YOUR_WRITES_SECONDS", default=15)
# How long (seconds) each process trusts its last look at a replica (up? lag?) before asking again.
KB_REPLICA_CHECK_SECONDS = env.float("KB_REPLICA_CHECK_SECONDS", default=5)
# Seconds to wait for a replica's connection, unless its URL says (?connect_timeout=): a dead replica costs little.
KB_REPLICA_CONNECT_TIMEOUT = env.int("KB_REPLICA_CONNECT_TIMEOUT", default=2)
DATABASE_REPLICAS = []  # the aliases, derived from DATABASE_REPLICA_URLS
for _index, _url in enumerate(DATABASE_REPLICA_URLS):
    _replica = env.db_url_config(_url, engine=ENGINE)
    DATABASES[f"replica_{_index}"] = {
        **DATABASES["default"],
        **{key: _replica[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT") if key in _replica},
        "OPTIONS": {
            "connect_timeout": KB_REPLICA_CONNECT_TIMEOUT,
            **DATABASES["default"].get("OPTIONS", {}),
            **_replica.get("OPTIONS", {}),
        },
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_REPLICAS.append(f"replica_{_index}")
DATABASE_ROUTERS = ["kb.routing.router.ReplicaRouter"]
