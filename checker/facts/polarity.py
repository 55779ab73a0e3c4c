"""Polarity slot: whether a sentence asserts or denies its predicate. "did not flag the
transfers" vs "raised concerns about the transfers"; "failed to deploy" vs "deployed"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from checker.facts.common import REPORTING_VERBS, ClaimFacts

NEGATIONS = {"no", "never", "without", "none", "nothing", "neither", "nor", "not", "n't", "nobody"}
# Verbs whose complement did not happen: "failed to deploy", "has yet to approve".
_NEGATING_VERBS = {"fail", "refuse", "decline", "deny"}


@dataclass(frozen=True, slots=True)
class Predication:
    """The main clause: its subject and object nouns (lemmas) and whether it is denied."""

    subject: frozenset[str]
    object: frozenset[str]
    negated: bool
    verb: str = ""  # lemma of the predicate's verb ("deploy" in "failed to deploy")

    def same_predicate(self, other: "Predication") -> bool:
        """The same subject doing the same thing: to the same object, or, for a verb without
        one in either telling ("the panels deployed" / "failed to deploy"), the same verb."""
        if not self.subject & other.subject:
            return False
        return bool(self.object & other.object) or (
            self.verb == other.verb and not (self.object and other.object))


def is_negation(word: str) -> bool:
    """A lower-cased word that negates: spaCy splits "didn't" into "did" + "n't", plain
    tokenizers keep it whole."""
    return word in NEGATIONS or word.endswith(("n't", "n’t"))


def extract(sent, published: dt.date | None, facts: ClaimFacts, taken: set[int]) -> None:
    facts.negated = sum(t.dep_ == "neg" or is_negation(t.lower_) for t in sent) % 2 == 1
    root = sent.root
    reported = [c for c in root.children if c.dep_ == "ccomp"] if root.lemma_.lower() in REPORTING_VERBS else []
    if reported:
        root = reported[0]  # "the agency said the panels deployed": what is said is the predicate
    if root.pos_ not in ("VERB", "AUX"):
        return
    # "have not found any evidence" and "have found no evidence" both deny: the negation may sit
    # on the verb or on its subject or object ("No charges were filed").
    negated = any(c.dep_ == "neg" or is_negation(c.lower_) for c in root.children) or any(
        d.dep_ == "det" and is_negation(d.lower_) for c in root.children
        if c.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") for d in c.children)
    verb = root
    xcomps = [c for c in root.children if c.dep_ == "xcomp"]
    if root.lemma_.lower() in _NEGATING_VERBS and xcomps:
        negated, verb = not negated, xcomps[0]
    if any(c.lower_ == "yet" for c in root.children) and any(c.dep_ == "xcomp" for c in root.children):
        negated, verb = True, xcomps[0]  # "has yet to approve"

    def nouns(deps):
        return frozenset(t.lemma_.lower() for c in list(root.children) + list(verb.children) if c.dep_ in deps
                         for t in c.subtree if t.pos_ in ("NOUN", "PROPN"))

    facts.polarity = [Predication(nouns(("nsubj", "nsubjpass")), nouns(("dobj", "prep", "attr")), negated,
                                  verb.lemma_.lower())]
