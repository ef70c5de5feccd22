"""merchants/services.py: a merchant's slug never hides a portal page."""
import pytest

from merchants.services import RESERVED_SLUGS, merchant_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", sorted(RESERVED_SLUGS))
def test_a_merchant_named_like_a_portal_page_gets_another_slug(name):
    merchant = merchant_create(name=name.title())
    assert merchant.slug not in RESERVED_SLUGS


def test_two_merchants_with_one_name_get_distinct_slugs():
    assert merchant_create(name="Casa Lisboa").slug != merchant_create(name="Casa Lisboa").slug
