"""One door from curation to the search index: deals whose listing data changed get re-indexed.

Search re-indexes on model signals by itself, but tree moves and merges write with bulk updates
that send none, so curation names the affected deals explicitly.
"""
from collections.abc import Iterable

from search.services import search_index_schedule


def deals_reindex_schedule(*, deal_ids: Iterable[int]) -> list[int]:
    """Have ``deal_ids`` re-indexed once the current transaction commits."""
    ids = sorted({int(i) for i in deal_ids})
    if ids:
        search_index_schedule(deal_ids=ids)
    return ids
