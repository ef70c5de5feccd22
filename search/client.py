"""The Elasticsearch client: one per (URL, timeout), short timeout and no retries for reads."""
from functools import lru_cache

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch.serializer import OrjsonSerializer

# Indexing sends big bulk requests; readers must give up fast and fall back to the database.
INDEXING_TIMEOUT = 60.0


def es_client(*, timeout: float | None = None) -> Elasticsearch:
    return _client(settings.ELASTICSEARCH_URL, float(timeout or settings.ELASTICSEARCH_TIMEOUT))


def es_indexing_client() -> Elasticsearch:
    return es_client(timeout=INDEXING_TIMEOUT)


@lru_cache(maxsize=8)
def _client(url: str, timeout: float) -> Elasticsearch:
    # orjson reads a page of results several times faster than the json module.
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False,
                         serializer=OrjsonSerializer())
