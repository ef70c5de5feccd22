"""search/backends: the Elasticsearch backend and the database fallback give the same answers."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend
from search.geo import haversine_km
from search.query import SORT_DISTANCE, SORT_ENDING, SORT_POPULAR, SORT_PRICE, Position, SearchParams

from search.services import search_index_update

from .conftest import CHIADO, RIBEIRA, deal

BACKENDS = [ElasticsearchBackend(), DatabaseBackend()]


def ids(results):
    return [hit.deal_id for hit in results.hits]


@pytest.fixture(params=BACKENDS, ids=lambda b: b.name)
def backend(request):
    return request.param


@pytest.mark.parametrize("params, expected", [
    (dict(category="Beauty & spa"), {"massage_deal", "nails_deal", "stone_deal"}),
    (dict(category="Beauty & spa > Massage"), {"massage_deal", "stone_deal"}),
    (dict(city="Porto"), {"dinner_deal"}),
    (dict(price_min=Decimal("20"), price_max=Decimal("50")), {"massage_deal", "dinner_deal"}),
    (dict(min_discount=50), {"massage_deal", "nails_deal"}),
    (dict(tipped=True), {"nails_deal", "dinner_deal", "seafood_deal", "stone_deal"}),
    (dict(q="massage", category="Beauty & spa"), {"massage_deal", "stone_deal"}),
    (dict(q="wine dinner"), {"dinner_deal"}),
    (dict(q="Serenity"), {"massage_deal"}),
])
def test_filters_select_the_same_live_deals_in_both_backends(indexed, backend, params, expected):
    results = backend.search(SearchParams(**params))
    assert set(ids(results)) == {getattr(indexed, name).pk for name in expected}
    assert results.total == len(expected)


def test_ended_and_upcoming_deals_are_never_returned(indexed, backend):
    found = set(ids(backend.search(SearchParams(q="massage"))))
    assert indexed.ended_deal.pk not in found and indexed.upcoming_deal.pk not in found


def test_deal_whose_sale_window_ended_drops_out_before_any_reindex(indexed, backend):
    later = indexed.seafood_deal.sale_ends_at + timedelta(seconds=1)
    assert indexed.seafood_deal.pk in ids(backend.search(SearchParams(q="seafood")))
    assert ids(backend.search(SearchParams(q="seafood", now=later))) == []


def test_distance_sort_follows_haversine_distance_to_the_nearest_valid_store(indexed, backend):
    here = Position(*CHIADO)
    results = backend.search(SearchParams(position=here, sort=SORT_DISTANCE))
    stores = {d.pk: [(float(s.latitude), float(s.longitude)) for s in d.locations.all()
                     if (s.latitude, s.longitude) != (0, 0)] for d in indexed.live}
    nearest = {pk: min(haversine_km(here.lat, here.lon, lat, lon) for lat, lon in points)
               for pk, points in stores.items()}
    assert ids(results) == sorted(nearest, key=nearest.get)
    for hit in results.hits:
        assert hit.nearest_store.distance_km == pytest.approx(nearest[hit.deal_id], abs=0.05)
    # The stone deal's (0, 0) store is ignored: it is as near as its Belém store.
    stone = next(h for h in results.hits if h.deal_id == indexed.stone_deal.pk)
    assert stone.nearest_store.name == "Stone Belém"


def test_distance_pages_join_up_to_the_full_distance_order(indexed, backend):
    # Porto is far beyond the radius the index tries first for the nearest deals.
    here = Position(*CHIADO)
    full = ids(backend.search(SearchParams(position=here, sort=SORT_DISTANCE)))
    pages = [ids(backend.search(SearchParams(position=here, sort=SORT_DISTANCE, page_size=2, page=n)))
             for n in (1, 2, 3)]
    assert sum(pages, []) == full and full[-1] == indexed.dinner_deal.pk
    assert backend.search(SearchParams(position=here, sort=SORT_DISTANCE, page_size=2, page=3)).total == 5


def test_distance_filter_keeps_deals_with_any_store_in_range(indexed, backend):
    # Belém is ~5.5 km from Chiado, Alfama ~1 km: the nail bar has both stores.
    results = backend.search(SearchParams(position=Position(*CHIADO), within_km=2))
    assert set(ids(results)) == {indexed.massage_deal.pk, indexed.nails_deal.pk}
    far = backend.search(SearchParams(position=Position(*RIBEIRA), within_km=5))
    assert ids(far) == [indexed.dinner_deal.pk]


@pytest.mark.parametrize("sort, expected", [
    (SORT_PRICE, ["nails_deal", "massage_deal", "dinner_deal", "stone_deal", "seafood_deal"]),
    (SORT_POPULAR, ["nails_deal", "dinner_deal"]),
    (SORT_ENDING, ["seafood_deal"]),
])
def test_sorts_order_results(indexed, backend, sort, expected):
    got = ids(backend.search(SearchParams(sort=sort)))
    assert got[:len(expected)] == [getattr(indexed, name).pk for name in expected]


def test_facet_counts_add_up_to_the_total(indexed, backend):
    results = backend.search(SearchParams())
    assert results.total == 5
    assert sum(f.count for f in results.price_bands) == results.total
    counts = {f.key: f.count for f in results.categories}
    assert counts == {"Beauty & spa": 3, "Beauty & spa > Massage": 2, "Beauty & spa > Nails": 1,
                      "Food & drink": 2, "Food & drink > Restaurants": 2}
    assert counts["Beauty & spa"] + counts["Food & drink"] == results.total
    assert {f.key: f.count for f in results.price_bands} == {"0-20": 1, "20-50": 2, "50-100": 1, "100-": 1}
    assert {f.key: f.count for f in results.cities} == {"Lisbon": 4, "Porto": 1}


def test_pages_split_results_without_overlap(indexed, backend):
    first = backend.search(SearchParams(sort=SORT_PRICE, page_size=2, page=1))
    second = backend.search(SearchParams(sort=SORT_PRICE, page_size=2, page=2))
    third = backend.search(SearchParams(sort=SORT_PRICE, page_size=2, page=3))
    assert first.num_pages == 3 and first.total == 5
    assert len(ids(first) + ids(second) + ids(third)) == len(set(ids(first) + ids(second) + ids(third))) == 5


def test_matches_are_highlighted(indexed, backend):
    hit = backend.search(SearchParams(q="platter")).hits[0]
    assert hit.title_html == "Seafood <mark>platter</mark> for two"
    assert "<mark>" in backend.search(SearchParams(q="aromatherapy")).hits[0].snippet_html


def test_highlighted_title_is_html_escaped(indexed, backend):
    nasty = deal("Fish & chips <b>crispy</b>", price="9", value="12",
                 stores=list(indexed.nails_deal.locations.all()))
    search_index_update(deal_ids=[nasty.pk], refresh=True)
    html = backend.search(SearchParams(q="chips")).hits[0].title_html
    assert html.startswith("Fish &amp; <mark>chips</mark> &lt;b&gt;crispy&lt;")
    assert "<b>" not in html and "</b>" not in html


def test_result_card_shows_price_value_discount_and_link(indexed, backend):
    hit = backend.search(SearchParams(q="nails")).hits[0]
    assert (hit.price, hit.value, hit.discount_percent, hit.units_sold) == (
        Decimal("15"), Decimal("30"), 50, 7)
    assert hit.url == indexed.nails_deal.get_absolute_url()


def test_autocomplete_suggests_live_titles_from_a_prefix(indexed, backend):
    titles = [s.title for s in backend.autocomplete("mass", params=SearchParams())]
    assert set(titles) == {"Relaxing massages for couples", "Hot stone massage"}
    assert backend.autocomplete("zzz", params=SearchParams()) == []


# --- what only the index does -------------------------------------------------------------

ES = ElasticsearchBackend()


@pytest.mark.parametrize("typed", ["masage", "massags", "relaxng"])
def test_text_search_forgives_typos(indexed, typed):
    assert indexed.massage_deal.pk in ids(ES.search(SearchParams(q=typed)))


def test_text_search_matches_stemmed_forms(indexed):
    # "couple" finds "couples", "massaging" finds "massage(s)".
    assert ids(ES.search(SearchParams(q="couple"))) == [indexed.massage_deal.pk]
    assert set(ids(ES.search(SearchParams(q="massaging")))) == {
        indexed.massage_deal.pk, indexed.stone_deal.pk}


def test_autocomplete_folds_accents(indexed):
    titles = [s.title for s in ES.autocomplete("séa", params=SearchParams())]
    assert titles == ["Seafood platter for two"]


def test_timezone_of_now_does_not_matter(indexed):
    later = timezone.now().astimezone(timezone.get_fixed_timezone(-300))
    assert indexed.nails_deal.pk in ids(ES.search(SearchParams(now=later)))
