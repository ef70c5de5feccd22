"""Stable machine codes of redemption outcomes: the API returns them, the page shows their message."""
from enum import Enum

from django.utils.translation import gettext_lazy as _


class RedemptionError(str, Enum):
    UNKNOWN_CODE = "unknown_code"
    ALREADY_REDEEMED = "already_redeemed"
    NOT_VALID_HERE = "not_valid_here"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    REFUNDED = "refunded"
    RATE_LIMITED = "rate_limited"
    INVALID_FORMAT = "invalid_format"
    # The trades' rules (docs/trades.md).
    NOT_VALID_NOW = "not_valid_now"
    NO_USES_LEFT = "no_uses_left"
    ALREADY_USED_TODAY = "already_used_today"
    NOT_BOOKED_NOW = "not_booked_now"
    BOOKED_FOR_ANOTHER_TIME = "booked_for_another_time"
    # Undo and request-level outcomes.
    NOT_REDEEMED = "not_redeemed"
    UNDO_WINDOW_PASSED = "undo_window_passed"
    UNDO_LIMIT_REACHED = "undo_limit_reached"
    REASON_REQUIRED = "reason_required"
    PERMISSION_DENIED = "permission_denied"
    NOT_AUTHENTICATED = "not_authenticated"
    IDEMPOTENCY_KEY_REQUIRED = "idempotency_key_required"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    INVALID_REQUEST = "invalid_request"
    NOT_FOUND = "not_found"

    def __str__(self):
        return self.value


# The HTTP status the API answers with for each outcome.
HTTP_STATUS = {
    RedemptionError.UNKNOWN_CODE: 404,
    RedemptionError.ALREADY_REDEEMED: 409,
    RedemptionError.NOT_VALID_HERE: 422,
    RedemptionError.NOT_YET_VALID: 422,
    RedemptionError.EXPIRED: 422,
    RedemptionError.REFUNDED: 422,
    RedemptionError.RATE_LIMITED: 429,
    RedemptionError.INVALID_FORMAT: 400,
    RedemptionError.NOT_VALID_NOW: 422,
    RedemptionError.NO_USES_LEFT: 409,
    RedemptionError.ALREADY_USED_TODAY: 422,
    RedemptionError.NOT_BOOKED_NOW: 422,
    RedemptionError.BOOKED_FOR_ANOTHER_TIME: 422,
    RedemptionError.NOT_REDEEMED: 409,
    RedemptionError.UNDO_WINDOW_PASSED: 409,
    RedemptionError.UNDO_LIMIT_REACHED: 409,
    RedemptionError.REASON_REQUIRED: 400,
    RedemptionError.PERMISSION_DENIED: 403,
    RedemptionError.NOT_AUTHENTICATED: 401,
    RedemptionError.IDEMPOTENCY_KEY_REQUIRED: 400,
    RedemptionError.IDEMPOTENCY_KEY_REUSED: 422,
    RedemptionError.INVALID_REQUEST: 400,
    RedemptionError.NOT_FOUND: 404,
}

DEFAULT_MESSAGES = {
    RedemptionError.UNKNOWN_CODE: _("No voucher of this merchant has this code."),
    RedemptionError.ALREADY_REDEEMED: _("This voucher has already been redeemed."),
    RedemptionError.NOT_VALID_HERE: _("This voucher is not valid at this store."),
    RedemptionError.NOT_YET_VALID: _("This voucher is not valid yet."),
    RedemptionError.EXPIRED: _("This voucher has expired."),
    RedemptionError.REFUNDED: _("This voucher was refunded or cancelled and cannot be used."),
    RedemptionError.RATE_LIMITED: _("Too many failed look-ups. Try again later."),
    RedemptionError.INVALID_FORMAT: _("This is not a valid voucher code: check it for typos."),
    RedemptionError.NOT_VALID_NOW: _("This voucher is not valid at this time."),
    RedemptionError.NO_USES_LEFT: _("Every use of this pass has been used."),
    RedemptionError.ALREADY_USED_TODAY: _("This pass was used today already: one use a day."),
    RedemptionError.NOT_BOOKED_NOW: _(
        "This voucher needs a booking and has none for now: the buyer books a slot under "
        "My vouchers."),
    RedemptionError.BOOKED_FOR_ANOTHER_TIME: _("This voucher is booked for another time."),
    RedemptionError.NOT_REDEEMED: _("This redemption is not standing: nothing to undo."),
    RedemptionError.UNDO_WINDOW_PASSED: _("It is too late to undo this redemption."),
    RedemptionError.UNDO_LIMIT_REACHED: _(
        "This voucher has been undone too many times: ask platform support."),
    RedemptionError.REASON_REQUIRED: _("Give a reason for the undo."),
    RedemptionError.PERMISSION_DENIED: _("You are not allowed to do this."),
    RedemptionError.NOT_AUTHENTICATED: _("A valid store token is required."),
    RedemptionError.IDEMPOTENCY_KEY_REQUIRED: _("Send an Idempotency-Key header."),
    RedemptionError.IDEMPOTENCY_KEY_REUSED: _(
        "This Idempotency-Key was used for a different request."),
    RedemptionError.INVALID_REQUEST: _("The request is not valid."),
    RedemptionError.NOT_FOUND: _("Not found."),
}
