"""Minimal pairs: the few words two claims about the same thing differ in.

The NLI model calls almost any two related sentences a contradiction, but it is sharp on a
*minimal pair*, a sentence against the same sentence with a few words changed: a synonym
("launched" / "initiated") scores low, an antonym, another name, another number or an
added "not" scores high.  So each local difference between two aligned claims is
transplanted into the first claim, and the NLI model compares that edited sentence with
the original (`scoring`).  Two alignments find the differences:

- `minimal_edits`, for near-paraphrases: difflib over lower-cased tokens; a difference of a
  few words counts where matching words hold it in place on both sides;
- `word_edits`, for claims that say the same thing in other words: a word of one claim that
  the other lacks is aligned with the other's word whose contextual embedding is its mutual
  nearest neighbour (each is the other's closest), so "rose" meets the "fell" it stands for
  even when the two sentences are built differently; only where one claim is covered by
  the other (`MIN_COVERAGE`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from checker.claims import Claim, Word
from checker.facts import is_negation, same_name

# Only near-paraphrases make minimal pairs: loosely related sentences align by chance
# ("NATO aims to" / "The government aims to"), and their swaps say nothing.
MIN_SHARED_TOKENS = 0.5  # share of the shorter claim's tokens that must match the other
MAX_EDIT_TOKENS = 4  # longer differences are rewording, not a changed value
ANCHOR_WINDOW = 4  # tokens looked at on each side of a difference
MIN_ANCHOR_TOKENS = 2  # of which this many must match the other claim
# Words are aligned only where one claim is covered by the other: this share of its content
# words appear in the other or are aligned with one (mutual nearest at `ALIGNED_MIN_COSINE`).
# A summary sentence and its source are covered so; two reports of one event that say
# different things seldom are, and their different speakers and topics would read as swaps.
MIN_COVERAGE = 0.6
ALIGNED_MIN_COSINE = 0.4
MAX_EDITS_PER_PAIR = 4  # per alignment
# Dates, numbers and amounts are the fact checks' to compare (`facts`): they know that "July"
# agrees with "July 11" and "at least 30" with 35, which a word swap would call a conflict.
VALUE_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Edit:
    original: str  # claim a's words ("" where claim b adds words)
    replacement: str  # claim b's words ("" where claim b drops words)
    edited: str  # ``premise`` with the difference applied
    premise: str  # claim a, as it was: the NLI model compares it with ``edited``


def minimal_edits(a: str, b: str) -> list[Edit]:
    """The differences between ``a`` and ``b`` that sit between matching words, each as
    ``a`` rewritten with ``b``'s words; at most `MAX_EDITS_PER_PAIR`."""
    ta, tb = list(_TOKEN.finditer(a)), list(_TOKEN.finditer(b))
    wa, wb = [m.group(0).lower() for m in ta], [m.group(0).lower() for m in tb]
    ops = SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()
    matched = [False] * len(wa)
    for tag, i1, i2, _, _ in ops:
        if tag == "equal":
            matched[i1:i2] = [True] * (i2 - i1)
    if not wa or not wb or sum(matched) < MIN_SHARED_TOKENS * min(len(wa), len(wb)):
        return []
    edits = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal" or max(i2 - i1, j2 - j1) > MAX_EDIT_TOKENS:
            continue
        if not (_held(matched, wa, range(i1 - ANCHOR_WINDOW, i1)) and _held(matched, wa, range(i2, i2 + ANCHOR_WINDOW))):
            continue
        old, new = _span(a, ta, i1, i2), _span(b, tb, j1, j2)
        if not _changes_meaning(wa[i1:i2], wb[j1:j2], old, new):
            continue
        if i1 < i2:
            edited = a[:ta[i1].start()] + new + a[ta[i2 - 1].end():]
        else:  # an insertion goes before a's next token
            at = ta[i1].start() if i1 < len(ta) else len(a)
            edited = a[:at] + new + " " + a[at:]
        edits.append(Edit(old, new, _tidy(edited), a))
        if len(edits) == MAX_EDITS_PER_PAIR:
            break
    return edits


def _span(text: str, tokens: list, i: int, j: int) -> str:
    return text[tokens[i].start():tokens[j - 1].end()] if i < j else ""


def _held(matched: list[bool], words: list[str], window: range) -> bool:
    """Matching words next to a difference hold it in place: at least `MIN_ANCHOR_TOKENS` of
    the ``window`` tokens beside it, a content word among them, or the sentence's edge."""
    inside = [i for i in window if 0 <= i < len(words)]
    if len(inside) < len(window) and all(matched[i] for i in inside):
        return True  # the difference sits at the start or end of the sentence
    anchors = [i for i in inside if matched[i]]
    return len(anchors) >= MIN_ANCHOR_TOKENS and any(_is_content(words[i]) for i in anchors)


def negates(words: str) -> bool:
    """Whether a phrase holds an odd number of negations ('did not resign', 'never')."""
    return sum(map(is_negation, [m.group(0).lower() for m in _TOKEN.finditer(words)])) % 2 == 1


def _is_content(word: str) -> bool:
    return is_negation(word) or (word.isalnum() and word not in STOP_WORDS)


def _changes_meaning(old_words: list[str], new_words: list[str], old: str, new: str) -> bool:
    """Punctuation, function words and spelling variants of one name are not differences,
    and neither is a detail one claim leaves out or adds, unless it is a negation."""
    old_content = [w for w in old_words if _is_content(w)]
    new_content = [w for w in new_words if _is_content(w)]
    if old_content == new_content:
        return False
    if not (old_content and new_content) and not any(map(is_negation, old_words + new_words)):
        return False
    return not _respelled(old, new)


def _respelled(old: str, new: str) -> bool:
    """Two spellings of one name ("Zelenskyy" / "Zelensky") are not a swap."""
    return old[:1].isupper() and new[:1].isupper() and same_name(old, new)


def word_edits(a: Claim, b: Claim, vectors_a: np.ndarray, vectors_b: np.ndarray) -> list[Edit]:
    """Each content word of ``a`` missing from ``b`` whose mutual nearest word in ``b`` (by
    contextual vector) is a different content word missing from ``a``, swapped into ``a``
    (a whole named entity where either word is in one).  None unless one claim is covered by
    the other (`MIN_COVERAGE`); at most `MAX_EDITS_PER_PAIR`."""
    if not a.words or not b.words:
        return []
    lemmas_a = {w.lemma for w in a.words} | {a.text[w.start:w.end].lower() for w in a.words}
    lemmas_b = {w.lemma for w in b.words} | {b.text[w.start:w.end].lower() for w in b.words}
    similarity = vectors_a @ vectors_b.T
    nearest_b, nearest_a = similarity.argmax(axis=1), similarity.argmax(axis=0)
    mutual = {i: int(j) for i, j in enumerate(nearest_b) if nearest_a[j] == i}  # a's word -> b's word
    coverage_a = _coverage(a, b, {i: (j, similarity[i, j]) for i, j in mutual.items()})
    coverage_b = _coverage(b, a, {j: (i, similarity[i, j]) for i, j in mutual.items()})
    if max(coverage_a, coverage_b) < MIN_COVERAGE:
        return []
    edits, seen = [], set()
    for i, j in mutual.items():
        word, other = a.words[i], b.words[j]
        if (not word.content or not _stands_for(word, other)
                or not _missing(word, a.text, lemmas_b) or not _missing(other, b.text, lemmas_a)):
            continue
        start, end = word.entity or (word.start, word.end)
        old, new = a.text[start:end], b.text[slice(*(other.entity or (other.start, other.end)))]
        if (start, end) in seen or _respelled(old, new):
            continue
        seen.add((start, end))
        if start == 0:
            new = new[:1].upper() + new[1:]
        edits.append(Edit(old, new, _tidy(a.text[:start] + new + a.text[end:]), a.text))
    return edits[:MAX_EDITS_PER_PAIR]


def _coverage(x: Claim, y: Claim, mutual: dict[int, tuple[int, float]]) -> float:
    """Share of ``x``'s content words that ``y`` also has or that are aligned with one of
    ``y``'s content words (``mutual``: x's word -> (y's word, cosine))."""
    lemmas_y = {w.lemma for w in y.words}
    content = [i for i, w in enumerate(x.words) if w.content]
    covered = [i for i in content if x.words[i].lemma in lemmas_y or (
        i in mutual and y.words[mutual[i][0]].content and mutual[i][1] >= ALIGNED_MIN_COSINE)]
    return len(covered) / len(content) if content else 0.0


def _stands_for(word: Word, other: Word) -> bool:
    """A word can stand for another of its kind: a noun for a noun, a person for a person.
    Values (`VALUE_LABELS`) are left to the fact checks."""
    if word.kind == "number" or word.entity_label in VALUE_LABELS or other.entity_label in VALUE_LABELS:
        return False
    both_names = word.entity is not None and other.entity is not None
    return word.kind == other.kind and (not both_names or word.entity_label == other.entity_label)


def _missing(word: Word, text: str, other_lemmas: set[str]) -> bool:
    return word.lemma not in other_lemmas and text[word.start:word.end].lower() not in other_lemmas


def _tidy(text: str) -> str:
    return re.sub(r"\s{2,}", " ", text).strip()
