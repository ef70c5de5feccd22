"""Waiting for the real Celery worker of the test session."""
import redis
from django.conf import settings

from marketplace.celery import app


def worker_idle() -> bool:
    """No task waiting in our queue and none running or reserved in our worker."""
    if redis.Redis.from_url(settings.CELERY_BROKER_URL).llen(settings.CELERY_TASK_DEFAULT_QUEUE):
        return False
    inspect = app.control.inspect(timeout=1)
    for found in (inspect.active(), inspect.reserved()):
        if any((found or {}).values()):
            return False
    return True
