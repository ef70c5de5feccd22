"""Search speaks the trades: the index carries each deal's kinds, usable times and next free
slot; the kind, "usable now", "usable this evening" and "bookable this week" filters answer the
same on the real Elasticsearch node and on the database fallback."""
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from marketplace.bookings.services import store_schedule_set
from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend
from search.client import es_search_client
from search.documents import alias_name
from search.query import SearchParams
from search.services import search_index_rebuild
from tests.factories import DealFactory, LocationFactory, MerchantFactory
from tests.search.conftest import es_index  # noqa: F401 - the fixture: a clean index per test

from .conftest import pass_option

pytestmark = pytest.mark.django_db
EVERY_DAY = list(range(7))


def _shop(name, **deal_kwargs):
    store = LocationFactory(merchant=MerchantFactory(name=name), name=name,
                            timezone="Europe/Lisbon")
    return DealFactory(merchant=store.merchant, locations=[store], title=f"{name} deal",
                       **deal_kwargs), store


@pytest.fixture
def trades(es_index):  # noqa: F811
    tomorrow = timezone.localdate() + timedelta(days=1)
    salon_store = LocationFactory(merchant=MerchantFactory(name="Salon"), name="Salon",
                                  timezone="Europe/Lisbon")
    store_schedule_set(location=salon_store, slot_minutes=60, capacity=2, hours=[
        {"days": [(tomorrow + timedelta(days=1)).weekday()], "start": 600, "end": 720}])
    deals = {
        "plain": _shop("Plain")[0],
        "afternoon": _shop("Afternoon", usage_windows=[
            {"days": [tomorrow.weekday()], "start": 14 * 60, "end": 17 * 60}])[0],
        "evening": _shop("Evening", usage_windows=[
            {"days": EVERY_DAY, "start": 19 * 60, "end": 22 * 60}])[0],
        "lunch": _shop("Lunch", usage_windows=[
            {"days": EVERY_DAY, "start": 12 * 60, "end": 14 * 60}])[0],
        "pass": _shop("Gym", options=[pass_option(uses=10)])[0],
        "salon": DealFactory(merchant=salon_store.merchant, locations=[salon_store],
                             title="Salon deal", bookable=True),
    }
    search_index_rebuild()
    # Tomorrow at 15:00: inside the afternoon window, before the evening, after lunch.
    at = datetime.combine(tomorrow, time(15), tzinfo=timezone.get_current_timezone())
    return deals, at


def _found(backend, deals, **params):
    names = {deal.pk: name for name, deal in deals.items()}
    return {names[hit.deal_id] for hit in backend.search(SearchParams(**params)).hits}


@pytest.mark.parametrize("backend", [ElasticsearchBackend(), DatabaseBackend()],
                         ids=lambda b: b.name)
def test_time_and_kind_filters_select_the_same_deals_in_both_backends(trades, backend):
    deals, at = trades
    assert _found(backend, deals, kind="pass", now=at) == {"pass"}
    assert _found(backend, deals, kind="bookable", now=at) == {"salon"}
    assert _found(backend, deals, kind="off_peak", now=at) == {"afternoon", "evening", "lunch"}
    assert _found(backend, deals, kind="plain", now=at) == {"plain"}
    assert _found(backend, deals, usable="now", now=at) == {
        "plain", "afternoon", "pass", "salon"}
    assert _found(backend, deals, usable="evening", now=at) == {
        "plain", "evening", "pass", "salon"}
    assert _found(backend, deals, bookable_this_week=True) == {"salon"}


def test_the_index_holds_the_kinds_the_windows_and_the_next_free_slot(trades):
    deals, _at = trades
    source = es_search_client().get(index=alias_name(), id=deals["salon"].pk)["_source"]
    assert source["kinds"] == ["bookable"] and source["always_usable"] is True
    slot = datetime.fromisoformat(source["next_free_slot"])
    assert slot.astimezone(timezone.get_current_timezone()).date() == \
        timezone.localdate() + timedelta(days=2)
    afternoon = es_search_client().get(index=alias_name(), id=deals["afternoon"].pk)["_source"]
    weekday = (timezone.localdate() + timedelta(days=1)).strftime("%a")
    assert afternoon["usage_windows"] == f"{weekday} 14:00–17:00"
    assert afternoon["always_usable"] is False and afternoon["usable"]


def test_the_search_page_and_api_offer_the_trade_filters(trades, client):
    deals, _at = trades
    page = client.get("/search/", {"kind": "pass"}).content.decode()
    assert 'name="kind"' in page and 'name="usable"' in page and "Gym deal" in page
    assert "Multi-visit pass" in page and "Plain deal" not in page
    body = client.get("/api/v1/deals/search/", {"kind": "bookable"}).json()
    assert [hit["deal_id"] for hit in body["results"]] == [deals["salon"].pk]
    assert body["results"][0]["kinds"] == ["bookable"] and body["results"][0]["next_free_slot"]
    bad = client.get("/api/v1/deals/search/", {"usable": "someday"})
    assert bad.status_code == 400
