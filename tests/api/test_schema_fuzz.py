"""Schemathesis against /api/schema/ on the live server: generated requests to every
point-of-sale operation, sent with a valid store token, never get a server error."""
import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from tests.factories.redemption import shop_with_vouchers


@pytest.mark.django_db(transaction=True)
def test_point_of_sale_api_never_answers_a_server_error(live_server, settings):
    # No lockout: generated codes should reach the look-ups, not stop at "rate_limited".
    settings.REDEMPTION_FAILURE_LIMIT = 10**6
    shop = shop_with_vouchers(quantity=2)
    headers = {"Authorization": f"Token {shop.plain_token}"}
    schema = schemathesis.openapi.from_url(live_server.url + "/api/schema/").include(
        path_regex=r"^/api/v1/redemptions")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.label for op in operations} == {
        "GET /api/v1/redemptions/", "POST /api/v1/redemptions/",
        "POST /api/v1/redemptions/verify/", "POST /api/v1/redemptions/{id}/undo/"}
    for operation in operations:
        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=40, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(base_url=live_server.url, headers=headers,
                                   checks=[not_a_server_error])

        check()
