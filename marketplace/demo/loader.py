"""Builds the demo marketplace through the product's own services, reproducibly from a seed.

Everything random comes from one ``random.Random(seed)`` drawn in a fixed order, and dates are
relative to today at 00:00 UTC: the same seed on the same day gives the same deals and prices.
"""
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable, Iterable

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.curation.staff import ensure_curator_group
from marketplace.deals.models import Deal
from marketplace.deals.services import OptionSpec, deal_create
from merchants.models import Merchant
from merchants.services import location_create, merchant_create

from .accounts import demo_addresses_verify
from .catalogue import CATEGORY_TREE, CITIES, HOURS, SUBCATEGORIES, WHAT
from .images import deal_image_jpeg
from .languages import demo_languages
from .sales import demo_buyers, demo_deal_sell, demo_vouchers_use
from .money import demo_money
from .trades import demo_trades

Category = get_model("catalogue", "Category")
ProductImage = get_model("catalogue", "ProductImage")

DEMO_PASSWORD = "demo-pass-123"
BUYER_EMAIL = "buyer@demo.dealmarket.local"
OWNER_EMAIL = "owner@demo.dealmarket.local"
CURATOR_EMAIL = "curator@demo.dealmarket.local"
MAX_MERCHANTS = 40
BUYERS = 30  # the demo's other buyers (no login), whose orders make the deals' sales


@dataclass(frozen=True)
class DemoSummary:
    merchants: int
    stores: int
    deals: int


def demo_has_deals() -> bool:
    return Deal.objects.exists()


def demo_logins() -> list[tuple[str, str]]:
    """(who, e-mail) of the three demo logins; the owner's line names the merchant they own."""
    owned = Merchant.objects.filter(memberships__user__email=OWNER_EMAIL).values_list(
        "name", flat=True).first()
    owner = f"merchant owner of {owned}" if owned else "merchant owner"
    return [("buyer", BUYER_EMAIL), (owner, OWNER_EMAIL), ("staff curator", CURATOR_EMAIL)]


def demo_load(*, seed: int = 42, deals: int = 90, today: datetime | None = None,
              progress: Callable[[Iterable], Iterable] = lambda it: it) -> DemoSummary:
    if deals < 1:
        raise ValueError("The demo needs at least one deal.")
    rng = random.Random(seed)
    base = (today or timezone.now()).astimezone(dt_timezone.utc).replace(
        hour=0, minute=0, second=0, microsecond=0)
    with transaction.atomic():
        subcategories = _category_tree()
        owner = _demo_users()
        demo_addresses_verify(BUYER_EMAIL, CURATOR_EMAIL, OWNER_EMAIL)
        buyers = demo_buyers(rng=rng, count=BUYERS, extra=list(
            get_user_model().objects.filter(email=BUYER_EMAIL)))
        merchants = _merchants(rng, count=max(3, min(MAX_MERCHANTS, deals // 2 + 3)),
                               owner=owner)
        # Each merchant offers each of its trade's deal ideas at most once: no duplicate listings.
        # When every idea is taken, the demo has fewer deals than asked (the summary says how many).
        ideas = {m.pk: rng.sample(SUBCATEGORIES[sub][2], len(SUBCATEGORIES[sub][2]))
                 for m, sub, _stores in merchants}
        made = 0
        for index in progress(range(deals)):
            for turn in range(len(merchants)):
                merchant, sub, stores = merchants[(index + turn) % len(merchants)]
                if ideas[merchant.pk]:
                    _deal(rng, index=index, base=base, merchant=merchant, sub=sub, stores=stores,
                          category=subcategories[sub], idea=ideas[merchant.pk].pop(),
                          buyers=buyers)
                    made += 1
                    break
        made += demo_trades(base=base, categories=subcategories, deals=deals)  # docs/trades.md
        made += demo_languages(base=base, categories=subcategories, deals=deals)
        demo_vouchers_use(rng)
        demo_money(owner_email=OWNER_EMAIL, buyer_email=BUYER_EMAIL, curator_email=CURATOR_EMAIL)
    return DemoSummary(merchants=len(merchants), stores=sum(len(m[2]) for m in merchants), deals=made)


def _category_tree() -> dict[str, "Category"]:
    """The category tree (found or created by name), as subcategory name -> Category."""
    found = {}
    for top_name, (_colours, subs) in CATEGORY_TREE.items():
        top = Category.get_root_nodes().filter(name=top_name).first() or Category.add_root(name=top_name)
        for sub_name in subs:
            found[sub_name] = top.get_children().filter(name=sub_name).first() or top.add_child(name=sub_name)
    return found


def _demo_users():
    """The three demo logins; returns the one who will own the first merchant."""
    User = get_user_model()

    def user(email, first, last, **flags):
        person = User.objects.filter(email=email).first() or User(username=email, email=email)
        person.first_name, person.last_name = first, last
        for name, value in flags.items():
            setattr(person, name, value)
        person.set_password(DEMO_PASSWORD)
        person.save()
        return person

    user(BUYER_EMAIL, "Beatriz", "Costa")
    curator = user(CURATOR_EMAIL, "Carlos", "Mendes", is_staff=True)
    curator.groups.add(ensure_curator_group())
    owner = user(OWNER_EMAIL, "Olga", "Ferreira")
    return None if owner.merchant_memberships.exists() else owner


def _merchants(rng: random.Random, *, count: int, owner) -> list[tuple]:
    """(merchant, subcategory, stores), one subcategory each; every subcategory before repeats."""
    pairs = [(i, sub, name) for sub, (names, _b, _d) in SUBCATEGORIES.items() for i, name in enumerate(names)]
    rng.shuffle(pairs)
    pairs.sort(key=lambda p: p[0])
    built = []
    for n, (_i, sub, name) in enumerate(pairs[:count]):
        city = "Lisbon" if rng.random() < 0.6 else "Porto"
        top = _top_of(sub)
        hood = rng.choice(CITIES[city][2])
        merchant = merchant_create(
            name=name, description=SUBCATEGORIES[sub][1].format(what=WHAT[sub], hood=hood[0]),
            contact_email=f"hello@{name.lower().replace(' ', '').replace('&', '')[:20]}.example",
            contact_phone=_phone(rng, city), owner=owner if n == 0 else None,
        )
        stores = []
        for s in range(rng.choice([1, 2, 2, 2, 3])):
            other_city = "Porto" if city == "Lisbon" else "Lisbon"
            store_city = city if s == 0 or rng.random() < 0.75 else other_city
            hood = hood if s == 0 else rng.choice(CITIES[store_city][2])
            stores.append(_store(rng, merchant=merchant, city=store_city, hood=hood, hours=HOURS[top]))
        built.append((merchant, sub, stores))
    return built


def _store(rng, *, merchant: Merchant, city: str, hood: tuple, hours: str):
    hood_name, lat, lon, street, postcode = hood
    return location_create(
        merchant=merchant, name=f"{merchant.name} {hood_name}",
        address=f"{street}, {rng.randint(1, 180)}", postcode=postcode, city=city,
        latitude=Decimal(str(round(lat + rng.uniform(-0.003, 0.003), 6))),
        longitude=Decimal(str(round(lon + rng.uniform(-0.003, 0.003), 6))),
        phone=_phone(rng, city), opening_hours=hours, timezone=CITIES[city][0],
    )


def _phone(rng, city: str) -> str:
    return f"{CITIES[city][1]} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def _top_of(sub: str) -> str:
    return next(top for top, (_c, subs) in CATEGORY_TREE.items() if sub in subs)


def _deal(rng, *, index: int, base: datetime, merchant: Merchant, sub: str, stores: list, category,
          idea: tuple, buyers: list):
    title, option_ideas, highlights, fine_print = idea
    title = f"{title} at {merchant.name}"
    options = []
    for option_title, value in option_ideas:
        off = Decimal(rng.choice([30, 35, 40, 45, 50, 55, 60]))
        price = (Decimal(value) * (100 - off) / 100 * 2).quantize(Decimal("1"), ROUND_HALF_UP) / 2
        options.append(OptionSpec(option_title, price.quantize(Decimal("0.01")),
                                  Decimal(value).quantize(Decimal("0.01")),
                                  rng.choice([20, 50, 100, 150, 300])))
    review, window = _review_and_window(rng, index=index)
    starts, ends = _sale_window(rng, window=window, base=base)
    fixed = rng.random() < 0.3
    limit = rng.choice([None, None, 2, 4, 10])
    minimum = rng.choice([5, 10, 20]) if rng.random() < 0.2 else None
    deal = deal_create(
        merchant=merchant, title=title, options=options,
        locations=stores if len(stores) == 1 or rng.random() < 0.7 else stores[:1],
        sale_starts_at=starts, sale_ends_at=ends, categories=[category],
        description=f"{title}. {merchant.description}", highlights=highlights, fine_print=fine_print,
        validity_kind=Deal.Validity.FIXED if fixed else Deal.Validity.AFTER_PURCHASE,
        valid_days=None if fixed else rng.choice([60, 90, 120, 180]),
        valid_from=starts if fixed else None,
        valid_until=ends + timedelta(days=rng.choice([60, 90])) if fixed else None,
        min_buyers=minimum if window != "sold_out" else None,
        per_customer_limit=None if window == "sold_out" else limit,  # sold out to a few buyers
        refundable=rng.random() < 0.85,
        expiry_policy=rng.choice([Deal.ExpiryPolicy.PAID_VALUE] * 3
                                 + [Deal.ExpiryPolicy.NO_REFUND, Deal.ExpiryPolicy.REFUND]),
        review_status=review,
    )
    demo_deal_sell(rng, deal=deal, window=window, buyers=buyers)
    _attach_images(deal=deal, sub=sub, count=3 if index % 3 == 0 else 2)


def _review_and_window(rng, *, index: int) -> tuple[str, str]:
    if index % 20 == 7:
        return Deal.Review.SUBMITTED, "live"
    if index % 20 == 13:
        return Deal.Review.DRAFT, "scheduled"
    if index % 50 == 4:
        return Deal.Review.APPROVED, "sold_out"
    roll = rng.random()
    return Deal.Review.APPROVED, "scheduled" if roll < 0.1 else "ended" if roll < 0.22 else "live"


def _sale_window(rng, *, window: str, base: datetime) -> tuple[datetime, datetime]:
    if window == "scheduled":
        starts = base + timedelta(days=rng.randint(1, 10), hours=8)
        return starts, starts + timedelta(days=rng.randint(14, 40))
    if window == "ended":
        ends = base - timedelta(days=rng.randint(1, 15), hours=2)
        return ends - timedelta(days=rng.randint(14, 30)), ends
    starts = base - timedelta(days=rng.randint(1, 20), hours=-rng.choice([0, 8, 10]))
    return starts, base + timedelta(days=rng.randint(3, 45), hours=22)


def _attach_images(*, deal: Deal, sub: str, count: int) -> None:
    colours = CATEGORY_TREE[_top_of(sub)][0]
    for n in range(count):
        jpeg = deal_image_jpeg(scene=sub, colours=colours, seed=deal.pk * 10 + n)
        ProductImage.objects.create(
            product=deal.product, display_order=n, caption=deal.title,
            original=ContentFile(jpeg, name=f"deal-{deal.pk}-{n + 1}.jpg"),
        )
