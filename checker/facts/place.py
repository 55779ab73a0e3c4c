"""Place slot: where something happened. Named places (GPE, LOC, FAC entities) and the
common-noun venue they sit in ("at a hotel in Brussels", "at his home in Leeds")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from checker.facts.common import PLACE_KINDS, PLACE_PREPS, ClaimFacts, clause_head, make_mention, same_name

LOCATION_LABELS = {"GPE", "LOC", "FAC"}
# Names the recogniser may label otherwise (or not at all) that still name a place when they
# qualify the noun of a place phrase ("at Brennick station", "from the X spaceport").
NAME_LABELS = {"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART"}


@dataclass(frozen=True, slots=True)
class NameValue:
    text: str
    venue: str = ""  # the common noun of the place phrase: "hotel" in "at a hotel in Brussels"
    within: tuple[str, ...] = ()  # the places the phrase puts it in: "Y" in "from the X spaceport in Y"

    def compatible(self, other: "NameValue") -> bool:
        # "the X spaceport in Y" agrees with "X" and with "Y", not with "the Z spaceport in Y"
        if not any(same_name(self.text, name) for name in (other.text, *other.within)) and \
                not any(same_name(other.text, name) for name in (self.text, *self.within)):
            return False
        # One town, two venues in it: "the old council chamber in X" vs "a lakeside hotel outside X".
        return not (self.venue and other.venue and self.venue != other.venue)


def _venue(ent):
    """The noun token "hotel" for "a hotel in Brussels": the noun whose place-preposition object
    the name is, itself the object of a place preposition; None if there is none."""
    prep = ent.root.head
    if ent.root.dep_ == "pobj" and prep.lower_ in PLACE_PREPS and prep.head.pos_ == "NOUN":
        noun = prep.head
        if noun.head.dep_ == "prep" and noun.dep_ == "pobj" and noun.head.lower_ in PLACE_PREPS:
            return noun
    return None


def _named_venue(root):
    """The noun token "spaceport" for "launched from the X spaceport": a name (``root``: its
    head token) of any label that qualifies the common noun of a place phrase is the name of
    that place; None if not."""
    noun = root.head
    if root.dep_ == "compound" and noun.pos_ == "NOUN" and noun.dep_ == "pobj" and noun.head.lower_ in PLACE_PREPS:
        return noun
    return None


def _place_kind(root):
    """The noun token "port" for "sent to the port of X": a kind of place (`PLACE_KINDS`)
    whose "of" the name (``root``: its head token) completes, itself the object of a place
    preposition; None if not."""
    prep = root.head
    noun = prep.head
    if root.dep_ == "pobj" and prep.lower_ == "of" and noun.pos_ == "NOUN" and noun.lemma_.lower() in PLACE_KINDS \
            and noun.dep_ == "pobj" and noun.head.lower_ in PLACE_PREPS:
        return noun
    return None


def _unrecognised_names(sent):
    """Names the recogniser missed that qualify the noun of a place phrase ("at Oster station"):
    runs of proper nouns compounding that noun, as spans."""
    for noun in sent:
        names = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN" and not c.ent_type_
                 and c.text[:1].isupper()]  # the tagger calls some common nouns proper ("the old guild hall")
        if names and _named_venue(names[-1]) is not None and names[-1].i + 1 == noun.i and \
                names[-1].i - names[0].i + 1 == len(names):
            yield sent.doc[names[0].i:noun.i]


def _figures_by_clause(sent, facts: ClaimFacts) -> dict:
    """The first figure each clause of the sentence states, by the index of the clause's verb:
    a place in that clause is where the figure was counted ("735 cases were confirmed in X")."""
    numbers = {m.text: m.value for m in facts.mentions if m.kind == "number"}
    figures: dict = {}
    for ent in sent.ents:
        if ent.text in numbers:
            figures.setdefault(clause_head(ent.root).i, numbers[ent.text])
    return figures


def extract(sent, published: dt.date | None, facts: ClaimFacts, taken: set[int]) -> None:
    spans = [(ent, ent.label_) for ent in sent.ents] + [(span, "") for span in _unrecognised_names(sent)]
    # the place noun's token -> the names of that one place, in order, each with its venue
    # noun and the kind of place it is named as ("port" in "the port of X")
    places: dict[int, list] = {}
    for ent, label in sorted(spans, key=lambda x: x[0].start):
        if set(range(ent.start, ent.end)) & taken or not (label in LOCATION_LABELS | NAME_LABELS or not label):
            continue
        kind = _place_kind(ent.root)
        if kind is not None:  # "the port of X" is X, not a venue in X: masked with the name, no venue
            venue = None
        elif label in LOCATION_LABELS:
            venue = _venue(ent) or _named_venue(ent.root)
        else:
            venue = _named_venue(ent.root)
        if label in LOCATION_LABELS or venue is not None or kind is not None:
            # Names that share one place noun are one place: "from the X spaceport in Y", where
            # the recogniser may read "the X spaceport" itself as the name.
            places.setdefault((ent.root if venue is None else venue).i, []).append((ent, venue, kind))
            taken.update(range(ent.start, ent.end))
    figures = _figures_by_clause(sent, facts) if places else {}
    for (ent, venue, kind), *containers in places.values():
        # The venue phrase is masked with the names: "signed at a lakeside hotel outside [PLACE]"
        # and "signed in the old council chamber in [PLACE]" say one thing happened somewhere.
        edges = [(ent.start, ent.end)] + [(span.start, span.end) for span, *_ in containers] + \
            ([(venue.left_edge.i, venue.right_edge.i + 1)] if venue is not None else []) + \
            ([(kind.left_edge.i, ent.end)] if kind is not None else [])
        masked = (min(s for s, _ in edges), max(e for _, e in edges)) if len(edges) > 1 else None
        value = NameValue(ent.text, venue.lemma_.lower() if venue is not None else "",
                          tuple(span.text for span, *_ in containers))
        mention = make_mention("location", sent, ent.start, ent.end, value, published, masked=masked)
        mention.figure = figures.get(clause_head(ent.root).i)
        facts.mentions.append(mention)
