from decimal import Decimal

import pytest

from marketplace.accounts.services import address_mark_verified, purchases_claim_for_address

from marketplace.reviews import services
from marketplace.reviews.error_codes import ReviewError, ReviewRefused
from marketplace.reviews.models import MerchantReview
from merchants.models import Membership
from tests.factories import DealFactory, MembershipFactory, UserFactory, create_paid_vouchers

from .conftest import mark_redeemed

pytestmark = pytest.mark.django_db


def refused(code: ReviewError, fn, **kwargs):
    with pytest.raises(ReviewRefused) as exc:
        fn(**kwargs)
    assert exc.value.code is code
    return exc.value


def test_buyer_with_redeemed_voucher_reviews_it_once(redeemed_voucher, buyer):
    review = services.review_create(voucher=redeemed_voucher, author=buyer, stars=4, text=" Lovely ")
    assert (review.stars, review.text, review.merchant_id, review.deal_id) == (
        4, "Lovely", redeemed_voucher.merchant_id, redeemed_voucher.deal_id)
    refused(ReviewError.ALREADY_REVIEWED, services.review_create,
            voucher=redeemed_voucher, author=buyer, stars=1)
    assert MerchantReview.objects.count() == 1


def test_unused_voucher_cannot_be_reviewed(deal, buyer):
    voucher = create_paid_vouchers(deal=deal, user=buyer)[0]
    refused(ReviewError.NOT_REDEEMED, services.review_create, voucher=voucher, author=buyer, stars=5)
    assert not MerchantReview.objects.exists()


def test_only_the_buyer_can_review_a_voucher(redeemed_voucher):
    refused(ReviewError.NOT_YOUR_VOUCHER, services.review_create,
            voucher=redeemed_voucher, author=UserFactory(), stars=5)


def test_guest_purchase_is_reviewable_by_the_account_once_it_claimed_the_address(deal):
    voucher = mark_redeemed(create_paid_vouchers(deal=deal, email="Guest@Example.com")[0])
    guest = UserFactory(email="guest@example.com")
    # The same e-mail on an account is not enough (issue 14): only a claim links the voucher.
    refused(ReviewError.NOT_YOUR_VOUCHER, services.review_create,
            voucher=voucher, author=guest, stars=3)
    address_mark_verified(user=guest, email="guest@example.com")
    purchases_claim_for_address(user=guest, email="guest@example.com")
    voucher.refresh_from_db()
    assert services.review_create(voucher=voucher, author=guest, stars=3).author == guest


@pytest.mark.parametrize("stars", [0, 6, "5"])
def test_stars_outside_one_to_five_are_refused(redeemed_voucher, buyer, stars):
    refused(ReviewError.BAD_STARS, services.review_create,
            voucher=redeemed_voucher, author=buyer, stars=stars)


def test_rating_is_the_average_of_visible_reviews_on_every_deal_of_the_merchant(deal, buyer):
    other_deal = DealFactory(merchant=deal.merchant)
    reviews = []
    for stars, d in [(5, deal), (4, deal), (1, other_deal)]:
        voucher = mark_redeemed(create_paid_vouchers(deal=d, user=buyer)[0])
        reviews.append(services.review_create(voucher=voucher, author=buyer, stars=stars))
    for d in (deal, other_deal):
        d.refresh_from_db()
        assert (d.rating, d.rating_count) == (Decimal("3.33"), 3)

    staff = UserFactory(is_staff=True)
    services.review_set_hidden(review=reviews[2], actor=staff, hidden=True, reason="insults")
    deal.refresh_from_db()
    assert (deal.rating, deal.rating_count) == (Decimal("4.50"), 2)

    services.review_set_hidden(review=reviews[2], actor=staff, hidden=False)
    deal.refresh_from_db()
    assert deal.rating_count == 3


def test_only_platform_staff_can_hide_a_review(redeemed_voucher, buyer):
    review = services.review_create(voucher=redeemed_voucher, author=buyer, stars=1)
    refused(ReviewError.NOT_PLATFORM_STAFF, services.review_set_hidden,
            review=review, actor=buyer, hidden=True)
    review.refresh_from_db()
    assert review.is_hidden is False


def test_merchant_owner_or_manager_replies_once_and_a_cashier_cannot(redeemed_voucher, buyer):
    review = services.review_create(voucher=redeemed_voucher, author=buyer, stars=2)
    merchant = redeemed_voucher.merchant
    cashier = MembershipFactory(merchant=merchant, role=Membership.Role.CASHIER).user
    manager = MembershipFactory(merchant=merchant, role=Membership.Role.MANAGER).user
    other_merchants_owner = MembershipFactory(merchant=DealFactory().merchant,
                                              role=Membership.Role.OWNER).user

    for outsider in (cashier, other_merchants_owner, buyer):
        refused(ReviewError.NOT_MERCHANT_STAFF, services.review_reply,
                review=review, author=outsider, text="Sorry")
    refused(ReviewError.EMPTY_REPLY, services.review_reply, review=review, author=manager, text="  ")
    services.review_reply(review=review, author=manager, text="Sorry, come back soon")
    refused(ReviewError.ALREADY_REPLIED, services.review_reply,
            review=review, author=manager, text="Again")
    review.refresh_from_db()
    assert (review.reply_text, review.reply_author) == ("Sorry, come back soon", manager)


def test_a_review_updates_the_deal_in_the_search_index(redeemed_voucher, buyer, deal,
                                                        django_capture_on_commit_callbacks):
    from search import services as search
    from search.client import es_indexing_client
    from search.documents import alias_name

    search.search_index_delete_all()
    try:
        search.search_index_rebuild()
        with django_capture_on_commit_callbacks(execute=True):
            services.review_create(voucher=redeemed_voucher, author=buyer, stars=5)
        search.search_index_flush()  # what the worker does with the scheduled change
        client = es_indexing_client()
        client.indices.refresh(index=alias_name())
        doc = client.get(index=alias_name(), id=deal.pk)["_source"]
        assert (doc["rating"], doc["rating_count"]) == (5.0, 1)
    finally:
        search.search_index_delete_all()
