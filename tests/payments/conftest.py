"""Signed webhook events built from the real objects at localstripe (it sends none itself)."""
import hashlib
import hmac
import json
import time
import uuid

import pytest
from django.conf import settings

from marketplace.payments.gateway import stripe_client


def signed_event(event_type: str, obj: dict, *, event_id: str | None = None,
                 secret: str | None = None) -> tuple[bytes, str]:
    """(payload, Stripe-Signature header) as Stripe documents it: HMAC-SHA256 over "t.payload"."""
    created = int(time.time())
    payload = json.dumps({
        "id": event_id or f"evt_{uuid.uuid4().hex[:24]}", "object": "event", "type": event_type,
        "created": created, "api_version": "2024-06-20", "livemode": False,
        "data": {"object": obj},
    }).encode()
    secret = secret or settings.STRIPE_WEBHOOK_SECRET
    signature = hmac.new(secret.encode(), b"%d.%s" % (created, payload), hashlib.sha256).hexdigest()
    return payload, f"t={created},v1={signature}"


def intent_dict(intent_id: str) -> dict:
    return stripe_client().v1.payment_intents.retrieve(intent_id).to_dict()


@pytest.fixture
def post_event(client):
    def post(event_type: str, obj: dict, **kwargs):
        payload, header = signed_event(event_type, obj, **kwargs)
        return client.post("/payments/stripe/webhook/", data=payload,
                           content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
    return post
