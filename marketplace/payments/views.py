"""Stripe's webhook: verify the signature on the raw body, then hand the event to the service."""
import json
import logging

import stripe
from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .services import stripe_event_handle

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        stripe.Webhook.construct_event(
            request.body, request.headers.get("Stripe-Signature", ""),
            settings.STRIPE_WEBHOOK_SECRET,
        )
    except (ValueError, stripe.SignatureVerificationError) as exc:
        logger.warning("Refused a webhook: %s", exc)
        return HttpResponseBadRequest("invalid payload or signature")
    # A failure below is a 500: Stripe delivers the event again later, and nothing was recorded.
    outcome = stripe_event_handle(event=json.loads(request.body))
    return HttpResponse(outcome, content_type="text/plain")
