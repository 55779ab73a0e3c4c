"""Fact extraction from one parsed sentence, and comparison of two sentences' facts.

Everything here is grammar, not vocabulary about any story: spaCy's entities and parse
tell us where a value sits (its *slot*: the words around it, masked), who holds which
title, and whether an event is framed as already held or still to come.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class DateValue:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    # "after" (after/since April 26), "before" (by/before/until April 6), "snapshot" (as of April 6:
    # the time a changing figure was read, which no other date contradicts); "" = that date
    bound: str = ""

    def compatible(self, other: "DateValue") -> bool:
        """'July' is compatible with 'July 11'; a field both state must agree, unless one
        date is a bound: 'after April 26' is compatible with 'as of April 27'."""
        if "snapshot" in (self.bound, other.bound):
            return True
        if self.bound or other.bound:
            order = self._order(other)
            if order is None:
                return True
            return ((self.bound != "after" or order >= 0) and (self.bound != "before" or order <= 0)
                    and (other.bound != "after" or order <= 0) and (other.bound != "before" or order >= 0))
        return all(a is None or b is None or a == b for a, b in
                   ((self.year, other.year), (self.month, other.month), (self.day, other.day)))

    def _order(self, other: "DateValue") -> int | None:
        """Sign of (other - self) over the leading fields both state; None if undecided."""
        for a, b in ((self.year, other.year), (self.month, other.month), (self.day, other.day)):
            if a is None or b is None:
                return None if a != b or a is None else 0
            if a != b:
                return 1 if b > a else -1
        return 0

    def __str__(self) -> str:
        parts = []
        if self.month:
            parts.append(dt.date(2000, self.month, 1).strftime("%B"))
        if self.day:
            parts.append(str(self.day))
        if self.year:
            parts.append(str(self.year))
        return " ".join(parts)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class NameValue:
    text: str

    def compatible(self, other: "NameValue") -> bool:
        return same_name(self.text, other.text)


@dataclass
class Mention:
    """A value in a slot: ``context`` is the phrase around the value with the value masked."""

    kind: str  # "date", "number", "location", "entity"
    text: str
    value: DateValue | NumberValue | NameValue
    context: str
    label: str = ""  # spaCy entity label, for names
    anchor: str = ""  # the noun (or verb) the value describes: "pledge" in "the pledge made in 2014"


@dataclass(frozen=True)
class RoleMention:
    title: str  # normalised role words, e.g. "secretary general"
    qualifiers: frozenset[str]  # organisation / country words in the title
    person: str
    text: str  # title and name as written


@dataclass
class EventMention:
    lemma: str
    qualifiers: set[str]
    framing: str  # "held" or "upcoming"
    explicit: bool  # framed by a word on the noun itself ("upcoming", "planned", "last")
    text: str


@dataclass
class ClaimFacts:
    mentions: list[Mention] = field(default_factory=list)
    roles: list[RoleMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    negated: bool = False


# ---------------------------------------------------------------- extraction

_MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"], start=1)}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH_RE = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\b", re.I)
_YEAR_RE = re.compile(r"(?<![\d.,])(1[89]\d\d|20\d\d)(?![\d%]|s\b)")
_DAY_RE = re.compile(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b")
_WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_WORD_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                      "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12})
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "m": 1e6, "bn": 1e9, "k": 1e3}
_NUMBER_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?|\.\d+)")
_RELATIVE_YEAR = re.compile(
    r"\b(?:(?P<prev>last|previous|past|preceding) year|(?P<next>next|following|coming) year|"
    r"(?P<this>this|current) year|(?P<ago>\w+) years? ago|a year ago)\b", re.I)
_DURATION_UNITS = {"year", "month", "week", "day", "hour", "minute", "decade", "century"}

# Qualifiers turn a stated number into an interval of values it allows.
_LOWER_BOUND = ("at least", "more than", "over", "above", "in excess of", "upwards of", "no fewer than", "no less than")
_UPPER_BOUND = ("at most", "up to", "less than", "fewer than", "under", "below", "no more than", "nearly", "almost")
_APPROXIMATE = ("about", "around", "approximately", "roughly", "some", "an estimated", "estimated", "nearly", "almost", "close to")

# Words on an event noun that frame it in time. General English, not story vocabulary.
_UPCOMING_WORDS = {"upcoming", "forthcoming", "planned", "scheduled", "next", "proposed",
                   "coming", "future", "pending", "impending", "expected"}
_HELD_WORDS = {"last", "previous", "recent", "past", "concluded", "held", "former", "latest"}
_NOT_ASSERTING_PREPS = {"before", "ahead", "until", "prior", "till"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_NEGATIONS = {"no", "never", "without", "none", "nothing", "neither", "nor", "not", "n't", "nobody"}
_NOT_CURRENT = {"former", "late", "ex", "then", "outgoing", "previous", "incoming", "acting"}
_LOCATION_LABELS = {"GPE", "LOC", "FAC"}
_ENTITY_LABELS = {"PERSON", "ORG", "NORP", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"}
_NUMBER_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}


def extract_facts(sent, published: dt.date | None) -> ClaimFacts:
    facts = ClaimFacts()
    taken: set[int] = set()
    for ent in sent.ents:
        mention = _mention_from_entity(ent, sent, published)
        if mention is not None:
            facts.mentions.append(mention)
            taken.update(range(ent.start, ent.end))
    # Bare years that the NER missed or tagged as numbers.
    for token in sent:
        if token.i not in taken and token.like_num and _YEAR_RE.fullmatch(token.text):
            facts.mentions.append(_mention("date", sent, token.i, token.i + 1, DateValue(year=int(token.text))))
    facts.roles = _roles(sent)
    facts.events = _events(sent)
    facts.negated = sum(t.dep_ == "neg" or is_negation(t.lower_) for t in sent) % 2 == 1
    return facts


def is_negation(word: str) -> bool:
    """A lower-cased word that negates: spaCy splits "didn't" into "did" + "n't", plain
    tokenizers keep it whole."""
    return word in _NEGATIONS or word.endswith(("n't", "n’t"))


_MASKS = {"date": "[DATE]", "number": "[NUM]", "location": "[PLACE]"}


def _mention(kind: str, sent, start: int, end: int, value, label: str = "") -> Mention:
    mask = _MASKS.get(kind) or f"[{label}]"
    return Mention(kind, sent.doc[start:end].text, value, _slot_context(sent, start, end, mask), label,
                   _anchor(sent, start, end))


def _mention_from_entity(ent, sent, published: dt.date | None) -> Mention | None:
    label = ent.label_
    if label in ("DATE", "TIME"):
        value = parse_date_text(ent.text, published)
        if value is not None:
            value = replace(value, bound=_date_bound(ent, sent))
            return _mention("date", sent, ent.start, ent.end, value)
        number = _parse_number(ent, sent)  # durations: "16 years", "two weeks"
        if number is not None and number.unit in _DURATION_UNITS:
            return _mention("number", sent, ent.start, ent.end, number)
        return None
    if label in _NUMBER_LABELS:
        number = _parse_number(ent, sent)
        if number is None:
            return None
        return _mention("number", sent, ent.start, ent.end, number)
    if label in _LOCATION_LABELS:
        return _mention("location", sent, ent.start, ent.end, NameValue(ent.text))
    if label in _ENTITY_LABELS:
        return _mention("entity", sent, ent.start, ent.end, NameValue(ent.text), label)
    return None


_AFTER = {"after", "since", "from", "post", "following"}
_BEFORE = {"before", "by", "until", "till", "prior", "through", "ahead"}


def _date_bound(ent, sent) -> str:
    before = [t.lower_ for t in sent.doc[max(sent.start, ent.start - 4):ent.start]]
    if re.search(r"\bas (?:of|at)\b", " ".join(before + [ent[0].lower_, ent[1].lower_ if len(ent) > 1 else ""])):
        return "snapshot"
    words = before[-2:] + [ent[0].lower_]
    if _AFTER & set(words):
        return "after"
    if _BEFORE & set(words):
        return "before"
    return ""


def parse_date_text(text: str, published: dt.date | None) -> DateValue | None:
    """Years, months and days stated in a date expression; relative years ("the previous
    year", "two years ago") resolved against the publication date when it is known."""
    year_match = _YEAR_RE.search(text)
    year = int(year_match.group(1)) if year_match else None
    if year is None:
        rel = _RELATIVE_YEAR.search(text)
        if rel and published is not None:
            if rel.group("prev"):
                year = published.year - 1
            elif rel.group("next"):
                year = published.year + 1
            elif rel.group("this"):
                year = published.year
            else:
                count = _word_or_digit(rel.group("ago") or "a")
                year = published.year - count if count is not None else None
    month_match = _MONTH_RE.search(text)
    month = _MONTHS[month_match.group(1).lower()] if month_match else None
    day = None
    if month_match:
        rest = text[month_match.end():month_match.end() + 6]
        before = text[max(0, month_match.start() - 5):month_match.start()]
        found = _DAY_RE.match(rest.strip()) or _DAY_RE.search(before)
        if found and 1 <= int(found.group(1)) <= 31:
            day = int(found.group(1))
    if year is None and month is None:
        return None
    return DateValue(year, month, day)


def _word_or_digit(word: str) -> int | None:
    word = word.lower()
    if word in ("a", "an", "one"):
        return 1
    if word.isdigit():
        return int(word)
    return _WORD_NUMBERS.get(word)


def _parse_number(ent, sent) -> NumberValue | None:
    text = ent.text.lower().replace("-", " ")
    match = _NUMBER_RE.search(text)
    if match:
        value = float(match.group(1).replace(",", ""))
        after = text[match.end():]
    else:
        words = [w for w in _WORD_NUMBERS if re.search(rf"\b{w}\b", text)]
        if not words:
            return None  # "tens of billions": too vague to compare
        word = max(words, key=len)
        value = float(_WORD_NUMBERS[word])
        after = text[text.index(word) + len(word):]
    scale = re.match(r"\s*(thousand|million|billion|trillion|bn|m|k)\b", after)
    if scale:
        value *= _SCALES[scale.group(1)]
    unit = _unit(ent, text)
    before = sent.doc[max(sent.start, ent.start - 4):ent.start].text.lower() + " " + text[: match.start() if match else 0]
    low, high, bound = value, value, ""
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
    if ent.label_ == "MONEY":
        for symbol, name in (("$", "dollar"), ("€", "euro"), ("£", "pound")):
            if symbol in text:
                return name
    last = ent[-1]
    for token in list(ent)[::-1]:
        if token.pos_ == "NOUN":
            return token.lemma_.lower()
    head = last.head
    if last.dep_ in ("nummod", "compound", "quantmod", "amod") and head.pos_ in ("NOUN", "PROPN"):
        return head.lemma_.lower()
    return ""


def _anchor(sent, start: int, end: int) -> str:
    """The nearest noun above the value (through verbs such as 'made'), else the verb."""
    node = sent.doc[start:end].root
    verb = None
    for _ in range(4):
        if node.head.i == node.i:
            break
        node = node.head
        if node.pos_ == "NOUN" and not (start <= node.i < end):
            return node.lemma_.lower()
        if node.pos_ == "VERB" and verb is None:
            verb = node.lemma_.lower()
    return verb or ""


def _slot_context(sent, start: int, end: int, mask: str, width: int = 10) -> str:
    """The phrase a value sits in, with the value masked: the subtree of the nearest noun or
    verb above it, cut to ``width`` tokens each side."""
    doc = sent.doc
    anchor = doc[start:end].root.head
    while anchor.pos_ not in ("NOUN", "VERB", "PROPN") and anchor.head.i != anchor.i:
        anchor = anchor.head
    left = max(sent.start, min(anchor.left_edge.i, start) , start - width)
    right = min(sent.end, max(anchor.right_edge.i + 1, end), end + width)
    return f"{doc[left:start].text} {mask} {doc[end:right].text}".strip()


def _norm_words(text: str) -> list[str]:
    return [w for w in re.sub(r"[^a-z0-9]+", " ", text.lower().replace(".", "")).split()
            if w not in ("the", "of", "a", "an", "and", "for")]


def _roles(sent) -> list[RoleMention]:
    """'NATO Secretary-General Jens Stoltenberg', 'the NATO Secretary-General, Jens
    Stoltenberg', 'President of Poland Andrzej Duda': title words just before a person."""
    doc = sent.doc
    roles = []
    for ent in sent.ents:
        if ent.label_ != "PERSON":
            continue
        i = ent.start - 1
        if i > sent.start and doc[i].text == "," and ent.root.dep_ in ("appos", "conj"):
            i -= 1  # appositive: "the Secretary-General, Jens Stoltenberg"
        title_tokens = []
        while i >= sent.start:
            token = doc[i]
            titled = token.tag_ in ("NNP", "NNPS") or token.ent_type_ in ("ORG", "GPE", "NORP")
            bracket = token.tag_ in ("-LRB-", "-RRB-")
            if titled or bracket or token.tag_ == "HYPH" or (token.lower_ == "of" and title_tokens):
                title_tokens.insert(0, token)
                i -= 1
                continue
            break
        while title_tokens and (title_tokens[0].lower_ == "of" or title_tokens[0].tag_ == "HYPH"):
            title_tokens.pop(0)
        if i >= sent.start and doc[i].lower_.strip("-") in _NOT_CURRENT:
            continue
        title_tokens = [t for t in title_tokens if t.tag_ not in ("-LRB-", "-RRB-")]
        role_words = [t for t in title_tokens if not t.ent_type_ and t.tag_ != "HYPH" and t.lower_ != "of"]
        if not role_words or role_words[-1].ent_type_:
            continue
        qualifiers = frozenset(w for t in title_tokens if t.ent_type_ for w in _norm_words(t.text))
        title = " ".join(w for t in role_words for w in _norm_words(t.text))
        if not title or not qualifiers:
            continue  # an unqualified "President X" cannot be matched safely across sources
        span = doc[title_tokens[0].i:ent.end]
        roles.append(RoleMention(title, qualifiers, ent.text, span.text))
    return roles


def _events(sent) -> list[EventMention]:
    events = []
    for token in sent:
        # Capitalised event names ("the Vilnius Summit") are tagged PROPN; names of people
        # and places are not events.
        if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ in ("PERSON", "GPE", "LOC", "NORP", "DATE"):
            continue
        if token.dep_ not in ("pobj", "dobj", "nsubj", "nsubjpass", "attr"):
            continue
        modifiers = {c.lower_ for c in token.children if c.dep_ in ("amod", "acl", "compound", "advmod")}
        framing, explicit = None, False
        if modifiers & _UPCOMING_WORDS:
            framing, explicit = "upcoming", True
        elif modifiers & _HELD_WORDS:
            framing, explicit = "held", True
        else:
            framing = _clause_framing(token)
            explicit = framing == "upcoming" and any(c.lower_ == "yet" for c in token.head.children)
        if framing is None:
            continue
        qualifiers = _event_qualifiers(token)
        events.append(EventMention(token.lemma_.lower(), qualifiers, framing, explicit,
                                   sent.doc[token.left_edge.i:token.right_edge.i + 1].text))
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
    if auxes & {"would", "could", "should", "might", "may", "must", "can", "to"}:
        return None
    past = node.tag_ == "VBD" or (node.tag_ == "VBN" and auxes & {"has", "have", "had", "was", "were"})
    if past and negated:
        return "upcoming" if "yet" in children else None  # "has not yet taken place"
    return "held" if past else None


def _event_qualifiers(noun) -> set[str]:
    words = set()
    for child in noun.children:
        if child.dep_ in ("compound", "nmod", "amod") and child.pos_ == "PROPN" and child.ent_type_ != "DATE":
            words.update(_norm_words(child.text))
        if child.dep_ == "prep" and child.lower_ in ("in", "at", "of"):
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ == "PROPN":
                    words.update(_norm_words(obj.text))
    return words


def link_events(claims_facts: list[ClaimFacts]) -> None:
    """Within one document, an event noun named without a qualifier ('the upcoming summit')
    takes the qualifier the document most often gives that noun ('the Vilnius summit')."""
    counts: dict[str, Counter] = {}
    for facts in claims_facts:
        for event in facts.events:
            counts.setdefault(event.lemma, Counter()).update(event.qualifiers)
    for facts in claims_facts:
        for event in facts.events:
            if not event.qualifiers and counts.get(event.lemma):
                event.qualifiers = {counts[event.lemma].most_common(1)[0][0]}


# ---------------------------------------------------------------- comparison


def same_name(a: str, b: str) -> bool:
    """Spelling variants of one name ('Zelenskiy', 'Zelenskyy', 'Zelensky') are the same;
    'Stoltenberg' and 'Jens Stoltenberg' are the same."""
    wa, wb = _norm_words(a), _norm_words(b)
    if not wa or not wb:
        return False
    for short, long in ((wa, wb), (wb, wa)):  # an acronym and its expansion
        if len(short) == 1 and len(long) > 1 and short[0] == "".join(w[0] for w in long if w not in short):
            return True
    if set(wa) <= set(wb) or set(wb) <= set(wa):
        return True
    return SequenceMatcher(None, wa[-1], wb[-1]).ratio() >= 0.75 and (
        len(wa) == 1 or len(wb) == 1 or SequenceMatcher(None, wa[0], wb[0]).ratio() >= 0.75)


def same_office(a: RoleMention, b: RoleMention) -> bool:
    return a.title == b.title and bool(a.qualifiers & b.qualifiers)
