"""Celery tasks of payments: thin wrappers around the services."""
from celery import shared_task


@shared_task(acks_late=True)
def payment_attempts_expire_task() -> int:
    from .services import payment_attempts_expire

    return payment_attempts_expire()
