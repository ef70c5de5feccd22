"""Wrong codes at a till counted per member and per store, with a lockout and one staff alert.

A wrong code is counted by an atomic increment in the cache (Redis INCR through django-redis)
BEFORE its answer is given, and the increment's result decides the answer: up to the limit the
till hears "unknown code", past it "rate limited". So however many guesses run in parallel, no
more than the limit get an answer: after nine failures, a burst of forty gets exactly one more.
The request whose count reaches the limit takes the lock with an atomic add (SET NX) and alerts
staff: one alert per lockout. Look-ups that find their voucher are never counted, so a busy till
(or fifty parallel redeems of one voucher) is never slowed by the lockout.
"""
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .models import RedemptionAlert

PREFIX = "redeem-fail"


def _scopes(counter) -> list[tuple[str, str]]:
    scopes = [("store", f"store:{counter.location.pk}")]
    if counter.user is not None and counter.api_token is None:
        scopes.append(("member", f"member:{counter.user.pk}"))
    return scopes


def _count_key(key: str) -> str:
    return f"{PREFIX}:count:{key}"


def _lock_key(key: str) -> str:
    return f"{PREFIX}:lock:{key}"


def locked_out(counter) -> bool:
    return any(cache.get_many([_lock_key(key) for _, key in _scopes(counter)]).values())


def _increment(key: str) -> int:
    """Atomic; a counter whose window ended meanwhile starts again."""
    window = settings.REDEMPTION_FAILURE_WINDOW_SECONDS
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 0, timeout=window)
        return cache.incr(key)


def failure_within_limit(counter) -> bool:
    """Count one wrong code before it is answered. True: answer it (the one that reaches the
    limit locks the member or store out and alerts staff); False: past the limit, refuse."""
    within = True
    for scope, key in _scopes(counter):
        failures = _increment(_count_key(key))
        if failures >= settings.REDEMPTION_FAILURE_LIMIT:
            _lock(counter, scope, key, failures)
        if failures > settings.REDEMPTION_FAILURE_LIMIT:
            within = False
    return within


def _lock(counter, scope: str, key: str, failures: int) -> None:
    lockout = settings.REDEMPTION_LOCKOUT_SECONDS
    # Only the request that took the lock alerts. The count is left to its window (shorter than
    # the default lockout): the guesses still running are refused by it, not by the lock.
    if cache.add(_lock_key(key), 1, timeout=lockout):
        RedemptionAlert.objects.create(
            scope=scope, merchant=counter.merchant, location=counter.location,
            user=counter.user if scope == "member" else None, failures=failures,
            locked_until=timezone.now() + timedelta(seconds=lockout),
        )


def lift_lockout(alert) -> None:
    """Staff end a lockout early (after checking with the merchant); the alert is resolved."""
    key = f"store:{alert.location_id}" if alert.scope == "store" else f"member:{alert.user_id}"
    cache.delete_many([_lock_key(key), _count_key(key)])
    RedemptionAlert.objects.filter(pk=alert.pk).update(resolved_at=timezone.now())
