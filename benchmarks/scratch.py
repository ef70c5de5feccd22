"""What the benchmarks share: a scratch PostgreSQL database copied from a migrated template, the
app served by uWSGI as in production (started, waited for, stopped), percentiles."""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def database_url(name: str, *, query: str = "") -> str:
    """DATABASE_URL's server and credentials, with database ``name``."""
    base = os.environ.get("DATABASE_URL",
                          "postgres://marketplace:marketplace@127.0.0.1:5432/marketplace")
    return urlunsplit(urlsplit(base)._replace(path="/" + name, query=query))


def _admin(sql: str, params=()):
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def fresh_database(name: str, *, template: str) -> None:
    """Database ``name`` re-created as a copy of ``template``, migrated first (quick when nothing
    changed; migrating Oscar from scratch takes a while)."""
    if not _admin("SELECT 1 FROM pg_database WHERE datname = %s", [template]):
        _admin(f'CREATE DATABASE "{template}"')
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT,
                   env={**os.environ, "DATABASE_URL": database_url(template)}, check=True)
    copy_database(name, source=template)


def copy_database(name: str, *, source: str) -> None:
    """Database ``name`` re-created as a copy of ``source`` (which nobody may be connected to)."""
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(proc: subprocess.Popen, port: int, *, timeout: float = 60) -> None:
    """Until the server ``proc`` started accepts connections on ``port``; it is killed if not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"the server did not start on port {port}")


def machine_speed() -> float:
    """CPU seconds of a fixed pure-Python loop (lower = faster). This shared VM's speed drifts by
    up to ~30% between runs; printed beside a benchmark's figures, it tells runs apart."""
    started, total = time.process_time(), 0
    for i in range(2_000_000):
        total += i * i % 7
    return time.process_time() - started


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def start_server(name: str, *, processes: int, threads: int, options: tuple[str, ...] = (),
                 env: dict | None = None) -> tuple[subprocess.Popen, int]:
    """uWSGI serving the app as in production (scripts/uwsgi.ini) on a free local port, with
    HTTP/1.1 keep-alive, in its own session; its log is .services/logs/bench-<name>-uwsgi.log."""
    port = free_port()
    log = ROOT / f".services/logs/bench-{name}-uwsgi.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "uwsgi"), "--ini", str(ROOT / "scripts/uwsgi.ini"),
         "--http11-socket", f"127.0.0.1:{port}", "--processes", str(processes),
         "--threads", str(threads), "--logto", str(log), *options],
        cwd=ROOT, env={**os.environ, **(env or {})}, start_new_session=True)
    wait_for_port(proc, port)
    return proc, port


def stop_server(proc: subprocess.Popen) -> None:
    """Stop the server started in its own session (uWSGI's master and workers); a worker still
    busy after 30 s is killed."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
