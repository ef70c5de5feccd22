"""Writing merchant reviews: a buyer reviews after redeeming, the merchant replies, staff hide."""
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone

from marketplace.deals.models import Deal
from merchants.permissions import Can, user_can
from search.services import search_index_schedule
from vouchers.models import Voucher
from vouchers.refunds import voucher_belongs_to

from .error_codes import ReviewError, ReviewRefused
from .models import MerchantReview

MAX_TEXT = 5000


def review_create(*, voucher: Voucher, author, stars: int, text: str = "", photo=None) -> MerchantReview:
    if not voucher_belongs_to(voucher=voucher, user=author):
        raise ReviewRefused(ReviewError.NOT_YOUR_VOUCHER)
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise ReviewRefused(ReviewError.BAD_STARS)
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise ReviewRefused(ReviewError.TEXT_TOO_LONG)
    with transaction.atomic():
        # The lock orders two submissions of the same voucher: the second sees the first.
        voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
        if voucher.status != Voucher.Status.REDEEMED:
            raise ReviewRefused(ReviewError.NOT_REDEEMED)
        if MerchantReview.objects.filter(voucher=voucher).exists():
            raise ReviewRefused(ReviewError.ALREADY_REVIEWED)
        review = MerchantReview(
            voucher=voucher, merchant_id=voucher.merchant_id, deal_id=voucher.deal_id,
            author=author, stars=stars, text=text,
        )
        if photo:
            review.photo = photo
        review.save()
        merchant_rating_refresh(merchant_id=voucher.merchant_id)
    return review


def review_reply(*, review: MerchantReview, author, text: str) -> MerchantReview:
    text = (text or "").strip()
    if not user_can(user=author, merchant_id=review.merchant_id, action=Can.REPLY_TO_REVIEWS):
        raise ReviewRefused(ReviewError.NOT_MERCHANT_STAFF)
    if not text:
        raise ReviewRefused(ReviewError.EMPTY_REPLY)
    if len(text) > MAX_TEXT:
        raise ReviewRefused(ReviewError.TEXT_TOO_LONG)
    with transaction.atomic():
        review = MerchantReview.objects.select_for_update().get(pk=review.pk)
        if review.reply_text:
            raise ReviewRefused(ReviewError.ALREADY_REPLIED)
        review.reply_text, review.reply_author, review.replied_at = text, author, timezone.now()
        review.save(update_fields=["reply_text", "reply_author", "replied_at"])
    return review


def review_set_hidden(*, review: MerchantReview, actor, hidden: bool, reason: str = "") -> MerchantReview:
    """Staff hide an abusive review (or show it again); hidden reviews do not count in ratings."""
    if not (actor and actor.is_authenticated and actor.is_staff):
        raise ReviewRefused(ReviewError.NOT_PLATFORM_STAFF)
    with transaction.atomic():
        review = MerchantReview.objects.select_for_update().get(pk=review.pk)
        review.is_hidden = hidden
        review.hidden_by = actor if hidden else None
        review.hidden_reason = reason.strip() if hidden else ""
        review.hidden_at = timezone.now() if hidden else None
        review.save(update_fields=["is_hidden", "hidden_by", "hidden_reason", "hidden_at"])
        merchant_rating_refresh(merchant_id=review.merchant_id)
    return review


def merchant_rating_refresh(*, merchant_id: int) -> None:
    """Write the merchant's average of visible reviews onto each of its deals (shown, ranked on)."""
    agg = MerchantReview.objects.filter(merchant_id=merchant_id, is_hidden=False).aggregate(
        avg=Avg("stars"), n=Count("id")
    )
    rating = round(agg["avg"], 2) if agg["avg"] is not None else None
    deals = Deal.objects.filter(merchant_id=merchant_id)
    deals.update(rating=rating, rating_count=agg["n"], updated_at=timezone.now())
    # Ratings feed the search ranking: the merchant's deals are re-indexed after the commit.
    search_index_schedule(merchant_ids=[merchant_id])
