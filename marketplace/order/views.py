"""Stripe's webhook: the order package's entry point for what Stripe tells us."""
import logging

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from marketplace.payments.webhooks import WebhookRefused

from .sync import stripe_event_apply

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        # A failure past the signature check is a 500 and nothing is recorded: Stripe delivers
        # the event again later.
        outcome = stripe_event_apply(payload=request.body,
                                     signature=request.headers.get("Stripe-Signature", ""))
    except WebhookRefused as refused:
        logger.warning("Refused a webhook: %s", refused)
        return HttpResponseBadRequest("invalid payload or signature")
    return HttpResponse(outcome, content_type="text/plain")
