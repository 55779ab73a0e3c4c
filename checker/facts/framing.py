"""Framing slot: one event told as already held in one source and still to come in another.
Events are named by nouns ("the Vilnius summit", "Lindqvist's bail hearing") or by a verb
with its subject ("Prime Minister X visited", "the prime minister is due to visit")."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from checker.facts.common import ClaimFacts, names_overlap, norm_words

# Words on an event noun that frame it in time. General English, not story vocabulary.
_UPCOMING_WORDS = {"upcoming", "forthcoming", "planned", "scheduled", "next", "proposed",
                   "coming", "future", "pending", "impending", "expected"}
_HELD_WORDS = {"last", "previous", "recent", "past", "concluded", "held", "former", "latest"}
_NOT_ASSERTING_PREPS = {"before", "ahead", "until", "prior", "till"}
_ONCE_WORDS = {"first", "maiden", "inaugural", "debut"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
# "is due to visit", "is expected to sign": the verb's event is still to come.
_FUTURE_FRAMES = {"due", "expected", "scheduled", "set", "going", "planned", "poised"}
_MODALS = {"would", "could", "should", "might", "may", "must", "can", "to"}


@dataclass(slots=True)
class EventMention:
    lemma: str
    qualifiers: set[str]
    framing: str  # "held" or "upcoming"
    explicit: bool  # framed by a word on the noun itself ("upcoming", "planned", "last")
    text: str
    subject: str = ""  # for a verb event: who does it, as written
    once: bool = False  # an occurrence there is only one of: "the first images", "its maiden flight"

    def same_event(self, other: "EventMention", one_story: bool = False) -> bool:
        """One lemma and a shared name ("the Vilnius summit"); with ``one_story`` (articles of
        one story) also an unnamed occurrence there is only one of ("the first images")."""
        if self.lemma != other.lemma:
            return False
        return names_overlap(self.qualifiers, other.qualifiers) or (
            one_story and self.once and other.once and not self.qualifiers and not other.qualifiers)

    def framed_apart(self, other: "EventMention", one_story: bool = False) -> bool:
        """One event, held in one telling and upcoming in the other, with a word that frames it
        explicitly in at least one: what a framing conflict needs before publication order."""
        return self.framing != other.framing and (self.explicit or other.explicit) and \
            self.same_event(other, one_story)


def extract(sent, published: dt.date | None, facts: ClaimFacts, taken: set[int]) -> None:
    facts.events = _noun_events(sent) + _verb_events(sent)


def _noun_events(sent) -> list[EventMention]:
    events = []
    for token in sent:
        # Capitalised event names ("the Vilnius Summit") are tagged PROPN; names of people
        # and places are not events.
        if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ in ("PERSON", "GPE", "LOC", "NORP", "DATE"):
            continue
        if token.dep_ not in ("pobj", "dobj", "nsubj", "nsubjpass", "attr"):
            continue
        modifiers = {c.lower_ for c in token.children if c.dep_ in ("amod", "acl", "compound", "advmod")}
        once = bool(modifiers & _ONCE_WORDS)
        if modifiers & _UPCOMING_WORDS:
            framing, explicit = "upcoming", True
        elif modifiers & _HELD_WORDS:
            framing, explicit = "held", True
        else:
            framing = _clause_framing(token)
            # "has not yet happened", or an occurrence there is only one of ("the first
            # images were released" / "will release its first images"): one event either way
            explicit = (framing == "upcoming" and any(c.lower_ == "yet" for c in token.head.children)) or once
        if framing is None:
            continue
        events.append(EventMention(token.lemma_.lower(), _event_qualifiers(token), framing, explicit,
                                   sent.doc[token.left_edge.i:token.right_edge.i + 1].text,
                                   once=once))
    return events


_REPEAT_WORDS = {"again", "anew", "further"}


def _verb_events(sent) -> list[EventMention]:
    """A named actor's action told as done ("X visited Y on Monday") or as still to come
    ("X is due to visit", "X will visit"); the subject's names and title qualify it."""
    events = []
    for verb in sent:
        if verb.pos_ != "VERB" or verb.dep_ not in ("ROOT", "xcomp", "conj"):
            continue
        # "X is due to visit": the subject hangs on "is", two steps above "visit".
        chain = [verb]
        while chain[-1].dep_ in ("xcomp", "acomp") and len(chain) < 4:
            chain.append(chain[-1].head)
        subjects = [c for node in chain for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects or subjects[0].pos_ == "PRON":
            continue
        subject = subjects[0]
        if any(c.lower_ in _REPEAT_WORDS for c in verb.children):
            continue  # "will raise rates again": another occurrence, not the one told as done
        auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        frame = {c.lower_ for node in chain[1:] for c in node.children} | {node.lower_ for node in chain[1:]}
        negated = any(c.dep_ == "neg" for c in verb.children)
        if verb.dep_ == "xcomp" and frame & _FUTURE_FRAMES:
            framing = "upcoming"
        elif auxes & _FUTURE_AUX and not negated:
            framing = "upcoming"
        elif verb.tag_ == "VBD" and not negated and not auxes & _MODALS:
            framing = "held"
        else:
            continue
        qualifiers = {w for t in subject.subtree if t.pos_ in ("PROPN", "NOUN") for w in norm_words(t.text)}
        span = sent.doc[subject.left_edge.i:subject.right_edge.i + 1].text
        events.append(EventMention(verb.lemma_.lower(), qualifiers, framing, framing == "upcoming",
                                   f"{span} {verb.text}", subject=span))
    return events


def _clause_framing(noun) -> str | None:
    """'held' when the clause governing the noun is in the past tense, 'upcoming' when it is
    in the future; None for anything else or under 'before'/'ahead of'/'until'. Only a noun
    that is an argument of the verb, or the object of a preposition on it, is framed:
    in 'expectations from the summit were formulated' the summit's status is not stated."""
    node = noun.head
    if noun.dep_ == "pobj":
        if node.lower_ in _NOT_ASSERTING_PREPS:
            return None
        node = node.head
    if node.pos_ not in ("VERB", "AUX"):
        return None
    children = {c.lower_ for c in node.children}
    auxes = {c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")}
    negated = any(c.dep_ == "neg" for c in node.children)
    if auxes & _FUTURE_AUX:
        return "upcoming"  # "will not discuss X at the summit": the summit is still to come
    if auxes & _MODALS:
        return None
    past = node.tag_ == "VBD" or (node.tag_ == "VBN" and auxes & {"has", "have", "had", "was", "were"})
    if past and negated:
        return "upcoming" if "yet" in children else None  # "has not yet taken place"
    return "held" if past else None


def _event_qualifiers(noun) -> set[str]:
    words = set()
    for child in noun.children:
        if child.dep_ in ("compound", "nmod", "amod", "poss") and child.pos_ == "PROPN" and child.ent_type_ != "DATE":
            words.update(norm_words(child.text))
        if child.dep_ == "prep" and child.lower_ in ("in", "at", "of"):
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ == "PROPN":
                    words.update(norm_words(obj.text))
    return words


def link_events(claims_facts: list[ClaimFacts]) -> None:
    """Within one document, an event noun named without a qualifier ('the upcoming summit')
    takes the qualifier the document most often gives that noun ('the Vilnius summit')."""
    counts: dict[str, Counter] = {}
    for facts in claims_facts:
        for event in facts.events:
            if not event.subject:
                counts.setdefault(event.lemma, Counter()).update(event.qualifiers)
    for facts in claims_facts:
        for event in facts.events:
            if not event.qualifiers and not event.subject and counts.get(event.lemma):
                # The most frequent, ties broken by spelling: sets iterate in a per-process order.
                event.qualifiers = {min(counts[event.lemma].items(), key=lambda kv: (-kv[1], kv[0]))[0]}
