"""The front-end libraries in marketplace/static/vendor/ are served by the project and run in the browser."""
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

VENDOR = Path(__file__).resolve().parent.parent / "marketplace" / "static" / "vendor"
# folder -> (the file a page loads, the version its README names)
LIBRARIES = {
    "chartjs": ("chart.umd.min.js", "4.6.1"),
    "leaflet": ("leaflet.js", "1.9.4"),
    "axe-core": ("axe.min.js", "4.14.1"),
    "jsqr": ("jsQR.js", "1.4.0"),
}


@pytest.mark.parametrize("folder", sorted(LIBRARIES))
def test_each_vendored_library_has_its_licence_and_a_readme_naming_its_version(folder):
    script, version = LIBRARIES[folder]
    assert finders.find(f"vendor/{folder}/{script}")
    assert (VENDOR / folder / "LICENSE").stat().st_size > 0
    readme = (VENDOR / folder / "README.md").read_text()
    assert re.match(rf"\S+ {re.escape(version)} \([\w.-]+\), from the npm registry", readme)


@pytest.mark.browser
def test_chart_leaflet_and_axe_run_in_the_browser_from_the_projects_own_server(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    static = f"{live_server.url}/static/vendor"
    page.set_content(f"""<!doctype html><html lang="en"><head><title>vendor</title>
        <link rel="stylesheet" href="{static}/leaflet/leaflet.css"></head>
        <body><main><h1>Vendored libraries</h1>
        <div id="map" style="width: 300px; height: 200px"></div><canvas id="chart"></canvas></main>
        <script src="{static}/chartjs/chart.umd.min.js"></script>
        <script src="{static}/leaflet/leaflet.js"></script>
        <script src="{static}/axe-core/axe.min.js"></script></body></html>""")

    versions = page.evaluate("() => [Chart.version, L.version, axe.version]")
    assert versions == [LIBRARIES["chartjs"][1], LIBRARIES["leaflet"][1], LIBRARIES["axe-core"][1]]

    drawn = page.evaluate("""() => new Chart(document.getElementById('chart'),
        {type: 'line', data: {labels: ['Mon', 'Tue'], datasets: [{label: 'Sales', data: [3, 5]}]},
         options: {animation: false}}).data.datasets[0].data.length""")
    assert drawn == 2

    page.evaluate("""() => {
        const map = L.map('map', {zoomControl: false}).setView([38.7107, -9.1425], 15);
        L.marker([38.7107, -9.1425], {draggable: true}).addTo(map);
    }""")
    icon = page.locator("#map img.leaflet-marker-icon")
    icon.wait_for()
    page.wait_for_function("() => document.querySelector('#map img.leaflet-marker-icon').complete")
    assert icon.evaluate("img => img.naturalWidth") == 25  # Leaflet's marker-icon.png, from our server
    assert icon.get_attribute("src") == f"{static}/leaflet/images/marker-icon.png"

    serious = page.evaluate("""async () => (await axe.run(document))
        .violations.filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id)""")
    assert serious == []

    assert requested and all(url.startswith(live_server.url) for url in requested), requested
