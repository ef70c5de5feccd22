"""Failed code look-ups counted in Redis per member and per store, with a lockout and an alert."""
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

_PREFIX = "redeem-fail"


def _scopes(counter) -> list[tuple[str, str]]:
    scopes = [("store", f"store:{counter.location.pk}")]
    if counter.user is not None and counter.api_token is None:
        scopes.append(("member", f"member:{counter.user.pk}"))
    return scopes


def locked_out(counter) -> bool:
    keys = [f"{_PREFIX}:lock:{key}" for _, key in _scopes(counter)]
    return any(cache.get_many(keys).values())


def record_failure(counter) -> None:
    """Count a failed look-up; at the limit, lock the member or store out and alert staff."""
    from .models import RedemptionAlert

    window = settings.REDEMPTION_FAILURE_WINDOW_SECONDS
    lockout = settings.REDEMPTION_LOCKOUT_SECONDS
    for scope, key in _scopes(counter):
        count_key = f"{_PREFIX}:count:{key}"
        cache.add(count_key, 0, timeout=window)
        try:
            failures = cache.incr(count_key)
        except ValueError:  # expired between add and incr
            cache.set(count_key, 1, timeout=window)
            failures = 1
        if failures >= settings.REDEMPTION_FAILURE_LIMIT:
            cache.set(f"{_PREFIX}:lock:{key}", 1, timeout=lockout)
            cache.delete(count_key)
            RedemptionAlert.objects.create(
                scope=scope, merchant=counter.merchant, location=counter.location,
                user=counter.user if scope == "member" else None, failures=failures,
                locked_until=timezone.now() + timedelta(seconds=lockout),
            )


def lift_lockout(alert) -> None:
    """Staff end a lockout early (after checking with the merchant); the alert is resolved."""
    from .models import RedemptionAlert

    key = f"store:{alert.location_id}" if alert.scope == "store" else f"member:{alert.user_id}"
    cache.delete(f"{_PREFIX}:lock:{key}")
    RedemptionAlert.objects.filter(pk=alert.pk).update(resolved_at=timezone.now())
