"""The demo reads in three languages: Shanghai's deals are written in Chinese and priced in yuan
(with English and Portuguese texts), and the Lisbon deals read in Portuguese and Chinese."""
import pytest
from django.utils.translation import override

from marketplace.deals.models import Deal
from marketplace.demo import loader
from merchants.models import Location

pytestmark = pytest.mark.django_db

CJK = range(0x4E00, 0xA000)


def _chinese(text: str) -> bool:
    return any(ord(c) in CJK for c in text)


def test_shanghai_deals_are_in_yuan_in_chinese_and_a_lisbon_deal_reads_in_portuguese():
    loader.demo_load(seed=11, deals=50)  # a full demo: the trades and Shanghai too
    stores = list(Location.objects.filter(city="Shanghai"))
    assert len(stores) >= 3
    assert all(s.timezone == "Asia/Shanghai" and 31 < s.latitude < 31.5
               and 121.2 < s.longitude < 121.7 for s in stores)
    deals = list(Deal.objects.filter(locations__city="Shanghai").distinct())
    assert len(deals) == len(stores)
    for deal in deals:
        assert deal.original_language == "zh-hans" and deal.review_status == "approved"
        assert {o.product.stockrecords.get().price_currency for o in deal.options.all()} == {"CNY"}
        with override("zh-hans"):
            assert _chinese(deal.title) and _chinese(deal.description) and _chinese(deal.fine_print)
            assert all(_chinese(o.title) for o in deal.options.all())
        with override("en-gb"):
            assert deal.title.isascii() and deal.title
        with override("pt-pt"):
            assert not _chinese(deal.title) and not _chinese(deal.highlights)
            assert deal.title != deal.translations.get(language_code="en-gb").title
    with override("en-gb"):
        assert all(not _chinese(s.name) for s in stores)

    # A Lisbon deal, written in English, reads in Portuguese and in Chinese.
    deal = Deal.objects.filter(locations__city="Lisbon", original_language="en-gb",
                               review_status="approved").order_by("pk").first()
    own = deal.translations.get(language_code="en-gb")
    english = {f: getattr(own, f) for f in ("title", "description", "highlights", "fine_print")}
    with override("pt-pt"):
        assert deal.title != english["title"] and deal.merchant.name in deal.title
        assert deal.description != english["description"]
        assert deal.highlights and deal.highlights != english["highlights"]
        assert deal.fine_print != english["fine_print"]
        assert all(o.title != o.product.title for o in deal.options.all())
    with override("zh-hans"):
        assert _chinese(deal.title) and _chinese(deal.description) and _chinese(deal.highlights)
        assert all(_chinese(s.name) for s in deal.locations.all())
    # Every English demo deal has its Portuguese and Chinese texts.
    for each in Deal.objects.filter(original_language="en-gb"):
        assert {"pt-pt", "zh-hans"} <= set(each.get_available_languages()), each
