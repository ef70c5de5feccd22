"""The demo's sales are real: every "N bought" is vouchers sold through checkout, booked in the
ledger; some vouchers were used, a few refunded, and buyers who used theirs left reviews."""
import pytest
from django.db.models import Count

from marketplace.deals.lifecycle import deal_units_sold
from marketplace.deals.models import Deal
from marketplace.demo import loader
from marketplace.ledger.models import Account, Entry
from marketplace.reviews.models import MerchantReview
from vouchers.models import Voucher

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction
        with transaction.atomic():
            loader.demo_load(seed=11, deals=24)
            yield
            transaction.set_rollback(True)


def test_every_demo_deals_bought_figure_is_its_vouchers_sold_and_booked(demo):
    deals = list(Deal.objects.all())
    sold = dict(Voucher.objects.values_list("deal").annotate(n=Count("id")))
    booked = dict(Entry.objects.filter(kind=Entry.Kind.SALE, debit=Account.BUYERS)
                  .values_list("order_line__product__deal_option__deal").annotate(n=Count("id")))
    assert sum(sold.values()) > 50
    for deal in deals:
        assert deal_units_sold(deal) == sold.get(deal.pk, 0) == booked.get(deal.pk, 0), deal.title


def test_demo_vouchers_were_used_and_a_few_refunded_through_the_ledger(demo):
    statuses = dict(Voucher.objects.values_list("status").annotate(n=Count("id")))
    assert statuses[Voucher.Status.REDEEMED] > 0
    assert 0 < statuses[Voucher.Status.REFUNDED] < statuses[Voucher.Status.REDEEMED]
    refunded = Voucher.objects.filter(status=Voucher.Status.REFUNDED)
    assert Entry.objects.filter(kind=Entry.Kind.REFUND, voucher__in=refunded).count() \
        >= refunded.count()


def test_demo_reviews_are_by_the_buyers_of_redeemed_vouchers_and_most_deals_show_a_rating(demo):
    reviews = list(MerchantReview.objects.select_related("voucher"))
    assert reviews
    for review in reviews:
        assert review.voucher.status == Voucher.Status.REDEEMED
        assert review.author_id == review.voucher.owner_id
    sold = Deal.objects.filter(pk__in=Voucher.objects.values("deal"))
    assert sold.filter(rating_count__gt=0).count() > sold.count() / 2
