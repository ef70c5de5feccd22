"""Group-buy pages: complete a payment the bank held; the deal page's live tipping progress."""
from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from marketplace.deals.models import Deal

from . import pledges
from .models import Pledge
from .selectors import deal_tipping_progress


def pledge_pay_view(request, token):
    """The link e-mailed when the bank wants the buyer to authenticate a charge made later."""
    pledge = pledges.pledge_for_action(token=token)
    if pledge is None:
        raise Http404("No such payment")
    context = {"pledge": pledge, "order": pledge.attempt.order, "deal": pledge.deal}
    if pledge.status == Pledge.Status.ACTION_REQUIRED:
        context.update({
            "client_secret": pledges.pledge_action_client_secret(pledge=pledge),
            "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "stripe_js_url": settings.STRIPE_JS_URL,
        })
    return render(request, "groupbuy/pledge_pay.html", context)


@require_POST
def pledge_pay_done_view(request, token):
    """The page's script is back from the bank: settle the payment if it went through."""
    pledge = pledges.pledge_action_complete(token=token)
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
