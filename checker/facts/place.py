"""Place slot: where something happened. Named places (GPE, LOC, FAC entities) and the
common-noun venue they sit in ("at a hotel in Brussels", "at his home in Leeds")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from checker.facts.common import ClaimFacts, make_mention, same_name

LOCATION_LABELS = {"GPE", "LOC", "FAC"}
# Names the recogniser may label otherwise that still name a place when they qualify the noun
# of a place phrase ("at Brennick station", "from the X spaceport").
NAME_LABELS = {"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART"}
_PLACE_PREPS = {"in", "at", "from", "aboard", "on", "outside", "near", "inside", "to"}


@dataclass(frozen=True)
class NameValue:
    text: str
    venue: str = ""  # the common noun of the place phrase: "hotel" in "at a hotel in Brussels"

    def compatible(self, other: "NameValue") -> bool:
        if not same_name(self.text, other.text):
            return False
        # One town, two venues in it: "the old council chamber in X" vs "a lakeside hotel outside X".
        return not (self.venue and other.venue and self.venue != other.venue)


def _venue(ent):
    """The noun token "hotel" for "a hotel in Brussels": the noun whose place-preposition object
    the name is, itself the object of a place preposition; None if there is none."""
    prep = ent.root.head
    if ent.root.dep_ == "pobj" and prep.lower_ in _PLACE_PREPS and prep.head.pos_ == "NOUN":
        noun = prep.head
        if noun.head.dep_ == "prep" and noun.dep_ == "pobj" and noun.head.lower_ in _PLACE_PREPS:
            return noun
    return None


def _named_venue(ent):
    """The noun token "spaceport" for "launched from the X spaceport": a name of any label that
    qualifies the common noun of a place phrase is the name of that place; None if not."""
    noun = ent.root.head
    if ent.root.dep_ == "compound" and noun.pos_ == "NOUN" and noun.dep_ == "pobj" and noun.head.lower_ in _PLACE_PREPS:
        return noun
    return None


def extract(sent, published: dt.date | None, facts: ClaimFacts, taken: set[int]) -> None:
    for ent in sent.ents:
        if set(range(ent.start, ent.end)) & taken:
            continue
        venue = _venue(ent) if ent.label_ in LOCATION_LABELS else _named_venue(ent) if ent.label_ in NAME_LABELS else None
        if ent.label_ in LOCATION_LABELS or venue is not None:
            # The venue phrase is masked with the name: "signed at a lakeside hotel outside [PLACE]"
            # and "signed in the old council chamber in [PLACE]" say one thing happened somewhere.
            masked = (min(venue.left_edge.i, ent.start), max(venue.right_edge.i + 1, ent.end)) if venue is not None else None
            value = NameValue(ent.text, venue.lemma_.lower() if venue is not None else "")
            facts.mentions.append(make_mention("location", sent, ent.start, ent.end, value, published, masked=masked))
            taken.update(range(ent.start, ent.end))
