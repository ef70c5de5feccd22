"""What browser tests do as a person would: be signed in, type a card into the Stripe Element."""
from django.test import Client


def sign_in(page, live_server, user) -> None:
    """Gives the browser ``user``'s session without going through the login form."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def type_card(page, number: str) -> None:
    """Fills the card Element (localstripe's stand-in Stripe.js names its inputs by placeholder)."""
    box = page.locator("#card-element")
    box.get_by_placeholder("number").fill(number)
    box.get_by_placeholder("exp_month").fill("12")
    box.get_by_placeholder("exp_year").fill("34")
    box.get_by_placeholder("cvc").fill("123")
    box.get_by_placeholder("postal_code").fill("1100")
