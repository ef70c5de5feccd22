import io

import pytest
from django.template import Context, Template
from django.urls import reverse
from PIL import Image

from marketplace.reviews.models import MerchantReview
from marketplace.reviews.services import review_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def png_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buf, "PNG")
    return SimpleUploadedFile("plate.png", buf.getvalue(), content_type="image/png")


def test_buyer_publishes_a_review_with_a_photo_from_the_page(client, redeemed_voucher, buyer):
    client.force_login(buyer)
    url = reverse("merchant_reviews:create", args=[redeemed_voucher.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"stars": "5", "text": "Great fish", "photo": png_upload()})
    assert response.status_code == 302
    review = MerchantReview.objects.get()
    assert review.stars == 5 and review.photo.name.startswith("reviews/photos/")
    page = client.get(reverse("merchant_reviews:merchant", args=[redeemed_voucher.merchant.slug]))
    assert b"Great fish" in page.content


def test_second_review_of_the_same_voucher_shows_a_message_and_changes_nothing(
        client, redeemed_voucher, buyer):
    review_create(voucher=redeemed_voucher, author=buyer, stars=4, text="first")
    client.force_login(buyer)
    response = client.post(reverse("merchant_reviews:create", args=[redeemed_voucher.pk]),
                           {"stars": "1", "text": "second"}, follow=True)
    assert b"already reviewed" in response.content
    assert list(MerchantReview.objects.values_list("text", flat=True)) == ["first"]


def test_hidden_review_is_not_on_the_deal_page_include(client, redeemed_voucher, buyer, deal):
    review = review_create(voucher=redeemed_voucher, author=buyer, stars=1, text="Rude words")
    client.force_login(UserFactory(is_staff=True))
    client.post(reverse("merchant_reviews:hide", args=[review.pk]), {"reason": "abuse"})
    review.refresh_from_db()
    assert review.is_hidden

    deal.refresh_from_db()
    html = Template("{% load merchant_reviews %}{% deal_reviews deal %}").render(Context({"deal": deal}))
    assert "Rude words" not in html and "No reviews yet" in html


def test_deal_page_include_shows_rating_and_reviews(redeemed_voucher, buyer, deal):
    review_create(voucher=redeemed_voucher, author=buyer, stars=4, text="Tasty")
    deal.refresh_from_db()
    html = Template("{% load merchant_reviews %}{% deal_reviews deal %}").render(Context({"deal": deal}))
    assert "4.0 / 5 (1 review)" in html and "Tasty" in html and "★★★★☆" in html


def test_merchant_manager_replies_from_the_reviews_page(client, redeemed_voucher, buyer):
    from merchants.models import Membership
    from tests.factories import MembershipFactory

    review = review_create(voucher=redeemed_voucher, author=buyer, stars=3, text="Slow service")
    manager = MembershipFactory(merchant=redeemed_voucher.merchant, role=Membership.Role.MANAGER).user
    client.force_login(manager)
    url = reverse("merchant_reviews:merchant", args=[redeemed_voucher.merchant.slug])
    assert reverse("merchant_reviews:reply", args=[review.pk]).encode() in client.get(url).content
    client.post(reverse("merchant_reviews:reply", args=[review.pk]), {"text": "Sorry, we were short-staffed"})
    assert b"Reply from" in client.get(url).content
    review.refresh_from_db()
    assert review.reply_author == manager
