"""Reads for the portal: the day's redemptions and totals, voucher counts per deal, a new merchant's
first steps, a store's calendar of bookings."""
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from marketplace.bookings.selectors import slots_between
from merchants.models import ApiToken, Location, Merchant
from merchants.selectors import day_bounds, location_zone
from vouchers.bookings import bookings_between
from vouchers.models import Redemption, Voucher


def redemptions_between(*, merchant: Merchant, start: datetime, end: datetime):
    return (Redemption.objects.filter(merchant=merchant, redeemed_at__gte=start,
                                      redeemed_at__lt=end)
            .select_related("voucher__deal__product", "voucher__option", "location",
                            "redeemed_by", "api_token", "undone_by")
            .order_by("-redeemed_at", "-id"))


def redemption_totals_today(*, merchant: Merchant) -> dict:
    start, end = day_bounds(merchant)
    standing = Redemption.objects.filter(merchant=merchant, redeemed_at__gte=start,
                                         redeemed_at__lt=end, undone_at__isnull=True)
    by_store = list(standing.values("location_id").annotate(count=Count("id"), amount=Sum("amount")))
    # Store names are translated (read in the reader's language), so they are added afterwards.
    names = {loc.pk: loc.name for loc in Location.objects.filter(
        pk__in=[row["location_id"] for row in by_store]).prefetch_related("translations")}
    for row in by_store:
        row["location__name"] = names.get(row["location_id"], "")
    by_store.sort(key=lambda row: (-row["count"], row["location__name"]))
    return {
        "day": start.date(),
        "total": standing.count(),
        "by_store": by_store,
        "by_deal": list(standing.values("voucher__deal__product__title").annotate(
            count=Count("id"), amount=Sum("amount")).order_by("-count")),
    }


def voucher_counts_by_deal(*, merchant: Merchant) -> list[dict]:
    """Sold (every voucher issued), redeemed, refunded or void, and outstanding, per deal."""
    S = Voucher.Status
    return list(
        Voucher.objects.filter(merchant=merchant)
        .values("deal_id", "deal__product__title")
        .annotate(
            sold=Count("id"),
            redeemed=Count("id", filter=Q(status=S.REDEEMED)),
            cancelled=Count("id", filter=Q(status__in=[S.REFUNDED, S.VOID])),
            outstanding=Count("id", filter=Q(status__in=[S.ISSUED, S.EXPIRED])),
        ).order_by("deal__product__title"))


def store_calendar(*, location: Location, first_day: date, days: int) -> list[dict]:
    """A store's bookable slots over ``days`` days from ``first_day`` (its own clock), each with
    its places and the bookings in it; bookings outside any slot (hours changed since) too.
    ``[{"day", "slots": [{"starts_at", "ends_at", "capacity", "taken", "bookings"}]}]``."""
    zone = location_zone(location)
    start = datetime.combine(first_day, time.min, tzinfo=zone)
    end = datetime.combine(first_day + timedelta(days=days), time.min, tzinfo=zone)
    rows = {}
    for slot in slots_between(locations=[location], start=start, end=end):
        rows[slot.starts_at] = {"starts_at": slot.starts_at, "ends_at": slot.ends_at,
                                "capacity": slot.capacity, "taken": slot.taken, "bookings": []}
    for booking in bookings_between(location=location, start=start, end=end):
        row = rows.setdefault(booking.starts_at, {
            "starts_at": booking.starts_at, "ends_at": booking.ends_at, "capacity": 0,
            "taken": 0, "bookings": []})
        row["bookings"].append(booking)
    calendar = [{"day": first_day + timedelta(days=n), "slots": []} for n in range(days)]
    for row in sorted(rows.values(), key=lambda r: r["starts_at"]):
        calendar[(row["starts_at"].astimezone(zone).date() - first_day).days]["slots"].append(row)
    return calendar


def store_today_bookings(*, location: Location):
    """The bookings of the store's day (its own clock), for the counter page."""
    zone = location_zone(location)
    today = timezone.now().astimezone(zone).date()
    start = datetime.combine(today, time.min, tzinfo=zone)
    return list(bookings_between(location=location, start=start, end=start + timedelta(days=1)))


def first_steps(*, merchant: Merchant) -> dict[str, bool]:
    """Which of a new merchant's first steps are done: stores, a first deal, staff, a till."""
    return {
        "stores": merchant.locations.exists(),
        "deal": merchant.deals.exists(),
        "staff": merchant.memberships.count() > 1 or merchant.invitations.exists(),
        "till": ApiToken.objects.filter(location__merchant=merchant).exists(),
    }
