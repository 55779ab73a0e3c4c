"""What every slot shares: the `Mention` of a value, the anchor it describes, and name matching.

Everything here is grammar, not vocabulary about any story: spaCy's entities and parse tell
us where a value sits (its *slot*: the words around it, masked), which named thing it is said
of (its *owners*: "Norges Bank" in "Norges Bank held its key rate at 4.5%"), for which period
("in the first quarter"), and whether it is a first, a second or a latest occurrence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

# What stands for a value in its masked clause ("the pledge made in [DATE]"); a name, its label.
MASKS = {"date": "[DATE]", "number": "[NUM]", "location": "[PLACE]"}
# Entities that say *whose* value it is. Places are owners too ("Kenya's growth").
OWNER_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
# Verbs that report speech: their subject is a speaker, not the owner of what is reported.
REPORTING_VERBS = {"say", "tell", "add", "announce", "state", "report", "confirm", "claim", "note", "write",
                   "explain", "insist", "argue", "warn", "accord", "estimate", "believe", "expect", "hear"}
# Words that make an occurrence one of several: "first questioned" vs "questioned again".
ORDINALS = {"first": "first", "again": "again", "second": "second", "third": "third", "latest": "latest",
            "last": "last", "previous": "previous", "next": "next", "new": "new", "initial": "first",
            "earlier": "previous", "later": "later", "further": "again", "another": "again"}
# A figure read at a moment, which later reports may update: "so far", "as of", "has risen to".
SNAPSHOT_PATTERN = re.compile(
    r"\b(?:so far|as of|to date|currently|now|risen to|rose to|climbed to|stood at|stands at|"
    r"at the latest count|has reached|have reached|latest)\b", re.I)
# Words of a period that split a year into parts: "first half", "third quarter".
PERIOD_PARTS = {"quarter", "half", "month", "week", "first", "second", "third", "fourth", "full", "fiscal",
                "january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december", "h1", "h2", "q1", "q2", "q3", "q4"}


@dataclass(slots=True)
class Mention:
    """A value in a slot: ``context`` is the phrase around the value with the value masked."""

    kind: str  # "date", "number", "location", "entity"
    text: str
    value: object  # DateValue, NumberValue or NameValue: each has .compatible(other)
    context: str
    label: str = ""  # spaCy entity label, for names
    anchor: str = ""  # the noun (or verb) the value describes: "pledge" in "the pledge made in 2014"
    owners: frozenset[str] = frozenset()  # named things the clause says it of
    owner_labels: frozenset[str] = frozenset()  # their entity labels ("" for a name the recogniser missed)
    period: str = ""  # normalised period words of the clause ("first half 2019")
    ordinal: str = ""  # "first", "again", "latest"...: one of several occurrences
    snapshot: bool = False  # a reading at a time ("so far", "as of"), which later reports may update
    clause: str = ""  # the value's clause with the value masked: what the fact table matches anchors on
    tense: str = ""  # "future" or "past" for the value's clause
    place_of_action: bool = False  # a place in a place phrase on a verb ("signed in X"), not "X's runner"
    verb: str = ""  # lemma of the verb of the value's clause ("arrest" in "was arrested at his home in X")
    subject_owned: bool = False  # the owners are the clause's subject, not just names in the clause
    attribute: str = ""  # what of its owner a figure measures: "sales" in "X's sales rose 6%"
    # A date that says when a figure was read ("stood at 3.2% in December"), or a place that says
    # where it was counted ("735 cases were confirmed in X"): that figure (a NumberValue). Two
    # such dates or places of different figures are two readings, not one fact told twice.
    figure: object = None
    read_on: object = None  # the DateValue of the day a figure's clause names ("closed at 8,412 on Monday")
    of_speech: bool = False  # a date of a reporting verb ("X said on Thursday that ..."): when it was said
    measure: tuple = ()  # a figure's measured noun, its noun compounds and phrase (`measured_noun`)


@dataclass(slots=True)
class ClaimFacts:
    """Every fact one sentence states, by slot (see `checker.facts.SLOTS`)."""

    mentions: list[Mention] = field(default_factory=list)
    roles: list = field(default_factory=list)  # person.RoleMention
    agents: list = field(default_factory=list)  # person.AgentMention
    quotes: list = field(default_factory=list)  # speaker.Quote
    events: list = field(default_factory=list)  # framing.EventMention
    negated: bool = False
    polarity: list = field(default_factory=list)  # polarity.Predication
    subject: frozenset[str] = frozenset()  # names the main clause is said of (`sentence_subject`)
    speakers: frozenset[str] = frozenset()  # names in the subject of its reporting verb ("X said ...")


WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
WORD_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                     "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12})


def norm_words(text: str) -> list[str]:
    return [w for w in re.sub(r"[^a-z0-9]+", " ", text.lower().replace(".", "")).split()
            if w not in ("the", "of", "a", "an", "and", "for", "s")]


# Pairing and the fact table ask this of the same few thousand names hundreds of thousands of
# times (1,000 articles: 173k calls, most of the warm run's pairing stage).
@lru_cache(maxsize=1 << 16)
def same_name(a: str, b: str) -> bool:
    """Spelling variants of one name ('Zelenskiy', 'Zelenskyy', 'Zelensky') are the same;
    'Stoltenberg' and 'Jens Stoltenberg' are the same."""
    wa, wb = _name_words(a), _name_words(b)
    if not wa or not wb:
        return False
    for short, long in ((wa, wb), (wb, wa)):  # an acronym and its expansion
        if len(short) == 1 and len(long) > 1 and short[0] == "".join(w[0] for w in long if w not in short):
            return True
    if set(wa) <= set(wb) or set(wb) <= set(wa):
        return True
    return _spelled_alike(wa[-1], wb[-1]) and (len(wa) == 1 or len(wb) == 1 or _spelled_alike(wa[0], wb[0]))


@lru_cache(maxsize=1 << 16)
def _name_words(name: str) -> tuple[str, ...]:
    """A name's words, numbers in digits: "Channel One" and "Channel 1" are one name."""
    return tuple(str(WORD_NUMBERS.get(w, w)) for w in norm_words(name))


def _spelled_alike(x: str, y: str) -> bool:
    """difflib's ratio of the two words is at least 0.75; its cheap upper bounds (lengths, then
    letters) first, as difflib suggests: most pairs of names fail on them."""
    matcher = SequenceMatcher(None, x, y)
    return matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75 and matcher.ratio() >= 0.75


def names_overlap(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> bool:
    return any(same_name(x, y) for x in a for y in b)


def clause_head(token):
    """The verb of the clause a token sits in: up through nouns and prepositions."""
    node = token
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node


def governing_word(token):
    """The word a value phrase qualifies: through the noun it counts ("8,412 points") and its
    preposition ("at 3.2%", "in December"), else its head. A date and a figure that qualify one
    word ("stood at 3.2% in December") are one reading: the figure, and when it was taken."""
    node = token
    if node.dep_ in ("nummod", "quantmod", "compound") and node.head.pos_ in ("NOUN", "PROPN"):
        node = node.head
        if node.dep_ in ("nsubj", "nsubjpass"):
            return node  # a figure in the subject's name ("the X 40 index") qualifies the subject
    return node.head.head if node.dep_ == "pobj" else node.head


def clause_tokens(sent, start: int, end: int) -> set[int]:
    """Token indices of the clause that states the value at [start, end): the clause verb's
    subtree without nested clauses that do not hold the value, without the speaker of a
    reporting verb, and with the noun a participial or relative clause describes ("Pellan"
    in "Pellan, founded in 1962, runs ...")."""
    doc = sent.doc
    head = clause_head(doc[start:end].root)
    tokens = {t.i for t in head.subtree}
    for child in head.children:  # a nested clause that does not hold the value says other things
        if child.dep_ in ("advcl", "conj", "parataxis", "relcl", "ccomp", "acl") and not (
                child.left_edge.i <= start and end - 1 <= child.right_edge.i):
            tokens -= {t.i for t in child.subtree}
    if head.lemma_.lower() in REPORTING_VERBS:  # the speaker; a passive subject is what was reported
        tokens -= {t.i for c in head.children if c.dep_ in ("nsubj", "agent") for t in c.subtree}
    if head.dep_ == "xcomp" and any(c.dep_ in ("nsubjpass", "csubjpass") for c in head.head.children):
        # "Replacing the pipes is expected to cost [NUM]": the passive verb it completes and its
        # subject say what costs it ("X agreed to buy Y for [NUM]" says it without "X agreed")
        outer = head.head
        tokens |= {outer.i} | {t.i for c in outer.children if c.dep_ in ("nsubjpass", "csubjpass", "auxpass", "neg")
                               for t in c.subtree}
    tokens |= described_noun(head) | elided_noun(head)
    return {i for i in tokens if sent.start <= i < sent.end}


def possessed_attribute(sent, start: int, end: int) -> str:
    """The owned noun a figure's clause is about: "sales" in "Brightwater's sales rose 6%",
    "milk intake" in "..., while Brightwater's rose 5%" after "Pellan's milk intake fell 3%";
    "" when the subject is not something's."""
    head = clause_head(sent.doc[start:end].root)
    subject = subject_of(head)
    if subject is None or start <= subject.i < end:
        return ""
    if subject.pos_ == "NOUN" and any(c.dep_ == "poss" for c in subject.children):
        words = [c for c in subject.children if c.dep_ == "compound"] + [subject]
    else:
        words = [sent.doc[i] for i in sorted(elided_noun(head)) if sent.doc[i].dep_ in ("compound", "nsubj")]
    return " ".join(t.lemma_.lower() for t in sorted(words, key=lambda t: t.i))


def measured_noun(sent, start: int, end: int) -> tuple:
    """The noun a figure measures: (its lemma, the nouns compounded with it, the phrase as
    written with an "of" object): ("deficit", {"budget"}, "budget deficit") for "a budget
    deficit of 3.4%" and "Orrin's budget deficit was 3.4%", ("number", {}, "number of sales")
    for "the number of sales rose 9%"; () when the figure measures no noun of its own (the
    object of a verb: "sold 3.4 million phones")."""
    root = sent.doc[start:end].root
    word = governing_word(root)
    if word.pos_ != "NOUN":
        node = root.head if root.dep_ in ("nummod", "quantmod", "compound") else root
        word = subject_of(clause_head(root))
        if node.dep_ == "dobj" or word is None or word.pos_ != "NOUN" or start <= word.i < end:
            return ()
    compounds = sorted((c for c in word.children if c.dep_ == "compound" and c.pos_ == "NOUN"), key=lambda t: t.i)
    words = [c.lower_ for c in compounds] + [word.lower_]
    of = next((c for c in word.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    owned = next((c for c in of.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None) if of is not None else None
    if owned is not None:
        words += ["of"] + [c.lower_ for c in owned.children if c.dep_ == "compound" and c.pos_ == "NOUN"] + [owned.lower_]
    return word.lemma_.lower(), frozenset(c.lemma_.lower() for c in compounds), " ".join(words)


def subject_phrase(sent, start: int, end: int) -> set[int]:
    """The subject noun phrase that states a figure inside a preposition of its own ("The
    housing target of [NUM] homes by 2030 was criticised by builders"): the predicate says
    something about the fact, the phrase states it. Empty when the figure is not in one."""
    root = sent.doc[start:end].root
    head = clause_head(root)
    subject = subject_of(head)
    if subject is None or subject.pos_ != "NOUN" or not subject.left_edge.i <= start < subject.right_edge.i + 1:
        return set()
    node = root
    while node.i != subject.i and node.head.i != node.i:  # up to the subject (or the root, off a crossing parse)
        if node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.head.i == subject.i:
            return {t.i for t in subject.subtree}  # through a preposition of the subject noun
        if node.head.i == subject.i and node.dep_ in ("compound", "amod", "nummod") and node.i != root.i:
            # "The [NUM]-kilogram satellite is circling ...": the figure's unit modifies the
            # subject, so the fact is the subject's (its mass), whatever the clause goes on to say
            return {t.i for t in subject.subtree if t.i <= subject.i}
        node = node.head
    return set()


def subject_of(verb):
    """The verb's subject token (active or passive), or None."""
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def elided_noun(head) -> set[int]:
    """The noun a bare possessive subject leaves out, from the clause it parallels: "milk
    intake" for "while Brightwater's rose 5%" after "Pellan's milk intake fell 3%"."""
    subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
    if subject is None or not any(c.dep_ == "case" for c in subject.children) or \
            head.dep_ not in ("advcl", "conj") or head.head.pos_ not in ("VERB", "AUX"):
        return set()
    other = next((c for c in head.head.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
    if other is None:
        return set()
    return {t.i for t in other.subtree if t.dep_ != "case" and t.i not in {p.i for c in other.children
                                                                       if c.dep_ == "poss" for p in c.subtree}}


def described_noun(head) -> set[int]:
    """The noun a participial or relative clause headed by ``head`` describes, with what comes
    before the clause ("Pellan" in "Pellan, founded in 1962, ..."); empty for other clauses."""
    if head.dep_ in ("acl", "relcl") and head.head.pos_ in ("NOUN", "PROPN"):
        noun = head.head
        return {t.i for t in noun.subtree if t.i < head.left_edge.i or t.i == noun.i}
    return set()


def clause_text(sent, start: int, end: int, mask: str, tokens: set[int], width: int = 14) -> str:
    """The clause (``tokens``) cut to ``width`` tokens each side of the value, value masked."""
    near = sorted(i for i in tokens if start - width <= i < end + width)
    doc = sent.doc
    words = [doc[i].text for i in near if i < start] + [mask] + [doc[i].text for i in near if i >= end]
    return " ".join(words)


# The parts of a clause that say what happened; the rest (other place or time phrases, adverbs,
# subordinate clauses) says where, when or why, and only dilutes a comparison of places.
_CORE_DEPS = {"nsubj", "nsubjpass", "dobj", "aux", "auxpass", "neg", "prt", "attr", "acomp", "agent", "dative",
              "oprd", "xcomp"}


def core_tokens(sent, start: int, end: int) -> set[int]:
    """The clause of the value at [start, end) cut to its verb, subject, object and the phrase
    holding the value: "The agreement was finalised at a hotel in [PLACE]" without "late on
    Sunday"."""
    doc = sent.doc
    head = clause_head(doc[start:end].root)
    tokens = {head.i}
    for child in head.children:
        if child.dep_ in _CORE_DEPS or child.left_edge.i <= start <= child.right_edge.i:
            tokens |= {t.i for t in child.subtree}
    for child in [t for t in doc[min(tokens):max(tokens) + 1] if t.i in tokens and t.dep_ in ("relcl", "acl", "appos")]:
        if not child.left_edge.i <= start <= child.right_edge.i:
            tokens -= {t.i for t in child.subtree}
    tokens |= described_noun(head)
    return {i for i in tokens if sent.start <= i < sent.end}


def owners_of(sent, start: int, end: int, tokens: set[int]) -> tuple[frozenset[str], frozenset[str], bool]:
    """Named things the clause (``tokens``, from `clause_tokens`) of the value at [start, end)
    is about, other than the value itself and the speaker of a reporting verb ("Norges Bank"
    in "Norges Bank held its rate at 4.5%"), their entity labels, and whether they are the
    clause's subject (else any names in the clause)."""
    subject = _subject_names(sent, start, end)
    if subject:
        return *subject, True
    names = {}
    for ent in sent.ents:
        if ent.label_ in OWNER_LABELS and ent.start >= sent.start and all(t.i in tokens for t in ent) and \
                not (ent.start < end and start < ent.end):
            names[ent.text] = ent.label_
    return frozenset(names), frozenset(names.values()), False


def rival_owners(ma: Mention, mb: Mention) -> bool:
    """Two values said of two different named things of one kind: "Norges Bank" and "the
    Reserve Bank", two companies, two countries. Owners of different kinds ("an Australian" /
    "Scott Johnson") are two participants of one event picked by each sentence's wording."""
    if not (ma.owners and mb.owners) or names_overlap(ma.owners, mb.owners):
        return False
    if ma.owner_labels & mb.owner_labels:
        return True
    # A name the recogniser missed ("Corvane", "Aster-2", always a subject) may be of any kind
    # but a place's; it rivals another subject's name, not any name elsewhere in the clause
    # ("after a launch from X", "on the Moon").
    return any("" in x.owner_labels and y.subject_owned and y.owner_labels - _PLACE_LABELS
               for x, y in ((ma, mb), (mb, ma)))


_PLACE_LABELS = {"GPE", "LOC", "FAC"}


def period_of(sent, start: int, end: int, resolve) -> tuple[str, object]:
    """The period a value holds for: another date expression in its clause ("in the first
    quarter of 2025", "last year"), normalised, "" if none; and the day its clause names, if
    any, as a DateValue ("closed at 8,412 points on Monday": the day the figure was read)."""
    doc = sent.doc
    head = clause_head(doc[start:end].root)
    tokens = {t.i for t in head.subtree}
    parts, day = [], None
    for ent in sent.ents:
        if ent.label_ == "DATE" and not (ent.start < end and start < ent.end) and ent.start in tokens:
            modified = ent.root.head
            if ent.root.dep_ in ("amod", "compound", "nmod") and modified.pos_ in ("NOUN", "PROPN") and \
                    modified not in list(doc[start:end].root.ancestors):
                continue  # "150 km ..., ending a five-week journey": another thing's duration ("first-half sales of X" stays)
            words = [w for w in norm_words(ent.text) if w in PERIOD_PARTS]
            value = resolve(ent.text)
            if value is not None and value.day:
                day = day or value  # "landed ... on Sunday": when it happened, not a period it holds for
                continue
            parts.append(" ".join(words + ([str(value.year)] if value is not None and value.year else [])))
    span = span_of(head, start, end)
    return "; ".join(sorted(p for p in parts if p) + ([SPAN_MARK + span] if span else [])), day


SPAN_MARK = "over: "


def span_of(head, start: int, end: int) -> str:
    """The span a running total covers: "since then", "in the last seven years", "over the
    past decade". Totals over two different spans are two figures."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("since", "in", "over", "during", "within", "for") and \
                not start <= prep.left_edge.i < end and not prep.left_edge.i <= start <= prep.right_edge.i:
            words = [t.lower_ for t in prep.subtree]
            if prep.lower_ == "since" or {"last", "past", "recent"} & set(words):
                return " ".join(words)
    return ""


def span_part(period: str) -> str:
    return next((p for p in period.split("; ") if p.startswith(SPAN_MARK)), "")


def _subject_names(sent, start: int, end: int) -> tuple[frozenset[str], frozenset[str]] | None:
    """The name of the clause's subject itself when it has one: "Halden Group" in "Corvane's
    parent company, Halden Group, employs 4,500 people" (Corvane only qualifies it)."""
    head = clause_head(sent.doc[start:end].root)
    subject = subject_of(head)
    if subject is None and head.dep_ in ("xcomp", "advcl") and not any(c.dep_ == "mark" for c in head.children):
        # "X is expected to race in Y", "X clocked 2:04 to win in Y": the controlling verb's subject
        subject = subject_of(head.head)
    if subject is None or subject.left_edge.i <= start < subject.right_edge.i + 1:
        return None
    if subject.pos_ == "PRON" and head.dep_ == "relcl":
        subject = head.head  # "Corvane, which employs 900 people"
    return _named_subject(sent, subject)


def _named_subject(sent, subject) -> tuple[frozenset[str], frozenset[str]] | None:
    """The name a subject token (or its apposition) gives, with its entity label ("" for a
    name the recogniser missed); None when it names nothing."""
    for token in [c for c in subject.children if c.dep_ == "appos"] + [subject]:
        if token.ent_type_ in OWNER_LABELS:
            ent = next((e for e in sent.ents if e.start <= token.i < e.end), None)
            if ent is not None:
                return frozenset([ent.text]), frozenset([ent.label_])
        if token.pos_ == "PROPN" or _bare_capitalised(token):  # a name the entity recogniser missed
            parts = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"] + [token]
            return frozenset([" ".join(t.text for t in sorted(parts, key=lambda t: t.i))]), frozenset([""])
    named = [c for c in subject.children if c.dep_ == "compound" and c.pos_ == "PROPN" and not c.ent_type_]
    if subject.pos_ == "NOUN" and named:  # "the Aster-2 lander": the thing named, of a kind
        return frozenset([" ".join(t.text for t in named)]), frozenset([""])
    return None


def sentence_subject(sent) -> frozenset[str]:
    """The organisation, place or thing the sentence's main clause is said of: its subject's
    name ("Korvel Group, X's rival, said ..."), else its subject's owner ("Valdoria's economy
    grew ..."); for a report ("..., the agency said") the reported clause's first. Empty when
    the subject names nothing ("Business groups called on ...") or names a person: articles of
    one story lead with different people (who acted, who spoke)."""
    root = sent.root
    reported = [c for c in root.children if c.dep_ == "ccomp"] if root.lemma_.lower() in REPORTING_VERBS else []
    for verb in reported + [root]:
        subject = subject_of(verb)
        if subject is None:
            continue
        named = _named_subject(sent, subject)
        if named:
            return frozenset() if named[1] & {"PERSON", "NORP"} else named[0]
        for owner in (c for c in subject.children if c.dep_ == "poss"):
            ent = next((e for e in sent.ents if e.start <= owner.i < e.end and e.label_ in OWNER_LABELS), None)
            if ent is not None:
                return frozenset() if ent.label_ in ("PERSON", "NORP") else frozenset([ent.text])
            if owner.pos_ == "PROPN":
                return frozenset([owner.text])
    return frozenset()


def _bare_capitalised(token) -> bool:
    """"Corvane" in "Corvane, which employs ...", tagged a common noun: a capitalised singular
    noun without a determiner is a name (a common noun would need "the")."""
    return token.tag_ == "NN" and token.text[:1].isupper() and not any(c.dep_ in ("det", "poss") for c in token.children)


_FUTURE_MARKERS = {"will", "shall", "'ll", "wo", "due", "expected", "set", "scheduled", "planned", "going", "next"}


def tense_of(token) -> str:
    """'future' when the clause of ``token`` speaks of what is to come ("will", "is due to",
    "is expected to"), 'past' for a past-tense verb, else ''."""
    head = clause_head(token)
    words = {c.lower_ for c in head.children}
    if not any(c.dep_ == "prt" for c in head.children):
        words.add(head.lower_)  # "scheduled for Friday", but not "set off" / "set up"
    if head.head.i != head.i:
        words |= {c.lower_ for c in head.head.children} | {head.head.lower_}
    if words & _FUTURE_MARKERS:
        return "future"
    if head.tag_ == "VB" and head.dep_ in ("xcomp", "advcl") and head.head.i != head.i:
        head = head.head  # "clocked 2:04:51 to win in X": the infinitive is as past as its verb
    if head.tag_ in ("VBD", "VBN"):
        return "past"
    return ""


def ordinal_of(sent, start: int, end: int) -> str:
    head = clause_head(sent.doc[start:end].root)
    return ordinal_among(list(head.children) + [head])


def ordinal_among(tokens, deps=("advmod", "amod", "npadvmod", "acomp")) -> str:
    """The occurrence the first ordinal modifier among ``tokens`` names ("first", "again"), or ""."""
    return next((ORDINALS[t.lower_] for t in tokens if t.lower_ in ORDINALS and t.dep_ in deps), "")


def slot_context(sent, start: int, end: int, mask: str, width: int = 10) -> str:
    """The phrase a value sits in, with the value masked: the subtree of the nearest noun or
    verb above it, cut to ``width`` tokens each side."""
    doc = sent.doc
    anchor = doc[start:end].root.head
    while anchor.pos_ not in ("NOUN", "VERB", "PROPN") and anchor.head.i != anchor.i:
        anchor = anchor.head
    left = max(sent.start, min(anchor.left_edge.i, start), start - width)
    right = min(sent.end, max(anchor.right_edge.i + 1, end), end + width)
    return f"{doc[left:start].text} {mask} {doc[end:right].text}".strip()


# Verbs that say little beyond their object, which names the event: "hold a meeting", "make a pledge".
LIGHT_VERBS = {"hold", "make", "take", "give", "have", "stage", "host", "conduct", "carry"}


def anchor_word(sent, start: int, end: int) -> str:
    """What the value describes: the noun of a partitive ("46 of the 89 seats"), else the
    nearest noun above the value (through verbs such as 'made'), the object of a light verb
    ("will hold a meeting ... on May 28"), else the verb."""
    node = sent.doc[start:end].root
    part = partitive_noun(node)
    if part is not None:
        return part.lemma_.lower()
    verb = None
    for _ in range(4):
        if node.head.i == node.i:
            break
        node = node.head
        if node.pos_ == "NOUN" and not (start <= node.i < end):
            return node.lemma_.lower()
        if node.pos_ == "VERB" and verb is None:
            event = next((c for c in node.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
            if node.lemma_.lower() in LIGHT_VERBS and event is not None and not (start <= event.i < end):
                return event.lemma_.lower()
            verb = node.lemma_.lower()
    return verb or ""


def partitive_noun(token):
    """"seats" for "46" in "46 of the 89 seats": the noun a figure counts a part of; else None."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            noun = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None)
            if noun is not None:
                return noun
    return None


PLACE_PREPS = {"in", "at", "from", "aboard", "on", "outside", "near", "inside", "to", "into", "off"}


# Kinds of place named as "the <kind> of <Name>" ("the port of X", "the town of X"): the name
# after them names a place whatever the recogniser calls it (it reads many an unknown town in
# "the port of X" as an organisation). Not "the <noun> of X" in general: "in the wake of X",
# "on behalf of X", "at the request of X" name no place.
PLACE_KINDS = {"city", "town", "village", "hamlet", "port", "harbour", "harbor", "island", "isle", "region",
                "province", "state", "county", "district", "borough", "municipality", "suburb", "parish",
                "territory", "republic", "kingdom", "emirate", "peninsula"}


def _place_of_action(root) -> bool:
    """"signed in Rotterdam", "a hotel in Brussels" on "finalised at": the object of a place
    preposition that hangs on a verb, directly or through the venue noun."""
    node = root.head if root.dep_ == "compound" and root.head.pos_ == "NOUN" else root  # "the X launch site"
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.lemma_.lower() in PLACE_KINDS:
        node = node.head.head  # "the port of X"
    for _ in range(3):
        if node.dep_ != "pobj" or node.head.lower_ not in PLACE_PREPS:
            return False
        attached = node.head.head
        if attached.pos_ in ("VERB", "AUX"):
            return True
        node = attached
    return False


def make_mention(kind: str, sent, start: int, end: int, value, published, label: str = "",
                 masked: tuple[int, int] | None = None) -> Mention:
    """The mention of the value at [start, end); ``masked``, when given, is the wider phrase the
    clause masks with it ("a lakeside hotel outside X": the venue is part of the place)."""
    from checker.facts.date import parse_date_text

    mask = MASKS.get(kind) or f"[{label}]"
    doc = sent.doc
    tokens = clause_tokens(sent, start, end)
    clause = " ".join(doc[i].text for i in sorted(tokens))
    owners, owner_labels, subject_owned = owners_of(sent, *(masked or (start, end)), tokens)
    period, day = period_of(sent, start, end, lambda text: parse_date_text(text, published)) \
        if kind == "number" else ("", None)
    return Mention(kind, doc[start:end].text, value, slot_context(sent, start, end, mask), label,
                   anchor_word(sent, start, end), owners, owner_labels,
                   period,
                   ordinal_of(sent, start, end), bool(SNAPSHOT_PATTERN.search(clause)),
                   clause_text(sent, *(masked or (start, end)), mask, _matched_tokens(kind, sent, start, end, tokens)),
                   tense_of(doc[start:end].root),
                   _place_of_action(doc[start:end].root), verb_phrase(clause_head(doc[start:end].root)),
                   subject_owned, possessed_attribute(sent, start, end) if kind == "number" else "", read_on=day,
                   measure=measured_noun(sent, start, end) if kind == "number" else ())


def _matched_tokens(kind: str, sent, start: int, end: int, tokens: set[int]) -> set[int]:
    """The words a value's clause is matched on: a place's clause core (the rest says when or
    why), the subject phrase a figure is stated in, else the whole clause (``tokens``)."""
    if kind == "location":
        return core_tokens(sent, start, end)
    if kind == "number":
        return subject_phrase(sent, start, end) or tokens
    return tokens


def verb_phrase(verb) -> str:
    """The verb's lemma with its particle: "lift off", "set up" (not "lift", "set")."""
    return " ".join([verb.lemma_.lower()] + [c.lower_ for c in verb.children if c.dep_ == "prt"])
