"""The report in a real browser: Debian's headless Chromium, driven by selenium through the
system's chromedriver (nothing is downloaded). Every page opens with no console error and no
request leaving the file system, every chart is drawn, axe-core finds no serious or critical
accessibility violation (in the light and the dark scheme), and the index is photographed at
1280x800 and 390x844 into the test artifacts folder.

Needs `apt-get install -y chromium chromium-driver` and `.ci/fetch-axe-core` (.ci/run does
both); without them these tests fail, saying so."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.report.site_pages import make_site
from tests.support.registry import REPO

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE = REPO / "tests" / ".axe-core" / "axe.min.js"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage")
SIZES = {"desktop": (1280, 800, False), "phone": (390, 844, True)}


def artifacts() -> Path:
    """Where screenshots go: $ABMCTL_TEST_ARTIFACTS, else tests/artifacts/ (git-ignored)."""
    folder = Path(os.environ.get("ABMCTL_TEST_ARTIFACTS") or REPO / "tests" / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(REPO, tmp_path_factory.mktemp("browser") / "site")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(f"{', '.join(missing)} not found: the report's browser tests need Debian's "
                    "Chromium: apt-get install -y chromium chromium-driver (.ci/run installs "
                    "them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # selenium must not look for a browser online
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument("--window-size=1280,800")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.get("about:blank")  # not the new-tab page, whose chrome:// requests would show
        yield driver
    finally:
        driver.quit()


def _pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 7
    return pages


def _open(driver: Any, page: Path) -> None:
    driver.get_log("browser")  # what earlier pages left
    driver.get_log("performance")
    driver.get(page.as_uri())


def _requests(driver: Any) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_every_page_opens_fetches_nothing_and_draws_its_charts(browser: Any,
                                                                  site: Path) -> None:
    for page in _pages(site):
        _open(browser, page)
        errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        assert errors == [], (page, errors)
        requests = _requests(browser)
        assert page.as_uri() in requests
        outside = [u for u in requests if not u.startswith(("file:", "data:"))]
        assert outside == [], (page, outside)
        charts = browser.execute_script(
            "return [...document.querySelectorAll('figure')].map(f => {"
            "  const s = f.querySelector('svg.chart'); if (!s) return null;"
            "  const b = s.getBoundingClientRect();"
            "  return {w: b.width, h: b.height, shapes: s.querySelectorAll('path').length,"
            "          texts: s.querySelectorAll('text').length,"
            "          title: s.querySelector('title') && s.querySelector('title').textContent,"
            "          rows: f.querySelectorAll('tbody tr').length,"
            # the data drawn in a tone of the page (bars, lines, points, legend keys): shown,
            # and each tone's variable defined (an undefined one leaves the default black)
            "          marks: [...s.querySelectorAll('[style*=\"var(--tone-\"]')].filter(m => {"
            "            const r = m.getBoundingClientRect(); return r.width > 0 || r.height > 0;"
            "          }).length,"
            "          untoned: [...s.querySelectorAll('[style*=\"fill: var(--tone-\"]')]"
            "            .filter(m => getComputedStyle(m).fill === 'rgb(0, 0, 0)').length};"
            "})")
        for chart in charts:
            assert chart is not None, page
            assert chart["w"] > 100 and chart["h"] > 50, (page, chart)
            assert chart["shapes"] > 0 and chart["texts"] > 0 and chart["title"], (page, chart)
            assert chart["rows"] > 0, (page, chart)
            assert chart["marks"] > 0 and chart["untoned"] == 0, (page, chart)


def _axe(driver: Any) -> list[dict[str, Any]]:
    if not AXE.is_file():
        pytest.fail(f"{AXE} not found: run .ci/fetch-axe-core (npm), as .ci/run does")
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations)).catch(e => done([{id: 'axe failed', impact: 'critical',"
        " help: String(e), nodes: []}]));")
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe_core(browser: Any, site: Path, scheme: str) -> None:
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        pages = _pages(site)
        if scheme == "dark":  # the pages share one stylesheet: the site pages and one account
            pages = [p for p in pages if p.parent == site] + [site / "accounts/index.html",
                                                               sorted(site.glob("accounts/*"))[0]]
        for page in pages:
            _open(browser, page)
            found = _axe(browser)
            assert found == [], (page.relative_to(site).as_posix(), [
                (v["id"], v["impact"], v["help"], [n.get("target") for n in v["nodes"][:3]])
                for v in found])
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


@pytest.mark.parametrize("size", sorted(SIZES))
def test_screenshots_of_the_index(browser: Any, site: Path, size: str) -> None:
    width, height, mobile = SIZES[size]
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    try:
        _open(browser, site / "index.html")
        assert browser.execute_script("return window.innerWidth") == width
        # nothing wider than the screen: the page scrolls down, not across
        assert browser.execute_script(
            "return document.documentElement.scrollWidth") <= width
        shot = artifacts() / f"report-index-{width}x{height}.png"
        shot.write_bytes(base64.b64decode(browser.get_screenshot_as_base64()))
        assert shot.stat().st_size > 10_000
        print(f"screenshot: {shot}")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_index_prints_without_its_navigation(browser: Any, site: Path) -> None:
    _open(browser, site / "index.html")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = browser.execute_script(
            "return getComputedStyle(document.querySelector('nav')).display")
        assert shown == "none"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
    assert base64.b64decode(pdf["data"]).startswith(b"%PDF")


def test_a_page_prints_in_the_light_tones_with_every_table_whole(browser: Any,
                                                                   site: Path) -> None:
    """A reader in the dark scheme prints black on white in the light tones (the dark ones
    are pale on paper), each chart above its table, and no table cut at a scrolling edge."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 1000, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "media": "print", "features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        _open(browser, site / "tiers.html")
        found = browser.execute_script(
            "const probe = document.createElement('span'); probe.className = 'red';"
            "document.body.append(probe);"
            "return {red: getComputedStyle(probe).color,"
            "        body: getComputedStyle(document.body).backgroundColor,"
            "        cut: [...document.querySelectorAll('.scroll')]"
            "               .filter(s => s.scrollWidth > s.clientWidth + 1"
            "                            && getComputedStyle(s).overflowX !== 'visible').length,"
            "        columns: [...document.querySelectorAll('figure')].map(f =>"
            "          getComputedStyle(f).gridTemplateColumns.split(' ').length)};")
        assert found["red"] == "rgb(207, 34, 46)"  # --tone-bad of the light scheme
        assert found["body"] == "rgb(255, 255, 255)"
        assert found["cut"] == 0
        assert found["columns"] and set(found["columns"]) == {1}
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
