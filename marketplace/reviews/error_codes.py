"""Machine codes for what a review action can refuse, with the message a person reads."""
from enum import Enum

from django.utils.translation import gettext_lazy as _


class ReviewError(str, Enum):
    NOT_YOUR_VOUCHER = "not_your_voucher"
    NOT_REDEEMED = "voucher_not_redeemed"
    ALREADY_REVIEWED = "already_reviewed"
    BAD_STARS = "bad_stars"
    TEXT_TOO_LONG = "text_too_long"
    NOT_MERCHANT_STAFF = "not_merchant_staff"
    EMPTY_REPLY = "empty_reply"
    ALREADY_REPLIED = "already_replied"
    NOT_PLATFORM_STAFF = "not_platform_staff"

    @property
    def message(self) -> str:
        return str(MESSAGES[self])


MESSAGES = {
    ReviewError.NOT_YOUR_VOUCHER: _("Only the buyer of this voucher can review it."),
    ReviewError.NOT_REDEEMED: _("You can review a merchant once you have used your voucher there."),
    ReviewError.ALREADY_REVIEWED: _("You have already reviewed this voucher."),
    ReviewError.BAD_STARS: _("Choose between 1 and 5 stars."),
    ReviewError.TEXT_TOO_LONG: _("Keep the review under 5000 characters."),
    ReviewError.NOT_MERCHANT_STAFF: _("Only the merchant's owner or managers can reply."),
    ReviewError.EMPTY_REPLY: _("Write a reply first."),
    ReviewError.ALREADY_REPLIED: _("This review already has a reply."),
    ReviewError.NOT_PLATFORM_STAFF: _("Only platform staff can hide reviews."),
}


class ReviewRefused(Exception):
    """An expected refusal: carries the code and the message to show."""

    def __init__(self, code: ReviewError):
        self.code = code
        super().__init__(code.message)
