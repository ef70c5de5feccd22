"""Django's Redis cache backend, keeping its redis.Redis client instead of building one per call.

Django's RedisCacheClient makes a new ``redis.Redis`` (a few dozen attribute sets and a lock)
for every cache operation; the rate-limit check on every till request paid for it. The client
is thread-safe and the connection pool is the same, so one per pool is enough.
"""
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
