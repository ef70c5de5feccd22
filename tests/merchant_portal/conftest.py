"""People of the portal's deal pages: a merchant with its owner and a manager, and staff."""
from tests.factories.people import manager, merchant, merchant_owner, staff  # noqa: F401
