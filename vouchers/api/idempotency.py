"""Idempotent point-of-sale requests: one stored answer per (token, Idempotency-Key).

The key's row is inserted in the same transaction as the redemption it answers. A retry that
arrives while the first request is still running waits on the unique index, then reads the
committed answer; a retry after a crash (rolled back) simply runs again.
"""
import hashlib
import json

from django.db import IntegrityError, transaction

from vouchers.models import IdempotentRequest


def fingerprint(payload) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def run_once(*, token, key: str, payload, run) -> tuple[int, dict, bool]:
    """``run()`` -> (status, body) at most once per key. Returns (status, body, replayed);
    a key reused for another payload answers status None."""
    fp = fingerprint(payload)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotentRequest.objects.create(api_token=token, key=key, fingerprint=fp)
        except IntegrityError:
            record = IdempotentRequest.objects.get(api_token=token, key=key)
            if record.fingerprint != fp:
                return None, {}, True
            return record.status_code, record.response, True
        status, body = run()
        record.status_code = status
        record.response = json.loads(json.dumps(body, default=str))
        record.save(update_fields=["status_code", "response"])
    return status, body, False
