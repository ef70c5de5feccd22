"""Machine codes for what a deal rule can refuse, with the message a person reads."""
from enum import Enum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DealError(str, Enum):
    SALE_DATES_REQUIRED = "sale_dates_required"
    SALE_ENDS_BEFORE_START = "sale_ends_before_start"
    UNKNOWN_VALIDITY = "unknown_validity"
    VALID_UNTIL_REQUIRED = "valid_until_required"
    VALIDITY_ENDS_BEFORE_START = "validity_ends_before_start"
    VALID_DAYS_REQUIRED = "valid_days_required"
    OPTION_REQUIRED = "option_required"
    OPTION_TITLE_REQUIRED = "option_title_required"
    PRICE_NOT_POSITIVE = "price_not_positive"
    VALUE_REQUIRED = "value_required"
    VALUE_BELOW_PRICE = "value_below_price"
    UNITS_NOT_POSITIVE = "units_not_positive"
    STORE_REQUIRED = "store_required"
    FOREIGN_STORE = "foreign_store"
    TITLE_REQUIRED = "title_required"
    TRANSLATION_TITLE_REQUIRED = "translation_title_required"
    LANGUAGE_NOT_OFFERED = "language_not_offered"
    # The terms of each trade (deals/terms.py).
    WINDOWS_UNREADABLE = "windows_unreadable"
    WINDOW_ENDS_BEFORE_START = "window_ends_before_start"
    TOO_MANY_WINDOWS = "too_many_windows"
    DATE_UNREADABLE = "date_unreadable"
    USES_OUT_OF_RANGE = "uses_out_of_range"
    CUTOFF_OUT_OF_RANGE = "cutoff_out_of_range"
    TOLERANCE_OUT_OF_RANGE = "tolerance_out_of_range"
    UNKNOWN_NO_SHOW_POLICY = "unknown_no_show_policy"
    BOOKABLE_NEEDS_SCHEDULE = "bookable_needs_schedule"

    @property
    def message(self) -> str:
        return str(MESSAGES[self])

    def error(self) -> ValidationError:
        return ValidationError(self.message, code=self.value)


MESSAGES = {
    DealError.SALE_DATES_REQUIRED: _("Say when the sale starts and ends."),
    DealError.SALE_ENDS_BEFORE_START: _("The sale must end after it starts."),
    DealError.UNKNOWN_VALIDITY: _("Choose how long vouchers stay valid."),
    DealError.VALID_UNTIL_REQUIRED: _("Fixed-date vouchers need a last valid day."),
    DealError.VALIDITY_ENDS_BEFORE_START: _("The last valid day must come after the first."),
    DealError.VALID_DAYS_REQUIRED: _("Say how many days a voucher stays valid."),
    DealError.OPTION_REQUIRED: _("A deal needs at least one option."),
    DealError.OPTION_TITLE_REQUIRED: _("Name the option."),
    DealError.PRICE_NOT_POSITIVE: _("The price must be more than zero."),
    DealError.VALUE_REQUIRED: _("Say what the option is worth at your normal price."),
    DealError.VALUE_BELOW_PRICE: _("The value cannot be below the price."),
    DealError.UNITS_NOT_POSITIVE: _("Put at least one unit on sale."),
    DealError.STORE_REQUIRED: _("A deal needs at least one store."),
    DealError.FOREIGN_STORE: _("A deal is valid only at its own merchant's stores."),
    DealError.TITLE_REQUIRED: _("A deal needs a title."),
    DealError.TRANSLATION_TITLE_REQUIRED: _(
        "Give a title in this language too, or leave this language empty."),
    DealError.LANGUAGE_NOT_OFFERED: _("This language is not offered."),
    DealError.WINDOWS_UNREADABLE: _("Write each time window as days and hours, e.g. "
                                    "“Mon-Thu 14:00-17:00”."),
    DealError.WINDOW_ENDS_BEFORE_START: _("A time window must end after it starts, "
                                          "on the same day (24:00 at the latest)."),
    DealError.TOO_MANY_WINDOWS: _("Use at most 14 time windows."),
    DealError.DATE_UNREADABLE: _("Write excluded dates as 2025-12-25."),
    DealError.USES_OUT_OF_RANGE: _("A voucher gives between 1 and 100 uses."),
    DealError.CUTOFF_OUT_OF_RANGE: _("The cut-off to move or cancel a booking is between 0 and "
                                     "720 hours before it."),
    DealError.TOLERANCE_OUT_OF_RANGE: _("The arrival tolerance is between 0 and 240 minutes."),
    DealError.UNKNOWN_NO_SHOW_POLICY: _("Choose what happens when a buyer does not come."),
    DealError.BOOKABLE_NEEDS_SCHEDULE: _("A bookable deal needs stores that take bookings: set "
                                         "their slots under Stores first."),
}
