"""The order lifecycle's tests post signed webhooks as the payment tests do."""
from tests.payments.conftest import post_event  # noqa: F401  the fixture, shared
