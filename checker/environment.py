"""Where a figure was measured: the CPU (its vector extensions decide which int8 kernels
onnxruntime runs) and the versions of the libraries that compute the scores."""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path

PACKAGES = ("checker", "onnxruntime", "torch", "transformers", "tokenizers", "sentence-transformers", "spacy",
            "numpy")
# The extensions that select onnxruntime's int8 (u8s8) matrix kernels.
CPU_FLAGS = ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8")


def describe() -> dict:
    cpu, flags = _cpu()
    return {"cpu": cpu, "cpu_flags": [f for f in CPU_FLAGS if f in flags], "python": platform.python_version(),
            "versions": {name: _version(name) for name in PACKAGES}}


def summary_line(env: dict) -> str:
    versions = ", ".join(f"{k} {v}" for k, v in env["versions"].items())
    return f"measured on {env['cpu']} ({' '.join(env['cpu_flags']) or 'no AVX2'}), Python {env['python']}, {versions}"


def _cpu() -> tuple[str, set[str]]:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return platform.processor() or platform.machine(), set()
    fields = dict(line.split(":", 1) for line in text.splitlines()[:40] if ":" in line)
    fields = {k.strip(): v.strip() for k, v in fields.items()}
    return fields.get("model name", platform.machine()), set(fields.get("flags", "").split())


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
