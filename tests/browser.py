"""What browser tests do as a person would: be signed in, type a card into the Stripe Element;
and what they watch for on every page: Content-Security-Policy violations."""
from django.test import Client

# Injected by Playwright before any page script (outside the page's CSP): reports each violation.
_CSP_WATCH = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.effectiveDirective + " blocked " + (e.blockedURI || "inline")
                + " at " + e.sourceFile + ":" + e.lineNumber + " on " + document.location.pathname);
});
"""


def watch_csp(context) -> list[str]:
    """Collects every CSP violation of the pages of ``context``; the list fills as pages run."""
    violations: list[str] = []
    context.add_init_script(_CSP_WATCH)

    def on_console(message):
        text = message.text
        if text.startswith("CSP violation") or "Content Security Policy" in text:
            violations.append(text)

    context.on("console", on_console)
    return violations


def assert_no_csp_violations(violations: list[str]) -> None:
    assert not violations, "the pages broke their Content-Security-Policy:\n" + "\n".join(violations)


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
