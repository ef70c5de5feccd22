"""The API speaks only JSON, errors too: a wrong address, a wrong method, a server error under
/api/ answer {"code", "message", "detail"}, while the site's pages keep Django's own (issue 14)."""
import json

import pytest
from django.test import RequestFactory
from django.urls import get_resolver

pytestmark = pytest.mark.django_db


def assert_json_error(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = json.loads(response.content)
    assert body["code"] == code and body["message"] and body["detail"] == {}


def test_an_address_the_api_does_not_know_answers_json_404(till):
    # The id does not match the route's converter: Django's resolver answers, not a DRF view.
    assert_json_error(till.post("/api/v1/redemptions/null%2Cnull/undo/", {"reason": "x"},
                                format="json"), 404, "not_found")
    assert_json_error(till.get("/api/v1/no-such-thing/"), 404, "not_found")
    assert_json_error(till.get("/api/nothing/"), 404, "not_found")


def test_a_method_the_route_does_not_take_answers_json_405(till):
    response = till.get("/api/v1/redemptions/verify/")
    # The point-of-sale API's codes (vouchers/error_codes.py) name a wrong method invalid_request.
    assert_json_error(response, 405, "invalid_request")
    assert "POST" in response["Allow"]


def test_a_server_error_under_the_api_answers_json_and_pages_keep_html():
    handler = get_resolver().resolve_error_handler(500)
    assert_json_error(handler(RequestFactory().post("/api/v1/redemptions/")), 500, "server_error")
    page = handler(RequestFactory().get("/deals/"))
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


def test_pages_outside_the_api_keep_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
