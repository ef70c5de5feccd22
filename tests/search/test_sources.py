"""search/sources.py: which deals the index holds, and what each document says."""
from marketplace.deals import lifecycle
from search.sources import CategoryPaths, deal_source, deals_indexable, deals_with_relations


def _source(deal):
    return deal_source(deals_with_relations(type(deal).objects.filter(pk=deal.pk)).get(),
                       categories=CategoryPaths())


def test_index_holds_live_and_upcoming_deals_but_not_ended_ones(catalogue):
    ids = set(deals_indexable().values_list("pk", flat=True))
    assert ids == {d.pk for d in catalogue.live} | {catalogue.upcoming_deal.pk}


def test_document_lists_every_category_level_and_only_stores_with_valid_positions(catalogue):
    source = _source(catalogue.stone_deal)
    assert source["category_path"] == ["Beauty & spa", "Beauty & spa > Massage"]
    assert [s["name"] for s in source["stores"]] == ["Stone Belém"]
    assert source["locations"] == [{"lat": 38.6975, "lon": -9.206}]


def test_document_prices_from_cheapest_option_with_its_discount_sales_and_tipping(catalogue):
    nails = _source(catalogue.nails_deal)
    assert (nails["price"], nails["value"], nails["discount_percent"]) == (15.0, 30.0, 50)
    assert nails["units_sold"] == 7 and nails["tipped"] is True
    massage = _source(catalogue.massage_deal)
    assert massage["tipped"] is False and massage["status"] == lifecycle.LIVE
    assert _source(catalogue.upcoming_deal)["status"] == lifecycle.SCHEDULED
