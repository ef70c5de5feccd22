"""Verified e-mail and guest purchases: an account gets them only by proving, in its own signed-in
browser, that it holds the address's mailbox (issue 14)."""
import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from oscar.core.loading import get_model

from marketplace.accounts.models import AddressClaim
from tests.factories import DealFactory, create_paid_vouchers
from vouchers.models import Voucher

pytestmark = pytest.mark.django_db

User = get_user_model()
Order = get_model("order", "Order")
GUEST = "guest@example.com"
PASSWORD = "a long enough password 42"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.MARKETPLACE_SITE_URL = "https://deals.example.test"


@pytest.fixture
def guest_vouchers():
    """Two vouchers a guest bought with GUEST, and a gift the guest paid for someone else."""
    deal = DealFactory()
    bought = create_paid_vouchers(deal=deal, quantity=2, email=GUEST)
    gift = create_paid_vouchers(deal=deal, email=GUEST)[0]
    Voucher.objects.filter(pk=gift.pk).update(holder_email="friend@example.com")
    return bought + [gift]


def _link(message, path: str) -> str:
    found = re.search(r"https?://\S+" + re.escape(path) + r"\S*/", message.body)
    assert found, message.body
    return found[0]


def _relative(url: str) -> str:
    assert url.startswith("https://deals.example.test/"), url  # absolute, to the site
    return url[len("https://deals.example.test"):]


def sign_up(client, email=GUEST) -> str:
    mail.outbox.clear()
    response = client.post("/accounts/signup/", {"email": email, "password1": PASSWORD,
                                                 "password2": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    assert len(mail.outbox) == 1
    return _relative(_link(mail.outbox[0], "/accounts/confirm-email/"))


def owners(vouchers) -> set:
    return set(Voucher.objects.filter(pk__in=[v.pk for v in vouchers]).values_list("owner_id", flat=True))


def test_sign_up_then_confirm_in_the_same_browser_verifies_signs_in_and_claims_the_guest_purchases(
        client, guest_vouchers):
    link = sign_up(client)
    page = client.get(link)
    assert page.status_code == 200
    text = page.content.decode()
    assert "do not confirm" in text and "purchases you made as a guest" not in text
    assert "purchases made as a guest with this address" in text
    # Opening the link changes nothing: confirming is a POST.
    assert not EmailAddress.objects.filter(email=GUEST, verified=True).exists()
    assert owners(guest_vouchers) == {None}

    response = client.post(link)
    assert response.status_code == 302
    user = User.objects.get(email=GUEST)
    assert EmailAddress.objects.get(user=user, email=GUEST).verified
    assert client.get("/vouchers/").context["user"] == user
    assert owners(guest_vouchers) == {user.pk}  # the gift too: it belongs to the payer
    assert set(Order.objects.values_list("user_id", flat=True)) == {user.pk}
    listed = client.get("/vouchers/").content.decode()
    for voucher in guest_vouchers:
        assert f"/vouchers/{voucher.pk}/" in listed


def test_a_stranger_who_signs_up_with_the_guests_address_gets_nothing_even_when_the_guest_confirms(
        client, guest_vouchers):
    stranger = client
    link = sign_up(stranger)
    the_guest = Client()  # the guest clicks "confirm" in their own browser, signed out
    assert the_guest.post(link).status_code == 302
    account = User.objects.get(email=GUEST)
    assert EmailAddress.objects.get(user=account).verified  # the mailbox was proven...
    assert owners(guest_vouchers) == {None}  # ...but not by the browser holding the password
    assert not AddressClaim.objects.exists()

    assert stranger.post("/accounts/login/", {"login": GUEST, "password": PASSWORD}).status_code == 302
    assert owners(guest_vouchers) == {None}
    for voucher in guest_vouchers:
        for path in (f"/vouchers/{voucher.pk}/", f"/vouchers/{voucher.pk}/refund/",
                     f"/vouchers/{voucher.pk}/pdf/", f"/reviews/voucher/{voucher.pk}/"):
            assert stranger.get(path).status_code == 404, path
        assert stranger.post(f"/vouchers/{voucher.pk}/refund/").status_code == 404
    assert Voucher.objects.filter(status="issued").count() == 3


def test_an_address_verified_signed_out_is_claimed_by_a_fresh_link_opened_while_signed_in(
        client, guest_vouchers):
    link = sign_up(client)
    Client().post(link)  # verified from the phone, signed out: claims nothing
    account = User.objects.get(email=GUEST)
    client.post("/accounts/login/", {"login": GUEST, "password": PASSWORD})
    assert owners(guest_vouchers) == {None}

    profile = client.get("/accounts/profile/").content.decode()
    assert "Link my earlier purchases" in profile
    mail.outbox.clear()
    response = client.post("/accounts/purchases/claim/", {"email": GUEST})
    assert response.status_code == 302 and len(mail.outbox) == 1
    claim = _relative(_link(mail.outbox[0], "/accounts/purchases/claim/"))

    signed_out = Client().get(claim)
    assert signed_out.status_code == 302 and signed_out["Location"].startswith("/accounts/login/")
    assert client.get(claim).status_code == 200
    assert owners(guest_vouchers) == {None}  # opening is not linking
    assert client.post(claim).status_code == 302
    assert owners(guest_vouchers) == {account.pk}
    assert "Link my earlier purchases" not in client.get("/accounts/profile/").content.decode()


def test_a_claim_link_opened_in_another_account_links_nothing(client, guest_vouchers):
    link = sign_up(client)
    Client().post(link)
    client.post("/accounts/login/", {"login": GUEST, "password": PASSWORD})
    mail.outbox.clear()
    client.post("/accounts/purchases/claim/", {"email": GUEST})
    claim = _relative(_link(mail.outbox[0], "/accounts/purchases/claim/"))

    other = Client()
    other.force_login(User.objects.create_user("other", "other@example.com", PASSWORD))
    assert other.post(claim).status_code == 404
    assert other.post(claim.replace("/claim/", "/claim/x")).status_code == 404
    assert owners(guest_vouchers) == {None}


def test_purchases_made_later_as_a_guest_follow_a_claimed_address_at_the_next_sign_in(
        client, guest_vouchers):
    client.post(sign_up(client))
    account = User.objects.get(email=GUEST)
    later = create_paid_vouchers(deal=DealFactory(), email=GUEST)
    assert owners(later) == {None}
    client.logout()
    client.post("/accounts/login/", {"login": GUEST, "password": PASSWORD})
    assert owners(later) == {account.pk}


def test_sign_in_with_an_unverified_address_is_refused_until_it_is_verified(client):
    sign_up(client, email="new@example.com")
    browser = Client()
    mail.outbox.clear()
    cache.clear()  # allauth sends one verification mail per address per 3 minutes
    response = browser.post("/accounts/login/", {"login": "new@example.com", "password": PASSWORD})
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    assert browser.get("/vouchers/").status_code == 302  # not signed in
    assert "/accounts/confirm-email/" in mail.outbox[0].body  # a new link was sent


def test_changing_the_address_keeps_the_old_one_until_the_new_one_is_verified(client):
    client.post(sign_up(client, email="ana@example.com"))
    user = User.objects.get(email="ana@example.com")
    mail.outbox.clear()
    client.post("/accounts/email/", {"action_add": "", "email": "ana.new@example.com"})
    user.refresh_from_db()
    assert user.email == "ana@example.com"
    link = _relative(_link(mail.outbox[-1], "/accounts/confirm-email/"))
    client.post(link)
    user.refresh_from_db()
    assert user.email == "ana.new@example.com"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [
        ("ana.new@example.com", True)]


def test_the_profile_form_cannot_change_the_address(client):
    client.post(sign_up(client, email="ana@example.com"))
    response = client.post("/accounts/profile/edit/", {"first_name": "Ana", "last_name": "Silva",
                                                       "email": "stolen@example.com"})
    assert response.status_code == 302
    user = User.objects.get(first_name="Ana")
    assert user.email == "ana@example.com"


def test_password_reset_mail_links_to_the_site_and_sets_a_new_password(client):
    client.post(sign_up(client, email="ana@example.com"))
    client.logout()
    mail.outbox.clear()
    assert client.get("/password-reset/")["Location"] == "/accounts/password/reset/"
    client.post("/accounts/password/reset/", {"email": "ana@example.com"})
    link = _relative(_link(mail.outbox[0], "/accounts/password/reset/key/"))
    form = client.get(link, follow=True)
    assert form.status_code == 200
    client.post(form.redirect_chain[-1][0] if form.redirect_chain else link,
                {"password1": "another long password 7", "password2": "another long password 7"})
    assert Client().post("/accounts/login/", {"login": "ana@example.com",
                                              "password": "another long password 7"}).status_code == 302
    assert "example.com!" not in mail.outbox[0].body  # the shop's name, not the Site placeholder
    assert settings.OSCAR_SHOP_NAME in mail.outbox[0].body


def test_checkout_gateway_never_signs_anyone_in(client):
    User.objects.create_user("ana", "ana@example.com", PASSWORD)
    response = client.post("/checkout/", {"username": "ana@example.com", "options": "existing",
                                          "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)


def test_register_and_change_password_go_to_allauth(client):
    assert client.get("/accounts/register/?next=/checkout/")["Location"] == "/accounts/signup/?next=/checkout/"
    assert client.get("/password-reset/confirm/MQ/abc-123/")["Location"] == "/accounts/password/reset/"
