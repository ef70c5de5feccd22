"""Demo deals shaped for each trade (docs/trades.md): in each demo city a salon taking bookings,
a gym selling a ten-visit pass and a restaurant with off-peak lunch vouchers."""
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from oscar.core.loading import get_model

from marketplace.bookings.services import store_schedule_set
from marketplace.core import weekly
from marketplace.deals.models import Deal
from marketplace.deals.services import OptionSpec, deal_create
from merchants.services import location_create, merchant_create

from .catalogue import CATEGORY_TREE, CITIES, HOURS
from .images import deal_image_jpeg

ProductImage = get_model("catalogue", "ProductImage")

# The merchant of each trade in each demo city.
SALONS = {"Lisbon": "Salão Flor de Lis", "Porto": "Salão Ribeira"}
GYMS = {"Lisbon": "Ginásio Tejo", "Porto": "Ginásio Douro"}
RESTAURANTS = {"Lisbon": "Tasca do Meio-Dia", "Porto": "Adega da Tarde"}
TRADES_FROM_DEALS = 50
SALON_HOURS = "Mon-Fri 10:00-13:00, 14:00-19:00\nSat 10:00-14:00"
OFF_PEAK_LUNCH = "Mon-Thu 14:00-17:00"


def demo_trades(*, base: datetime, categories: dict, deals: int) -> int:
    """The trade deals of every demo city (``categories``: subcategory name -> Category, as the
    loader builds them) in a full demo (``deals`` random deals, TRADES_FROM_DEALS or more; a
    small one stays as asked); returns how many deals it made."""
    if deals < TRADES_FROM_DEALS:
        return 0
    made = 0
    for n, city in enumerate(CITIES):
        hood = CITIES[city][2][n % len(CITIES[city][2])]
        starts, ends = base - timedelta(days=3), base + timedelta(days=45)
        salon = _store(SALONS[city], city=city, hood=hood, hours=HOURS["Beauty & spa"])
        store_schedule_set(location=salon, slot_minutes=45, capacity=2,
                           hours=weekly.spans_parse(SALON_HOURS))
        _deal(salon, title=f"Cut, wash and blow-dry at {salon.merchant.name}",
              category=categories["Hair"], starts=starts, ends=ends,
              options=[OptionSpec("Cut and blow-dry", Decimal("19.00"), Decimal("38.00"), 120)],
              bookable=True, booking_cutoff_hours=12, booking_tolerance_minutes=10,
              no_show_policy=Deal.NoShowPolicy.USED_UP,
              fine_print="Book your slot after buying, from My vouchers.")
        gym = _store(GYMS[city], city=city, hood=hood, hours=HOURS["Health & fitness"])
        _deal(gym, title=f"Ten gym visits at {gym.merchant.name}", category=categories["Gym"],
              starts=starts, ends=ends,
              options=[OptionSpec("10 visits", Decimal("45.00"), Decimal("90.00"), 200, uses=10,
                                  one_use_per_day=True),
                       OptionSpec("5 visits", Decimal("25.00"), Decimal("45.00"), 200, uses=5,
                                  one_use_per_day=True)],
              fine_print="One visit a day. Unused visits are refunded pro rata.")
        restaurant = _store(RESTAURANTS[city], city=city, hood=hood, hours=HOURS["Food & drink"])
        _deal(restaurant, title=f"Off-peak lunch for two at {restaurant.merchant.name}",
              category=categories["Restaurants"], starts=starts, ends=ends,
              options=[OptionSpec("Lunch for 2", Decimal("18.00"), Decimal("36.00"), 150)],
              usage_windows=weekly.spans_parse(OFF_PEAK_LUNCH),
              excluded_dates=[(base + timedelta(days=20)).date().isoformat()],
              fine_print="Valid Monday to Thursday afternoons, not on public holidays.")
        made += 3
    return made


def _store(name: str, *, city: str, hood: tuple, hours: str):
    hood_name, lat, lon, street, postcode = hood
    merchant = merchant_create(name=name, description=f"{name}, {hood_name}.",
                               contact_email=f"hello@{name.split()[-1].lower()}.example")
    return location_create(merchant=merchant, name=f"{name} {hood_name}", address=f"{street}, 12",
                           postcode=postcode, city=city, latitude=Decimal(str(lat)),
                           longitude=Decimal(str(lon)), opening_hours=hours,
                           timezone=CITIES[city][0])


def _deal(store, *, title: str, category, starts: datetime, ends: datetime, options, **terms):
    deal = deal_create(
        merchant=store.merchant, title=title, options=options, locations=[store],
        sale_starts_at=starts, sale_ends_at=ends, categories=[category],
        description=f"{title}. {store.merchant.description}",
        validity_kind=Deal.Validity.AFTER_PURCHASE, valid_days=90,
        review_status=Deal.Review.APPROVED, **terms)
    top = category.get_parent().name
    jpeg = deal_image_jpeg(title=title, initial=category.name, colours=CATEGORY_TREE[top][0], shade=0)
    ProductImage.objects.create(product=deal.product, display_order=0,
                                original=ContentFile(jpeg, name=f"deal-{deal.pk}-1.jpg"))
    return deal
