"""Fixtures of the people around one merchant: its owner, a manager, and platform staff.

Import them into a conftest.py (or a test module) that needs them: ``from tests.factories.people
import manager, merchant, merchant_owner, staff  # noqa: F401``.
"""
import pytest

from merchants.models import Membership

from . import LocationFactory, MembershipFactory, MerchantFactory, UserFactory


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, email="staff@example.com")


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
    MembershipFactory(merchant=merchant, user=user, role=Membership.Role.MANAGER)
    return user
