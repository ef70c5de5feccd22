"""Stable machine codes of the search API's errors."""
from enum import StrEnum


class SearchError(StrEnum):
    INVALID_PARAMETERS = "invalid_parameters"
    INCOMPLETE_POSITION = "incomplete_position"
    POSITION_REQUIRED = "position_required"
    UNKNOWN_PLACE = "unknown_place"
    INVALID_PRICE_RANGE = "invalid_price_range"
