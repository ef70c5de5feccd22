"""Deal search API: the same search as the page (search.selectors), as JSON."""
from decimal import Decimal

from django import forms
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.limits import NO_NUL_PATTERN
from search.error_codes import SearchError
from search.forms import SearchForm
from search.query import SearchParams
from search.selectors import deals_autocomplete, deals_search

from .serializers import (
    AutocompleteResponseSerializer, SearchErrorSerializer, SearchResponseSerializer,
    SuggestionSerializer, search_response_data,
)

# JSON Schema of a form field: its type and the limits the form checks, so the schema says what
# the API accepts (schemathesis checks both agree, tests/api/test_schema_fuzz.py).
_JSON_TYPES = {forms.DecimalField: "number", forms.FloatField: "number",
               forms.IntegerField: "integer", forms.BooleanField: "boolean"}
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


def _field_schema(field: forms.Field) -> dict:
    schema = {"type": _JSON_TYPES.get(type(field), "string")}
    if isinstance(field, forms.ChoiceField):
        schema["enum"] = [c[0] for c in field.choices]
    elif schema["type"] == "string":
        schema["pattern"] = NO_NUL_PATTERN
        if field.max_length:
            schema["maxLength"] = field.max_length
    for key, attr in (("minimum", "min_value"), ("maximum", "max_value")):
        if getattr(field, attr, None) is not None:
            schema[key] = float(getattr(field, attr))
    if isinstance(field, forms.DecimalField):
        schema["multipleOf"] = float(Decimal(1).scaleb(-field.decimal_places))
        schema["maximum"] = float(Decimal(10) ** (field.max_digits - field.decimal_places)
                                  - Decimal(1).scaleb(-field.decimal_places))
    return schema


def _form_parameters() -> list[OpenApiParameter]:
    """The query parameters, from the form that checks them (one definition for page and API)."""
    return [OpenApiParameter(name, _field_schema(field), OpenApiParameter.QUERY,
                             description=_HELP.get(name, str(field.label or "")))
            for name, field in SearchForm.base_fields.items()]


def invalid(form: SearchForm) -> Response:
    errors = form.errors.as_data()
    codes = [e.code for errs in errors.values() for e in errs if e.code in set(SearchError)]
    return Response({
        "code": codes[0] if codes else SearchError.INVALID_PARAMETERS.value,
        "message": " ".join(str(m) for errs in form.errors.values() for m in errs),
        "detail": {"fields": form.errors.get_json_data()},
    }, status=400)


class AutocompleteForm(forms.Form):
    q = SearchForm.base_fields["q"]


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
        parameters=[OpenApiParameter("q", _field_schema(AutocompleteForm.base_fields["q"]),
                                     OpenApiParameter.QUERY,
                                     description="What the buyer typed so far (2 characters or more).")],
        responses={200: AutocompleteResponseSerializer, 400: OpenApiResponse(SearchErrorSerializer)},
        description="Titles of live deals for the search box, as the buyer types.")
    def get(self, request):
        # q is checked by the search form's own field (its length, no NUL character).
        form = AutocompleteForm(request.query_params)
        if not form.is_valid():
            return invalid(form)
        suggestions = deals_autocomplete(form.cleaned_data["q"], params=SearchParams())
        return Response({"suggestions": SuggestionSerializer(suggestions, many=True).data})
