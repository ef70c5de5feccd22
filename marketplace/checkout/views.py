"""Checkout pages: Oscar's flow without shipping, paying with a Stripe card Element.

The payment page posts (fetch) the PaymentMethod made by Stripe.js to the preview URL; the
answer is JSON: paid (go to the thank-you page), 3-D Secure needed (the page calls
confirmCardPayment and then posts to payment-confirm), or a message to show and retry.
"""
from django import http
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.apps.checkout import views as core_views

from marketplace.order.sync import PaymentOutcome, order_sync_with_stripe
from marketplace.payments.models import PaymentAttempt

from .error_codes import CheckoutRefused
from .forms import PlaceOrderForm
from .mixins import OrderPlacementMixin
from .services import order_mark_basket_submitted, order_number_for, order_reserve


class PaymentDetailsView(core_views.PaymentDetailsView):
    # Oscar's view already mixes in our OrderPlacementMixin (get_class prefers checkout/mixins.py).
    template_name = "oscar/checkout/payment_details.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update({
            "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "stripe_js_url": settings.STRIPE_JS_URL,
            "place_order_form": kwargs.get("place_order_form") or PlaceOrderForm(),
        })
        return ctx

    def get_template_names(self):
        return [self.template_name]

    def post(self, request, *args, **kwargs):
        if not self.preview or request.POST.get("action") != "place_order":
            return http.HttpResponseBadRequest("Post the place_order action to the preview URL.")
        return self.handle_place_order_submission(request)

    def generate_order_number(self, basket):
        return order_number_for(basket)

    def handle_place_order_submission(self, request):
        form = PlaceOrderForm(request.POST)
        if not form.is_valid():
            return _json("failed", message=form.first_error(), code="invalid_form", http_status=400)
        basket = request.basket
        order_number = self.generate_order_number(basket)
        self.checkout_session.set_order_number(order_number)
        try:
            order = order_reserve(
                basket=basket, user=request.user, request=request,
                guest_email=self.checkout_session.get_guest_email() or "",
                order_number=order_number, expected_total=form.cleaned_data["expected_total"],
                gift=form.gift(), slots=form.slots(),
            )
        except CheckoutRefused as refusal:
            return _json("refused", message=refusal.message, code=str(refusal.code),
                         http_status=409)
        self.checkout_session.set_submitted_basket(basket)
        outcome = self.handle_payment(order_number, order.total_incl_tax, order=order,
                                      payment_method_id=form.cleaned_data["payment_method_id"])
        return respond_to_outcome(self, order, outcome)


class PaymentConfirmView(OrderPlacementMixin, core_views.generic.View):
    """The browser is back from 3-D Secure: ask Stripe how the payment ended."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        number = self.checkout_session.get_order_number()
        attempt = (PaymentAttempt.objects.select_related("order")
                   .filter(order__number=number).first() if number else None)
        if attempt is None:
            return _json("failed", message=_("There is no payment in progress."), code="no_payment",
                         http_status=404)
        return respond_to_outcome(self, attempt.order,
                                  order_sync_with_stripe(order_id=attempt.order_id))


class ThankYouView(core_views.ThankYouView):
    template_name = "oscar/checkout/thank_you.html"


def respond_to_outcome(view, order, outcome: PaymentOutcome):
    if outcome.status == "requires_action":
        return _json("requires_action", client_secret=outcome.client_secret,
                     confirm_url=reverse("checkout:payment-confirm"))
    if outcome.status in ("succeeded", "processing"):
        order_mark_basket_submitted(order=order)
        view.checkout_session.flush()
        view.request.session["checkout_order_id"] = order.id
        return _json(outcome.status, redirect=reverse("checkout:thank-you"),
                     order_number=order.number)
    return _json("failed", message=outcome.message, code=outcome.code, http_status=402)


def _json(status: str, *, http_status: int = 200, **data):
    return http.JsonResponse({"status": status, **data}, status=http_status)
