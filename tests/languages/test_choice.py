"""A visitor reads the marketplace in English, Simplified Chinese or European Portuguese: chosen by
the browser on the first visit, by the switch on every page (remembered, and saved on the
account), or by a ?lang= link; the page says which language it is in and links its other
languages for search engines."""
import html
import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse

from marketplace.languages.models import LanguagePreference
from tests.factories import DealFactory, UserFactory

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    return re.search(r'<html[^>]* lang="([^"]+)"', response.content.decode()).group(1)


def test_the_first_visit_follows_the_browsers_language(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")
    assert html_lang(response) == "zh-hans"
    assert response["Content-Language"] == "zh-hans"


def test_a_browser_language_we_do_not_offer_gets_english(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert html_lang(response) == "en-gb"


def test_the_switch_returns_to_the_same_page_in_the_chosen_language(client):
    deal = DealFactory(title="Sushi for two",
                       translations={"pt-pt": {"title": "Sushi para dois"}})
    page = deal.get_absolute_url() + "?from=home"
    response = client.post(reverse("set_language"), {"language": "pt-pt", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pt-pt"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME]["max-age"] == settings.LANGUAGE_COOKIE_AGE
    shown = client.get(page, HTTP_ACCEPT_LANGUAGE="en-GB")
    assert html_lang(shown) == "pt-pt"
    assert "Sushi para dois" in shown.content.decode()


def test_every_buyer_page_carries_the_switch_with_each_language_in_its_own_name(client):
    page = client.get(reverse("home")).content.decode()
    switch = re.search(r'<form class="language-switch".*?</form>', page, re.S).group(0)
    assert 'name="next" value="/"' in switch
    for code, name in settings.LANGUAGES:
        assert f'value="{code}" lang="{code}"' in switch and name in switch


def test_an_unknown_language_changes_nothing(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert not LanguagePreference.objects.filter(user=user).exists()
    assert html_lang(client.get("/")) == "en-gb"


def test_a_signed_in_persons_choice_is_saved_and_follows_them_to_another_browser(client,
                                                                                  django_user_model):
    user = UserFactory(username="mei", email="mei@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert LanguagePreference.objects.get(user=user).language == "zh-hans"

    from django.test import Client
    elsewhere = Client()  # no cookie, a browser asking for English
    elsewhere.post(reverse("account_login"),
                   {"login": "mei@example.com", "password": "pass-word-123"})
    assert html_lang(elsewhere.get("/", HTTP_ACCEPT_LANGUAGE="en-GB")) == "zh-hans"


def test_a_language_chosen_before_signing_in_is_saved_on_the_account(client):
    user = UserFactory(username="rui", email="rui@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post(reverse("set_language"), {"language": "pt-pt", "next": "/"})
    client.post(reverse("account_login"), {"login": "rui@example.com", "password": "pass-word-123"})
    assert LanguagePreference.objects.get(user=user).language == "pt-pt"


def test_a_lang_link_shows_that_language_and_remembers_it(client):
    response = client.get("/?lang=zh-hans")
    assert html_lang(response) == "zh-hans"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert html_lang(client.get("/")) == "zh-hans"


def test_pages_link_their_other_languages_for_search_engines(client):
    page = client.get("/?city=lisbon&lang=pt-pt").content.decode()
    alternates = {hreflang: html.unescape(href) for hreflang, href in re.findall(
        r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page)}
    assert alternates == {
        "en-GB": "http://testserver/?city=lisbon&lang=en-gb",
        "zh-Hans": "http://testserver/?city=lisbon&lang=zh-hans",
        "pt-PT": "http://testserver/?city=lisbon&lang=pt-pt",
        "x-default": "http://testserver/?city=lisbon",
    }
