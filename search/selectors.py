"""Reading the deal index: search and autocomplete, answered by the database when ES cannot.

Elasticsearch answers when it can within settings.ELASTICSEARCH_TIMEOUT; when it is unreachable,
slow or broken, the same question goes to the database backend and a warning is logged. A
visitor never gets an error page because of the index.
"""
import logging

from elastic_transport import TransportError
from elasticsearch import ApiError

from marketplace.languages.scripts import written_without_spaces

from .backends.base import SearchBackend, SearchIndexError, Suggestion
from .backends.database import DatabaseBackend
from .backends.elasticsearch import ElasticsearchBackend
from .query import SearchParams, SearchResults

logger = logging.getLogger(__name__)

primary: SearchBackend = ElasticsearchBackend()
fallback: SearchBackend = DatabaseBackend()

_INDEX_FAILURES = (TransportError, ApiError, SearchIndexError)


def deals_search(params: SearchParams) -> SearchResults:
    try:
        return primary.search(params)
    except _INDEX_FAILURES as exc:
        logger.warning("deal search fell back to the database: %s", _describe(exc))
        return fallback.search(params)


def deals_autocomplete(prefix: str, *, params: SearchParams | None = None,
                       limit: int = 8) -> list[Suggestion]:
    prefix = (prefix or "").strip()[:100]
    # Two letters at least; one Chinese character is already a word's start.
    if len(prefix) < 2 and not written_without_spaces(prefix):
        return []
    params = params or SearchParams()
    try:
        return primary.autocomplete(prefix, params=params, limit=limit)
    except _INDEX_FAILURES as exc:
        logger.warning("deal autocomplete fell back to the database: %s", _describe(exc))
        return fallback.autocomplete(prefix, params=params, limit=limit)


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {str(exc)[:200]}"
