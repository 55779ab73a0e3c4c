"""Speaker slot: who said a quotation. The same words in quotation marks given to two
different people is a conflict of attribution; authorship ("drafted by X") is an agent
(`person.agents`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from checker.facts.common import REPORTING_VERBS, ClaimFacts, same_name

_QUOTE = re.compile(r"[\"“”]([^\"“”]{12,}?)[\"“”]")
_MIN_QUOTE_WORDS = 4


@dataclass(frozen=True, slots=True)
class Quote:
    words: str  # the quotation, lower-cased, punctuation folded
    speaker: str  # as written
    names: frozenset[str]  # proper names in the speaker phrase
    title: str  # its common-noun head ("farmer", "mayor"), if any

    def same_speaker(self, other: "Quote") -> bool:
        if self.names and other.names:
            return any(same_name(a, b) for a in self.names for b in other.names)
        if self.names or other.names:
            # "the chief executive" may be the named one: a title in one, a name in the other.
            named, titled = (self, other) if self.names else (other, self)
            return bool(titled.title) and titled.title in named.speaker.lower()
        return self.title == other.title


def fold_quote(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def extract(sent, published: dt.date | None, facts: ClaimFacts, taken: set[int]) -> None:
    speaker = _speaker(sent)
    if speaker is None:
        return
    text, names, title = speaker
    facts.speakers = names
    quotes = [fold_quote(m.group(1)) for m in _QUOTE.finditer(sent.text)]
    facts.quotes = [Quote(q, text, names, title) for q in quotes if len(q.split()) >= _MIN_QUOTE_WORDS]


def _speaker(sent):
    """The subject of the sentence's reporting verb, outside the quotation."""
    inside = set()
    for m in _QUOTE.finditer(sent.text):
        span = sent.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    for verb in sent:
        if verb.lemma_.lower() not in REPORTING_VERBS or verb.i in inside:
            continue
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i not in inside]
        if not subjects:
            continue
        subject = subjects[0]
        if subject.pos_ == "PRON":
            return None  # "he said": who, the sentence does not say
        tokens = [t for t in subject.subtree if t.dep_ not in ("relcl",) and t.i not in inside]
        span = sent.doc[min(t.i for t in tokens):max(t.i for t in tokens) + 1]
        named = [e for e in sent.ents if e.label_ in ("PERSON", "ORG", "NORP")
                 and span.start <= e.start and e.end <= span.end]
        # the person when one is named: "Orrin chief engineer X" and "Orrin chief executive Y"
        # are two speakers, whatever body employs them both
        people = [e for e in named if e.label_ == "PERSON"]
        names = frozenset(e.text for e in people or named)
        title = subject.lemma_.lower() if subject.pos_ == "NOUN" else next(
            (t.lemma_.lower() for t in span if t.pos_ == "NOUN" and t.dep_ in ("appos", "compound")), "")
        return span.text.strip(" ,"), names, title
    return None
