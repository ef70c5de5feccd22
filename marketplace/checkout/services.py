"""Placing an order for deal options: reserve the units under row locks, then pay with Stripe.

The order is written (status "Pending payment") in the same transaction that reserves its units,
before any card is charged. The reservation is where every rule is enforced with database
guarantees: the deal rows are locked (FOR UPDATE, in id order) so that the per-customer limit and
the deal's overall maximum are checked against committed sales, and each option's stock record
is incremented by a conditional UPDATE that cannot exceed its stock (Oscar's StockRecord.allocate
has no such guard). The payment step then charges the card (or, for a deal that has not tipped,
authorises or saves it) and ends in the order lifecycle, which follows what Stripe says: a failed
or cancelled payment releases the units there (marketplace/order/lifecycle.py).
"""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from oscar.core import prices
from oscar.core.loading import get_class, get_model

from marketplace.core.order_status import PENDING
from marketplace.deals import lifecycle
from marketplace.deals.models import Deal
from marketplace.deals.selectors import units_bought_by_customer
from marketplace.groupbuy.models import Pledge
from marketplace.groupbuy.pledges import pledge_kind_for, pledge_save_card
from marketplace.languages.services import order_language_record
from marketplace.order.sync import PaymentOutcome, order_sync_with_stripe
from marketplace.partner.strategy import Selector, deal_of
from marketplace.payments.services import payment_attempt_open, payment_charge
from vouchers.bookings import BookingRefused, bookings_hold_for_order
from vouchers.delivery import GiftSpec, gift_check, order_delivery_create

from .error_codes import CheckoutErrorCode, CheckoutRefused

OrderCreator = get_class("order.utils", "OrderCreator")
NoShippingRequired = get_class("shipping.methods", "NoShippingRequired")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")
StockRecord = get_model("partner", "StockRecord")

MAX_UNITS_PER_LINE = 100


class _ReservedOrderCreator(OrderCreator):
    """Oscar's OrderCreator, but the units were already reserved (conditionally) by order_reserve."""

    def update_stock_records(self, line):
        pass


def order_number_for(basket) -> str:
    """Oscar's number (100000 + basket id), suffixed for a retry after a failed payment."""
    base = str(100000 + basket.id)
    tries = Order.objects.filter(basket=basket).count()
    return base if tries == 0 else f"{base}-{tries + 1}"


def order_reserve(*, basket, user=None, guest_email: str = "", order_number: str | None = None,
                  expected_total: Decimal | None = None, gift: GiftSpec | None = None,
                  request=None, slots: dict | None = None):
    """Write the order for ``basket`` and reserve its units (and the slots chosen for bookable
    options, ``slots``: option product id -> (store id, start)), or refuse with
    CheckoutRefused."""
    user = user if user is not None and user.is_authenticated else None
    email = (user.email if user else guest_email or "").strip()
    _validate_input(basket, email, gift)
    if not basket.has_strategy:
        basket.strategy = Selector().strategy(user=user)
    with transaction.atomic():
        # One payment per basket at a time: a double click waits here, then finds it frozen.
        if not Basket.objects.select_for_update().filter(pk=basket.pk, status=Basket.OPEN).exists():
            raise CheckoutRefused(CheckoutErrorCode.BASKET_IN_PAYMENT)
        # Lines (and their prices) are read afresh inside the transaction, not from a cache.
        basket.reset_offer_applications()
        lines = list(basket.all_lines())
        deals = _lock_deals(lines)
        now = timezone.now()
        for deal in deals.values():
            _check_on_sale(deal, now)
        total = _check_total(basket, lines, expected_total)
        for deal in deals.values():
            _check_limits(deal, lines, user=user, email=email)
        for line in sorted(lines, key=lambda ln: ln.stockrecord_id):
            _reserve_units(line, deals[deal_of(line.product).pk])
        shipping_charge = prices.Price(currency=total.currency, excl_tax=Decimal("0.00"),
                                       tax=Decimal("0.00"))
        order = _ReservedOrderCreator().place_order(
            basket=basket, total=total, shipping_method=NoShippingRequired(),
            shipping_charge=shipping_charge, user=user,
            order_number=order_number or order_number_for(basket), status=PENDING,
            request=request, guest_email="" if user else email,
        )
        order_delivery_create(order=order, email=email, buyer_name=_full_name(user), gift=gift)
        # E-mails about this order (to a guest, or a gift's recipient) are written in it.
        order_language_record(order=order, language=translation.get_language() or settings.LANGUAGE_CODE)
        if slots:
            try:  # a place per unit, taken like the units: a full slot refuses before paying
                bookings_hold_for_order(order=order, choices=slots, now=now)
            except BookingRefused as refused:
                raise CheckoutRefused(CheckoutErrorCode.SLOT_UNAVAILABLE,
                                      detail=refused.message) from None
        payment_attempt_open(order=order)
        basket.freeze()
    return order


def order_mark_basket_submitted(*, order) -> None:
    Basket.objects.filter(pk=order.basket_id).exclude(status=Basket.SUBMITTED).update(
        status=Basket.SUBMITTED, date_submitted=timezone.now())


def checkout_place_order(*, basket, payment_method_id: str, user=None, guest_email: str = "",
                         expected_total: Decimal | None = None, gift: GiftSpec | None = None,
                         order_number: str | None = None, request=None) -> PaymentOutcome:
    """The place-order step: reserve, then pay. Refusals raise CheckoutRefused (no charge)."""
    order = order_reserve(basket=basket, user=user, guest_email=guest_email,
                          order_number=order_number, expected_total=expected_total, gift=gift,
                          request=request)
    return checkout_pay(order=order, payment_method_id=payment_method_id)


def checkout_pay(*, order, payment_method_id: str) -> PaymentOutcome:
    """Pay a reserved order with the buyer's card: charge it, or for a deal that has not tipped
    only authorise it (or save it, for a long sale window); then the order follows Stripe."""
    attempt = order.payment_attempt
    _, kind = pledge_kind_for(order)
    if kind == Pledge.Kind.SAVED_CARD:
        pledge_save_card(attempt=attempt, payment_method_id=payment_method_id)
    else:
        payment_charge(attempt_id=attempt.pk, payment_method_id=payment_method_id,
                       capture_later=kind == Pledge.Kind.AUTHORISATION)
    return order_sync_with_stripe(order_id=order.pk)


# --- the checks ---------------------------------------------------------------------------

def _validate_input(basket, email: str, gift: GiftSpec | None) -> None:
    if basket.is_empty:
        raise CheckoutRefused(CheckoutErrorCode.EMPTY_BASKET)
    for line in basket.all_lines():
        if not 1 <= line.quantity <= MAX_UNITS_PER_LINE:
            raise CheckoutRefused(CheckoutErrorCode.INVALID_QUANTITY, max=MAX_UNITS_PER_LINE)
    try:
        validate_email(email)
    except ValidationError:
        raise CheckoutRefused(CheckoutErrorCode.EMAIL_REQUIRED)
    if gift is None:
        return
    try:
        gift_check(gift)
    except ValidationError as invalid:
        raise CheckoutRefused(CheckoutErrorCode.INVALID_GIFT, detail=invalid.messages[0])


def _lock_deals(lines) -> dict[int, Deal]:
    ids = set()
    for line in lines:
        deal = deal_of(line.product)
        if deal is None or not line.product.is_child or line.stockrecord_id is None:
            raise CheckoutRefused(CheckoutErrorCode.NOT_A_DEAL)
        ids.add(deal.pk)
    locked = Deal.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {deal.pk: deal for deal in locked.select_related("product")}


def _check_on_sale(deal: Deal, now) -> None:
    if deal.review_status != Deal.Review.APPROVED or now < deal.sale_starts_at:
        raise CheckoutRefused(CheckoutErrorCode.DEAL_NOT_LIVE, deal=deal.title)
    if now >= deal.sale_ends_at:
        raise CheckoutRefused(CheckoutErrorCode.DEAL_ENDED, deal=deal.title)


def _check_total(basket, lines, expected_total: Decimal | None):
    """The total at today's prices; it must be what the buyer saw and agreed to pay."""
    total = OrderTotalCalculator().calculate(
        basket, prices.Price(currency=basket.currency, excl_tax=Decimal("0.00"),
                             tax=Decimal("0.00")))
    if expected_total is not None and expected_total != total.incl_tax:
        raise CheckoutRefused(CheckoutErrorCode.PRICE_CHANGED,
                              total=f"{total.incl_tax} {total.currency}")
    return total


def _check_limits(deal: Deal, lines, *, user, email: str) -> None:
    wanted = sum(ln.quantity for ln in lines if deal_of(ln.product).pk == deal.pk)
    if deal.per_customer_limit:
        bought = units_bought_by_customer(deal=deal, user=user, email=email)
        if bought + wanted > deal.per_customer_limit:
            raise CheckoutRefused(CheckoutErrorCode.CUSTOMER_LIMIT, deal=deal.title,
                                  limit=deal.per_customer_limit, bought=bought)
    if deal.max_units is not None:
        # Safe as a read: every reservation of this deal holds the deal row lock we hold.
        left = max(deal.max_units - lifecycle.deal_units_sold(deal), 0)
        if wanted > left:
            _refuse_units(deal, left)


def _reserve_units(line, deal: Deal) -> None:
    reserved = StockRecord.objects.filter(
        pk=line.stockrecord_id, num_in_stock__gte=F("num_allocated") + line.quantity,
    ).update(num_allocated=F("num_allocated") + line.quantity)
    if not reserved:
        sr = StockRecord.objects.get(pk=line.stockrecord_id)
        _refuse_units(deal, max(sr.num_in_stock - (sr.num_allocated or 0), 0))


def _refuse_units(deal: Deal, left: int):
    if left <= 0:
        raise CheckoutRefused(CheckoutErrorCode.SOLD_OUT, deal=deal.title)
    raise CheckoutRefused(CheckoutErrorCode.NOT_ENOUGH_UNITS, deal=deal.title, left=left)


def _full_name(user) -> str:
    return user.get_full_name() if user else ""
