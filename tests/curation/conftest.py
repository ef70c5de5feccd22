"""People of the curation tests: staff with and without the curator permission, a buyer, a merchant."""
import pytest
from django.contrib.auth.models import Permission

from tests.factories import UserFactory
from tests.factories.people import manager, merchant, merchant_owner, staff  # noqa: F401


@pytest.fixture
def curator(db):
    user = UserFactory(is_staff=True, email="curator@example.com")
    user.user_permissions.add(Permission.objects.get(
        content_type__app_label="curation", codename="curate_categories"))
    return user


@pytest.fixture
def buyer(db):
    return UserFactory(email="buyer@example.com")
