"""Reading merchant reviews: what a deal page shows, whether a buyer may review a voucher."""
from django.db.models import QuerySet

from vouchers.models import Voucher
from vouchers.refunds import voucher_belongs_to

from .models import MerchantReview


def reviews_for_merchant(*, merchant_id: int, include_hidden: bool = False) -> QuerySet:
    qs = MerchantReview.objects.filter(merchant_id=merchant_id).select_related(
        "author", "deal__product", "reply_author"
    )
    return qs if include_hidden else qs.filter(is_hidden=False)


def voucher_open_for_review(*, voucher: Voucher, user) -> bool:
    """Whether ``user`` may review ``voucher`` now: theirs, redeemed, and not reviewed yet (the
    service checks the same again under the voucher's lock)."""
    return (voucher.status == Voucher.Status.REDEEMED
            and voucher_belongs_to(voucher=voucher, user=user)
            and not MerchantReview.objects.filter(voucher=voucher).exists())
