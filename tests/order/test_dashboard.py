"""Staff status changes in Oscar's order dashboard go through the order lifecycle: Refunded
refunds at Stripe and voids the vouchers; a change the payment does not allow is refused with a
message and changes nothing."""
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.core.order_status import CANCELLED, PAID, PAYMENT_FAILED, PENDING, REFUNDED
from marketplace.deals.services import OptionSpec
from marketplace.payments.gateway import stripe_client
from marketplace.payments.models import PaymentAttempt, StripeRefund
from tests.factories import DealFactory, UserFactory
from tests.factories.checkout import THREE_D_SECURE, buy, buy_and_issue
from vouchers.models import Voucher
from vouchers.services import voucher_refund

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


@pytest.fixture
def staff(client):
    """Order support staff: Oscar's order dashboard needs view and change permissions."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="order", codename__in=("view_order", "change_order")))
    client.force_login(user)
    return user


def _deal():
    return DealFactory(options=[OptionSpec("Wine dinner", Decimal("40.00"), Decimal("80.00"), 20)])


def change_status(client, order, new_status: str) -> str:
    """Post Oscar's order-detail form; return the messages the page shows."""
    response = client.post(reverse("dashboard:order-detail", kwargs={"number": order.number}),
                           {"order_action": "change_order_status", "new_status": new_status})
    assert response.status_code == 302, response.content
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def stripe_refunds(order) -> list[int]:
    charge = PaymentAttempt.objects.get(order=order).charge_id
    return [r.amount for r in stripe_client().v1.refunds.list(params={"charge": charge}).data]


def test_refunded_in_the_dashboard_refunds_the_rest_at_stripe_and_voids_the_vouchers(client, staff):
    vouchers = buy_and_issue(deal=_deal(), quantity=2)
    order = vouchers[0].order_line.order
    message = change_status(client, order, REFUNDED)
    assert "changed from 'Paid' to 'Refunded'" in message
    order.refresh_from_db()
    assert order.status == REFUNDED
    assert stripe_refunds(order) == [8000]
    assert [r.amount for r in StripeRefund.objects.filter(attempt__order=order)] == [Decimal("80.00")]
    assert set(Voucher.objects.filter(order_line__order=order).values_list("status", flat=True)) \
        == {Voucher.Status.VOID}


def test_after_a_buyer_refunded_one_voucher_the_dashboard_refunds_only_the_rest(client, staff):
    first, second = buy_and_issue(deal=_deal(), quantity=2)
    voucher_refund(voucher=first, reason="changed my mind")
    order = first.order_line.order
    change_status(client, order, REFUNDED)
    assert sorted(stripe_refunds(order)) == [4000, 4000]
    assert Voucher.objects.get(pk=first.pk).status == Voucher.Status.REFUNDED
    assert Voucher.objects.get(pk=second.pk).status == Voucher.Status.VOID
    assert Order.objects.get(pk=order.pk).status == REFUNDED


def test_refund_is_refused_when_a_voucher_was_used_and_nothing_changes(client, staff):
    first, second = buy_and_issue(deal=_deal(), quantity=2)
    Voucher.objects.filter(pk=first.pk).update(status=Voucher.Status.REDEEMED)
    order = first.order_line.order
    message = change_status(client, order, REFUNDED)
    assert "were used" in message
    assert Order.objects.get(pk=order.pk).status == PAID
    assert stripe_refunds(order) == [] and not StripeRefund.objects.exists()
    assert Voucher.objects.get(pk=second.pk).status == Voucher.Status.ISSUED


def test_refund_while_stripe_cannot_be_reached_is_a_message_and_nothing_changes(client, staff,
                                                                                settings):
    vouchers = buy_and_issue(deal=_deal(), quantity=1)
    order = vouchers[0].order_line.order
    stripe_base = settings.STRIPE_API_BASE
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there: Stripe is down
    message = change_status(client, order, REFUNDED)
    assert "Unable to change order status due to payment error" in message
    assert "Stripe could not be reached: nothing was changed" in message
    settings.STRIPE_API_BASE = stripe_base
    assert stripe_refunds(order) == []
    assert Order.objects.get(pk=order.pk).status == PAID
    assert Voucher.objects.get(pk=vouchers[0].pk).status == Voucher.Status.ISSUED
    assert not StripeRefund.objects.exists()


def test_cancelling_a_pending_order_cancels_its_intent_and_releases_the_units(client, staff):
    deal = _deal()
    outcome, order = buy(deal=deal, quantity=3, card=THREE_D_SECURE)
    assert outcome.status == "requires_action"
    change_status(client, order, CANCELLED)
    order.refresh_from_db()
    assert order.status == CANCELLED
    intent = stripe_client().v1.payment_intents.retrieve(order.payment_attempt.payment_intent_id)
    assert intent.status == "canceled"
    assert deal.options.get().product.stockrecords.get().num_allocated == 0


@pytest.mark.parametrize("new_status, says", [
    (PAID, "does not report this order as paid"),
    (REFUNDED, "Nothing was paid"),
    (PAYMENT_FAILED, "Only the card processor fails a payment"),
])
def test_a_change_the_payment_does_not_allow_is_refused(client, staff, new_status, says):
    deal = _deal()
    outcome, order = buy(deal=deal, card=THREE_D_SECURE)
    message = change_status(client, order, new_status)
    assert says in message
    order.refresh_from_db()
    assert order.status == PENDING
    assert deal.options.get().product.stockrecords.get().num_allocated == 1
    intent = stripe_client().v1.payment_intents.retrieve(order.payment_attempt.payment_intent_id)
    assert intent.status == "requires_action"
