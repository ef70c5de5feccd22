"""Celery tasks of vouchers: thin wrappers that load ids and call the services.

Every task here is acknowledged late (settings: CELERY_TASK_ACKS_LATE) and idempotent, so a
worker killed in the middle loses nothing: the message is delivered again and the service
finishes what is missing.
"""
from celery import shared_task

from . import bookings, delivery, expiry, no_shows, services

RETRY = {"autoretry_for": (Exception,), "retry_backoff": 2, "retry_backoff_max": 60,
         "max_retries": 10, "acks_late": True, "reject_on_worker_lost": True}


@shared_task(**RETRY)
def voucher_issue_for_order_task(order_id: int) -> int:
    return len(services.vouchers_issue_for_order(order_id=order_id))


@shared_task(**RETRY)
def voucher_deliver_order_task(order_id: int) -> bool:
    return delivery.vouchers_deliver_for_order(order_id=order_id)


@shared_task(acks_late=True)
def vouchers_deliver_due_task() -> int:
    return delivery.vouchers_deliver_due()


@shared_task(acks_late=True)
def vouchers_issue_missing_task() -> int:
    return services.vouchers_issue_missing()


@shared_task(acks_late=True)
def vouchers_expire_task() -> dict:
    run = expiry.vouchers_expire()
    return {"expired": len(run.expired), "refunded": len(run.refunded),
            "refund_failed": len(run.refund_failed)}


@shared_task(acks_late=True)
def vouchers_send_expiry_reminders_task() -> int:
    return expiry.vouchers_send_expiry_reminders()


@shared_task(acks_late=True)
def bookings_send_reminders_task() -> int:
    return bookings.bookings_send_reminders()


@shared_task(acks_late=True)
def bookings_no_shows_task() -> dict:
    run = no_shows.bookings_settle_no_shows()
    return {"kept_valid": len(run.kept_valid), "used_up": len(run.used_up)}
