"""marketplace/renderers.py: the API's orjson renderer writes what DRF's JSONRenderer writes."""
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework.renderers import JSONRenderer as DrfJSONRenderer

from marketplace.renderers import JSONRenderer


def test_answers_are_byte_for_byte_what_drf_writes():
    data = {
        "at": datetime(2026, 11, 22, 9, 30, 5, 123456, tzinfo=timezone.utc),
        "whole_second": datetime(2026, 11, 22, 9, 30, tzinfo=timezone.utc),
        "lisbon_summer": datetime(2026, 7, 1, 12, 0, tzinfo=timezone(timedelta(hours=1))),
        "price": Decimal("12.50"), "batch": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "label": _("Search"), "city": "São João da Madeira", "list": [1, 2.5, None, True],
        "nested": {"count": 0, "empty": []},
    }
    assert JSONRenderer().render(data) == DrfJSONRenderer().render(data)
    assert JSONRenderer().render(None) == DrfJSONRenderer().render(None) == b""
