"""A merchant writes a deal and its stores in their own language and, optionally, in the others;
buyers read their language, else the deal's own; an approved deal's new translation waits for
review like any other text."""
import pytest
from django.urls import reverse
from django.utils import translation

from marketplace.deals.models import Deal, DealRevision
from tests.factories import DealFactory, LocationFactory

from .test_deals import portal_form, url

pytestmark = pytest.mark.django_db


def test_a_deal_written_in_portuguese_with_a_chinese_translation(client, merchant, merchant_owner):
    client.force_login(merchant_owner)
    response = client.post(url("deal-create", merchant), portal_form(
        merchant, original_language="pt-pt", title="Jantar de bacalhau para dois",
        fine_print="Reserva obrigatória.",
        **{"title:zh-hans": "双人鳕鱼晚餐", "fine_print:zh-hans": "需提前预约。",
           "options-0-title": "Jantar para 2", "options-0-title:zh-hans": "双人晚餐"}))
    assert response.status_code == 302
    deal = Deal.objects.get()
    assert deal.original_language == "pt-pt" and deal.languages_written() == ["zh-hans", "pt-pt"]
    # Oscar's product (basket, orders) keeps the deal's own language.
    assert deal.product.title == "Jantar de bacalhau para dois"
    with translation.override("zh-hans"):
        assert (deal.title, deal.fine_print, deal.options.get().title) == (
            "双人鳕鱼晚餐", "需提前预约。", "双人晚餐")
    with translation.override("en-gb"):  # no English: the deal's own language
        assert (deal.title, deal.shown_language()) == ("Jantar de bacalhau para dois", "pt-pt")


def test_a_translation_without_a_title_is_refused_and_nothing_is_created(client, merchant,
                                                                          merchant_owner):
    client.force_login(merchant_owner)
    response = client.post(url("deal-create", merchant), portal_form(
        merchant, **{"fine_print:zh-hans": "需提前预约。"}))
    assert response.status_code == 200
    assert "Give a title in this language too, or leave this language empty." in response.content.decode()
    assert not Deal.objects.exists()


def test_a_new_translation_of_an_approved_deal_waits_for_review(client, merchant, merchant_owner):
    deal = DealFactory(merchant=merchant, title="Bacalhau dinner for two")
    client.force_login(merchant_owner)
    data = portal_form(merchant, title="Bacalhau dinner for two", **{
        "title:pt-pt": "Jantar de bacalhau", "options-INITIAL_FORMS": "1", "options-TOTAL_FORMS": "1",
        "options-0-option_id": str(deal.options.get().pk), "options-0-title": "Dinner for 2",
        "options-0-price": "39.00", "options-0-value": "70.00", "options-0-units": "100"})
    client.post(url("deal-edit", merchant, pk=deal.pk), data)
    revision = DealRevision.objects.get(deal=deal)
    assert revision.changes["deal"]["title:pt-pt"] == "Jantar de bacalhau"
    deal.refresh_from_db()
    assert deal.languages_written() == ["en-gb"]


def test_a_store_gets_its_name_and_directions_in_another_language(client, merchant, merchant_owner):
    store = LocationFactory(merchant=merchant, name="Chiado", directions="Next to the bookshop.")
    client.force_login(merchant_owner)
    page = client.get(url("store-edit", merchant, pk=store.pk)).content.decode()
    assert 'lang="zh-hans"' in page and "Next to the bookshop." in page
    response = client.post(url("store-edit", merchant, pk=store.pk), {
        "name": "Chiado", "directions": "Next to the bookshop.", "address": "Rua Garrett 12",
        "city": "Lisbon", "name:zh-hans": "希亚多店", "directions:zh-hans": "书店旁边。"})
    assert response.status_code == 302
    with translation.override("zh-hans"):
        store.refresh_from_db()
        assert (store.name, store.directions, store.address) == ("希亚多店", "书店旁边。", "Rua Garrett 12")
    with translation.override("pt-pt"):
        assert store.name == "Chiado"


def test_a_store_without_a_name_is_refused(client, merchant, merchant_owner):
    store = LocationFactory(merchant=merchant, name="Chiado")
    client.force_login(merchant_owner)
    response = client.post(url("store-edit", merchant, pk=store.pk), {
        "name": "", "address": "Rua Garrett 12", "city": "Lisbon"})
    assert response.status_code == 200
    store.refresh_from_db()
    with translation.override("en-gb"):
        assert store.name == "Chiado"
