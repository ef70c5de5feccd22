"""A new merchant's whole walk in the browser: apply with a store address, a curator approves,
the owner chooses a password from the e-mail, signs in, adds a store and submits a first deal."""
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from marketplace.curation.models import MerchantApplication
from marketplace.deals.models import Deal
from merchants.models import Merchant
from tests.browser import sign_in
from tests.conftest import wait_until
from tests.factories import UserFactory
from tests.look.pages import assert_page_is_sound

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _jpeg(width: int = 800, height: int = 500) -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 60)).save(picture, "JPEG", quality=85)
    return picture.getvalue()


def _mail_with_subject(mailpit, *, to: str, subject: str) -> dict:
    """The one message to ``to`` whose subject contains ``subject``, in full."""
    found = wait_until(lambda: [m for m in mailpit.messages_to(to) if subject in m["Subject"]])
    assert len(found) == 1, f"expected one {subject!r} message to {to}, found {len(found)}"
    return mailpit.message(found[0]["ID"])


def test_a_new_merchant_applies_is_approved_sets_a_password_and_submits_a_first_deal(
        browser, page, live_server, mailpit, settings):
    settings.MARKETPLACE_SITE_URL = live_server.url  # the e-mail's links lead to this server
    owner_email = mailpit.address("rita")
    curator = UserFactory(email="curator@dealmarket.pt", is_staff=True)

    # The applicant fills the public form; the gazetteer places the store's address on the map.
    page.goto("/merchants/apply/")
    assert_page_is_sound(page)
    page.fill("#id_business_name", "Casa Verde Spa")
    page.fill("#id_contact_name", "Rita Gomes")
    page.fill("#id_contact_email", owner_email)
    page.fill("#id_description", "Massages and facials in Chiado")
    page.fill("#id_stores-0-name", "Chiado")
    page.fill("#id_stores-0-address", "Rua Garrett 10")
    page.fill("#id_stores-0-city", "Lisbon")
    with page.expect_navigation():
        page.get_by_role("button", name="Send application").click()
    assert_page_is_sound(page)
    assert "We received your application" in page.inner_text("#application-received")
    application = MerchantApplication.objects.get(business_name="Casa Verde Spa")
    store = application.stores.get()
    assert (store.address, store.city) == ("Rua Garrett 10", "Lisbon")
    assert (round(float(store.latitude), 3), round(float(store.longitude), 3)) == (38.711, -9.143)

    # A curator finds it among the pending applications and approves it.
    staff = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    staff_page = staff.new_page()
    staff_page.set_default_timeout(15000)
    sign_in(staff_page, live_server, curator)
    staff_page.goto("/dashboard/curation/applications/")
    staff_page.get_by_role("link", name="Casa Verde Spa").click()
    assert "Chiado: Rua Garrett 10" in staff_page.locator("#application-stores").inner_text()
    with staff_page.expect_navigation():
        staff_page.click("#approve-application")
    staff.close()
    application.refresh_from_db()
    assert application.status == MerchantApplication.Status.APPROVED
    merchant = Merchant.objects.get(name="Casa Verde Spa")

    # The owner opens the e-mail and follows its link to choose a password.
    message = _mail_with_subject(mailpit, to=owner_email, subject="is now on Dealmarket")
    assert "Casa Verde Spa is approved" in message["Text"]
    link = re.search(re.escape(live_server.url) + r"/accounts/password/reset/key/\S+", message["Text"])
    assert link, message["Text"]
    page.goto(link.group(0))
    assert_page_is_sound(page)
    page.fill("#id_password1", "Verde-Chiado-2026!")
    page.fill("#id_password2", "Verde-Chiado-2026!")
    with page.expect_navigation():
        page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    assert "/accounts/password/reset/key/done/" in page.url

    # She signs in with it and lands in her portal.
    page.goto("/accounts/login/")
    page.fill("#id_login", owner_email)
    page.fill("#id_password", "Verde-Chiado-2026!")
    with page.expect_navigation():
        page.locator("form:has(#id_login) button[type=submit]").click()
    assert "/accounts/login/" not in page.url, page.locator("main").inner_text()
    page.goto(f"/merchant/{merchant.slug}/")
    assert_page_is_sound(page)
    assert "Casa Verde Spa" in page.locator("main").inner_text()

    # She adds a second store, placed on the map from its address.
    page.goto(f"/merchant/{merchant.slug}/stores/")
    assert [t.strip() for t in page.locator(".store-card h2").all_inner_texts()] == ["Chiado"]
    form = page.locator("#add-store")
    form.get_by_label("Store name").fill("Príncipe Real")
    form.get_by_label("Street and number").fill("Rua da Rosa 40")
    form.get_by_label("City").fill("Lisbon")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the store").click()
    assert [t.strip() for t in page.locator(".store-card h2").all_inner_texts()] == [
        "Chiado", "Príncipe Real"]
    assert "Rua da Rosa 40" in page.locator(".store-card").nth(1).inner_text()

    # She creates her first deal with a photo and submits it for review.
    page.goto(f"/merchant/{merchant.slug}/deals/new/")
    assert_page_is_sound(page)
    page.fill("#id_title", "Hot stone massage, 60 minutes")
    page.fill("#id_fine_print", "Weekdays only; book 24 hours ahead")
    now = timezone.now()
    page.fill("#id_sale_starts_at", (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_sale_ends_at", (now + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"))
    page.select_option("#id_validity_kind", "after_purchase")
    page.fill("#id_valid_days", "90")
    page.get_by_label("Casa Verde Spa — Chiado").check()
    page.get_by_label("Casa Verde Spa — Príncipe Real").check()
    page.set_input_files("#id_photos", {"name": "massage.jpg", "mimeType": "image/jpeg",
                                        "buffer": _jpeg()})
    page.fill("#id_photos_alt", "A treatment room with warm light")
    page.fill("#id_options-0-title", "Massage for 1")
    page.fill("#id_options-0-price", "39.00")
    page.fill("#id_options-0-value", "70.00")
    page.fill("#id_options-0-units", "50")
    with page.expect_navigation():
        page.click("#save-and-submit")
    assert page.inner_text("#deal-status") == "In review"
    assert_page_is_sound(page)
    deal = Deal.objects.get(product__title="Hot stone massage, 60 minutes")
    assert deal.review_status == Deal.Review.SUBMITTED
    assert deal.product.images.count() == 1
    assert sorted(location.name for location in deal.locations.all()) == ["Chiado", "Príncipe Real"]
