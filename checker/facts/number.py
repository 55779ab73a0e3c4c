"""Number slot: quantities with units, qualifiers as intervals ("at least 30"), durations and
clock times ("2 hours 4 minutes 12 seconds" = "2:04:12")."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

import pint

from checker.facts.common import (WORD_NUMBERS, ClaimFacts, Mention, clause_head, governing_word, make_mention,
                                  partitive_noun, subject_of)


@dataclass(frozen=True, slots=True)
class NumberValue:
    low: float
    high: float
    unit: str
    stated: float = 0.0  # the figure as written: 30 in "at least 30"
    bound: str = ""  # "lower" ("at least 30"), "upper" ("up to 30") or ""

    def compatible(self, other: "NumberValue") -> bool:
        """Intervals overlap: 'at least 30' is compatible with 35, '30' with 'about 31'.
        Two bounds of one direction are two reported figures, not two intervals: 'at least
        two killed' and 'at least three killed' disagree on the toll."""
        if self.bound and self.bound == other.bound:
            return self.stated == other.stated
        return self.low <= other.high and other.low <= self.high


_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "m": 1e6, "bn": 1e9, "k": 1e3}
_NUMBER_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?|\.\d+)")
_RANGE_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(?:-|–|to)\s*(\d[\d,]*(?:\.\d+)?)")
DURATION_UNITS = {"year", "month", "week", "day", "hour", "minute", "decade", "century"}
_CLOCK = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2}):(\d{2})(?![\d:])")
_SPELLED_DURATION = re.compile(
    r"\b(\d+)\s*(?:hours?|hrs?|h)\b(?:,?\s*(\d+)\s*(?:minutes?|mins?|m)\b)?(?:,?\s*(?:and\s*)?(\d+)\s*(?:seconds?|secs?|s)\b)?",
    re.I)

# Qualifiers turn a stated number into an interval of values it allows.
_LOWER_BOUND = ("at least", "more than", "over", "above", "in excess of", "upwards of", "no fewer than", "no less than")
_UPPER_BOUND = ("at most", "up to", "less than", "fewer than", "under", "below", "no more than", "nearly", "almost",
                "as many as", "as much as")
_APPROXIMATE = ("about", "around", "approximately", "roughly", "some", "an estimated", "estimated", "nearly", "almost",
                "close to")
NUMBER_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}


def parse_number(ent, sent) -> NumberValue | None:
    text = ent.text.lower().replace("-", " ")
    ranged = _RANGE_RE.search(ent.text)
    match = _NUMBER_RE.search(text)
    if match:
        value = float(match.group(1).replace(",", ""))
        after = text[match.end():]
    else:
        words = [w for w in WORD_NUMBERS if re.search(rf"\b{w}\b", text)]
        if not words:
            return None  # "tens of billions": too vague to compare
        word = max(words, key=len)
        value = float(WORD_NUMBERS[word])
        after = text[text.index(word) + len(word):]
    scale = re.search(r"^\s*(?:\d[\d,.]*\s*)?(thousand|million|billion|trillion|bn|m|k)\b", after) or \
        re.search(r"\b(thousand|million|billion|trillion|bn)\b", after)
    factor = _SCALES[scale.group(1)] if scale else 1.0
    value *= factor
    unit = _unit(ent, text)
    before = sent.doc[max(sent.start, ent.start - 4):ent.start].text.lower() + " " + text[: match.start() if match else 0]
    low, high, bound = value, value, ""
    if ranged:  # "20-30 million": every value between the two figures
        low, high = sorted(float(g.replace(",", "")) * factor for g in ranged.groups())
    if any(re.search(rf"\b{q}\s*$", before.strip()) or re.search(rf"\b{q}\b", text) for q in _LOWER_BOUND):
        high, bound = float("inf"), "lower"
    elif any(re.search(rf"\b{q}\s*$", before.strip()) or re.search(rf"\b{q}\b", text) for q in _UPPER_BOUND):
        low = 0.0 if not any(re.search(rf"\b{q}\b", before + text) for q in ("nearly", "almost")) else value * 0.85
        bound = "upper"
    if any(re.search(rf"\b{q}\b", before + " " + text) for q in _APPROXIMATE):
        low, high = min(low, value * 0.9), max(high, value * 1.1)
    return NumberValue(low, high, unit, value, bound)


def _unit(ent, text: str) -> str:
    if ent.label_ == "PERCENT" or "%" in text or "percent" in text:
        return "%"
    for symbol, name in _CURRENCY_SYMBOLS.items():
        if symbol in text:
            return name
    last = ent[-1]
    part = partitive_noun(ent.root)
    if part is not None and part.i >= ent.end:  # "46 of the 89 seats"
        return _singular(part.lemma_.lower())
    for token in list(ent)[::-1]:
        if token.pos_ == "NOUN":
            return _singular(token.lemma_.lower())
    nxt = ent.end + 1 if ent.end < len(ent.doc) and ent.doc[ent.end].tag_ == "HYPH" else ent.end  # "1,200-kilogram"
    after = ent.doc[nxt] if nxt < len(ent.doc) else None
    if after is not None and after.pos_ == "NOUN" and after.dep_ == "compound":
        return _singular(after.lemma_.lower())  # "the 240 million euro cost": the noun right after it
    head = last.head
    if last.dep_ in ("nummod", "compound", "quantmod", "amod") and head.pos_ in ("NOUN", "PROPN"):
        return _singular(head.lemma_.lower())
    return ""


_CURRENCY_SYMBOLS = {"$": "dollar", "€": "euro", "£": "pound"}
_UNIT_SPELLINGS = {"percent": "%", "per": "%", "dollars": "dollar", "euros": "euro"}


@functools.cache  # a pure function of the word, asked for every figure: pint parses each once
def _singular(word: str) -> str:
    """One name for each unit however it is written ("kg", "kilograms", "kilogramme"), from
    pint's registry of units and abbreviations; words pint does not know (seats, beds), times
    (the duration checks use their own words) and plain counts stay as they are."""
    if word in _UNIT_SPELLINGS:
        return _UNIT_SPELLINGS[word]
    if not word.isalpha():
        return word  # pint parses expressions: "*", "/", "m/" raise from deep in its parser
    try:
        unit = _unit_registry().parse_units(word)
    except Exception:  # noqa: BLE001 - any word of a document: pint's parser raises many kinds
        return word
    if unit.dimensionless or unit.dimensionality == {"[time]": 1}:
        return word
    return str(unit)


@functools.cache
def _unit_registry() -> pint.UnitRegistry:
    return pint.UnitRegistry()


def _durations(sent) -> list[tuple[int, int, float]]:
    """(start token, end token, seconds) for clock times "2:04:51" and spelled durations."""
    found = []
    for pattern, seconds in ((_CLOCK, lambda m: int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3])),
                             (_SPELLED_DURATION, lambda m: int(m[1]) * 3600 + int(m[2] or 0) * 60 + int(m[3] or 0))):
        for m in pattern.finditer(sent.text):
            if pattern is _SPELLED_DURATION and not (m[2] or m[3]):
                continue  # "2 hours" alone is an ordinary duration
            span = sent.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                found.append((span.start, span.end, float(seconds(m))))
    return found


_SCALE_SUFFIXES = {word for word in _SCALES if len(word) <= 2}  # "m", "bn", "k"


def _with_symbol_and_scale(ent, sent):
    """"£4.2m", where the recogniser took only "4.2": the currency sign before it and the
    scale letter after it belong to the figure."""
    from spacy.tokens import Span

    doc = sent.doc
    start, end = ent.start, ent.end
    if start > sent.start and doc[start - 1].text in _CURRENCY_SYMBOLS:
        start -= 1
    if end < sent.end and doc[end].lower_ in _SCALE_SUFFIXES and doc[end - 1].whitespace_ == "":
        end += 1  # glued to the figure: "4.2m", not "4.2 m" (metres)
    return ent if (start, end) == (ent.start, ent.end) else Span(doc, start, end, label=ent.label_)


def extract(sent, published: dt.date | None, facts: ClaimFacts, taken: set[int]) -> None:
    for start, end, seconds in _durations(sent):
        if not set(range(start, end)) & taken:
            facts.mentions.append(make_mention("number", sent, start, end,
                                               NumberValue(seconds, seconds, "h:mm:ss", seconds), published))
            taken.update(range(start, end))
    for ent in sent.ents:
        if set(range(ent.start, ent.end)) & taken:
            continue
        if ent.label_ in NUMBER_LABELS or ent.label_ in ("DATE", "TIME"):
            ent = _with_symbol_and_scale(ent, sent)
            number = parse_number(ent, sent)
            if number is None or (ent.label_ in ("DATE", "TIME") and number.unit not in DURATION_UNITS):
                continue  # a DATE entity is a number only as a duration: "16 years", "two weeks"
            if number.unit == "week":  # "two weeks" and "14 days" are one duration
                number = NumberValue(number.low * 7, number.high * 7, "day", number.stated * 7, number.bound)
            mention = make_mention("number", sent, ent.start, ent.end, number, published)
            _link_reading(sent, ent, mention, facts)
            facts.mentions.append(mention)
            taken.update(range(ent.start, ent.end))


def _link_reading(sent, ent, mention: Mention, facts: ClaimFacts) -> None:
    """A date in the clause of a figure the clause states ("inflation stood at 3.2% in
    December", "shares closed up 5% on Thursday", "killed four people on Wednesday") says when
    the figure was read: the date mention learns its figure. A figure that qualifies a noun
    ("the 14-kilometre tunnel") is not what the clause states."""
    if governing_word(ent.root).pos_ in ("NOUN", "PROPN"):
        return
    verb = clause_head(ent.root)
    subject = subject_of(verb)
    for other in sent.ents:
        if other.label_ not in ("DATE", "TIME"):
            continue
        # or in a clause that describes the clause's subject, a common noun: "The poll, carried
        # out between January 10 and 14, put X on 27%" (not "Pellan, founded in 1962, runs 14
        # plants": a named thing's founding is not when its figure was read)
        of_date = clause_head(other.root)
        if of_date.i != verb.i and not (of_date.dep_ in ("acl", "relcl") and subject is not None
                                        and of_date.head.i == subject.i and subject.pos_ == "NOUN"):
            continue
        date = next((m for m in facts.mentions if m.kind == "date" and m.text.startswith(other.text)), None)
        if date is not None and date.figure is None:
            date.figure = mention.value
