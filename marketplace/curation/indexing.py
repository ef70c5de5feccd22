"""One door to the search index for curation: deals whose listing data changed get re-indexed."""
from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

# Sent after the commit with deal_ids=[...]; the search app re-indexes those deals.
deals_changed = Signal()


def deals_reindex_schedule(*, deal_ids: Iterable[int]) -> list[int]:
    """Ask for ``deal_ids`` to be re-indexed once the current transaction commits."""
    ids = sorted({int(i) for i in deal_ids})
    if ids:
        transaction.on_commit(lambda: deals_changed.send(sender=deals_reindex_schedule, deal_ids=ids))
    return ids
