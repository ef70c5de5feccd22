"""Celery tasks of the ledger: thin wrappers around its services (acknowledged late: a worker
killed in the middle leaves the message to be delivered again, and the services finish what an
earlier run left)."""
from celery import shared_task

from . import payouts, services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def payouts_run_task(on_demand: bool = False, requested_by_id: int | None = None,
                     merchant_ids: list[int] | None = None) -> dict:
    return payouts.payouts_run(on_demand=on_demand, requested_by_id=requested_by_id,
                               merchant_ids=merchant_ids).summary()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def reserves_release_task() -> int:
    return services.reserves_release()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def payouts_follow_task() -> int:
    return payouts.payouts_follow()
