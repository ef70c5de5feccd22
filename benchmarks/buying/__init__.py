"""Shared set-up of the buying benchmarks: a fresh PostgreSQL database, Django, a real worker.

Each benchmark gets its own database (copied from a migrated template: migrating Oscar from
scratch is slow), its own Redis queue, and a `celery worker` subprocess on them.
"""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from benchmarks.scratch import database_url, fresh_database  # noqa: E402

TEMPLATE = "mk_bench_buying_template"


def configure(name: str) -> None:
    """Point Django at database mk_bench_<name> and queue bench-<name>, then django.setup()."""
    db = f"mk_bench_{name}"
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "marketplace.settings.test",
        "DATABASE_URL": database_url(db),
        "CELERY_QUEUE": f"bench-{name}",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "DEBUG": "false",
    })
    fresh_database(db, template=TEMPLATE)
    import django

    django.setup()


class Worker:
    """A real `celery worker` process on the benchmark's database and queue."""

    def __init__(self, concurrency: int = 2):
        import redis
        from django.conf import settings

        self.queue = settings.CELERY_TASK_DEFAULT_QUEUE
        redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(self.queue)
        self.name = f"{self.queue}-{os.getpid()}@{os.uname().nodename}"
        self.log = open(ROOT / ".services" / "logs" / f"{self.queue}-worker.log", "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "marketplace", "worker", f"--loglevel={os.environ.get('BENCH_WORKER_LOGLEVEL', 'WARNING')}",
             f"--concurrency={concurrency}", "--pool=prefork", "-Q", self.queue, "-n", self.name],
            cwd=ROOT, env={**os.environ, "CELERY_TASK_ALWAYS_EAGER": "false"},
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        from marketplace.celery import app

        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[self.name], timeout=1):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the Celery worker did not start: see {self.log.name}")

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()


def wait_for(predicate, timeout: float, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()
