"""Idempotent point-of-sale requests: one stored answer per (token, Idempotency-Key).

The key's row is inserted (ON CONFLICT DO NOTHING) in the same transaction as the redemption it
answers. A retry that arrives while the first request is still running waits on the unique
index, then reads the committed answer; a retry after a crash (rolled back) simply runs again.
"""
import hashlib
import json

from django.db import connection, transaction
from django.utils import timezone

from vouchers.models import IdempotentRequest


def fingerprint(payload) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _claim(token, key: str, fp: str) -> int | None:
    """Insert the key's row; None when another request holds the key already."""
    table = IdempotentRequest._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (api_token_id, key, fingerprint, created_at) "  # noqa: S608
            "VALUES (%s, %s, %s, %s) ON CONFLICT (api_token_id, key) DO NOTHING RETURNING id",
            [token.pk, key, fp, timezone.now()])
        row = cursor.fetchone()
    return row[0] if row else None


def _store(record_id: int, status: int, response_json: str) -> None:
    table = IdempotentRequest._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET status_code = %s, response = %s "  # noqa: S608
                       "WHERE id = %s", [status, response_json, record_id])


def run_once(*, token, key: str, payload, run) -> tuple[int | None, dict, bool]:
    """``run()`` -> (status, body) at most once per key. Returns (status, body, replayed);
    a key reused for another payload answers status None."""
    fp = fingerprint(payload)
    with transaction.atomic():
        record_id = _claim(token, key, fp)
        if record_id is None:
            record = IdempotentRequest.objects.get(api_token=token, key=key)
            if record.fingerprint != fp:
                return None, {}, True
            return record.status_code, record.response, True
        status, body = run()
        if status == 429:
            # "Try later" is not the answer to this request: a retry after the lockout runs.
            IdempotentRequest.objects.filter(pk=record_id).delete()
        else:
            _store(record_id, status, json.dumps(body, default=str))
    return status, body, False
