import pytest

from tests.conftest import wait_until
from tests.worker import worker_idle


@pytest.fixture(autouse=True)
def _worker_done_before_flush():
    """The tasks a test starts (tip checks, captures, issuing) finish before its tables are
    flushed: a task still writing while the test database is truncated deadlocks the flush."""
    yield
    from marketplace.celery import app

    if app.control.ping(timeout=0.5):  # the session's worker is running
        wait_until(worker_idle, timeout=60, interval=0.5)
