"""The Elasticsearch clients: the search reader (short timeout, no retries) and the indexer."""
from functools import lru_cache

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch.serializer import OrjsonSerializer

# Indexing sends big bulk requests; readers must give up fast and fall back to the database.
INDEXING_TIMEOUT = 60.0


def es_search_client() -> Elasticsearch:
    """For the searches of a page or an API call: answers within ELASTICSEARCH_TIMEOUT or fails."""
    return _client(settings.ELASTICSEARCH_URL, float(settings.ELASTICSEARCH_TIMEOUT))


def es_indexing_client() -> Elasticsearch:
    """For index management, bulk loads and checks."""
    return _client(settings.ELASTICSEARCH_URL, INDEXING_TIMEOUT)


@lru_cache(maxsize=8)
def _client(url: str, timeout: float) -> Elasticsearch:
    # One client per process and setting: its node (elastic-transport's default, urllib3)
    # keeps a pool of kept-alive connections. orjson reads a page of results several times
    # faster than the json module.
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False,
                         serializer=OrjsonSerializer())
