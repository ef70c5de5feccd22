"""Reads for the portal: the day's redemptions and totals, voucher counts per deal, a new merchant's
first steps."""
from datetime import datetime

from django.db.models import Count, Q, Sum

from merchants.models import ApiToken, Merchant
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
    return {
        "day": start.date(),
        "total": standing.count(),
        "by_store": list(standing.values("location__name").annotate(
            count=Count("id"), amount=Sum("amount")).order_by("-count", "location__name")),
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


def first_steps(*, merchant: Merchant) -> dict[str, bool]:
    """Which of a new merchant's first steps are done: stores, a first deal, staff, a till."""
    return {
        "stores": merchant.locations.exists(),
        "deal": merchant.deals.exists(),
        "staff": merchant.memberships.count() > 1 or merchant.invitations.exists(),
        "till": ApiToken.objects.filter(location__merchant=merchant).exists(),
    }
