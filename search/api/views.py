"""Deal search API: the same search as the page (search.selectors), as JSON."""
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from search.error_codes import SearchError
from search.forms import SearchForm
from search.query import SearchParams
from search.selectors import deals_autocomplete, deals_search

from .serializers import (
    AutocompleteResponseSerializer, SearchErrorSerializer, SearchResponseSerializer,
    SuggestionSerializer, search_response_data,
)

_TYPES = {forms.DecimalField: OpenApiTypes.DECIMAL, forms.FloatField: OpenApiTypes.FLOAT,
          forms.IntegerField: OpenApiTypes.INT, forms.BooleanField: OpenApiTypes.BOOL}
_HELP = {
    "q": "Free text; small typos are forgiven.",
    "category": "A full category path, e.g. 'Beauty & spa > Massage'; subcategories match too.",
    "near": "A place slug (city or neighbourhood centre) to measure distances from.",
    "lat": "The buyer's latitude (with lon), e.g. from browser geolocation.",
    "sort": "relevance, popular, price, ending or distance (distance needs a position).",
    "page": "1-based page number (20 results a page).",
    "tipped": "true: only deals that reached their minimum number of buyers.",
    "kind": "plain, pass (several uses), bookable (slots) or off_peak (some hours only).",
    "usable": "now: usable at this moment; evening: usable this evening (18:00-23:00).",
    "bookable_this_week": "true: only bookable deals with a free slot in the next 7 days.",
}


def _form_parameters() -> list[OpenApiParameter]:
    """The query parameters, from the form that checks them (one definition for page and API)."""
    params = []
    for name, field in SearchForm.base_fields.items():
        enum = [c[0] for c in field.choices] if isinstance(field, forms.ChoiceField) else None
        params.append(OpenApiParameter(
            name, _TYPES.get(type(field), OpenApiTypes.STR), OpenApiParameter.QUERY,
            description=_HELP.get(name, str(field.label or "")), enum=enum))
    return params


def invalid(form: SearchForm) -> Response:
    errors = form.errors.as_data()
    codes = [e.code for errs in errors.values() for e in errs if e.code in set(SearchError)]
    return Response({
        "code": codes[0] if codes else SearchError.INVALID_PARAMETERS.value,
        "message": " ".join(str(m) for errs in form.errors.values() for m in errs),
        "detail": {"fields": form.errors.get_json_data()},
    }, status=400)


class PublicView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]


class DealSearchView(PublicView):
    @extend_schema(
        operation_id="deals_search", parameters=_form_parameters(),
        responses={200: SearchResponseSerializer, 400: OpenApiResponse(SearchErrorSerializer)},
        description="Live deals matching a text and filters, with facet counts, highlights and "
                    "the nearest store. Answered by the database when the index is unavailable.")
    def get(self, request):
        form = SearchForm(request.query_params)
        if not form.is_valid():
            return invalid(form)
        results = deals_search(form.to_params())
        return Response(search_response_data(results))


class DealAutocompleteView(PublicView):
    @extend_schema(
        operation_id="deals_autocomplete",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, OpenApiParameter.QUERY,
                                     description="What the buyer typed so far (2 characters or more).")],
        responses={200: AutocompleteResponseSerializer},
        description="Titles of live deals for the search box, as the buyer types.")
    def get(self, request):
        suggestions = deals_autocomplete(request.query_params.get("q", ""), params=SearchParams())
        return Response({"suggestions": SuggestionSerializer(suggestions, many=True).data})
