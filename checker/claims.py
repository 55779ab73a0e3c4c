"""Stage 2: split documents into claims (sentences with offsets) and extract their facts."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from checker.cache import Store, key, record_bytes, records_from_bytes, source_version
from checker.corpus import Document
from checker.facts import RECORD_TYPES, ClaimFacts, extract_facts, link_events, resolve_people
from checker.models import load_spacy, parser_version
from checker.progress import progress

_MIN_TOKENS = 5
_PARAGRAPH = re.compile(r"[^\n]+")
# The most characters given to the parser at once: far below spaCy's max_length (1,000,000),
# which a transcript on one line exceeds, and small enough to keep the parser's memory low.
MAX_PARSE_CHARS = 100_000
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")


@dataclass(frozen=True, slots=True)
class Word:
    """One token of a claim, with what word alignment needs (`edits`)."""

    start: int  # character offsets into Claim.text
    end: int
    lemma: str  # lower-cased
    kind: str  # "noun", "verb", "modifier" or "number" for a content word (not a stop word), else ""
    entity: tuple[int, int] | None = None  # character span of the named entity it belongs to
    entity_label: str = ""  # spaCy's label of that entity

    @property
    def content(self) -> bool:
        return bool(self.kind)


_CONTENT_KINDS = {"NOUN": "noun", "PROPN": "noun", "VERB": "verb", "ADJ": "modifier", "ADV": "modifier",
                  "NUM": "number"}


@dataclass(slots=True)
class Claim:
    claim_id: str  # "<doc_id>#<index>"
    doc_id: str
    index: int
    paragraph: int
    start: int  # character offsets into Document.text
    end: int
    text: str
    facts: ClaimFacts = field(default_factory=ClaimFacts)
    words: tuple[Word, ...] = ()


def _is_claim(sent) -> bool:
    """A sentence that asserts something: long enough and with a verb (drops headlines'
    captions, bylines and page furniture such as 'About The Author')."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    return len(words) >= _MIN_TOKENS and any(t.pos_ in ("VERB", "AUX") for t in sent)


# What a document's claims are made by: this module and the fact extractors. A stored record
# of claims is read back only while both are unchanged (and the parser, `claims_key`).
CLAIMS_VERSION = source_version(Path(__file__), Path(__file__).parent / "facts")


def claims_key(doc: Document) -> str:
    """The store key of a document's claims: its id, text and date, the parser, the rules."""
    published = doc.published.isoformat() if doc.published else ""
    return key("claims", CLAIMS_VERSION, parser_version(), doc.doc_id, published, doc.text)


def extract_claims(documents: list[Document], show_progress: bool = True, store: Store | None = None,
                   engine=None) -> list[Claim]:
    """Claims of every document, in order. With a ``store``, a document whose claims an earlier
    run stored (`claims_key`) is read back whole; the others' paragraphs are read back from
    their stored parses (`parsed_paragraphs`), and only new paragraphs go through the parser
    (in ``engine``'s tasks, when given)."""
    keys = {doc.doc_id: claims_key(doc) for doc in documents} if store else {}
    stored = store.get_many("claims", keys.values()) if store else {}
    new_documents = [doc for doc in documents if keys.get(doc.doc_id) not in stored]
    made = _claims_of(new_documents, show_progress, store, engine) if new_documents else {}
    if store:
        store.put_many((keys[doc_id], record_bytes(doc_claims)) for doc_id, doc_claims in made.items())
    decoded = records_from_bytes(stored, RECORD_TYPES + (Claim, Word))
    claims: list[Claim] = []
    for doc in documents:
        claims.extend(made[doc.doc_id] if doc.doc_id in made else decoded[keys[doc.doc_id]])
    return claims


def _claims_of(documents: list[Document], show_progress: bool, store: Store | None,
               engine) -> dict[str, list[Claim]]:
    spans = {doc.doc_id: list(paragraph_spans(doc.text)) for doc in documents}
    parsed = iter(parsed_paragraphs([doc.text[start:end] for doc in documents for _, start, end in spans[doc.doc_id]],
                                     store, engine))
    made: dict[str, list[Claim]] = {}
    for doc in progress(documents, "claims", show_progress, unit="doc"):
        doc_claims: list[Claim] = []
        # Lines are paragraphs: a headline never runs into the next paragraph's sentence.
        paragraphs = [(span, next(parsed)) for span in spans[doc.doc_id]]
        resolve_people([spacy_doc for _, spacy_doc in paragraphs])
        for (number, offset, _), spacy_doc in paragraphs:
            for sent in spacy_doc.sents:
                if not _is_claim(sent):
                    continue
                text = sent.text.strip()
                start = offset + sent.start_char
                doc_claims.append(Claim(
                    claim_id=f"{doc.doc_id}#{len(doc_claims)}",
                    doc_id=doc.doc_id,
                    index=len(doc_claims),
                    paragraph=number,
                    start=start,
                    end=start + len(text),
                    text=text,
                    facts=extract_facts(sent, doc.published),
                    words=_words(sent),
                ))
        link_events([c.facts for c in doc_claims])
        made[doc.doc_id] = doc_claims
    for _ in parsed:  # let the store keep the last parses
        pass
    return made


def parsed_paragraphs(texts: list[str], store: Store | None = None, engine=None):
    """spaCy Docs of ``texts``, in order, lazily. Parses found in ``store`` (keyed by the model,
    its version and the text) are read back; the others are parsed, by ``engine``'s tasks when
    one is given (`checker.engine`), and stored."""
    from spacy.tokens import Doc

    nlp = load_spacy()
    if store is None and engine is None:
        yield from nlp.pipe(texts, n_process=parse_processes(len(texts)))
        return
    keys = [key("parse", parser_version(), text) for text in texts]
    found = store.get_many("parses", keys) if store else {}
    missing = [text for text, k in zip(texts, keys) if k not in found]
    # (parse, its bytes): a task's bytes are read back here; a parse made here is kept for the store.
    if engine is not None:
        fresh = ((Doc(nlp.vocab).from_bytes(data), data) for data in engine.map("parse", parse_to_bytes, missing))
    else:
        fresh = ((spacy_doc, spacy_doc.to_bytes(exclude=PARSE_EXCLUDE))
                 for spacy_doc in nlp.pipe(missing, n_process=parse_processes(len(missing))))
    new = []
    for k in keys:
        if k in found:
            yield Doc(nlp.vocab).from_bytes(found[k])
        else:
            spacy_doc, data = next(fresh)
            new.append((k, data))
            yield spacy_doc
        if store and len(new) >= PARSES_PER_WRITE:  # a thousand articles' parses are ~100 MB: not all held
            store.put_many(new)
            new = []
    if store:
        store.put_many(new)


PARSE_EXCLUDE = ["tensor", "user_data"]
PARSES_PER_WRITE = 1000
# From this many paragraphs on, the parser runs in one process per core (up to 4): on 2 cores,
# 100 articles' 2,516 paragraphs parse at 5,356 words/s in 2 processes, 3,062 in one
# (benchmarks/bench_floors.py); below it, starting the processes costs more than it saves.
PARALLEL_PARSE_MIN = 500


def parse_processes(paragraphs: int) -> int:
    import os

    return min(4, len(os.sched_getaffinity(0))) if paragraphs >= PARALLEL_PARSE_MIN else 1


def parse_to_bytes(texts: list[str]) -> list[bytes]:
    """spaCy parses of ``texts`` as `Doc.to_bytes`, what the store keeps (an engine's task)."""
    return [spacy_doc.to_bytes(exclude=PARSE_EXCLUDE) for spacy_doc in load_spacy().pipe(texts)]


def paragraph_spans(text: str, max_chars: int = MAX_PARSE_CHARS):
    """(paragraph number, start, end) of each line of ``text``; a line longer than ``max_chars``
    (a transcript without line breaks) is cut into pieces at the last sentence end, else the
    last space, before the limit, so that the parser never sees more than ``max_chars``."""
    for number, match in enumerate(_PARAGRAPH.finditer(text)):
        start, end = match.start(), match.end()
        while end - start > max_chars:
            window = text[start:start + max_chars]
            cut = max((m.end() for m in _SENTENCE_END.finditer(window)), default=0) or window.rfind(" ") + 1
            cut = cut if cut > max_chars // 4 else max_chars
            yield number, start, start + cut
            start += cut
        yield number, start, end


def _words(sent) -> tuple[Word, ...]:
    offset = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
    # One span tuple and one label per entity, and one string per lemma across the run (each
    # token's lemma_ is a new string): a 1,000-article run holds ~600k words.
    spans = [(e, ((e.start_char - offset, e.end_char - offset), sys.intern(e.label_))) for e in sent.ents]
    entities = {t.i: span for e, span in spans for t in e}
    words = []
    for t in sent:
        if t.is_space:
            continue
        span, label = entities.get(t.i, (None, ""))
        words.append(Word(t.idx - offset, t.idx - offset + len(t.text), sys.intern(t.lemma_.lower()),
                          "" if t.is_stop else _CONTENT_KINDS.get(t.pos_, ""), span, label))
    return tuple(words)
