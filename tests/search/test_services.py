"""search/services.py: rebuild behind the alias without a gap, drift check, incremental updates."""
import threading

import pytest
from django.db import connection
from django.test import override_settings
from elasticsearch import helpers
from oscar.core.loading import get_model

from marketplace.deals.models import Deal
from search import services
from search.backends.elasticsearch import ElasticsearchBackend
from search.client import es_indexing_client
from search.documents import MAPPING_VERSION, alias_name
from search.query import SearchParams

StockRecord = get_model("partner", "StockRecord")


def _indices_behind_alias() -> list[str]:
    return list(es_indexing_client().indices.get_alias(name=alias_name()).keys())


def test_rebuild_fills_a_versioned_index_and_points_the_alias_at_it(indexed):
    [first] = _indices_behind_alias()
    assert first.startswith(f"{alias_name()}-v{MAPPING_VERSION}-")
    mapping = es_indexing_client().indices.get_mapping(index=first)[first]["mappings"]
    assert mapping["dynamic"] == "strict"
    assert mapping["properties"]["locations"]["type"] == "geo_point"
    assert mapping["properties"]["suggest"]["analyzer"] == "suggest_index"
    for highlighted in ("title", "highlights", "description"):
        for language in ("en_gb", "zh_hans", "pt_pt"):  # a field per language (search/documents.py)
            assert mapping["properties"][highlighted]["properties"][language]["index_options"] == "offsets"

    second = services.search_index_rebuild()
    assert _indices_behind_alias() == [second] and second != first
    assert ElasticsearchBackend().search(SearchParams()).total == len(indexed.live)


def test_old_indices_are_dropped_keeping_only_the_previous_one(indexed):
    names = [services.search_index_rebuild() for _ in range(3)]
    existing = set(es_indexing_client().indices.get(index=f"{alias_name()}-v*").keys())
    assert existing == set(names[-2:])


def test_no_query_comes_back_empty_while_the_alias_swaps(indexed):
    """Readers query without pause while rebuilds replace the index under them."""
    backend = ElasticsearchBackend()
    expected = len(indexed.live)
    stop = threading.Event()
    seen: list = []
    failures: list = []

    def reader():
        try:
            while not stop.is_set():
                seen.append(backend.search(SearchParams(q="massage dinner platter nails",
                                                        page_size=50)).total)
                results = backend.search(SearchParams())
                if results.total != expected:
                    failures.append(results.total)
        except Exception as exc:  # noqa: BLE001 - a failed query is a failure of the swap
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        for _ in range(4):
            services.search_index_rebuild()
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert failures == []
    assert len(seen) > 20  # the readers really ran during the swaps


def test_check_reports_missing_stale_and_extra_deals(indexed):
    assert services.search_index_check().ok
    StockRecord.objects.filter(product__parent=indexed.dinner_deal.product).update(num_allocated=9)
    Deal.objects.filter(pk=indexed.nails_deal.pk).update(review_status=Deal.Review.REJECTED)
    newcomer = Deal.objects.get(pk=indexed.upcoming_deal.pk)
    es_indexing_client().delete(index=alias_name(), id=newcomer.pk, refresh=True)

    report = services.search_index_check()
    assert report.missing == [newcomer.pk]
    assert report.stale == [indexed.dinner_deal.pk]
    assert report.extra == [indexed.nails_deal.pk]


def test_update_reindexes_changed_deals_and_removes_those_no_longer_on_sale(indexed):
    StockRecord.objects.filter(product__parent=indexed.dinner_deal.product).update(num_allocated=9)
    Deal.objects.filter(pk=indexed.nails_deal.pk).update(review_status=Deal.Review.REJECTED)
    services.search_index_update(deal_ids=[indexed.dinner_deal.pk, indexed.nails_deal.pk], refresh=True)

    hits = {h.deal_id: h for h in ElasticsearchBackend().search(SearchParams()).hits}
    assert hits[indexed.dinner_deal.pk].units_sold == 9
    assert indexed.nails_deal.pk not in hits
    assert services.search_index_check().ok


def test_change_names_resolve_to_the_deals_they_touch(indexed):
    option_product = indexed.nails_deal.options.get().product
    store = indexed.stone_deal.locations.first()
    tokens = [f"p:{option_product.pk}", f"l:{store.pk}", f"m:{indexed.dinner_deal.merchant_id}",
              f"c:{indexed.restaurants.pk}", "d:999999", "junk"]
    assert services.deal_ids_for_tokens(tokens) == {
        indexed.nails_deal.pk, indexed.stone_deal.pk, indexed.dinner_deal.pk,
        indexed.seafood_deal.pk, 999999}


@override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9")
def test_ping_says_no_when_the_node_is_unreachable():
    assert services.search_index_ping() is False


def test_failed_rebuild_leaves_the_alias_on_the_complete_index(indexed):
    [before] = _indices_behind_alias()

    def broken_sources():
        yield {"deal_id": 1, "no_such_field": "refused by the strict mapping"}

    with pytest.raises(helpers.BulkIndexError):
        services.search_index_rebuild(sources=broken_sources())
    assert _indices_behind_alias() == [before]
    assert list(es_indexing_client().indices.get(index=f"{alias_name()}-v*").keys()) == [before]
    assert ElasticsearchBackend().search(SearchParams()).total == len(indexed.live)
