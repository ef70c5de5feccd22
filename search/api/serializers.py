"""JSON shapes of the deal search API (also what the OpenAPI schema documents)."""
from rest_framework import serializers


class NearestStoreSerializer(serializers.Serializer):
    name = serializers.CharField()
    city = serializers.CharField()
    distance_km = serializers.FloatField()


class DealHitSerializer(serializers.Serializer):
    deal_id = serializers.IntegerField()
    title = serializers.CharField()
    title_html = serializers.CharField(help_text="The title, HTML-escaped, matches in <mark>.")
    snippet_html = serializers.CharField(help_text="A matching passage, HTML-escaped, matches in <mark>.")
    url = serializers.CharField()
    merchant_name = serializers.CharField()
    city = serializers.CharField()
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
    return {
        "engine": results.engine, "count": results.total, "page": results.params.page,
        "num_pages": results.num_pages, "results": results.hits,
        "facets": {"categories": results.categories, "price_bands": results.price_bands,
                   "cities": results.cities},
    }
