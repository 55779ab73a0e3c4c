"""Progress bars on stderr (tqdm), off for library calls that ask for quiet."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm.auto import tqdm

T = TypeVar("T")


def progress(items: Iterable[T], stage: str, enabled: bool, **kwargs) -> Iterator[T]:
    return iter(tqdm(items, desc=stage, disable=not enabled, leave=False, **kwargs))


def progress_bar(stage: str, enabled: bool, **kwargs) -> tqdm:
    """A bar moved by hand (``bar.update(n)``), for work done in chunks."""
    return tqdm(desc=stage, disable=not enabled, leave=False, **kwargs)
