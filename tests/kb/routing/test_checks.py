"""`manage.py check --deploy` warns when replicas are configured but read-your-writes pins cannot be shared."""

from kb.checks import replica_pins_shared_check


def test_replicas_with_a_per_process_cache_are_warned_about(settings):
    settings.DATABASE_REPLICAS = ["replica_0"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [message.id for message in replica_pins_shared_check()] == ["kb.W001"]


def test_a_shared_cache_or_no_replicas_is_fine(settings):
    settings.DATABASE_REPLICAS = []
    assert replica_pins_shared_check() == []
    settings.DATABASE_REPLICAS = ["replica_0"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
    assert replica_pins_shared_check() == []
