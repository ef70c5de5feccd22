"""Every e-mail goes out in its recipient's language: their account's choice, else the language
their order was placed in (guests, and a gift's recipient reads the buyer's), else the site's;
the deal's texts, dates, money and the attached PDF follow."""
import subprocess
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation
from django.utils.formats import date_format

from marketplace.core.mail import mail_send
from marketplace.deals.services import OptionSpec
from marketplace.languages.models import OrderLanguage
from marketplace.languages.selectors import language_for_recipient
from marketplace.languages.services import language_preference_set
from tests.factories import DealFactory, LocationFactory, MerchantFactory, UserFactory
from tests.factories.checkout import buy
from vouchers.delivery import GiftSpec, vouchers_deliver_for_order
from vouchers.services import vouchers_issue_for_order

pytestmark = pytest.mark.django_db


def _deal():
    merchant = MerchantFactory(name="Casa Lisboa")
    store = LocationFactory(merchant=merchant, name="Chiado", address="Rua Garrett 12",
                            translations={"zh-hans": {"name": "希亚多店"},
                                          "pt-pt": {"name": "Loja do Chiado"}})
    return DealFactory(
        merchant=merchant, locations=[store], title="Brunch by the river",
        fine_print="Not on Sundays.",
        translations={"pt-pt": {"title": "Brunch junto ao rio", "fine_print": "Exceto aos domingos."},
                      "zh-hans": {"title": "河畔早午餐", "fine_print": "周日不可用。"}},
        options=[OptionSpec("Brunch for 2", Decimal("19.00"), Decimal("38.00"), 10,
                            titles={"pt-pt": "Brunch para 2", "zh-hans": "双人早午餐"})])


def _pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=content,
                          capture_output=True, check=True).stdout.decode()


def test_a_guest_reads_the_voucher_email_and_pdf_in_the_language_they_bought_in():
    with translation.override("pt-pt"):
        outcome, order = buy(deal=_deal(), quantity=1, email="ana@example.com")
    assert OrderLanguage.objects.get(order=order).language == "pt-pt"
    [voucher] = vouchers_issue_for_order(order_id=order.pk)
    vouchers_deliver_for_order(order_id=order.pk)  # from the worker: no language is active

    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "pt-pt"
    assert "Brunch junto ao rio" in message.subject
    assert "Brunch para 2" in message.body and "Loja do Chiado" in message.body
    assert "Exceto aos domingos." in message.body
    with translation.override("pt-pt"):
        assert date_format(voucher.valid_until, "DATE_FORMAT") in message.body
    pdf = _pdf_text(message.attachments[0][1])
    assert "Brunch junto ao rio" in pdf and "Exceto aos domingos." in pdf and "19,00" in pdf


def test_an_account_reads_its_saved_language_whatever_the_order_was_placed_in():
    user = UserFactory(email="mei@example.com")
    language_preference_set(user=user, language="zh-hans")
    with translation.override("en-gb"):
        outcome, order = buy(deal=_deal(), quantity=1, user=user)
    vouchers_issue_for_order(order_id=order.pk)
    vouchers_deliver_for_order(order_id=order.pk)
    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "zh-hans"
    assert "河畔早午餐" in message.subject and "周日不可用。" in message.body
    assert "河畔早午餐" in _pdf_text(message.attachments[0][1])


def test_a_gifts_recipient_without_an_account_reads_the_buyers_language():
    gift = GiftSpec("Rui", "rui@example.com", "Parabéns!", deliver_on=None)
    with translation.override("zh-hans"):
        outcome, order = buy(deal=_deal(), quantity=1, email="ana@example.com", gift=gift)
    vouchers_issue_for_order(order_id=order.pk)
    vouchers_deliver_for_order(order_id=order.pk)
    [message] = mail.outbox
    assert message.to == ["rui@example.com"]
    assert message.extra_headers["Content-Language"] == "zh-hans"
    assert "河畔早午餐" in message.subject


def test_recipients_reading_different_languages_get_one_message_each():
    for email, language in (("a@example.com", "pt-pt"), ("b@example.com", "zh-hans")):
        language_preference_set(user=UserFactory(email=email), language=language)
    deal = _deal()
    assert mail_send(template="curation/email/deal_decision",
                     to=["a@example.com", "b@example.com", "c@example.com"],
                     context={"deal": deal, "decision": "approved", "comment": "", "url": "/x"})
    by_language = {m.extra_headers["Content-Language"]: (m.to, m.subject) for m in mail.outbox}
    assert by_language == {
        "pt-pt": (["a@example.com"], by_language["pt-pt"][1]),
        "zh-hans": (["b@example.com"], by_language["zh-hans"][1]),
        "en-gb": (["c@example.com"], by_language["en-gb"][1]),
    }
    assert "Brunch junto ao rio" in by_language["pt-pt"][1]
    assert "河畔早午餐" in by_language["zh-hans"][1]
    assert "Brunch by the river" in by_language["en-gb"][1]


def test_the_recipients_language_is_the_account_then_the_order_then_the_default():
    user = UserFactory(email="mixed@example.com")
    assert language_for_recipient(email="mixed@example.com") == "en-gb"
    assert language_for_recipient(email="mixed@example.com", default="zh-hans") == "zh-hans"
    language_preference_set(user=user, language="pt-pt")
    assert language_for_recipient(email="MIXED@example.com", default="zh-hans") == "pt-pt"
    assert language_for_recipient(user=user) == "pt-pt"
