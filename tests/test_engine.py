"""`--engine ray`: the same stages as Ray tasks on a local instance give the in-process findings."""

import json
import sys

import pytest

from checker.engine import make_engine
from checker.errors import CheckerError
from conftest import CORPUS, ROOT, invoke

ray = pytest.importorskip("ray", reason="the Ray engine is an extra: pip install -e '.[ray]' (CI installs it)")


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    yield
    ray.shutdown()


def _same_findings(local, distributed):
    assert [f.finding_id for f in distributed.findings] == [f.finding_id for f in local.findings]
    for a, b in zip(local.findings, distributed.findings):
        assert abs(a.score - b.score) <= 1e-6, (a.finding_id, a.score, b.score)
    assert [c.text for c in distributed.claims] == [c.text for c in local.claims]
    assert [(p.a, p.b) for p in distributed.pairs] == [(p.a, p.b) for p in local.pairs]


def test_ray_engine_gives_the_local_findings_on_the_default_corpus(default_result):
    import checker

    distributed = checker.check(CORPUS, engine="ray")
    assert distributed.engine == "ray" and default_result.engine == "local"
    assert distributed.findings
    _same_findings(default_result, distributed)


def test_ray_engine_on_articles_through_the_cli_and_its_store_serves_a_local_run(tmp_path):
    import checker

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_pipeline import assemble_articles, story_pools

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    stories = len(story_pools())
    for k in range(3):  # three articles on each of four stories
        assemble_articles(corpus, 4, seed=k, first=k * stories)
    out = tmp_path / "out"
    run = invoke("run", str(corpus), "--out", str(out), "--engine", "ray", "--quiet")
    assert run.exit_code == 0, run.output
    record = json.loads((out / "run.json").read_text())
    assert record["engine"] == "ray"
    distributed = [json.loads(line) for line in (out / "findings.jsonl").read_text().splitlines()]
    local = checker.check(corpus)
    assert local.findings
    assert [f["finding_id"] for f in distributed] == [f.finding_id for f in local.findings]
    assert all(abs(f["score"] - g.score) <= 1e-6 for f, g in zip(distributed, local.findings))
    # What the Ray tasks stored is what an in-process run looks up: nothing is computed again.
    warm = checker.check(corpus, cache_dir=out)
    assert warm.cache["lookups"]["claims"]["misses"] == 0 and "parses" not in warm.cache["lookups"]
    assert warm.cache["lookups"]["nli"]["misses"] == 0
    _same_findings(local, warm)


def test_engine_options_are_checked():
    assert make_engine("local") is None
    with pytest.raises(CheckerError, match="--ray-address needs --engine ray"):
        make_engine("local", "auto")
    with pytest.raises(CheckerError, match="unknown engine 'spark'"):
        make_engine("spark")
