"""People of the curation tests: staff with and without the curator permission, a buyer, a merchant."""
import pytest
from django.contrib.auth.models import Permission

from merchants.models import Membership
from tests.factories import LocationFactory, MerchantFactory, UserFactory


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, email="staff@example.com")


@pytest.fixture
def curator(db):
    user = UserFactory(is_staff=True, email="curator@example.com")
    user.user_permissions.add(Permission.objects.get(
        content_type__app_label="curation", codename="curate_categories"))
    return user


@pytest.fixture
def buyer(db):
    return UserFactory(email="buyer@example.com")


@pytest.fixture
def merchant_owner(db):
    return UserFactory(email="owner@example.com")


@pytest.fixture
def merchant(merchant_owner):
    merchant = MerchantFactory(name="Tasca do Zé", owner=merchant_owner)
    LocationFactory(merchant=merchant, city="Lisbon", name="Tasca Baixa")
    return merchant


@pytest.fixture
def manager(merchant):
    user = UserFactory(email="manager@example.com")
    Membership.objects.create(merchant=merchant, user=user, role=Membership.Role.MANAGER)
    return user
