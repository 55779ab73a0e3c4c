"""Minimal pairs: where two claims say nearly the same thing, the few words they differ in.

The NLI model calls almost any two related sentences a contradiction, but it is sharp on a
*minimal pair*, a sentence against the same sentence with a few words changed: a synonym
("launched" / "initiated") scores low, an antonym, another name, another number or an
added "not" scores high.  So each local difference between two aligned claims is
transplanted into the first claim, and the NLI model compares that edited sentence with
the original (`scoring`).  Alignment is difflib's over lower-cased tokens; a difference
counts only where matching words hold it in place on both sides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from spacy.lang.en.stop_words import STOP_WORDS

from checker.facts import is_negation, same_name

# Only near-paraphrases make minimal pairs: loosely related sentences align by chance
# ("NATO aims to" / "The government aims to"), and their swaps say nothing.
MIN_SHARED_TOKENS = 0.5  # share of the shorter claim's tokens that must match the other
MAX_EDIT_TOKENS = 4  # longer differences are rewording, not a changed value
ANCHOR_WINDOW = 4  # tokens looked at on each side of a difference
MIN_ANCHOR_TOKENS = 2  # of which this many must match the other claim
MAX_EDITS_PER_PAIR = 4
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Edit:
    original: str  # claim a's words ("" where claim b adds words)
    replacement: str  # claim b's words ("" where claim b drops words)
    edited: str  # claim a with claim b's words in their place


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
        edits.append(Edit(old, new, re.sub(r"\s{2,}", " ", edited).strip()))
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
    if old[:1].isupper() and new[:1].isupper() and same_name(old, new):
        return False
    return True
