"""The Content-Security-Policy is on and enforced in the browser, and the violation watcher that
every browser test uses (tests/browser.py) sees a violation when there is one."""
import pytest

from tests.browser import watch_csp
from tests.factories import DealFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_send_the_policy_and_an_injected_inline_script_is_refused(browser, live_server):
    deal = DealFactory(title="Sunset kayak tour")
    context = browser.new_context(base_url=live_server.url)
    violations = watch_csp(context)
    page = context.new_page()
    try:
        response = page.goto(f"/deals/{deal.product.slug}-{deal.pk}/")
        policy = response.headers["content-security-policy"]
        assert "script-src 'self' 'nonce-" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert page.get_by_text("Sunset kayak tour").first.is_visible()
        assert violations == []  # the page itself satisfies it
        page.evaluate("""() => { const s = document.createElement("script");
                                 s.textContent = "window.injected = true;";
                                 document.body.appendChild(s); }""")
        for _ in range(100):  # the violation event arrives asynchronously
            if violations:
                break
            page.wait_for_timeout(50)
        assert page.evaluate("() => window.injected") is None
        assert any("script-src" in v for v in violations), violations
    finally:
        context.close()
