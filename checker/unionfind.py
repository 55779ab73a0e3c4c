"""A union-find over hashable, mutually ordered labels (finding positions, values, statements)."""

from __future__ import annotations


class UnionFind:
    """Sets of labels joined pairwise; a set's representative is its least label, so it does not
    depend on the order the labels were joined in. ``parent`` holds every label seen, in the
    order first seen."""

    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, label):
        self.parent.setdefault(label, label)
        while self.parent[label] != label:
            self.parent[label] = self.parent[self.parent[label]]  # path halving
            label = self.parent[label]
        return label

    def join(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        self.parent[max(ra, rb)] = min(ra, rb)
