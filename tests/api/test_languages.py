"""The point-of-sale API answers in the till's language (Accept-Language): store names in it (else
in the store's own language), the machine ``code`` unchanged."""
import pytest
from rest_framework.test import APIClient

from merchants.services import api_token_create, location_texts_write

from .test_redemptions import REDEEM, assert_error


@pytest.mark.parametrize("accept_language, name", [
    ("zh-CN,zh;q=0.9", "希亚多店"), ("pt-PT", "Loja do Chiado"), ("de-DE", None)])
def test_a_refusal_names_the_valid_stores_in_the_tills_language(shop, accept_language, name):
    own_name = shop.store.text_in("name", shop.store.original_language)
    location_texts_write(location=shop.store, texts={"zh-hans": {"name": "希亚多店"},
                                                      "pt-pt": {"name": "Loja do Chiado"}})
    _, plain = api_token_create(location=shop.other_store, name="Belém till")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {plain}")
    response = client.post(REDEEM, {"codes": [shop.vouchers[0].plain_code],
                                    "location": shop.other_store.pk},
                           format="json", HTTP_IDEMPOTENCY_KEY=f"lang-{accept_language}",
                           HTTP_ACCEPT_LANGUAGE=accept_language)
    body = assert_error(response, 422, "not_valid_here")
    assert body["detail"]["valid_at"] == [{"id": shop.store.pk, "name": name or own_name}]
    assert (name or own_name) in body["message"]
