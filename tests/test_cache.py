"""marketplace/cache.py: Django's Redis cache that keeps one redis client per connection pool."""
from django.core.cache import caches

from marketplace.cache import RedisCache


def test_the_cache_is_redis_and_reuses_its_client():
    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    cache.set("cache-test:a", 1, timeout=30)
    assert cache.incr("cache-test:a") == 2
    assert cache.get_many(["cache-test:a", "cache-test:missing"]) == {"cache-test:a": 2}
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is client
    cache.delete("cache-test:a")
    assert cache.get("cache-test:a") is None
