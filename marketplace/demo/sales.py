"""The demo's sales, as buyers made them: paid orders with vouchers, some redeemed, a few refunded,
and reviews from buyers who redeemed, all through the product's services (no figure set by hand).

So a deal's "N bought", the merchant's reports and the ledger agree, as after real sales.
"""
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from marketplace.checkout.error_codes import CheckoutRefused
from marketplace.checkout.offline import order_place_paid_offline, voucher_refund_offline
from marketplace.deals.models import Deal
from marketplace.reviews.services import review_create
from vouchers import codes
from vouchers.models import Voucher
from vouchers.redemption import Counter, voucher_redeem

FIRST = ["Ana", "Bruno", "Carla", "Diogo", "Eva", "Filipe", "Graça", "Hugo", "Inês", "João",
         "Leonor", "Miguel", "Nuno", "Patrícia", "Rita", "Sofia", "Tiago", "Vera", "Mei", "Wei"]
LAST = ["Almeida", "Barros", "Carvalho", "Dias", "Esteves", "Fonseca", "Gomes", "Lopes",
        "Martins", "Nunes", "Pereira", "Rocha", "Santos", "Teixeira", "Lin", "Chen"]
REVIEWS = {
    5: ["Exactly as described, lovely staff. We will be back.",
        "Great value, booked easily and the place was spotless.",
        "Brilliant. Worth every cent.", ""],
    4: ["Very good, a short wait at the counter.", "Friendly and good quality. Recommended.", ""],
    3: ["Fine, but busier than I expected.", "Good service, the room could be quieter."],
}


def demo_buyers(*, rng: random.Random, count: int, extra: list) -> list:
    """``count`` buyers with names (they cannot sign in: no password), plus ``extra`` users."""
    User = get_user_model()
    unusable = make_password(None)  # one hash for all: hashing per user would cost seconds
    people = []
    for n in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"buyer{n + 1:02d}@demo.dealmarket.local"
        person = User.objects.filter(email=email).first() or User.objects.create(
            username=email, email=email, first_name=first, last_name=last, password=unusable)
        people.append(person)
    return people + list(extra)


def demo_deal_sell(rng: random.Random, *, deal: Deal, window: str, buyers: list) -> None:
    """Orders for a deal on sale now (a sold-out one is bought until nothing is left). Deals not
    on sale now, or with a minimum (whose buyers pledge instead), are not sold."""
    if window not in ("live", "sold_out") or deal.min_buyers or deal.review_status != Deal.Review.APPROVED:
        return
    options = [o.product for o in deal.options.select_related("product").order_by("pk")]
    limit = deal.per_customer_limit or 100
    if window == "sold_out":
        for buyer in buyers:
            for product in options:
                left = product.stockrecords.get().net_stock_level
                if left > 0:
                    _buy(product=product, quantity=min(left, limit, 100), user=buyer)
        return
    # Few orders of a few units each: every order costs the loader a checkout (make run waits).
    for buyer in rng.sample(buyers, rng.randint(0, min(5, len(buyers)))):
        quantity = min(rng.choice([1, 2, 2, 3, 4, 6]), limit)
        _buy(product=rng.choice(options), quantity=quantity, user=buyer)


def _buy(*, product, quantity: int, user) -> None:
    try:
        order_place_paid_offline(product=product, quantity=quantity, user=user)
    except CheckoutRefused:
        pass  # as at a real checkout: the buyer's limit, or the units ran out


def demo_vouchers_use(rng: random.Random) -> tuple[int, int, int]:
    """Buyers use about a third of their vouchers at the counter and have a few refunded; most
    who redeemed leave a review. Returns (redeemed, refunded, reviewed)."""
    redeemed = refunded = reviewed = 0
    vouchers = (Voucher.objects.filter(status=Voucher.Status.ISSUED, owner__isnull=False)
                .select_related("deal", "merchant", "owner").order_by("pk"))
    for voucher in vouchers:
        roll = rng.random()
        if roll < 0.35:
            location = voucher.deal.locations.order_by("pk").first()
            outcome = voucher_redeem(counter=Counter(merchant=voucher.merchant, location=location),
                                     code=codes.unseal(voucher.code_sealed))
            if outcome.refusal is not None:
                continue
            redeemed += 1
            voucher.refresh_from_db()
            if voucher.status == Voucher.Status.REDEEMED and rng.random() < 0.8:
                stars = rng.choice([5, 5, 5, 4, 4, 4, 3])
                review_create(voucher=voucher, author=voucher.owner, stars=stars,
                              text=rng.choice(REVIEWS[stars]))
                reviewed += 1
        elif roll < 0.39 and voucher.deal.refundable:
            voucher_refund_offline(voucher=voucher, reason="the buyer asked for a refund")
            refunded += 1
    return redeemed, refunded, reviewed
