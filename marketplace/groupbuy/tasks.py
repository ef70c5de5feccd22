"""Work of the tipping point (schedules in CELERY_BEAT_SCHEDULE).

Thin: each task calls one service; every service is safe to run twice or concurrently.
"""
from celery import shared_task

from . import services


@shared_task(name="groupbuy.deal_tip_check")
def deal_tip_check_task(deal_id: int) -> bool:
    return services.deal_tip_check(deal_id=deal_id)


@shared_task(name="groupbuy.deal_pledges_settle")
def deal_pledges_settle_task(deal_id: int) -> int:
    """One batch; the next batch is another task, so a big deal never blocks a worker for long."""
    settled, more = services.deal_pledges_settle(deal_id=deal_id)
    if more and settled:
        deal_pledges_settle_task.delay(deal_id)
    return settled


@shared_task(name="groupbuy.deal_pledges_cancel")
def deal_pledges_cancel_task(deal_id: int) -> int:
    cancelled, more = services.deal_pledges_cancel(deal_id=deal_id)
    if more and cancelled:
        deal_pledges_cancel_task.delay(deal_id)
    return cancelled


@shared_task(name="groupbuy.deals_close_short")
def deals_close_short_task() -> int:
    return len(services.deals_close_short())


@shared_task(name="groupbuy.deals_tip_pending")
def deals_tip_pending_task() -> int:
    return services.deals_tip_pending()


@shared_task(name="groupbuy.pledges_release_overdue")
def pledges_release_overdue_task() -> int:
    return services.pledges_release_overdue()
