"""The demo's money: payment terms for every demo merchant, and a statement with content for the
demo owner (orders paid, vouchers issued and used, a staff credit), without asking Stripe."""
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from oscar.core.loading import get_model

from marketplace.checkout.error_codes import CheckoutRefused
from marketplace.checkout.services import order_reserve
from marketplace.core.order_status import PAID
from marketplace.deals.lifecycle import LIVE, deal_status, deal_units_left
from marketplace.ledger.models import PaymentTerms
from marketplace.ledger.services import adjustment_record
from marketplace.ledger.terms import terms_set
from marketplace.order.lifecycle import Change, order_status_follow
from marketplace.partner.strategy import Selector
from merchants.models import Merchant
from vouchers.redemption import counter_for_member, voucher_redeem
from vouchers.services import vouchers_issue_for_order

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
PayOn, Schedule = PaymentTerms.PayOn, PaymentTerms.Schedule

# (pay on, schedule, reserve percent, reserve days), given to the merchants in turn.
TERMS = [
    (PayOn.REDEMPTION, Schedule.TWICE_MONTHLY, Decimal("0"), 0),
    (PayOn.REDEMPTION, Schedule.WEEKLY, Decimal("10"), 14),
    (PayOn.SALE, Schedule.TWICE_MONTHLY, Decimal("5"), 30),
]
DEALS_BOUGHT = 3  # of the owner's live deals, two units each: one used at the counter


def demo_money(*, owner_email: str, buyer_email: str, curator_email: str) -> int:
    """Terms for the merchants that have none, then the owner's sales. Returns the orders paid."""
    for n, merchant in enumerate(Merchant.objects.filter(payment_terms__isnull=True).order_by("pk")):
        pay_on, schedule, percent, days = TERMS[n % len(TERMS)]
        terms_set(merchant=merchant, pay_on=pay_on, schedule=schedule, reserve_percent=percent,
                  reserve_days=days)
    users = get_user_model().objects
    owner, buyer = users.filter(email=owner_email).first(), users.filter(email=buyer_email).first()
    merchant = Merchant.objects.filter(memberships__user=owner).first() if owner else None
    if merchant is None or buyer is None:
        return 0
    orders = []
    for deal in merchant.deals.order_by("pk"):
        if len(orders) == DEALS_BOUGHT:
            break
        if not deal.min_buyers and deal_status(deal) == LIVE and deal_units_left(deal) >= 2:
            orders += [order for order in [_sell_and_use(deal, buyer, owner)] if order]
    if orders:
        adjustment_record(merchant=merchant, amount=Decimal("5.00"), currency=orders[0].currency,
                          reason="Welcome credit (demo)",
                          actor=users.filter(email=curator_email).first())
    return len(orders)


def _sell_and_use(deal, buyer, owner):
    """Two units bought by the demo buyer, paid (the order lifecycle's row, as when Stripe says
    paid), issued, and one used at the deal's first store by the owner."""
    option = deal.options.select_related("product").first()
    if option is None or option.product.stockrecords.count() != 1:
        return None
    basket = Basket.objects.create(owner=buyer)
    basket.strategy = Selector().strategy(user=buyer)
    basket.add_product(option.product, quantity=2)
    try:
        order = order_reserve(basket=basket, user=buyer)
    except CheckoutRefused:  # e.g. a bookable option: it needs a slot chosen
        return None
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        order_status_follow(change=Change(order=order, attempt=None, truth=None), says=PAID)
    vouchers = vouchers_issue_for_order(order_id=order.pk)
    store = deal.locations.first()
    counter = counter_for_member(user=owner, merchant=deal.merchant, location=store) if store else None
    if vouchers and counter is not None:
        voucher_redeem(counter=counter, code=vouchers[0].code)
    return order
