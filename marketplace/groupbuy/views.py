"""Buyer protection pages: refund a voucher in one click; complete a payment the bank held."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from marketplace.deals.models import Deal
from vouchers.models import Voucher
from vouchers.refunds import (
    MESSAGES, BuyerRefundError, BuyerRefundRefused, buyer_refund_refusal, voucher_refund_by_buyer,
)

from . import services
from .models import Pledge
from .selectors import deal_tipping_progress


def _my_vouchers_url() -> str:
    try:
        return reverse("vouchers:list")
    except NoReverseMatch:
        return "/"


@login_required
def voucher_refund_view(request, pk: int):
    """GET: what will be refunded; POST: refund it (the My vouchers button posts here directly)."""
    voucher = get_object_or_404(Voucher.objects.select_related("deal__product"), pk=pk)
    refusal = buyer_refund_refusal(voucher=voucher, user=request.user)
    if refusal is BuyerRefundError.NOT_YOURS:
        raise Http404("No such voucher")  # other people's vouchers are not revealed
    if request.method == "POST":
        try:
            voucher_refund_by_buyer(voucher=voucher, buyer=request.user)
        except BuyerRefundRefused as refused:
            voucher.refresh_from_db()
            return render(request, "groupbuy/voucher_refund.html",
                          {"voucher": voucher, "refusal": refused.message}, status=409)
        messages.success(request, f"Refunded {voucher.price_paid} {voucher.currency} to your card. "
                                  "The voucher can no longer be used.")
        return redirect(_my_vouchers_url())
    return render(request, "groupbuy/voucher_refund.html", {
        "voucher": voucher, "refusal": str(MESSAGES[refusal]) if refusal else "",
    })


def pledge_pay_view(request, token):
    """The link e-mailed when the bank wants the buyer to authenticate a charge made later."""
    pledge = services.pledge_for_action(token=token)
    if pledge is None:
        raise Http404("No such payment")
    context = {"pledge": pledge, "order": pledge.attempt.order, "deal": pledge.deal}
    if pledge.status == Pledge.Status.ACTION_REQUIRED:
        context.update({
            "client_secret": services.pledge_action_client_secret(pledge=pledge),
            "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "stripe_js_url": settings.STRIPE_JS_URL,
        })
    return render(request, "groupbuy/pledge_pay.html", context)


@require_POST
def pledge_pay_done_view(request, token):
    """The page's script is back from the bank: settle the payment if it went through."""
    pledge = services.pledge_action_complete(token=token)
    if pledge is None:
        raise Http404("No such payment")
    return redirect("groupbuy:pledge-pay", token=token)


def deal_progress_view(request, pk: int):
    """Live "N bought, M more needed" for the deal page (polled by its script)."""
    deal = get_object_or_404(Deal, pk=pk)
    progress = deal_tipping_progress(deal=deal)
    return JsonResponse({"bought": progress.bought, "needed": progress.needed,
                         "minimum": progress.minimum, "tipped": progress.tipped,
                         "text": progress.text})
