"""Celery tasks of the order lifecycle: thin wrappers around sync.py."""
from celery import shared_task

from . import sync


@shared_task(acks_late=True)
def orders_sync_overdue_task() -> int:
    return sync.orders_sync_overdue()
