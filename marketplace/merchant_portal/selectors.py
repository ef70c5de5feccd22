"""Reads for the portal's reports: the day's redemptions and totals, voucher counts per deal."""
from datetime import datetime

from django.db.models import Count, Q, Sum

from merchants.models import Location, Merchant
from merchants.selectors import day_bounds
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
