"""search/tasks.py + receivers: changes reach the index through the real worker, after commit."""
import pytest
from oscar.core.loading import get_model

from marketplace.deals.models import Deal
from marketplace.deals.services import deal_review_move
from search import services
from search.client import es_indexing_client
from search.documents import alias_name
from tests.conftest import wait_until

StockRecord = get_model("partner", "StockRecord")


def _indexed(deal_id):
    client = es_indexing_client()
    client.indices.refresh(index=alias_name())
    found = client.options(ignore_status=404).get(index=alias_name(), id=deal_id)
    return found.get("_source") if found.get("found") else None


@pytest.mark.worker
def test_stock_rating_and_status_changes_reach_the_index_through_the_worker(catalogue, es_index,
                                                                           celery_worker):
    services.search_index_rebuild()
    dinner, nails = catalogue.dinner_deal, catalogue.nails_deal

    StockRecord.objects.get(product__parent=dinner.product).allocate(4)  # Oscar's checkout path
    deal = Deal.objects.get(pk=dinner.pk)
    deal.rating, deal.rating_count = 3, 9
    deal.save()
    deal_review_move(deal=Deal.objects.get(pk=nails.pk), to_status=Deal.Review.REJECTED)

    # Each change commits on its own and may reach the index in a separate batched flush.
    def dinner_is_fresh():
        doc = _indexed(dinner.pk) or {}
        return doc.get("units_sold") == 7 and doc.get("rating") == 3.0

    wait_until(dinner_is_fresh, timeout=40)
    wait_until(lambda: _indexed(nails.pk) is None, timeout=30)
    assert services.search_index_check().ok
