"""The HTML report in a real browser: headless Chromium driven by Playwright."""

import os
import shutil

import pytest


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM) and not os.environ.get("CI"), reason="Debian chromium not installed (CI installs it)")

@pytest.fixture(scope="module")
def report(reviewed_run):
    import json

    discrepancies = [json.loads(line) for line in (reviewed_run.out / "discrepancies.jsonl").read_text().splitlines()]
    findings = [{**r, "score": float(r["score"])} for r in reviewed_run.second]
    return findings, discrepancies, reviewed_run.out / "report.html"


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
        tab.goto(report[2].as_uri())
        tab.requests = requests
        yield tab
        browser.close()


def visible_rows(page):
    return page.locator("#findings tbody tr:visible").count()


def test_cards_and_summary(report, page):
    findings, discrepancies, path = report
    assert page.locator("article.card").count() == len(discrepancies) >= 3
    n_docs = 6  # five articles and the hostile one; the two unreadable files are listed as skipped
    assert page.locator("#documents tr").count() == n_docs + 1
    assert page.locator("#problems li").count() == 2
    assert page.locator("#heatmap td").count() == n_docs ** 2
    assert page.locator("article.card mark").count() >= len(discrepancies)
    assert page.locator(".verdict.confirmed").count() >= 1
    assert all(url.startswith("file://") for url in page.requests)  # no network requests
    page.screenshot(path=str(path.with_name("report.png")), full_page=True)
    assert path.with_name("report.png").stat().st_size > 10_000


def test_filters_and_sorting(report, page):
    findings, _, _ = report
    total = len(findings)
    assert visible_rows(page) == total
    page.select_option("#filter-kind", "role")
    assert visible_rows(page) == sum(f["kind"] == "role" for f in findings) > 0
    page.select_option("#filter-kind", "")
    # The source in fewest findings, so that filtering by it hides rows.
    sources = [s for f in findings for s in (f["source_a"], f["source_b"])]
    rare = min(sorted(set(sources)), key=sources.count)
    page.select_option("#filter-source", rare)
    assert 0 < visible_rows(page) == sum(rare in (f["source_a"], f["source_b"]) for f in findings) < total
    page.select_option("#filter-source", "")
    page.fill("#filter-score", "0.99")
    assert visible_rows(page) == sum(f["score"] >= 0.99 for f in findings)
    page.fill("#filter-score", "0")
    page.click("#findings th:first-child")  # descending
    page.click("#findings th:first-child")  # ascending
    first = float(page.locator("#findings tbody tr").first.locator("td").first.text_content())
    assert first == pytest.approx(min(f["score"] for f in findings), abs=1e-3)


def test_injected_markup_is_inert(page):
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("img").count() == 0
    assert page.locator("section.doc b, article.card b, #findings b").count() == 0
    text = page.locator("body").inner_text()
    assert "<script>window.__xss=2</script>" in text
