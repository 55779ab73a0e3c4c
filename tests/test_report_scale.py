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
