"""Reading merchant reviews: what a deal page shows, what a buyer may still review."""
from django.db.models import QuerySet

from vouchers.models import Voucher

from .models import MerchantReview


def reviews_for_merchant(*, merchant_id: int, include_hidden: bool = False) -> QuerySet:
    qs = MerchantReview.objects.filter(merchant_id=merchant_id).select_related(
        "author", "deal__product", "reply_author"
    )
    return qs if include_hidden else qs.filter(is_hidden=False)


def vouchers_awaiting_review(*, user, deal_id: int | None = None) -> QuerySet:
    """The user's redeemed vouchers that have no review yet (each may be reviewed once)."""
    qs = Voucher.objects.filter(
        owner=user, status=Voucher.Status.REDEEMED, merchant_review__isnull=True
    )
    return qs.filter(deal_id=deal_id) if deal_id else qs
