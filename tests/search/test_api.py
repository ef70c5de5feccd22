"""search/api: GET /api/v1/deals/search/ and /autocomplete/ give the page's results as JSON."""
import pytest
from django.test import override_settings

from search.api.serializers import DealHitSerializer, SearchResponseSerializer
from search.forms import SearchForm
from search.selectors import deals_search

URL = "/api/v1/deals/search/"


def test_search_returns_results_facets_and_nearest_store_as_json(indexed, client):
    response = client.get(URL, {"q": "massage", "near": "lisbon-chiado", "sort": "distance"})
    assert response.status_code == 200
    body = response.json()
    assert body["engine"] == "elasticsearch" and body["count"] == 2 and body["page"] == 1
    first = body["results"][0]
    assert first["deal_id"] == indexed.massage_deal.pk
    assert first["nearest_store"] == {"name": "Serenity Chiado", "city": "Lisbon", "distance_km": 0.0}
    assert first["price"] == "39.00" and first["discount_percent"] == 51
    assert first["url"] == indexed.massage_deal.get_absolute_url()
    assert "<mark>" in first["title_html"]
    assert {f["key"]: f["count"] for f in body["facets"]["categories"]} == {
        "Beauty & spa": 2, "Beauty & spa > Massage": 2}


def test_search_json_has_exactly_the_documented_shape(indexed, client):
    body = client.get(URL, {"q": "nails", "lat": "38.71", "lon": "-9.14"}).json()
    documented = SearchResponseSerializer(data=body)
    assert documented.is_valid(), documented.errors
    assert set(body) == set(SearchResponseSerializer().fields)
    assert set(body["results"][0]) == set(DealHitSerializer().fields)
    assert body["results"][0]["nearest_store"]["name"] == "Polish Alfama"


def test_api_gives_the_same_results_as_the_page_search(indexed, client):
    query = {"category": "Beauty & spa", "sort": "price", "min_discount": "10"}
    form = SearchForm(query)
    assert form.is_valid()
    expected = [h.deal_id for h in deals_search(form.to_params()).hits]
    body = client.get(URL, query).json()
    assert [r["deal_id"] for r in body["results"]] == expected == [
        indexed.nails_deal.pk, indexed.massage_deal.pk]


@pytest.mark.parametrize("query, code", [
    ({"sort": "distance"}, "position_required"),
    ({"lat": "38.7"}, "incomplete_position"),
    ({"near": "atlantis"}, "unknown_place"),
    ({"price_min": "50", "price_max": "10"}, "invalid_price_range"),
    ({"page": "0"}, "invalid_parameters"),
])
def test_bad_parameters_get_400_with_a_code_and_a_message(indexed, client, query, code):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["message"]


def test_search_answers_from_the_database_when_the_node_is_down(indexed, client):
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
        response = client.get(URL, {"q": "dinner"})
    assert response.status_code == 200
    assert response.json()["engine"] == "database"
    assert [r["deal_id"] for r in response.json()["results"]] == [indexed.dinner_deal.pk]


def test_autocomplete_returns_titles_and_links(indexed, client):
    body = client.get("/api/v1/deals/autocomplete/", {"q": "seaf"}).json()
    assert body == {"suggestions": [{"title": "Seafood platter for two", "deal_id": indexed.seafood_deal.pk,
                                     "url": indexed.seafood_deal.get_absolute_url()}]}


def test_openapi_schema_documents_both_endpoints_and_every_filter(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    search = schema["paths"]["/api/v1/deals/search/"]["get"]
    names = {p["name"] for p in search["parameters"]}
    assert set(SearchForm.base_fields) <= names
    assert "400" in search["responses"] and "/api/v1/deals/autocomplete/" in schema["paths"]
