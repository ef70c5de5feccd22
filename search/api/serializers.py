"""JSON shapes of the deal search API (also what the OpenAPI schema documents)."""
from rest_framework import serializers


class NearestStoreSerializer(serializers.Serializer):
    name = serializers.CharField()
    city = serializers.CharField()
    distance_km = serializers.FloatField()


class DealHitSerializer(serializers.Serializer):
    deal_id = serializers.IntegerField()
    title = serializers.CharField()
    title_html = serializers.CharField(allow_blank=True,
                                       help_text="The title, HTML-escaped, matches in <mark> (text searches).")
    snippet_html = serializers.CharField(allow_blank=True,
                                         help_text="A matching passage, HTML-escaped, matches in <mark>.")
    url = serializers.CharField()
    merchant_name = serializers.CharField()
    city = serializers.CharField(allow_blank=True)
    price = serializers.DecimalField(max_digits=12, decimal_places=2,
                                     help_text="The cheapest option's price.")
    value = serializers.DecimalField(max_digits=12, decimal_places=2,
                                     help_text="What that option is worth at the normal price.")
    currency = serializers.CharField()
    discount_percent = serializers.IntegerField()
    units_sold = serializers.IntegerField()
    rating = serializers.FloatField(allow_null=True)
    rating_count = serializers.IntegerField()
    tipped = serializers.BooleanField()
    status = serializers.CharField()
    sale_ends_at = serializers.DateTimeField()
    categories = serializers.ListField(child=serializers.CharField())
    nearest_store = NearestStoreSerializer(allow_null=True,
                                           help_text="Set when the search has a position.")
    kinds = serializers.ListField(child=serializers.CharField(),
                                  help_text="plain, pass, bookable, off_peak (docs/trades.md).")
    usage_windows = serializers.CharField(allow_blank=True,
                                          help_text="When vouchers may be used, e.g. Mon–Thu 14:00–17:00.")
    next_free_slot = serializers.DateTimeField(allow_null=True,
                                               help_text="A bookable deal's next free slot.")


class FacetValueSerializer(serializers.Serializer):
    key = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    categories = FacetValueSerializer(many=True)
    price_bands = FacetValueSerializer(many=True)
    cities = FacetValueSerializer(many=True)


class SearchResponseSerializer(serializers.Serializer):
    engine = serializers.ChoiceField(choices=["elasticsearch", "database"],
                                     help_text="database when the index did not answer in time.")
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    results = DealHitSerializer(many=True)
    facets = FacetsSerializer()


class SuggestionSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    deal_id = serializers.IntegerField()


class AutocompleteResponseSerializer(serializers.Serializer):
    suggestions = SuggestionSerializer(many=True)


class SearchErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    detail = serializers.DictField()


def search_response_data(results) -> dict:
    """The JSON of SearchResponseSerializer, built directly: this is the hot path of search,
    and DRF's field-by-field serialization cost more than the index query itself."""
    return {
        "engine": results.engine, "count": results.total, "page": results.params.page,
        "num_pages": results.num_pages,
        "results": [_hit(h) for h in results.hits],
        "facets": {"categories": _facets(results.categories),
                   "price_bands": _facets(results.price_bands), "cities": _facets(results.cities)},
    }


def _hit(hit) -> dict:
    store = hit.nearest_store
    return {
        "deal_id": hit.deal_id, "title": hit.title, "title_html": hit.title_html,
        "snippet_html": hit.snippet_html, "url": hit.url, "merchant_name": hit.merchant_name,
        "city": hit.city, "price": f"{hit.price:.2f}", "value": f"{hit.value:.2f}",
        "currency": hit.currency, "discount_percent": hit.discount_percent,
        "units_sold": hit.units_sold, "rating": hit.rating, "rating_count": hit.rating_count,
        "tipped": hit.tipped, "status": hit.status,
        "sale_ends_at": hit.sale_ends_at.isoformat().replace("+00:00", "Z"),
        "categories": list(hit.categories),
        "nearest_store": None if store is None else {
            "name": store.name, "city": store.city, "distance_km": store.distance_km},
        "kinds": list(hit.kinds), "usage_windows": hit.usage_windows,
        "next_free_slot": (None if hit.next_free_slot is None
                           else hit.next_free_slot.isoformat().replace("+00:00", "Z")),
    }


def _facets(values) -> list[dict]:
    return [{"key": f.key, "count": f.count} for f in values]
