"""The API's JSON renderer: DRF's, written by orjson (a search page of results is the hot path)."""
import orjson
from rest_framework import renderers
from rest_framework.utils.encoders import JSONEncoder

_fallback = JSONEncoder()


class JSONRenderer(renderers.JSONRenderer):
    """Compact UTF-8 JSON like DRF's; times in UTC end in "Z" as DRF writes them, and what
    orjson does not know (Decimal, lazy strings, ...) goes through DRF's own encoder."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return orjson.dumps(data, default=_fallback.default,
                            option=orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS)
