"""Every e-mail the product sends: each template found on disk renders with sample objects, and
every link it holds is absolute to MARKETPLACE_SITE_URL (a link to a placeholder host or a bare
path cannot be followed from a mail client)."""
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from marketplace.core.mail import mail_messages
from marketplace.curation.onboarding import StoreSpec, merchant_application_submit
from marketplace.groupbuy.models import Pledge
from merchants.models import Invitation, Membership
from tests.factories import DealFactory, LocationFactory, MerchantFactory, UserFactory, create_paid_vouchers
from vouchers.models import Booking, OrderDelivery

pytestmark = pytest.mark.django_db

SITE = "https://deals.example.org"
OURS = ("marketplace", "merchants", "vouchers", "search")


def email_templates() -> set[str]:
    """Every `<name>_body.txt|html` under an `email/` folder of our templates, as `<name>`."""
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    roots += [Path(app.path) / "templates" for app in apps.get_app_configs()
              if app.name.split(".")[0] in OURS]
    found = set()
    for root in roots:
        for path in root.glob("**/email/*_body.*"):
            relative = path.relative_to(root).as_posix()
            found.add(re.sub(r"_body\.(txt|html)$", "", relative))
    return found


@pytest.fixture
def world(settings):
    settings.MARKETPLACE_SITE_URL = SITE
    owner = UserFactory(first_name="Olga", last_name="Ferreira", email="olga@example.org")
    merchant = MerchantFactory(name="Casa & Companhia", owner=owner)
    store = LocationFactory(merchant, name="Chiado", address="Rua Garrett 12", phone="+351 21 000 0000")
    deal = DealFactory(merchant=merchant, locations=[store], title="Brunch for two",
                       fine_print="Not on Sundays.")
    buyer = UserFactory(first_name="Beatriz", email="beatriz@example.org")
    vouchers = create_paid_vouchers(deal=deal, quantity=2, user=buyer)
    order = vouchers[0].order_line.order
    application = merchant_application_submit(
        business_name="Barbearia Lx", contact_name="João Silva", contact_email="joao@example.org",
        stores=[StoreSpec(name="Baixa", address="Rua do Ouro 5", city="Lisbon",
                          latitude=Decimal("38.71"), longitude=Decimal("-9.13"))])
    application.reject_reason = "We need your licence."
    return {"owner": owner, "merchant": merchant, "deal": deal, "buyer": buyer,
            "vouchers": vouchers, "order": order, "application": application}


def _delivery(w, *, gift: bool):
    return OrderDelivery(order=w["order"], is_gift=gift, recipient_name="Rui" if gift else "Beatriz",
                         recipient_email="rui@example.org" if gift else "beatriz@example.org",
                         message="Parabéns!" if gift else "")


def mail_message(*, template, to, context):
    """The one message an English reader gets."""
    [message] = mail_messages(template=template, to=to, context=context, language="en-gb")
    return message


def _booking(w):
    return Booking(voucher=w["vouchers"][0], location=w["deal"].locations.first(),
                   starts_at=timezone.now() + timedelta(days=1),
                   ends_at=timezone.now() + timedelta(days=1, hours=1))


def _pledge(w):
    return Pledge(deal=w["deal"], units=1, kind=Pledge.Kind.SAVED_CARD,
                  action_deadline=timezone.now() + timedelta(days=2), failure_message="Card declined")


# Sample contexts, as each sender builds them (the senders' absolute links included).
SAMPLES = {
    "curation/email/application_received": lambda w: {"application": w["application"]},
    "curation/email/application_approved": lambda w: {
        "application": w["application"], "merchant": w["merchant"], "owner": w["owner"],
        "new_account": True, "set_password_url": f"{SITE}/accounts/password/set/abc/",
        "portal_url": f"{SITE}/merchant/{w['merchant'].slug}/"},
    "curation/email/application_rejected": lambda w: {
        "application": w["application"], "apply_url": f"{SITE}/merchants/apply/"},
    "curation/email/deal_decision": lambda w: {
        "deal": w["deal"], "decision": "approved", "comment": "Looks good.",
        "url": f"{SITE}/merchant/{w['merchant'].slug}/deals/{w['deal'].pk}/"},
    "groupbuy/email/complete_payment": lambda w: {
        "pledge": _pledge(w), "order": w["order"], "deal": w["deal"],
        "action_url": f"{SITE}/groupbuy/pay/2b1c/"},
    "groupbuy/email/pledge_cancelled": lambda w: {"pledge": _pledge(w), "order": w["order"],
                                                  "deal": w["deal"], "action_url": ""},
    "groupbuy/email/pledge_declined": lambda w: {"pledge": _pledge(w), "order": w["order"],
                                                 "deal": w["deal"], "action_url": ""},
    "groupbuy/email/pledge_released": lambda w: {"pledge": _pledge(w), "order": w["order"],
                                                 "deal": w["deal"], "action_url": ""},
    "vouchers/email/vouchers": lambda w: {
        "delivery": _delivery(w, gift=False), "order": w["order"], "vouchers": w["vouchers"],
        "deal": w["deal"], "buyer_name": "Beatriz", "site_name": "Dealmarket"},
    "vouchers/email/expiry_reminder": lambda w: {
        "voucher": w["vouchers"][0], "deal": w["deal"], "kind": "7d", "policy": "paid_value",
        "is_gift": False},
    "vouchers/email/booking_reminder": lambda w: {
        "voucher": w["vouchers"][0], "deal": w["deal"], "booking": _booking(w),
        "cutoff": timezone.now() + timedelta(hours=20)},
    "accounts/email/claim_link": lambda w: {
        "email": "beatriz@example.org", "hours": 24,
        "claim_url": f"{SITE}/accounts/purchases/claim/abc/"},
    "merchants/email/invitation": lambda w: {
        "invitation": Invitation(merchant=w["merchant"], email="new@example.org",
                                 role=Membership.Role.CASHIER,
                                 expires_at=timezone.now() + timedelta(days=14)),
        "merchant": w["merchant"], "role": "Cashier", "inviter_name": "Olga Ferreira",
        "accept_url": f"{SITE}/merchant/invitations/s3cr3t/"},
}

URL = re.compile(r"""[a-z][a-z0-9+.-]*://[^\s"'<>)]+""", re.I)
ATTRIBUTE = re.compile(r"""(?:href|src)\s*=\s*["']([^"']*)["']""", re.I)
BARE_PATH = re.compile(r"""(?:^|[\s(])(/(?:vouchers|merchant|merchants|accounts|groupbuy|deals|reviews|checkout|dashboard)\b[^\s]*)""")


def test_every_email_template_of_the_product_has_a_sample_here():
    assert email_templates() == set(SAMPLES)


@pytest.mark.parametrize("template", sorted(SAMPLES))
def test_every_link_in_every_email_is_absolute_to_the_site_url(world, template):
    message = mail_message(template=template, to=["someone@example.org"],
                           context=SAMPLES[template](world))
    texts = [message.subject, message.body] + [body for body, _type in message.alternatives]
    links = [link for text in texts for link in URL.findall(text)]
    links += [link for text in texts for link in ATTRIBUTE.findall(text)]
    assert links, f"{template} offers no link back to the site"
    for link in links:
        assert link.startswith(SITE + "/"), f"{template}: {link!r} is not on {SITE}"
    for text in texts:
        assert not BARE_PATH.findall(text), f"{template}: a path without the site URL"
        assert "example.com" not in text


def test_a_gift_email_tells_the_recipient_they_hold_the_codes_and_the_giver_owns_them(world):
    message = mail_message(template="vouchers/email/vouchers", to=["rui@example.org"], context={
        **SAMPLES["vouchers/email/vouchers"](world), "delivery": _delivery(world, gift=True)})
    assert "Beatriz bought them and is the only one who can refund them" in message.body
    assert "/vouchers/" not in message.body  # the recipient has no voucher page: the giver does


def test_the_vouchers_email_names_deal_merchant_option_and_stores(world):
    message = mail_message(template="vouchers/email/vouchers", to=["beatriz@example.org"],
                           context=SAMPLES["vouchers/email/vouchers"](world))
    for text in (message.body, message.alternatives[0][0]):
        assert "Brunch for two" in text and "Dinner for 2" in text
        assert "Chiado" in text and "Rua Garrett 12" in text
    assert "by Casa & Companhia" in message.body  # plain text is not HTML-escaped
