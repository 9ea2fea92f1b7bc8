"""The run's report and a department profile as a person sees them: opened in headless Chromium (Debian's package,
driven by playwright without its own browser download), with screenshots kept for a reviewer.

The run is real (Dagster, dbt, Great Expectations) on a real PDF disclosure and a real text one from the shared
corpus, so the report has findings on PDF pages (evidence images) and on text lines (the line-anchored view).
Screenshots go to $GONGKAI_SCREENSHOTS when set, else to the test's temporary folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from tests.conftest import corpus_file

CHROMIUM = Path("/usr/bin/chromium")
VIEWPORT = {"width": 1280, "height": 800}
pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def report_run(tmp_path_factory):
    from orchestration.runs import run_pipeline
    from orchestration.settings import load_settings

    sources = [corpus_file("pdf/putuo-social-work-dept-2024-final.pdf"), corpus_file("texts/leshan-data-bureau-2024-final.txt")]
    root = tmp_path_factory.mktemp("report_run")
    inbox = root / "inbox"
    inbox.mkdir()
    for path in sources:
        shutil.copy(path, inbox / path.name)
    before = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(root / "dagster_home")
    try:
        summary = run_pipeline(load_settings(root / "warehouse" / "gongkai.duckdb", inbox))
    finally:
        if before is None:
            os.environ.pop("DAGSTER_HOME", None)
        else:
            os.environ["DAGSTER_HOME"] = before
    return Path(summary.report_path)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("headless Chromium is not installed at /usr/bin/chromium (apt-get install chromium; .ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium_profile")), executable_path=str(CHROMIUM), headless=True,
            viewport=VIEWPORT, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                     "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield context
        context.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("GONGKAI_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open(browser, url: str):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, requests


def test_the_scorecard_is_on_screen_without_scrolling(report_run, browser, shots):
    page, requests = _open(browser, report_run.as_uri())
    page.screenshot(path=str(shots / "report_top.png"))
    card = page.locator("#scorecard")
    box = card.bounding_box()
    assert box is not None and box["y"] < 250  # the first thing under the title and the run's summary line
    rows = card.locator("tr")
    assert rows.count() == 3  # header and both documents
    first = rows.nth(1).bounding_box()
    assert first["y"] + first["height"] < VIEWPORT["height"]  # the document needing most attention, unscrolled
    # the worst document first: its warning count is the largest
    warnings = [int(rows.nth(i).locator("td").nth(3).inner_text()) for i in (1, 2)]
    assert warnings == sorted(warnings, reverse=True) and warnings[0] > 0
    assert "need attention" in page.locator("p.summary").inner_text()
    # nothing came from the network: every request is for a file of the run folder
    assert requests and all(r.startswith("file://") for r in requests), requests
    page.close()


def test_charts_and_evidence_images_render(report_run, browser, shots):
    page, _ = _open(browser, report_run.as_uri())
    charts = page.locator("svg.chart")
    assert charts.count() >= 4  # by family, by document, and each document's structure and functional mix
    family = charts.first
    family_box = family.bounding_box()
    assert family_box["width"] > 200 and family_box["height"] > 40
    assert "Failed checks by rule family" in family.text_content()
    family.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "report_charts.png"))
    image = page.locator("img.evidence").first
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.evaluate("img => img.naturalWidth") > 300
    row = image.locator("xpath=ancestor::tr")
    assert "p." in row.inner_text()  # the finding it shows names its page
    row.screenshot(path=str(shots / "report_evidence_row.png"))
    page.close()


def test_links_are_relative_and_open_the_source_at_the_line(report_run, browser, shots):
    page, _ = _open(browser, report_run.as_uri())
    targets = page.evaluate("""() => [...document.querySelectorAll('a[href], img[src]')]
                                      .map(e => e.getAttribute('href') || e.getAttribute('src'))""")
    assert targets and not [t for t in targets if t.startswith(("file:", "/", "http:", "https:"))]
    for target in {t.split("#")[0] for t in targets if not t.startswith("#")}:
        assert (report_run.parent / unquote(target)).exists(), target
    pdf_links = [t for t in targets if ".pdf#page=" in t]
    assert pdf_links  # a PDF finding opens its page
    line_link = page.locator("table.findings a[href*='.html#L']").first
    expected = line_link.get_attribute("href").split("#L")[1]
    line_link.click()
    page.wait_for_load_state("load")
    assert urlparse(page.url).fragment == f"L{expected}"
    target = page.locator(f"li#L{expected}")
    # highlighted by the view's :target style, and scrolled into the window
    assert target.evaluate("li => getComputedStyle(li).backgroundColor") == "rgb(255, 224, 138)"
    box = target.bounding_box()
    assert 0 <= box["y"] < VIEWPORT["height"]  # scrolled to the line
    page.screenshot(path=str(shots / "source_line.png"))
    page.close()


def test_the_department_profile_draws_its_figures_in_chinese(report_run, browser, shots):
    page, requests = _open(browser, report_run.as_uri())
    link = page.locator("a", has_text="department profile").first
    link.click()
    page.wait_for_load_state("load")
    assert "/profiles/" in page.url
    heading = page.locator("h1").inner_text()
    assert heading.endswith("局") or heading.endswith("部")
    charts = page.locator("svg.chart")
    assert charts.count() >= 2
    labels = " ".join(charts.nth(i).text_content() for i in range(charts.count()))
    assert "支出" in labels
    # a Chinese label is laid out as glyphs of about one em each, not collapsed to nothing
    width = page.evaluate("""() => { const t = [...document.querySelectorAll('svg.chart text')]
                                     .find(e => /[\\u4e00-\\u9fff]{4}/.test(e.textContent));
                                     return t.getComputedTextLength() / t.textContent.length; }""")
    assert width > 6
    page.screenshot(path=str(shots / "profile.png"), full_page=True)
    assert all(r.startswith("file://") for r in requests)
    page.close()
