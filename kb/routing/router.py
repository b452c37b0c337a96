"""DATABASE_ROUTERS entry: a request's reads go where kb/routing/reads.py chose, writes to the primary.

Returning None leaves Django's own choice: the database an object was read from for its related objects, otherwise
the primary. With no replicas configured every method returns None, as if there were no router."""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from kb.routing.reads import current

# Who is asking and may they: sessions, users and groups, partner tokens (one created a second ago must work at
# once), the admin's log, the task queue. Read on the primary whoever asks.
PRIMARY_APPS = frozenset({"auth", "sessions", "admin", "contenttypes", "django_tasks_db"})
PRIMARY_MODELS = frozenset({"kb.partnertoken"})


def _on_primary(model) -> bool:
    # Django's database cache (CACHE_URL=dbcache://) routes a stand-in model with no label: the rate-limit and
    # sign-in counters it holds are written by every request, so they are read where they are written.
    label = getattr(model._meta, "label_lower", None)
    return label is None or model._meta.app_label in PRIMARY_APPS or label in PRIMARY_MODELS


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        route = current.get()
        instance = hints.get("instance")
        if route is None or _on_primary(model) or (instance is not None and instance._state.db):
            return None
        alias = route.read_alias()
        return None if alias == DEFAULT_DB_ALIAS else alias

    def db_for_write(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db in settings.DATABASE_REPLICAS:
            return DEFAULT_DB_ALIAS  # an object read from a replica is saved to the primary
        return None

    def allow_relation(self, obj1, obj2, **hints):
        same_data = {DEFAULT_DB_ALIAS, *settings.DATABASE_REPLICAS}
        return True if {obj1._state.db, obj2._state.db} <= same_data else None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db in settings.DATABASE_REPLICAS else None
