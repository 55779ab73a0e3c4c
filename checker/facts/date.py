"""Date slot: years, months and days, bounds ("since", "by"), snapshots ("as of"), and
relative dates ("the previous year", "on Monday") resolved against the publication date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from checker.facts.common import REPORTING_VERBS, ClaimFacts, clause_head, governing_word, make_mention, tense_of


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


_MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"], start=1)}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH_RE = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\b", re.I)
YEAR_RE = re.compile(r"(?<![\d.,:])(1[89]\d\d|20\d\d)(?![\d%:]|s\b)")
_DAY_RE = re.compile(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b")
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.I)
_RELATIVE_YEAR = re.compile(
    r"\b(?:(?P<prev>last|previous|past|preceding) year|(?P<next>next|following|coming) year|"
    r"(?P<this>this|current) year|(?P<ago>\w+) years? ago|a year ago)\b", re.I)
_RELATIVE_DAY = re.compile(r"\b(?P<yesterday>yesterday)|(?P<today>today)|(?P<tomorrow>tomorrow)\b", re.I)
_WORD_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}
_AFTER = {"after", "since", "from", "post", "following"}
_BEFORE = {"before", "by", "until", "till", "prior", "through", "ahead"}


def parse_date_text(text: str, published: dt.date | None, tense: str = "") -> DateValue | None:
    """Years, months and days stated in a date expression; relative years ("the previous
    year", "two years ago") and days ("on Monday", "yesterday") resolved against the
    publication date when it is known. A weekday is the last one on or before the publication
    date, or with ``tense == "future"`` the next one after it."""
    year_match = YEAR_RE.search(text)
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
                count = _count(rel.group("ago") or "a")
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
    if year is None and month is None and published is not None:
        resolved = _relative_day(text, published, tense)
        if resolved is not None:
            return DateValue(resolved.year, resolved.month, resolved.day)
    if year is None and month is None:
        return None
    return DateValue(year, month, day)


def names_day_only(text: str) -> bool:
    """"on Tuesday", "yesterday", "Friday night": a day named relative to the publication date,
    with no month or year. Writers use these for days within a week of publishing."""
    return bool(_WEEKDAY_RE.search(text) or _RELATIVE_DAY.search(text)) and not (
        YEAR_RE.search(text) or _MONTH_RE.search(text))


def _relative_day(text: str, published: dt.date, tense: str) -> dt.date | None:
    if re.search(r"\b(?:last|next|this|every|each)\s+\w*day\b", text, re.I) and not re.search(
            r"\bthis\s+(?:past\s+)?\w+day\b", text, re.I):
        return None  # "last Monday" / "next Monday" are read differently by different writers
    weekday = _WEEKDAY_RE.search(text)
    if weekday:
        target = _WEEKDAYS.index(weekday.group(1).lower())
        if tense == "future":
            return published + dt.timedelta(days=(target - published.weekday() - 1) % 7 + 1)
        return published - dt.timedelta(days=(published.weekday() - target) % 7)
    rel = _RELATIVE_DAY.search(text)
    if rel:
        shift = -1 if rel.group("yesterday") else 1 if rel.group("tomorrow") else 0
        return published + dt.timedelta(days=shift)
    return None


def _count(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else _WORD_COUNTS.get(word)


def date_bound(ent, sent) -> str:
    before = [t.lower_ for t in sent.doc[max(sent.start, ent.start - 4):ent.start]]
    if re.search(r"\bas (?:of|at)\b", " ".join(before + [ent[0].lower_, ent[1].lower_ if len(ent) > 1 else ""])):
        return "snapshot"
    words = before[-2:] + [ent[0].lower_]
    if _AFTER & set(words):
        return "after"
    if _BEFORE & set(words):
        return "before"
    return ""


def _not_since(ent, sent) -> bool:
    """"had not been inspected since 2012": the last inspection was in 2012, the same fact as
    "was last inspected in 2012"."""
    prep = ent.root.head
    if ent.root.dep_ != "pobj" or prep.lower_ != "since":
        return False
    verb = clause_head(prep)
    return any(c.dep_ == "neg" for c in verb.children)


def _of_speech(ent) -> bool:
    """"X said on Thursday that ...", "..., the company said on Thursday": the date says when
    a thing was said, and two reports on two days are two statements, not one date told
    twice. "announced the inquiry on Monday" and "the first case was confirmed on Monday" (an
    object, active or passive, not a clause) date the announcement."""
    verb = governing_word(ent.root)
    return verb.lemma_.lower() in REPORTING_VERBS and (
        verb.lemma_.lower() == "tell" or not any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children))


# Parts of a day: "on Friday night" is one date, said of the verb the preposition hangs on
# (the parser makes "Friday" a compound of "night", which would anchor the date on "night").
_TIMES_OF_DAY = {"morning", "afternoon", "evening", "night", "overnight"}
_OFFSET = re.compile(r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:day|week|month|year)s?\b", re.I)


def _date_span(ent, sent) -> tuple[int, int]:
    """The tokens a date's mention is anchored on: the entity, with a part of the day it
    compounds ("Friday night"). When the parser splits a date between two heads ("overflowed
    on Saturday, April 12, many families are living ...": "April" hangs on "living"), the part
    that is the object of the date's preposition, which says what the date is of."""
    start, end = ent.start, _date_end(ent, sent)
    if end < ent.end:
        return start, end
    if end < sent.end and ent.root.dep_ == "compound" and ent.root.head.i == end and \
            sent.doc[end].lower_ in _TIMES_OF_DAY:
        return start, end + 1
    objects = [t for t in ent if t.dep_ == "pobj" and t.head.i < start]
    if objects and ent.root.dep_ != "pobj":
        return start, max(t.i for t in objects[0].subtree if t.i < end) + 1
    return start, end


def _date_end(ent, sent) -> int:
    """Where the date entity ends, before an offset the recogniser glued to it ("February 27,
    a week before ..."): the date, not a span of a week."""
    comma = next((t.i for t in ent if t.text == ","), None)
    if comma is not None and _OFFSET.match(sent.doc[comma + 1:ent.end].text):
        return comma
    return ent.end


def extract(sent, published: dt.date | None, facts: ClaimFacts, taken: set[int]) -> None:
    """DATE/TIME entities that parse as dates, and bare years the NER missed."""
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME") or set(range(ent.start, ent.end)) & taken:
            continue
        start, end = _date_span(ent, sent)  # starts where the entity does
        text = sent.doc[start:max(end, _date_end(ent, sent))].text
        value = parse_date_text(text, published, tense_of(sent.doc[start:end].root))
        if value is not None:
            bound = date_bound(ent, sent)
            last = bound == "after" and _not_since(ent, sent)
            mention = make_mention("date", sent, start, end, replace(value, bound="" if last else bound), published)
            mention.text = text
            if last:
                mention.ordinal = "last"
            mention.of_speech = _of_speech(ent)
            facts.mentions.append(mention)
            taken.update(range(start, max(end, ent.end)))
    for token in sent:
        if token.i not in taken and token.like_num and YEAR_RE.fullmatch(token.text):
            facts.mentions.append(make_mention("date", sent, token.i, token.i + 1, DateValue(year=int(token.text)),
                                               published))
            taken.add(token.i)
