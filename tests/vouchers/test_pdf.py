"""The voucher PDF prints in the reader's language (Chinese and Portuguese included) and prints all
of the fine print, flowing onto more pages rather than cutting it short."""
import re
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from marketplace.deals.services import OptionSpec
from tests.factories import DealFactory, LocationFactory, MerchantFactory, create_paid_vouchers
from vouchers.pdf import font_registered, vouchers_pdf

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=content,
                          capture_output=True, check=True).stdout.decode()


def pages(content: bytes) -> int:
    return int(re.findall(rb"/Count (\d+)", content)[0])


def _deal(**kwargs):
    merchant = MerchantFactory(name="Jardim Spa")
    store = LocationFactory(merchant=merchant, name="Chiado", address="Rua Garrett 12",
                            directions="First floor, lift on the left.",
                            translations={"zh-hans": {"name": "希亚多店", "directions": "二楼，电梯在左边。"},
                                          "pt-pt": {"name": "Loja do Chiado",
                                                    "directions": "Primeiro andar, elevador à esquerda."}})
    return DealFactory(
        merchant=merchant, locations=[store], title="Relaxing massage for two",
        fine_print="Book 24 hours ahead.",
        translations={"zh-hans": {"title": "双人放松按摩", "fine_print": "请提前24小时预约。"},
                      "pt-pt": {"title": "Massagem relaxante a dois",
                                "fine_print": "Marcação com 24 horas de antecedência."}},
        options=[OptionSpec("Massage for 2", Decimal("48.00"), Decimal("90.00"), 10,
                            titles={"zh-hans": "双人按摩", "pt-pt": "Massagem para 2"})], **kwargs)


@pytest.mark.parametrize("language, expected", [
    ("zh-hans", ["双人放松按摩", "双人按摩", "希亚多店", "二楼，电梯在左边。", "请提前24小时预约。",
                 "€48.00", "2026年"]),
    ("pt-pt", ["Massagem relaxante a dois", "Massagem para 2", "Loja do Chiado",
               "Primeiro andar, elevador à esquerda.", "Marcação com 24 horas de antecedência.",
               "€48,00", " de 2026"]),
    ("en-gb", ["Relaxing massage for two", "Massage for 2", "Chiado", "First floor, lift on the left.",
               "Book 24 hours ahead.", "€48.00", "2026"]),
])
def test_the_pdf_prints_the_voucher_in_the_readers_language(language, expected):
    from datetime import datetime, timezone as tz
    [voucher] = create_paid_vouchers(deal=_deal(), valid_until=datetime(2026, 12, 31, 12, tzinfo=tz.utc))
    with translation.override(language):
        text = pdf_text(vouchers_pdf([voucher]))
    for words in expected:
        assert words in text, words
    assert voucher.display_code in text


def test_long_fine_print_flows_onto_more_pages_and_none_of_it_is_lost():
    lines = [f"Condição {n}: válido só de segunda a quinta, exceto feriados ({n})." for n in range(150)]
    chinese = [f"第{n}条：仅限周一至周四使用，节假日除外。" for n in range(60)]
    deal = _deal()
    deal.set_current_language("pt-pt")
    from marketplace.deals.services import deal_texts_write
    deal_texts_write(deal=deal, texts={"pt-pt": {"fine_print": "\n".join(lines)},
                                       "zh-hans": {"fine_print": "\n".join(chinese)}})
    vouchers = create_paid_vouchers(deal=deal, quantity=2)
    with translation.override("pt-pt"):
        content = vouchers_pdf(vouchers)
    assert pages(content) >= 4  # two vouchers, each longer than a page
    text = " ".join(pdf_text(content).split())
    for line in (lines[0], lines[74], lines[-1]):
        assert text.count(line) == 2
    with translation.override("zh-hans"):
        text = "".join(pdf_text(vouchers_pdf(vouchers[:1])).split())
    assert all(line in text for line in chinese)


def test_a_missing_font_fails_loudly_with_what_to_install(settings):
    settings.VOUCHER_PDF_FONT = "/nonexistent/wqy-microhei.ttc"
    font_registered.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match="fonts-wqy-microhei"):
            font_registered()
    finally:
        font_registered.cache_clear()
