"""Celery tasks of vouchers: thin wrappers that load ids and call the services.

Every task here is acknowledged late (settings: CELERY_TASK_ACKS_LATE) and idempotent, so a
worker killed in the middle loses nothing: the message is delivered again and the service
finishes what is missing.
"""
from celery import shared_task

from . import delivery, expiry, services

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
