"""The cache: django-redis on REDIS_URL's Redis, one redis client kept for every call."""
from django.core.cache import cache
from django_redis import get_redis_connection


def test_the_cache_is_redis_and_reuses_its_client():
    cache.set("cache-test:a", 1, timeout=30)
    assert cache.incr("cache-test:a") == 2
    assert cache.get_many(["cache-test:a", "cache-test:missing"]) == {"cache-test:a": 2}
    client = get_redis_connection("default")
    assert get_redis_connection("default") is client
    assert client.get(cache.make_key("cache-test:a")) == b"2"  # in Redis itself
    cache.delete("cache-test:a")
    assert cache.get("cache-test:a") is None
