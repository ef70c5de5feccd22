import pytest
import redis
from django.conf import settings

from tests.conftest import wait_until


def worker_idle() -> bool:
    """No task waiting in our queue and none running or reserved in our worker."""
    from marketplace.celery import app

    if redis.Redis.from_url(settings.CELERY_BROKER_URL).llen(settings.CELERY_TASK_DEFAULT_QUEUE):
        return False
    inspect = app.control.inspect(timeout=1)
    for found in (inspect.active(), inspect.reserved()):
        if any((found or {}).values()):
            return False
    return True


@pytest.fixture(autouse=True)
def _worker_done_before_flush():
    """The tasks a test starts (tip checks, captures, issuing) finish before its tables are
    flushed: a task still writing while the test database is truncated deadlocks the flush."""
    yield
    from marketplace.celery import app

    if app.control.ping(timeout=0.5):  # the session's worker is running
        wait_until(worker_idle, timeout=60, interval=0.5)
