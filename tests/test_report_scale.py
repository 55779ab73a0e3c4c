"""The HTML report of a corpus with many documents leads with the discrepancies, shows the
sources in most conflicts instead of an N x N grid, and folds the document table away."""

import re

import checker
from checker.report import HEATMAP_MAX_SOURCES, report_html


def test_large_corpus_report_leads_with_discrepancies_and_bounds_the_heatmap(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    topics = ["harbour", "library", "orchard", "stadium", "tunnel", "museum", "airport", "bridge"]
    for n in range(HEATMAP_MAX_SOURCES + 6):
        (corpus / f"note_{n:02d}.txt").write_text(
            f"The {topics[n % len(topics)]} committee number {n} met for a routine session with residents.\n",
            encoding="utf-8")
    (corpus / "pledge_a.md").write_text("---\npublished: 2024-03-04\n---\nThe Orrin pledge\n"
                                        "The Orrin pledge to cut emissions was first made in 2008, officials said.\n",
                                        encoding="utf-8")
    (corpus / "pledge_b.md").write_text("---\npublished: 2024-03-04\n---\nThe Orrin pledge, again\n"
                                        "The Orrin pledge to cut emissions was first made in 2014, officials said.\n",
                                        encoding="utf-8")
    result = checker.check(corpus)
    assert result.findings, "the planted date conflict must be found"
    page = report_html(result)
    assert page.index("<h2>Discrepancies</h2>") < page.index('id="heatmap"') < page.index('id="documents"')
    heatmap = page[page.index('id="heatmap"'):page.index("</table>", page.index('id="heatmap"'))]
    involved = {s for f in result.findings for s in (f.source_a, f.source_b)}
    shown = re.findall(r'<th title="([^"]+)">\d+</th>', heatmap)
    assert len(shown) == min(len(involved), HEATMAP_MAX_SOURCES) < len(result.documents)
    assert set(shown) <= involved
    assert '<details id="documents-list">' in page  # folded: no "open"
    assert "The Orrin pledge, again" in page  # the first line is the title


def test_report_html_shows_the_best_discrepancies_and_pairs_and_says_where_the_rest_are(default_result):
    assert len(default_result.discrepancies) >= 3 and len(default_result.findings) >= 4
    page = report_html(default_result, max_discrepancies=2, max_findings=3)
    assert page.count('<article class="card"') == 2
    rows = page[page.index('<table id="findings">'):page.index("</table>", page.index('<table id="findings">'))]
    assert rows.count("<tr data-kind=") == 3
    best = [d.discrepancy_id for d in default_result.discrepancies[:2]]
    assert all(f'id="{d}"' in page for d in best)
    assert f'id="{default_result.discrepancies[2].discrepancy_id}"' not in page
    assert (f"{len(default_result.findings)} flagged pairs in {len(default_result.discrepancies)} discrepancies"
            in page)
    assert 'id="more-discrepancies"' in page and 'id="more-findings"' in page
    full = report_html(default_result)
    assert 'id="more-discrepancies"' not in full and 'id="more-findings"' not in full


def test_a_card_shows_a_bounded_number_of_statements_those_standing_apart_first(default_result):
    """At 5,000 articles one discrepancy gathered thousands of statements: a card shows a few,
    the ones that stand apart first, and says where the rest are."""
    d = max(default_result.discrepancies, key=lambda d: len(d.statements))
    assert len(d.statements) >= 2
    page = report_html(default_result, max_statements=1)
    card = page[page.index(f'id="{d.discrepancy_id}"'):page.index("</article>", page.index(f'id="{d.discrepancy_id}"'))]
    assert card.count("<tr") == 2  # the header and one statement
    assert "more-statements" in card and f"of {len(d.statements)} statements" in card
    if any(s.stands_apart for s in d.statements):
        assert "(stands apart)" in card
    assert "more-statements" not in report_html(default_result)
