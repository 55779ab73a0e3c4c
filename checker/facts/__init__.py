"""Facts a sentence states, one module per slot type, registered in `SLOTS`.

Each slot module has an extractor (``extract(sent, published, facts, taken)``, which adds
what it finds to a `ClaimFacts`; ``taken`` holds the tokens an earlier slot already read as
its value). `checker.facttable` compares facts of one slot across documents. Adding a kind of
conflict means adding one module and one row here. Everything is grammar, not vocabulary
about any story.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from checker.facts import date, framing, number, person, place, polarity, speaker
from checker.facts.common import ClaimFacts, Mention, names_overlap, same_name, sentence_subject
from checker.facts.date import DateValue, parse_date_text
from checker.facts.framing import EventMention, link_events
from checker.facts.number import NumberValue
from checker.facts.person import AgentMention, RoleMention, resolve_people, same_office
from checker.facts.place import NameValue
from checker.facts.polarity import Predication, is_negation
from checker.facts.speaker import Quote


@dataclass(frozen=True)
class Slot:
    name: str
    extract: Callable  # (sent, published, facts, taken) -> None


# In order: a date entity is read as a date before a number ("2019"), a duration before a
# plain number ("2:04:51"), a place before a name.
SLOTS: dict[str, Slot] = {s.name: s for s in (
    Slot("date", date.extract),
    Slot("number", number.extract),
    Slot("place", place.extract),
    Slot("person", person.extract),
    Slot("speaker", speaker.extract),
    Slot("framing", framing.extract),
    Slot("polarity", polarity.extract),
)}


# Every type a ClaimFacts holds: what a stored record of claims may rebuild (`checker.cache`).
RECORD_TYPES = (ClaimFacts, Mention, DateValue, NumberValue, NameValue, RoleMention, AgentMention, Quote,
                EventMention, Predication)


def extract_facts(sent, published: dt.date | None) -> ClaimFacts:
    facts = ClaimFacts(subject=sentence_subject(sent))
    taken: set[int] = set()
    for slot in SLOTS.values():
        slot.extract(sent, published, facts, taken)
    return facts


__all__ = ["SLOTS", "AgentMention", "ClaimFacts", "DateValue", "EventMention", "Mention", "NameValue", "NumberValue",
           "Predication", "Quote", "RECORD_TYPES", "RoleMention", "extract_facts", "is_negation", "link_events", "names_overlap", "parse_date_text",
           "resolve_people", "same_name", "same_office"]
