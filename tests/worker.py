"""Waiting for the real Celery worker of the test session."""
import redis
from django.conf import settings

from marketplace.celery import app


def worker_idle() -> bool:
    """No task waiting in our queue and none running, reserved or scheduled in our worker.

    Scheduled counts: a task retrying with a countdown (e.g. issuing that found its order
    locked) waits in the worker, not in the queue, and must still run before anything is read.
    """
    if redis.Redis.from_url(settings.CELERY_BROKER_URL).llen(settings.CELERY_TASK_DEFAULT_QUEUE):
        return False
    inspect = app.control.inspect(timeout=1)
    for found in (inspect.active(), inspect.reserved(), inspect.scheduled()):
        if any((found or {}).values()):
            return False
    return True
