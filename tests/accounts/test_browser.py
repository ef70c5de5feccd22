"""A person in a real browser, with the mail read from Mailpit: signs up and verifies the address
(their guest purchases follow), and an account verified elsewhere links its guest purchases by a
fresh link opened while signed in (issue 14)."""
import re

import pytest
from allauth.account.models import EmailAddress

from marketplace.accounts.services import address_mark_verified
from tests.factories import DealFactory, UserFactory, create_paid_vouchers
from vouchers.models import Voucher

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long enough password 42"


@pytest.fixture(autouse=True)
def links_to_the_live_server(settings, live_server):
    settings.MARKETPLACE_SITE_URL = live_server.url  # the mails' absolute links open here


def link_in(message: dict, path: str) -> str:
    found = re.search(r"https?://\S+" + re.escape(path) + r"\S*/", message["Text"])
    assert found, message["Text"]
    return found[0]


def owners(vouchers) -> set:
    return set(Voucher.objects.filter(pk__in=[v.pk for v in vouchers])
               .values_list("owner_id", flat=True))


def test_a_guest_signs_up_verifies_by_the_mailed_link_and_sees_their_vouchers(page, mailpit):
    email = mailpit.address("guest")
    vouchers = create_paid_vouchers(deal=DealFactory(title="Harbour kayak tour"), quantity=2,
                                    email=email)

    page.goto("/accounts/signup/")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/confirm-email/")

    link = link_in(mailpit.wait_for_message(to=email), "/accounts/confirm-email/")
    page.goto(link)
    assert "do not confirm" in page.locator("#confirm-warning").inner_text()
    assert not EmailAddress.objects.filter(email=email, verified=True).exists()  # GET changes nothing
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(lambda url: "/confirm-email/" not in url)

    assert EmailAddress.objects.get(email=email).verified
    account = EmailAddress.objects.get(email=email).user
    assert owners(vouchers) == {account.pk}
    page.goto("/vouchers/")
    assert page.locator(".voucher-card").count() == 2
    assert "Harbour kayak tour" in page.content()


def test_an_account_verified_elsewhere_links_its_guest_vouchers_by_a_fresh_link(page, mailpit):
    email = mailpit.address("buyer")
    user = UserFactory(email=email)
    user.set_password(PASSWORD)
    user.save()
    address_mark_verified(user=user, email=email)  # verified, but in no signed-in browser
    vouchers = create_paid_vouchers(deal=DealFactory(title="Tea ceremony"), quantity=2, email=email)

    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/login/" not in url)
    assert owners(vouchers) == {None}  # signing in alone links nothing

    page.goto("/accounts/profile/")
    page.locator(".claim-offer button").click()
    page.wait_for_url("**/accounts/profile/")
    link = link_in(mailpit.wait_for_message(to=email), "/accounts/purchases/claim/")
    page.goto(link)
    assert "only receives the codes" in page.content()  # gifts belong to the payer
    assert owners(vouchers) == {None}  # opening the link changes nothing: linking is a POST
    page.locator("#claim-confirm").click()
    page.wait_for_url("**/vouchers/")

    assert owners(vouchers) == {user.pk}
    assert page.locator(".voucher-card").count() == 2
    assert "Tea ceremony" in page.content()
