"""Review pages: write a review of a redeemed voucher, read a merchant's reviews, reply, hide."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from merchants.models import Merchant
from merchants.permissions import Can, user_can
from vouchers.selectors import voucher_get_for_buyer

from . import services
from .error_codes import ReviewError, ReviewRefused
from .forms import HideForm, ReplyForm, ReviewForm
from .models import MerchantReview
from .selectors import reviews_for_merchant


@login_required
def review_create_view(request, voucher_id: int):
    # Someone else's voucher is not revealed (ids are sequential): the same 404 as no voucher.
    voucher = voucher_get_for_buyer(user=request.user, voucher_id=voucher_id)
    if voucher is None:
        raise Http404("No such voucher among yours.")
    form = ReviewForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_create(voucher=voucher, author=request.user, **form.cleaned_data)
        except ReviewRefused as refused:
            messages.error(request, refused.code.message)
        else:
            messages.success(request, _("Thank you, your review is published."))
            return redirect("merchant_reviews:merchant", slug=voucher.merchant.slug)
    return render(request, "reviews/review_form.html",
                  {"form": form, "voucher": voucher, "merchant": voucher.merchant})


def merchant_reviews_view(request, slug: str):
    merchant = get_object_or_404(Merchant, slug=slug)
    user = request.user
    can_reply = user_can(user=user, merchant_id=merchant.pk, action=Can.REPLY_TO_REVIEWS)
    is_staff = user.is_authenticated and user.is_staff
    reviews = reviews_for_merchant(merchant_id=merchant.pk, include_hidden=is_staff)
    return render(request, "reviews/merchant_reviews.html", {
        "merchant": merchant, "reviews": reviews, "can_reply": can_reply, "is_staff": is_staff,
        "reply_form": ReplyForm(), "hide_form": HideForm(),
    })


@login_required
@require_POST
def review_reply_view(request, pk: int):
    review = get_object_or_404(MerchantReview.objects.select_related("merchant"), pk=pk)
    form = ReplyForm(request.POST)
    try:
        services.review_reply(review=review, author=request.user,
                              text=form.data.get("text", ""))
    except ReviewRefused as refused:
        _forbid_outsiders(refused)
        messages.error(request, refused.code.message)
    else:
        messages.success(request, _("Your reply is published."))
    return redirect("merchant_reviews:merchant", slug=review.merchant.slug)


@login_required
@require_POST
def review_hide_view(request, pk: int, hidden: bool):
    review = get_object_or_404(MerchantReview.objects.select_related("merchant"), pk=pk)
    try:
        services.review_set_hidden(review=review, actor=request.user, hidden=hidden,
                                   reason=request.POST.get("reason", ""))
    except ReviewRefused as refused:
        _forbid_outsiders(refused)
        messages.error(request, refused.code.message)
    else:
        messages.success(request, _("The review is hidden.") if hidden
                         else _("The review is visible again."))
    return redirect("merchant_reviews:merchant", slug=review.merchant.slug)


def _forbid_outsiders(refused: ReviewRefused) -> None:
    """Someone who may not act on the merchant's reviews at all gets 403, not a form message."""
    if refused.code in (ReviewError.NOT_MERCHANT_STAFF, ReviewError.NOT_PLATFORM_STAFF):
        raise PermissionDenied(refused.code.message)
