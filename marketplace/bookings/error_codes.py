"""Machine codes for what a store schedule's rules refuse, with the message a person reads."""
from enum import Enum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class ScheduleError(str, Enum):
    SLOT_LENGTH_OUT_OF_RANGE = "slot_length_out_of_range"
    CAPACITY_OUT_OF_RANGE = "capacity_out_of_range"
    HOURS_UNREADABLE = "hours_unreadable"
    HOURS_END_BEFORE_START = "hours_end_before_start"
    EXCEPTION_HOURS_INCOMPLETE = "exception_hours_incomplete"

    def error(self) -> ValidationError:
        return ValidationError(str(MESSAGES[self]), code=self.value)


MESSAGES = {
    ScheduleError.SLOT_LENGTH_OUT_OF_RANGE: _("A slot lasts between 5 minutes and 8 hours."),
    ScheduleError.CAPACITY_OUT_OF_RANGE: _("A slot has between 1 and 500 places."),
    ScheduleError.HOURS_UNREADABLE: _("Write the hours as days and times, e.g. "
                                      "“Mon-Fri 09:00-13:00, 14:00-19:00”."),
    ScheduleError.HOURS_END_BEFORE_START: _("Hours must end after they start, on the same day "
                                            "(24:00 at the latest)."),
    ScheduleError.EXCEPTION_HOURS_INCOMPLETE: _("Give both the opening and the closing time of "
                                                "the day, or neither."),
}
