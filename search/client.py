"""The Elasticsearch clients: the search reader (short timeout, no retries) and the indexer."""
from functools import lru_cache

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch.serializer import OrjsonSerializer

from .transport import KeepAliveNode

# Indexing sends big bulk requests; readers must give up fast and fall back to the database.
INDEXING_TIMEOUT = 60.0


def es_search_client() -> Elasticsearch:
    """For the searches of a page or an API call: answers within ELASTICSEARCH_TIMEOUT or fails."""
    return _client(settings.ELASTICSEARCH_URL, float(settings.ELASTICSEARCH_TIMEOUT), reader=True)


def es_indexing_client() -> Elasticsearch:
    """For index management, bulk loads and checks."""
    return _client(settings.ELASTICSEARCH_URL, INDEXING_TIMEOUT, reader=False)


@lru_cache(maxsize=8)
def _client(url: str, timeout: float, *, reader: bool) -> Elasticsearch:
    # orjson reads a page of results several times faster than the json module. Readers use
    # the lean node (search/transport.py); the indexer keeps the default one (urllib3).
    options = {"node_class": KeepAliveNode} if reader else {}
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False,
                         serializer=OrjsonSerializer(), **options)
