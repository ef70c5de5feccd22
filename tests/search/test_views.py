"""search/views.py: the search page works with plain links and forms, and JavaScript only adds to it."""
import re
from html import unescape

import pytest
from django.test import override_settings

from search import services


def _result_ids(response) -> list[int]:
    return [int(i) for i in re.findall(r'data-deal-id="(\d+)"', response.content.decode())]


def _link(response, text: str) -> str:
    """The href of the link whose text is ``text``."""
    html = response.content.decode()
    match = re.search(r'<a href="([^"]+)">' + re.escape(text) + "</a>", html)
    assert match, f"no link {text!r} on the page"
    assert match.group(1).startswith("?")
    return unescape(match.group(1))


def test_search_page_lists_results_with_deal_links_without_javascript(indexed, client):
    response = client.get("/search/", {"q": "massage", "near": "lisbon-chiado"})
    assert response.status_code == 200
    html = response.content.decode()
    assert set(_result_ids(response)) == {indexed.massage_deal.pk, indexed.stone_deal.pk}
    assert f'href="{indexed.massage_deal.get_absolute_url()}"' in html
    assert 'method="get"' in html and "nearest store 0.0 km" in html


def test_facet_links_narrow_the_search_and_keep_the_text(indexed, client):
    page = client.get("/search/", {"q": "massage"})
    massage = client.get("/search/" + _link(page, "Beauty &amp; spa &gt; Massage"))
    assert set(_result_ids(massage)) == {indexed.massage_deal.pk, indexed.stone_deal.pk}
    cheap = client.get("/search/" + _link(massage, "50–100"))
    assert _result_ids(cheap) == [indexed.stone_deal.pk]
    assert "q=massage" in _link(cheap, "Beauty &amp; spa")


def test_bad_filters_show_a_message_not_an_error_page(indexed, client):
    response = client.get("/search/", {"sort": "distance", "price_min": "x"})
    assert response.status_code == 200
    assert "Sorting by distance needs your position" in response.content.decode()
    assert _result_ids(response) == []


def test_search_page_answers_from_the_database_when_the_node_is_down(indexed, client):
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
        response = client.get("/search/", {"q": "platter"})
    assert response.status_code == 200
    assert _result_ids(response) == [indexed.seafood_deal.pk]


@pytest.mark.browser
def test_search_box_suggests_titles_and_position_button_sorts_by_distance(catalogue, es_index, page):
    services.search_index_rebuild()
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 41.1407, "longitude": -8.6131})
    page.goto("/search/")
    page.fill("#id_q", "sea")
    # A function, not an expression string: Playwright would eval() a string, which the
    # page's Content-Security-Policy refuses.
    page.wait_for_function(
        "() => document.querySelectorAll('#search-suggestions option').length > 0")
    assert page.eval_on_selector("#search-suggestions option", "o => o.value") == "Seafood platter for two"
    page.fill("#id_q", "")
    page.click("#use-my-position")
    page.wait_for_url("**/search/?*sort=distance*")
    first = page.locator(".search-result").first
    assert first.get_attribute("data-deal-id") == str(catalogue.dinner_deal.pk)
    assert "nearest store 0.0 km" in first.inner_text()
