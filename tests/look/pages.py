"""What a person checks on any page in the browser: it fits the screen (no sideways scroll), it
has a heading, and axe-core (vendored, served by the project) finds no serious or critical issue."""
from pathlib import Path

from django.conf import settings
from django.templatetags.static import static

AXE = Path(settings.BASE_DIR) / "marketplace" / "static" / "vendor" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def axe_violations(page) -> list[str]:
    """Serious and critical axe-core violations on the current page, as readable lines."""
    # From the server, as the page's own scripts are: its Content-Security-Policy refuses
    # inline scripts, which is how Playwright would add the file's text.
    assert AXE.exists(), AXE
    page.add_script_tag(url=page.evaluate("() => location.origin") + static("vendor/axe-core/axe.min.js"))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " " + (n.failureSummary || ""))}));
    }""")
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in found if v["impact"] in SERIOUS]


def assert_page_is_sound(page) -> None:
    """Fits the width of the screen, has exactly one h1, and no serious accessibility issue."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"
    assert page.locator("h1").count() >= 1, f"{page.url} has no h1"
    violations = axe_violations(page)
    assert not violations, f"{page.url}: " + "\n".join(violations)
