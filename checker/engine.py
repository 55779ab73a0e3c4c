"""Where the heavy stages run: in this process (no engine, the default) or as Ray tasks.

Three stages do almost all the work and have no state but their model: parsing paragraphs
(spaCy), embedding texts (MiniLM) and scoring NLI pairs. `RayEngine.map` sends chunks of their
inputs to Ray tasks; each worker loads its models once (`checker.models` caches them per
process) and returns plain values (spaCy's msgpack `Doc.to_bytes`, float arrays). Everything else
(facts, pairing, the fact table, findings, the store) stays in the driver, so a Ray run gives the
findings of an in-process run: parses and NLI scores are the same bytes and numbers (each NLI
pair is scored alone, `models.OnnxNLI`), vectors agree to rounding (about 1e-7).

    checker run corpus/ --out out/ --engine ray                     # a local Ray instance
    checker run corpus/ --out out/ --engine ray --ray-address auto  # the cluster this node joined
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from checker.errors import CheckerError, first_line
from checker.progress import progress_bar

ENGINES = ("local", "ray")


@dataclass
class RayEngine:
    """Maps a function over chunks of a list as Ray tasks. ``address``: None starts a local
    Ray instance on this machine's cores; "auto" or "ray://host:10001" joins a running cluster."""

    address: str | None = None
    chunk_size: dict[str, int] = field(default_factory=lambda: {"parse": 64, "embed": 256, "nli": 64})

    def __post_init__(self) -> None:
        try:
            import ray
        except ImportError:
            raise CheckerError("--engine ray needs Ray: pip install -e '.[ray]'") from None
        if not ray.is_initialized():
            try:
                ray.init(address=self.address, include_dashboard=False, log_to_driver=False,
                         configure_logging=False)
            except Exception as exc:  # ConnectionError, ValueError, RuntimeError from a bad address
                raise CheckerError(f"cannot start or join Ray at {self.address or 'a local instance'}: "
                                   f"{first_line(exc)}") from None
        self._ray = ray
        self._task = ray.remote(_call)

    def map(self, stage: str, function: Callable[[list], list], items: list, show_progress: bool = False) -> list:
        """``function`` over chunks of ``items`` as Ray tasks; the results in order, concatenated."""
        if not items:
            return []
        size = self.chunk_size[stage]
        sizes = {}
        for s in range(0, len(items), size):
            sizes[self._task.remote(function, items[s:s + size])] = len(items[s:s + size])
        refs, pending = list(sizes), list(sizes)
        with progress_bar(f"{stage} (ray)", show_progress, total=len(items)) as bar:
            while pending:
                done, pending = self._ray.wait(pending, num_returns=1)
                bar.update(sizes[done[0]])
        return [x for part in self._ray.get(refs) for x in part]


def make_engine(name: str = "local", address: str | None = None) -> RayEngine | None:
    """None for the in-process default, else the named engine."""
    if name == "local":
        if address:
            raise CheckerError("--ray-address needs --engine ray")
        return None
    if name == "ray":
        return RayEngine(address)
    raise CheckerError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")


def _call(function: Callable[[list], list], items: list) -> list:
    return function(items)  # a task: Ray's decorator takes functions, not partials of them


def _contradiction(model_name: str, pairs: list[tuple[str, str]]) -> list[float]:
    from checker.models import load_nli

    premises, hypotheses = zip(*pairs)
    return [float(p) for p in load_nli(model_name).contradiction(list(premises), list(hypotheses))]


class EngineNLI:
    """An NLI model whose pairs are scored by the engine's tasks (each worker loads the model
    by name). Name and variant are the model's, so the store's keys do not change."""

    def __init__(self, model, engine: RayEngine):
        self.model, self.engine = model, engine
        self.name = model.name
        self.variant = getattr(model, "variant", "")

    def contradiction(self, premises: list[str], hypotheses: list[str]) -> np.ndarray:
        scores = self.engine.map("nli", partial(_contradiction, self.name), list(zip(premises, hypotheses)))
        return np.array(scores, dtype=np.float32)
