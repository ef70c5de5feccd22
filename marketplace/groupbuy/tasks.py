"""Scheduled work of group buying and buyer protection (schedules in CELERY_BEAT_SCHEDULE).

Thin: each task calls one service; every service is safe to run twice or concurrently.
"""
from celery import shared_task

from vouchers import expiry


@shared_task(name="groupbuy.vouchers_expire")
def vouchers_expire_task() -> dict:
    run = expiry.vouchers_expire()
    return {"expired": len(run.expired), "refunded": len(run.refunded),
            "refund_failed": len(run.refund_failed)}


@shared_task(name="groupbuy.vouchers_send_expiry_reminders")
def vouchers_send_expiry_reminders_task() -> int:
    return expiry.vouchers_send_expiry_reminders()
