"""Voucher e-mails: a PDF with every voucher, to the buyer now or to a gift's recipient on the day."""
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from marketplace.deals.services import OptionSpec
from tests.factories import DealFactory, LocationFactory, MerchantFactory
from tests.factories.checkout import buy
from vouchers.delivery import GiftSpec, vouchers_deliver_due, vouchers_deliver_for_order
from vouchers.services import vouchers_issue_for_order

pytestmark = pytest.mark.django_db


def _deal():
    merchant = MerchantFactory(name="Casa Lisboa")
    store = LocationFactory(merchant=merchant, name="Chiado", address="Rua Garrett 12")
    return DealFactory(merchant=merchant, locations=[store], fine_print="Not on Sundays.",
                       options=[OptionSpec("Brunch for 2", Decimal("19.00"), Decimal("38.00"), 10)])


def test_buyer_gets_one_email_with_codes_stores_and_a_pdf():
    outcome, order = buy(deal=_deal(), quantity=2, email="ana@example.com")
    vouchers = vouchers_issue_for_order(order_id=order.pk)
    assert vouchers_deliver_for_order(order_id=order.pk) is True
    assert vouchers_deliver_for_order(order_id=order.pk) is False  # sent once
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.com"]
    for v in vouchers:
        assert v.display_code in message.body
    assert "Rua Garrett 12" in message.body and "Not on Sundays." in message.body
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert re.findall(rb"/Count (\d+)", content) == [b"2"]  # one page per voucher


def test_gift_waits_for_its_day_then_goes_to_the_recipient():
    tomorrow = timezone.now().date() + timedelta(days=1)
    gift = GiftSpec("Rui", "rui@example.com", "Parabéns!", deliver_on=tomorrow)
    outcome, order = buy(deal=_deal(), quantity=1, email="ana@example.com", gift=gift)
    vouchers_issue_for_order(order_id=order.pk)
    assert vouchers_deliver_for_order(order_id=order.pk) is False
    assert vouchers_deliver_due() == 0 and mail.outbox == []
    order.delivery.deliver_on = timezone.now().date()
    order.delivery.save()
    assert vouchers_deliver_due() == 1
    message = mail.outbox[0]
    assert message.to == ["rui@example.com"] and "Parabéns!" in message.body
    assert "gift" in message.subject.lower()
