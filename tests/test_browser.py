"""The HTML report in a real browser: headless Chromium driven by Playwright."""

import copy
import os
import shutil

import pytest

import checker
from checker.report import write_reports
from checker.review import open_store

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM) and not os.environ.get("CI"), reason="Debian chromium not installed (CI installs it)")

EVIL = ("---\ntitle: <img src=x onerror=\"window.__xss=1\">\npublished: 2024-01-05\n---\n"
        "Major allies are hesitant to go beyond the vague pledge made in 2011 that Ukraine will eventually "
        "become a member <script>window.__xss=2</script>.\n"
        "<b>Unbalanced <i>tags <img src=x onerror=\"window.__xss=3\"> stay text.\n")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    base = tmp_path_factory.mktemp("browser")
    corpus = base / "corpus"
    shutil.copytree(checker.pipeline.Path(__file__).resolve().parent.parent / "corpus", corpus)
    (corpus / "evil.md").write_text(EVIL, encoding="utf-8")
    result = checker.check(corpus)
    out = base / "out"
    out.mkdir()
    store = open_store(out)
    store.record(result.findings[0].finding_id, "confirmed", note="<b>checked</b>", finding=result.findings[0])
    result.apply_verdicts(store)
    write_reports(result, out)
    return result, out / "report.html"


@pytest.fixture(scope="module")
def page(report):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        tab = browser.new_page(viewport={"width": 1200, "height": 1600})
        requests = []
        tab.on("request", lambda r: requests.append(r.url))
        tab.goto(report[1].as_uri())
        tab.requests = requests
        yield tab
        browser.close()


def visible_rows(page):
    return page.locator("#findings tbody tr:visible").count()


def test_cards_and_summary(report, page):
    result, path = report
    assert page.locator("article.card").count() == len(result.discrepancies) >= 3
    assert page.locator("#documents tr").count() == len(result.documents) + 1
    assert page.locator("#heatmap td").count() == len(result.documents) ** 2
    assert page.locator("article.card mark").count() >= len(result.discrepancies)
    assert page.locator(".verdict.confirmed").count() >= 1
    assert all(url.startswith("file://") for url in page.requests)  # no network requests
    page.screenshot(path=str(path.with_name("report.png")), full_page=True)
    assert path.with_name("report.png").stat().st_size > 10_000


def test_filters_and_sorting(report, page):
    result, _ = report
    total = len(result.findings)
    assert visible_rows(page) == total
    page.select_option("#filter-kind", "role")
    assert visible_rows(page) == sum(f.kind == "role" for f in result.findings) > 0
    page.select_option("#filter-kind", "")
    page.select_option("#filter-source", "evil")
    assert visible_rows(page) == sum("evil" in (f.source_a, f.source_b) for f in result.findings) > 0
    page.select_option("#filter-source", "")
    page.fill("#filter-score", "0.99")
    assert visible_rows(page) == sum(f.score >= 0.99 for f in result.findings)
    page.fill("#filter-score", "0")
    page.click("#findings th:first-child")  # descending
    page.click("#findings th:first-child")  # ascending
    first = float(page.locator("#findings tbody tr").first.locator("td").first.text_content())
    assert first == pytest.approx(min(f.score for f in result.findings), abs=1e-3)


def test_injected_markup_is_inert(page):
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("img").count() == 0
    assert page.locator("section.doc b, article.card b, #findings b").count() == 0
    text = page.locator("body").inner_text()
    assert "<script>window.__xss=2</script>" in text
    assert "<b>checked</b>" in text  # a reviewer's note is text too
