"""Fixtures shared by every test: the real services, the real Celery worker, a real browser.

A service that does not answer ends the run with an error: no test is skipped for it.
"""
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
import requests
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def _services_down() -> list[str]:
    down = []
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means the service is unusable
        down.append(f"Redis at {settings.REDIS_URL}: {exc}")
    # stripe-mock answers only requests with a test-mode key (any "sk_test_<letters>").
    stripe_mock_auth = {"Authorization": f"Bearer {settings.STRIPE_SECRET_KEY}"}
    for name, url, headers in [
        ("Elasticsearch", settings.ELASTICSEARCH_URL.rstrip("/") + "/_cluster/health", {}),
        ("localstripe", settings.STRIPE_API_BASE.rstrip("/") + "/js.stripe.com/v3/", {}),
        ("stripe-mock", settings.STRIPE_CONNECT_API_BASE.rstrip("/") + "/v1/balance", stripe_mock_auth),
        ("Mailpit", settings.MAILPIT_URL.rstrip("/") + "/readyz", {}),
    ]:
        # A busy service (localstripe writes its whole store on every POST) may be slow to
        # answer: a few tries with a generous timeout, then it counts as down.
        for attempt in range(3):
            try:
                requests.get(url, headers=headers, timeout=10).raise_for_status()
                break
            except Exception as exc:  # noqa: BLE001
                if attempt == 2:
                    down.append(f"{name} at {url}: {exc}")
                time.sleep(1)
    return down


def pytest_sessionstart(session):
    down = _services_down()
    if down:
        pytest.exit(
            "Required services are not running (start them with `make services`):\n  "
            + "\n  ".join(down),
            returncode=3,
        )


@pytest.fixture(autouse=True)
def _isolated_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a test client's request activates the reader's
    language in this thread (LocaleMiddleware) and it would otherwise leak into the next test."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# --- Mailpit: real SMTP deliveries ---------------------------------------------------------

class MailpitInbox:
    """What Mailpit caught for one test, read through its JSON API (/api/v1/...).

    Mailpit is shared by every test run on the machine: a test sends only to addresses made by
    ``address()``, unique to it, and reads only those.
    """

    def __init__(self, url: str):
        self.url = url.rstrip("/")
        self.addresses: list[str] = []

    def address(self, name: str = "someone") -> str:
        address = f"{name}-{uuid.uuid4().hex[:12]}@mailpit.test"
        self.addresses.append(address)
        return address

    def messages_to(self, address: str) -> list[dict]:
        """Summaries (ID, From, To, Subject, Snippet, Attachments count...) of mail to ``address``."""
        found = requests.get(f"{self.url}/api/v1/search", params={"query": f'to:"{address}"'}, timeout=5)
        found.raise_for_status()
        return found.json()["messages"]

    def wait_for_message(self, *, to: str, timeout: float = 20.0) -> dict:
        """The one message to ``to``, in full: Subject, From, To, Text, HTML, Attachments..."""
        summaries = wait_until(lambda: self.messages_to(to), timeout=timeout)
        assert len(summaries) == 1, f"expected one message to {to}, Mailpit has {len(summaries)}"
        return self.message(summaries[0]["ID"])

    def message(self, message_id: str) -> dict:
        response = requests.get(f"{self.url}/api/v1/message/{message_id}", timeout=5)
        response.raise_for_status()
        return response.json()

    def attachment(self, message: dict, filename: str) -> bytes:
        """The bytes of ``message``'s attachment called ``filename``."""
        parts = [a for a in message["Attachments"] if a["FileName"] == filename]
        assert parts, f"no attachment {filename!r} in {[a['FileName'] for a in message['Attachments']]}"
        response = requests.get(
            f"{self.url}/api/v1/message/{message['ID']}/part/{parts[0]['PartID']}", timeout=5)
        response.raise_for_status()
        return response.content

    def delete_mine(self):
        for address in self.addresses:
            requests.delete(f"{self.url}/api/v1/search", params={"query": f'to:"{address}"'},
                            timeout=5).raise_for_status()


@pytest.fixture
def mailpit(settings):
    """E-mail of this test goes over SMTP to Mailpit (not to locmem ``mail.outbox``).

    Send to ``mailpit.address(...)`` and read with ``mailpit.wait_for_message(to=...)``; what
    this test sent is deleted from Mailpit afterwards.
    """
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = settings.MAILPIT_SMTP_HOST
    settings.EMAIL_PORT = settings.MAILPIT_SMTP_PORT
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    inbox = MailpitInbox(settings.MAILPIT_URL)
    yield inbox
    inbox.delete_mine()


def _test_database_url() -> str:
    db = settings.DATABASES["default"]
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real `celery worker` process on Redis, reading and writing the test database.

    Tests that use it need `transactional_db`, so that what they write is committed and
    visible to the worker.
    """
    from marketplace.celery import app

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(queue)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "marketplace.settings.test",
        "DATABASE_URL": _test_database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    log = open(ROOT / ".services" / "logs" / "celery-test-worker.log", "ab")
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "--loglevel=INFO",
         "--concurrency=2", "--pool=prefork", "-Q", queue, "-n", f"test-{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("the Celery worker exited at start; see .services/logs/celery-test-worker.log")
        replies = app.control.ping(destination=[f"test-{os.getpid()}@{os.uname().nodename}"], timeout=1)
        if replies:
            break
    else:
        proc.kill()
        pytest.fail("the Celery worker did not answer a ping within 60 s")
    yield proc
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


@pytest.fixture
def celery_worker(celery_worker_process, transactional_db):
    """The real worker, for one test (its data committed so the worker sees it).

    After the test, waits until the worker has nothing queued or running: a task still writing
    would deadlock with the database flush that ends the test.
    """
    yield celery_worker_process
    _wait_for_idle_worker()


def _wait_for_idle_worker(timeout: float = 60.0):
    from tests.worker import worker_idle

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not worker_idle():
        time.sleep(0.2)


def wait_until(predicate, timeout: float = 20.0, interval: float = 0.1):
    """Polls ``predicate`` until it returns a truthy value; fails the test after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout} s: {getattr(predicate, '__name__', predicate)}")


# --- a real browser ---------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(_playwright):
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is not installed at /usr/bin/chromium (run `make services`)")
    b = _playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    )
    yield b
    b.close()


@pytest.fixture
def page(browser, live_server):
    from tests.browser import assert_no_csp_violations, watch_csp

    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    csp_violations = watch_csp(context)  # every page walked must satisfy the CSP (issue 14)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()
    assert_no_csp_violations(csp_violations)
