"""Point-of-sale API fixtures: a shop with vouchers and an authenticated client for its till."""
import pytest
from rest_framework.test import APIClient

from tests.factories.redemption import shop_with_vouchers


@pytest.fixture
def shop(db):
    return shop_with_vouchers(quantity=4)


@pytest.fixture
def till(shop):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {shop.plain_token}")
    return client
