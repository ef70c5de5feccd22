"""Celery tasks of the deal index: thin, they call search.services."""
from celery import shared_task
from elastic_transport import TransportError

from . import services


@shared_task(bind=True, max_retries=5, acks_late=True)
def search_index_flush_task(self, tokens: list[str] | None = None) -> int:
    try:
        return services.search_index_flush(tokens=tokens or ())
    except TransportError as exc:  # the node is down or slow: the changes wait in Redis
        raise self.retry(exc=exc, countdown=min(60, 2 ** self.request.retries * 5))


@shared_task(acks_late=True)
def search_index_refresh_times_task() -> int:
    return services.search_index_refresh_times()
