"""People around a merchant, for the deal review and featuring tests."""
from tests.factories.people import manager, merchant, merchant_owner, staff  # noqa: F401
