"""Stage 4b: the fact table. Facts from every claim meet across documents by what they are
about (their *anchor*), wherever in the documents they are stated, and are compared by slot.

A value (date, number, place) is the same fact in two documents when the phrases around it,
value masked, read alike (MiniLM cosine of the masked phrases), it is said of the same named
thing when both name one ("Norges Bank: key rate" is not "Reserve Bank: rate"), for the same
period ("first half of 2019" is not "2019"), and it is not one of several occurrences ("first
questioned" vs "questioned again"). A figure read at a moment ("so far", "as of", "has risen
to") is not compared with one published on another day. Two documents are compared only
when they tell the same story (`same_story`): facts of different stories never meet.

Who did a thing (agents), who said a quotation (speakers), who holds an office (roles),
whether an event is held or still to come (framing) and whether a predicate is asserted or
denied (polarity) meet by their own keys. Every source that states a value for a fact is
kept (`FactTable.statements`), so a discrepancy lists the sources that agree too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from checker.cache import Store, key, record_bytes, records_from_bytes, source_version
from checker.claims import CLAIMS_VERSION, Claim
from checker.embed import Embeddings
from checker.facts import same_name, same_office
from checker.facts.date import names_day_only
from checker.facts.number import DURATION_UNITS
from checker.facts.common import MASKS, OWNER_LABELS, norm_words, rival_owners, span_part
from checker.models import NLIModel, nli_higher_direction, nli_lower_direction
from checker.progress import progress
from checker.unionfind import UnionFind

# How alike the masked phrases around two values must be to be one fact (MiniLM cosine).
# Measured on benchmarks/crossdoc/dev: see docs/results.md.
ANCHOR_MIN_SIMILARITY = {"date": 0.6, "number": 0.6, "location": 0.6}
# Dates and figures of differently named things ("arrested" / "questioned"; "six of the victims
# died" / "the gunman killed seven") need more alike clauses.
OTHER_ANCHOR_MIN_SIMILARITY = 0.7
# Places of differently named things need verbs that name one act ("arrested" / "detained"
# 0.61, "started" / "began" 0.84; "transferred" / "fell" 0.10).
PLACE_MIN_VERB_SIMILARITY = 0.55
# Two measures of one owner ("sales" / "milk intake" 0.15) are two facts; "sales" / "revenue"
# (0.65) one. MiniLM on lone nouns separates only unlike measures: "revenue" / "profit" read
# 0.73, so this gate keeps apart only what is plainly different.
ATTRIBUTE_MIN_SIMILARITY = 0.5
# Two values whose clauses fall short of those bars but still read this alike (or whose places
# hang on unlike verbs: "signed in X" / "finalised at a hotel in Y") are one fact when each is
# the other's only such value in the two documents (`_loose_match`) and the NLI model says the
# value is what sets the clauses apart: with their own values it calls them contradictory both
# ways, with the first value put into both it calls neither direction a contradiction
# ("Construction began in [2016]" / "Work on the tunnel started in [2016]"). Two predicates over
# one value stay contradictory ("were killed" / "were injured"). The model does not tell
# entailed from unrelated, so the uniqueness carries much of the weight. Measured on
# benchmarks/crossdoc and the 200-article benchmark corpus (docs/results.md).
WEAK_ANCHOR_MIN_SIMILARITY = 0.4
VALUES_CONTRADICTION = 0.85
ONE_VALUE_MAX_CONTRADICTION = 0.7
AGREE_MARGIN = 0.15
AGENT_MIN_SIMILARITY = 0.6
POLARITY_MIN_SIMILARITY = 0.7
# One verb asserted and denied of one subject needs less alike sentences: the rest of each
# sentence is framing ("the agency said ...", "..., engineers said on Monday").
POLARITY_SAME_VERB_MIN_SIMILARITY = 0.5
# Two documents tell one story when the mean vectors of their claims are this alike. Measured
# (MiniLM cosine): articles of one story in benchmarks/crossdoc 0.72-0.86 and the default
# corpus 0.83-0.94; the 25 unrelated SummEdits articles 0.17 median, 0.53 at most between
# different stories (two Ukraine stories sharing five names among them: shared names alone do
# not make one story), 0.60-0.90 between articles on one topic (TikTok bans, the Webb telescope).
STORY_MIN_SIMILARITY = 0.65
# A document that never names what another leads with is about another thing only when it
# has this many claims: a summary or a brief may leave its subject out.
LEAD_MIN_CLAIMS = 4
# Two days named only by weekday ("on Tuesday") in articles published further apart than this
# cannot be one day: each is within six days of its article's date.
RELATIVE_DAYS_MAX_APART = 12
# A changing figure ("so far", "as of") is compared only between documents published this close.
SNAPSHOT_MAX_DAYS = 1
# A number without a stated period may have changed between documents published this far apart.
NUMBER_MAX_DAYS = 31
KIND_OF_SLOT = {"date": "date", "number": "number", "location": "location"}
LABEL_OF_SLOT = {"date": "date", "number": "number", "location": "place"}
# Held-vs-upcoming and two holders of one office are sure conflicts only when both sources are
# dated (and, for events, the "upcoming" one is the later): with a date missing, the two may
# simply have been written before and after the event or the change of office.
ORDER_STRENGTH = {"order known": 1.0, "order unknown": 0.5}


@dataclass(frozen=True, slots=True)
class FactConflict:
    a: int  # claim indices
    b: int
    kind: str  # finding kind
    strength: float  # how surely the two statements are about one fact, in [0, 1]
    explanation: str
    value_a: str
    value_b: str
    fact_id: str


@dataclass(frozen=True, slots=True)
class FactStatement:
    doc_id: str
    claim: int
    value: str
    agrees: str = ""  # statements matched one to one as agreeing (`_Groups.agreeing`) share this


@dataclass
class FactTable:
    conflicts: list[FactConflict] = field(default_factory=list)
    statements: dict[str, list[FactStatement]] = field(default_factory=dict)  # fact_id -> who says what
    story_pairs: set[tuple[str, str]] = field(default_factory=set)
    claims: list[Claim] = field(default_factory=list)
    published: dict[str, str | None] = field(default_factory=dict)  # ISO dates, for the statements
    leads: Leads | None = None  # what each document leads with (`Leads`)


# What a document pair's comparison is made by: this module, the embedding stage (which
# phrases have vectors) and the claims. A stored comparison is read back only while all are unchanged.
FACT_TABLE_VERSION = source_version(Path(__file__), Path(__file__).parent / "embed.py") + CLAIMS_VERSION


def build_fact_table(claims: list[Claim], embeddings: Embeddings, published: dict[str, dt.date | None],
                     show_progress: bool = False, store: Store | None = None,
                     doc_keys: dict[str, str] | None = None, nli: NLIModel | None = None) -> FactTable:
    """Compare the facts of every two documents of one story. With a ``store``, a pair an
    earlier run compared is replayed from it: ``doc_keys`` gives, per document, a key of
    everything its side of the comparison depends on (its claims' key and the embedding model).
    ``nli``, when given, decides the value pairs whose clauses are only loosely alike
    (`WEAK_ANCHOR_MIN_SIMILARITY`); without it they are not compared."""
    by_doc: dict[str, list[int]] = {}
    for i, claim in enumerate(claims):
        by_doc.setdefault(claim.doc_id, []).append(i)
    table = FactTable(claims=claims, published={d: (p.isoformat() if p else None) for d, p in published.items()})
    table.leads = Leads.of(claims)
    table.story_pairs = same_story_pairs(claims, embeddings, by_doc, table.leads)
    ordered = sorted(table.story_pairs)
    nli_key = (nli.name, getattr(nli, "variant", "")) if nli else ()
    keys = {pair: key("fact table", FACT_TABLE_VERSION, doc_keys[pair[0]], doc_keys[pair[1]], *nli_key)
            for pair in ordered} if store else {}
    stored = records_from_bytes(store.get_many("fact table", keys.values()), ()) if store else {}
    groups = _Groups()
    found: list[list[FactConflict]] = []  # per document pair, in order
    compared = []  # (position in found, document pair, its log, its conflicts, its loose matches)
    for doc_a, doc_b in progress(ordered, "fact table", show_progress, unit="document pair"):
        log = _PairLog(groups, by_doc[doc_a], by_doc[doc_b])
        if keys.get((doc_a, doc_b)) in stored:
            found.append(log.replay(stored[keys[doc_a, doc_b]]))
            continue
        conflicts, loose = _pair_conflicts(claims, embeddings, published, doc_a, doc_b, log)
        compared.append((len(found), (doc_a, doc_b), log, conflicts, loose))
        found.append([])
    # The loose matches of all pairs go to the NLI model in one batch.
    decided = _decided_by_value(nli, [m for *_, loose in compared for m in loose], show_progress)
    new = []
    for position, pair, log, conflicts, loose in compared:
        conflicts += [m.conflict(claims, log) for m in loose if m in decided]
        found[position] = log.record(conflicts)
        if store:
            new.append((keys[pair], record_bytes(log.entries)))
    if store:
        store.put_many(new)
    owner = groups.fact_ids()
    table.statements = groups.statements(claims, owner)
    table.conflicts = [FactConflict(c.a, c.b, c.kind, c.strength, c.explanation, c.value_a, c.value_b,
                                    owner.get(c.fact_id, c.fact_id)) for conflicts in found for c in conflicts]
    return table


def _pair_conflicts(claims, embeddings, published, doc_a, doc_b, log) -> tuple[list[FactConflict], list[_LooseMatch]]:
    """The pair's conflicts, and the value pairs only the NLI model can decide."""
    ia, ib = log.sides
    days = _days_apart(published.get(doc_a), published.get(doc_b))
    dated = published.get(doc_a) is not None and published.get(doc_b) is not None
    values, loose = _value_conflicts(claims, embeddings, ia, ib, days, log)
    return (values
            + _agent_conflicts(claims, embeddings, ia, ib, log)
            + _role_conflicts(claims, ia, ib, dated, days, log)
            + _speaker_conflicts(claims, ia, ib, log)
            + _framing_conflicts(claims, ia, ib, published, log)
            + _polarity_conflicts(claims, embeddings, ia, ib, log)), loose


class _PairLog:
    """What comparing one document pair adds to the table, kept in the pair's own terms (a
    claim as its side and position in its document) so that a later run, where other documents
    shift the claims' indices, can replay it: the statements joined into one fact, in order,
    and the conflicts found."""

    def __init__(self, groups: "_Groups", ia: list[int], ib: list[int]):
        self.groups, self.sides = groups, (ia, ib)
        self.local = {g: [0, p] for p, g in enumerate(ia)} | {g: [1, p] for p, g in enumerate(ib)}
        self.entries: dict[str, list] = {"joined": [], "conflicts": []}
        self.joined_by_fact: dict[str, list] = {}

    def same_fact(self, x: tuple, value_x: str, y: tuple, value_y: str, agree: bool = False) -> str:
        """Join two statements into one fact; ``agree``: matched one to one, agreeing on its value."""
        fact = self.groups.same_fact(x, value_x, y, value_y, agree)
        local_x = self.local[x[0]] + list(x[1:])
        self.entries["joined"].append([local_x, value_x, self.local[y[0]] + list(y[1:]), value_y] + [1] * agree)
        self.joined_by_fact[fact] = local_x
        return fact

    def record(self, conflicts: list[FactConflict]) -> list[FactConflict]:
        self.entries["conflicts"] = [[self.local[c.a], self.local[c.b], c.kind, c.strength, c.explanation,
                                      c.value_a, c.value_b, self.joined_by_fact[c.fact_id]] for c in conflicts]
        return conflicts

    def replay(self, entries: dict[str, list]) -> list[FactConflict]:
        def statement(local: list) -> tuple:
            return (self.sides[local[0]][local[1]], *local[2:])

        for x, value_x, y, value_y, *agree in entries["joined"]:
            self.groups.same_fact(statement(x), value_x, statement(y), value_y, bool(agree))
        return [FactConflict(statement(a)[0], statement(b)[0], kind, strength, explanation, value_a, value_b,
                             self.groups.id_of(statement(fact)))
                for a, b, kind, strength, explanation, value_a, value_b, fact in entries["conflicts"]]


# ---------------------------------------------------------------- stories


def claim_names(claim: Claim) -> set[str]:
    """The names of things the claim's entities give (people, bodies, places, works)."""
    return {claim.text[w.entity[0]:w.entity[1]] for w in claim.words if w.entity and w.entity_label in OWNER_LABELS}


@dataclass
class Leads:
    """What each document leads with (its first claim's subject, `sentence_subject`) and what
    it names anywhere, to tell two documents about different named things."""

    subjects: dict[str, frozenset[str]]
    names: dict[str, set[str]]  # entity names of the document's claims
    words: dict[str, Counter]  # how often each word of the document's claims occurs, lowercased
    claims: Counter  # claims per document
    # Answers so far, per pair of documents: scoring asks once per candidate pair (78k at 1,000
    # articles) about a few thousand document pairs.
    _decided: dict[tuple[str, str], bool] = field(default_factory=dict, repr=False, compare=False)
    _leading: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)  # per document

    @classmethod
    def of(cls, claims: list[Claim]) -> "Leads":
        subjects, names, words, counts = {}, {}, {}, Counter()
        for claim in claims:
            if claim.doc_id not in subjects:
                subjects[claim.doc_id] = claim.facts.subject
            names.setdefault(claim.doc_id, set()).update(claim_names(claim))
            words.setdefault(claim.doc_id, Counter()).update(norm_words(claim.text))
            counts[claim.doc_id] += 1
        return cls(subjects, names, words, counts)

    def different_subjects(self, doc_a: str, doc_b: str) -> bool:
        """Whether one document is about a named thing the other never names: it leads with
        it and names it again ("Korvel Group said its sales ...", "Shares in Korvel rose 8%"),
        and the other, an article of several claims, never names it (articles on Tessaly's
        results). Its figures and dates stated without an owner ("sales rose 18%", "the breach
        was found on ...") are about that thing, and the other document's about another. A
        short document (a summary, a brief) may leave out what it is about, so it decides nothing."""
        pair = (doc_a, doc_b) if doc_a < doc_b else (doc_b, doc_a)
        if pair not in self._decided:
            self._decided[pair] = any(self._about(x, y) for x, y in (pair, pair[::-1]))
        return self._decided[pair]

    def _about(self, doc: str, other: str) -> bool:
        return self.claims[other] >= LEAD_MIN_CLAIMS and self._leads_with_a_name(doc) and \
            not any(self._names(other, name) for name in self.subjects[doc])

    def _leads_with_a_name(self, doc: str) -> bool:
        """Whether ``doc``'s first claim is said of a name the document uses again."""
        if doc not in self._leading:
            subject = self.subjects.get(doc)
            self._leading[doc] = bool(subject) and any(
                max(self._uses(word, doc) for word in norm_words(name)) >= 2 for name in subject if norm_words(name))
        return self._leading[doc]

    def _names(self, doc: str, name: str) -> bool:
        """Whether ``doc`` names ``name``: every word of it ("Green" and "Party" for "the Green
        Party"; "Storm Alva" is not "Storm Brede"), or a spelling of it among its names."""
        words = norm_words(name)
        return bool(words) and all(self._uses(w, doc) for w in words) or \
            any(same_name(name, n) for n in self.names.get(doc, ()))

    def _uses(self, word: str, doc: str) -> int:
        """How often ``doc`` uses ``word``, with or without a plural s."""
        words = self.words.get(doc, Counter())
        return sum(words[w] for w in {word, word + "s", word.removesuffix("s")})


def same_story_pairs(claims: list[Claim], embeddings: Embeddings, by_doc: dict[str, list[int]],
                     leads: Leads | None = None) -> set[tuple[str, str]]:
    """Pairs of documents that tell one story: their claims alike on average, and neither
    leading with a named thing the other never names (`Leads.different_subjects`)."""
    docs = sorted(by_doc)
    if len(docs) < 2:
        return set()
    import faiss

    centroids = np.stack([embeddings.claims[by_doc[d]].mean(axis=0) for d in docs]).astype(np.float32)
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-9)
    # Every pair above the threshold, without the documents x documents matrix (40 GB at 100k).
    index = faiss.IndexFlatIP(centroids.shape[1])
    index.add(centroids)
    limits, similarity, neighbours = index.range_search(centroids, STORY_MIN_SIMILARITY - 1e-4)
    return {(docs[x], docs[int(y)]) for x in range(len(docs))
            for y, sim in zip(neighbours[limits[x]:limits[x + 1]], similarity[limits[x]:limits[x + 1]])
            if x < y and sim >= STORY_MIN_SIMILARITY
            and not (leads and leads.different_subjects(docs[x], docs[int(y)]))}


def _days_apart(a: dt.date | None, b: dt.date | None) -> int | None:
    return abs((a - b).days) if a and b else None


# ---------------------------------------------------------------- who says what


class _Groups:
    """Statements (claim index, slot key) joined into facts, and those matched one to one as
    agreeing on the fact's value, each as a `UnionFind`."""

    def __init__(self) -> None:
        self.facts, self.agreeing = UnionFind(), UnionFind()
        self.values: dict[tuple, str] = {}
        self.ids: dict[tuple, str] = {}  # statement -> its id, hashed once (a warm run joins ~70k)

    def id_of(self, x: tuple) -> str:
        """The statement's own id (`_digest`)."""
        found = self.ids.get(x)
        if found is None:
            found = self.ids[x] = _digest(x)
        return found

    def same_fact(self, x: tuple, value_x: str, y: tuple, value_y: str, agree: bool = False) -> str:
        self.values[x], self.values[y] = value_x, value_y
        self.facts.join(x, y)
        if agree:
            self.agreeing.join(x, y)
        return self.id_of(x)

    def fact_ids(self) -> dict[str, str]:
        """Each statement's fact id: the least id in its group, so the id does not depend on
        the order the statements were joined in (a replayed document pair joins in its turn)."""
        return self._least_ids(self.facts)

    def statements(self, claims: list[Claim], ids: dict[str, str]) -> dict[str, list[FactStatement]]:
        """Who says what, per fact; ``ids``: `fact_ids`."""
        out: dict[str, list[FactStatement]] = {}
        agrees = self._least_ids(self.agreeing)
        for x in self.facts.parent:
            own = self.id_of(x)
            out.setdefault(ids[own], []).append(
                FactStatement(claims[x[0]].doc_id, x[0], self.values[x], agrees.get(own, "")))
        return {k: sorted(set(v), key=lambda s: (s.doc_id, s.claim)) for k, v in out.items()}

    def _least_ids(self, groups: UnionFind) -> dict[str, str]:
        """Each statement's id -> the least id of its group."""
        least: dict[tuple, str] = {}
        for x in groups.parent:
            root, own = groups.find(x), self.id_of(x)
            least[root] = min(least.get(root, own), own)
        return {self.id_of(x): least[groups.find(x)] for x in groups.parent}


def _digest(key: tuple) -> str:
    return "f" + hashlib.sha256(repr(key).encode()).hexdigest()[:12]


# ---------------------------------------------------------------- values: date, number, place


@dataclass(frozen=True, slots=True)
class _LooseMatch:
    """Two different values whose clauses are only loosely alike: a conflict if the NLI model
    says the value is what sets the clauses apart (`_decided_by_value`)."""
    i: int  # claim and mention index of each side
    n: int
    j: int
    k: int
    similarity: float
    own_values: tuple[str, str]  # the two clauses with their own values
    one_value: tuple[str, str]  # the two clauses with the first value in both

    def conflict(self, claims: list[Claim], log) -> FactConflict:
        ma, mb = claims[self.i].facts.mentions[self.n], claims[self.j].facts.mentions[self.k]
        return _value_conflict(ma, mb, self.i, self.j, self.similarity,
                               log.same_fact((self.i, "v", self.n), ma.text, (self.j, "v", self.k), mb.text))


def _value_conflicts(claims, embeddings, ia, ib, days, groups) -> tuple[list[FactConflict], list[_LooseMatch]]:
    conflicts, loose = [], []
    sides = [([(x, n, m) for x in side for n, m in enumerate(claims[x].facts.mentions) if m.kind in KIND_OF_SLOT],
              " ".join(claims[x].text for x in side).lower()) for side in (ia, ib)]
    for i in ia:
        for n, ma in enumerate(claims[i].facts.mentions):
            if ma.kind not in KIND_OF_SLOT:
                continue
            near = _near_values(ma, sides[1][0], days, embeddings)
            matched = [x for x in near if _one_fact(ma, x[3], x[0], embeddings)]
            if not matched:
                loose += _loose_match(claims, embeddings, i, n, near, sides, days)
                continue
            sim, j, k, mb = max(matched, key=lambda x: x[0])
            # An agreeing statement counts when it is about as alike as the best match: "started
            # in X" vs "began at Y and ended in X" is a conflict over the start, not agreement.
            agreeing = [x for x in matched if ma.value.compatible(x[3].value) and x[0] >= sim - AGREE_MARGIN]
            for _, j_agree, k_agree, m_agree in agreeing:
                groups.same_fact((i, "v", n), ma.text, (j_agree, "v", k_agree), m_agree.text, agree=True)
            if agreeing:
                continue
            if _states_too(claims[j], ma, sim, embeddings) or _states_too(claims[i], mb, sim, embeddings):
                continue
            conflicts.append(_value_conflict(ma, mb, i, j, sim,
                                             groups.same_fact((i, "v", n), ma.text, (j, "v", k), mb.text)))
    return conflicts, loose


def _value_conflict(ma, mb, i: int, j: int, similarity: float, fact: str) -> FactConflict:
    return FactConflict(i, j, KIND_OF_SLOT[ma.kind], round(similarity, 4),
                        f"{LABEL_OF_SLOT[ma.kind]} of {_what(ma, mb)}: {ma.text} vs {mb.text}", ma.text, mb.text, fact)


def _near_values(m, others, days: int | None, embeddings: Embeddings) -> list[tuple]:
    """(clause similarity, claim, mention index, mention) of the ``others`` that may state the
    fact ``m`` states, with clauses at least `WEAK_ANCHOR_MIN_SIMILARITY` alike."""
    return [(sim, j, k, o) for j, k, o in others if _may_match(m, o, days, embeddings)
            and (sim := embeddings.phrase_similarity(m.clause, o.clause)) >= WEAK_ANCHOR_MIN_SIMILARITY]


def _may_match(ma, mb, days: int | None, embeddings: Embeddings) -> bool:
    """What two values of one fact share however their clauses read."""
    if mb.kind != ma.kind or not same_fact(ma, mb, days) or not (ma.clause and mb.clause):
        return False
    return one_measure(ma, mb, embeddings)


def one_measure(ma, mb, embeddings: Embeddings) -> bool:
    """Whether two figures may measure one thing: not "X's milk intake rose 5%" and "X's sales
    rose 6%" (two measures of one owner), nor "output was 1.9% higher" and "the number of sales
    rose 9%" (two measured nouns that read unalike)."""
    phrases = [(ma.attribute, mb.attribute)] + ([(ma.measure[2], mb.measure[2])] if ma.measure and mb.measure else [])
    return not any(x and y and x != y and embeddings.phrase_similarity(x, y) < ATTRIBUTE_MIN_SIMILARITY
                   for x, y in phrases)


def _one_fact(ma, mb, similarity: float, embeddings: Embeddings) -> bool:
    """Whether two near values (`_near_values`) read as one fact by their wording alone."""
    if ma.kind == "location" and ma.anchor != mb.anchor and \
            embeddings.phrase_similarity(ma.verb, mb.verb) < PLACE_MIN_VERB_SIMILARITY:
        # "taken to a hospital in X" and "fell ill at schools in Y": two happenings. The clauses
        # alone do not tell: "the parade started in [PLACE]" / "finished at [PLACE]" read 0.92.
        return False
    needed = ANCHOR_MIN_SIMILARITY[ma.kind]
    if ma.kind in ("date", "number") and ma.anchor != mb.anchor:
        needed = OTHER_ANCHOR_MIN_SIMILARITY
    return similarity >= needed


def _loose_match(claims, embeddings, i: int, n: int, near: list[tuple], sides, days) -> list[_LooseMatch]:
    """When none of the ``near`` values of the other document reads as one fact (`_one_fact`):
    the only one, if it differs, no other value of this document is near it, and a thing only
    one of the two is said of is named in the other document too. With more than one near
    value the wording cannot tell which statement is the counterpart ("released on ..." beside
    several other releases)."""
    (mentions_a, text_a), (_, text_b) = sides
    ma = claims[i].facts.mentions[n]
    mask = MASKS[ma.kind]
    if len(near) != 1:
        return []
    sim, j, k, mb = near[0]
    if len(_near_values(mb, mentions_a, days, embeddings)) != 1 or ma.value.compatible(mb.value) or \
            mask not in ma.clause or mask not in mb.clause or \
            _states_too(claims[j], ma, sim, embeddings) or _states_too(claims[i], mb, sim, embeddings):
        return []
    if not (ma.owners and mb.owners) and not (_named_in_text(ma, text_b) and _named_in_text(mb, text_a)):
        return []  # "X was released on [DATE]" / "the film was released on [DATE]", in a document never naming X
    first = ma.clause.replace(mask, ma.text)
    return [_LooseMatch(i, n, j, k, sim, (first, mb.clause.replace(mask, mb.text)),
                        (first, mb.clause.replace(mask, ma.text)))]


def _named_in_text(m, text: str) -> bool:
    """Whether a thing the value ``m`` is said of is named in ``text`` (lowercased). True when
    the recogniser knows none of them: a capitalised word it missed may be a sentence's first."""
    return not (m.owner_labels - {""}) or any(owner.lower() in text for owner in m.owners)


def _decided_by_value(nli: NLIModel | None, loose: list[_LooseMatch], show_progress: bool) -> set[_LooseMatch]:
    """The loose matches whose clauses the NLI model calls contradictory both ways with their
    own values (`VALUES_CONTRADICTION`) and neither way once the first value is in both
    (`ONE_VALUE_MAX_CONTRADICTION`)."""
    if nli is None or not loose:
        return set()
    # Each question is asked only of the matches the one before left standing, and a second
    # direction only where the first does not already answer it.
    own = list(dict.fromkeys(m.own_values for m in loose))
    lower = nli_lower_direction(nli, [a for a, _ in own], [b for _, b in own], VALUES_CONTRADICTION, show_progress,
                                stage="nli (fact values)")
    contradictory = {pair for x, pair in enumerate(own) if lower[x] >= VALUES_CONTRADICTION}
    standing = [m for m in loose if m.own_values in contradictory]
    one = list(dict.fromkeys(m.one_value for m in standing))
    higher = nli_higher_direction(nli, [a for a, _ in one], [b for _, b in one], ONE_VALUE_MAX_CONTRADICTION,
                                  show_progress, stage="nli (fact values)")
    agreeing = {pair for x, pair in enumerate(one) if higher[x] < ONE_VALUE_MAX_CONTRADICTION}
    return {m for m in standing if m.one_value in agreeing}


def _states_too(claim: Claim, mention, conflict_similarity: float, embeddings: Embeddings) -> bool:
    """Whether ``claim`` also gives ``mention``'s value in a clause about as alike as the
    conflicting one (a list of years; "46 of the 89 seats" vs "46 seats, a majority of three"):
    then the two claims do not disagree. The same value in a clearly less alike clause is
    another fact ("started in X and finished in Y" vs "began in Y and ended in X")."""
    return any(m.value.compatible(mention.value) and
               embeddings.phrase_similarity(m.clause, mention.clause) >= conflict_similarity - AGREE_MARGIN
               for m in claim.facts.mentions if m.kind == mention.kind)


def same_fact(ma, mb, days: int | None) -> bool:
    """Whether two mentions of one slot can be the same fact (before their anchors are compared):
    same granularity of date, same unit, period, occurrence and owner; no changing figure read
    on different days. ``days``: days between the two publications, None if unknown."""
    if ma.kind == "date":
        if _granularity(ma) != _granularity(mb) or _is_period(ma) or _is_period(mb):
            return False  # "crashed in 2020" and "released on Thursday" are not two versions of one date
        if days is not None and days > RELATIVE_DAYS_MAX_APART and names_day_only(ma.text) and names_day_only(mb.text):
            return False  # "by Friday" and "by Tuesday night" in articles months apart: two different days' news
        if ma.of_speech or mb.of_speech:
            return False  # when something was said: two reports are two statements
        if ma.figure is not None and mb.figure is not None and not ma.value.compatible(mb.value) and not (
                ma.figure.unit == mb.figure.unit and ma.figure.compatible(mb.figure)):
            return False  # two different figures read at two times: "3.2% in December", "2.6% in May"
    if ma.kind == "location":
        if not (ma.place_of_action and mb.place_of_action):
            return False
        if {ma.tense, mb.tense} == {"future", "past"}:
            return False  # where a thing will happen vs where another one happened
        if places_of_two_counts(ma, mb):
            return False
    if ma.kind == "number":
        if ma.value.unit != mb.value.unit:
            return False
        if (ma.snapshot or mb.snapshot) and days is not None and days > SNAPSHOT_MAX_DAYS:
            return False
        if not (ma.period and mb.period) and days is not None and days > NUMBER_MAX_DAYS:
            return False
        if ma.period and mb.period and ma.period != mb.period:
            return False
        if ma.measure and mb.measure and ma.measure[0] == mb.measure[0] and ma.measure[1] and mb.measure[1] \
                and not ma.measure[1] & mb.measure[1]:
            return False  # "budget deficit" / "current account deficit": two kinds of one measure
        if ma.read_on is not None and mb.read_on is not None and not ma.read_on.compatible(mb.read_on):
            return False  # "closed at 8,412 on Monday" a week before "closed at 8,205 on Monday"
        if span_part(ma.period) != span_part(mb.period):
            return False  # "170 in the last seven years" vs "870 since then", or vs a figure with no span
        if bool(ma.period) != bool(mb.period) and any(w in (ma.period + mb.period) for w in
                                                      ("quarter", "half", "month", "week")):
            return False  # a part of a year against a figure with no period: not the same figure
    if ma.ordinal and mb.ordinal and ma.ordinal != mb.ordinal:
        return False
    if rival_owners(ma, mb):
        return False
    return True


def places_of_two_counts(ma, mb) -> bool:
    """Whether two places are where two different figures of one unit were counted: "735
    cases were confirmed in X" / "285 cases in Y" tell each place's own count, not two
    versions of where one thing happened. Not durations: "shot over 45 days in X" / "in 34
    days in Y" are two accounts of one shoot."""
    return ma.figure is not None and mb.figure is not None and ma.figure.unit == mb.figure.unit and \
        ma.figure.unit not in DURATION_UNITS and not ma.figure.compatible(mb.figure)


_PERIOD_WORDS = ("quarter", "half", "week", "month", "year", "season", "decade", "century")


def _granularity(m) -> str:
    v = m.value
    return "day" if v.day else "month" if v.month else "year"


def _is_period(m) -> bool:
    """"the third quarter", "last year": a stretch of time, not the date of one happening
    ("35 years ago" is one)."""
    text = m.text.lower()
    return any(w in text for w in _PERIOD_WORDS) and not text.endswith(" ago")


def _what(ma, mb) -> str:
    words = ma.anchor if ma.anchor == mb.anchor else f"{ma.anchor} / {mb.anchor}"
    owner = sorted(ma.owners & mb.owners) or sorted(ma.owners | mb.owners)[:1]
    return (f"{owner[0]}: " if owner else "") + (words or "same phrase")


# ---------------------------------------------------------------- agents, roles, speakers


def _agent_conflicts(claims, embeddings, ia, ib, groups) -> list[FactConflict]:
    conflicts = []
    for i in ia:
        for n, ga in enumerate(claims[i].facts.agents):
            best = None
            agree = False
            for j in ib:
                for k, gb in enumerate(claims[j].facts.agents):
                    if not ga.comparable(gb) or not ga.may_be_same_deed(gb, embeddings.phrase_similarity) or \
                            dated_apart(claims[i], claims[j]):
                        continue
                    sim = embeddings.phrase_similarity(ga.predicate, gb.predicate)
                    if sim < AGENT_MIN_SIMILARITY:
                        continue
                    if ga.same_agent(gb):
                        groups.same_fact((i, "g", n), ga.agent, (j, "g", k), gb.agent)
                        agree = True
                    elif best is None or sim > best[0]:
                        best = (sim, j, k, gb)
            if best and not agree and not _named_in(ga, claims[best[1]]) and not _named_in(best[3], claims[i]):
                sim, j, k, gb = best
                fact = groups.same_fact((i, "g", n), ga.agent, (j, "g", k), gb.agent)
                conflicts.append(FactConflict(i, j, "role", round(sim, 4),
                                              f"who {ga.verb} ({ga.predicate.replace(' [AGENT]', '')}): "
                                              f"{ga.agent} vs {gb.agent}", ga.agent, gb.agent, fact))
    return conflicts


def dated_apart(a: Claim, b: Claim) -> bool:
    """Whether the two claims date what they tell to different times: each states dates and
    none of one's agrees with any of the other's ("killed four people on Wednesday" in February,
    "killed two people on Monday" in November): two deeds, not one deed's two doers."""
    dates_a = [m.value for m in a.facts.mentions if m.kind == "date" and not m.of_speech]
    dates_b = [m.value for m in b.facts.mentions if m.kind == "date" and not m.of_speech]
    return bool(dates_a and dates_b) and not any(x.compatible(y) for x in dates_a for y in dates_b)


def _named_in(agent, claim: Claim) -> bool:
    """Whether ``claim`` names the doer too: a sentence naming both people is not a rival
    account of who did it, whatever its parse makes the subject."""
    words = set(claim.text.split())
    return any(name.split()[-1] in words for name in agent.names or agent.bodies if name.split())


def role_conflict(ra, rb, dated: bool) -> tuple[float, str] | None:
    """(strength, explanation) when two people are named to one office (`same_office`
    checked by the caller); None when the names are one person's."""
    if same_name(ra.person, rb.person):
        return None
    strength, order = order_strength(dated)
    office = ra.text.replace(ra.person, "").strip(" ,")
    return strength, f"{office}: {ra.person} vs {rb.person}{order}"


def _role_conflicts(claims, ia, ib, dated: bool, days: int | None, groups) -> list[FactConflict]:
    """Two people named to one office. An untied title ("finance minister X") is one office
    only in articles at most `NUMBER_MAX_DAYS` apart: months later it may have a new holder."""
    conflicts = []
    words = [{w for x in side for w in claims[x].text.split()} for side in (ia, ib)]
    # an untied title two people hold in one article ("defence lawyer X" and "defence lawyer Y"
    # of two defendants) names no single office in that story
    holders = [_holders_by_title(claims, side) for side in (ia, ib)]
    for i in ia:
        for n, ra in enumerate(claims[i].facts.roles):
            for j in ib:
                for k, rb in enumerate(claims[j].facts.roles):
                    if not same_office(ra, rb, one_story=True):
                        continue
                    if (ra.untied or rb.untied) and (
                            (days is not None and days > NUMBER_MAX_DAYS)
                            or len(holders[0][ra.title]) > 1 or len(holders[1][rb.title]) > 1
                            or ra.person.split()[-1] in words[1] or rb.person.split()[-1] in words[0]):
                        continue  # or the other holder is named in the article: two such offices
                    fact = groups.same_fact((i, "r", n), ra.person, (j, "r", k), rb.person)
                    found = role_conflict(ra, rb, dated)
                    if found:
                        conflicts.append(FactConflict(i, j, "role", *found, ra.person, rb.person, fact))
    return conflicts


def _holders_by_title(claims, side: list[int]) -> dict[str, set[str]]:
    """The people each title is given to in one document's claims (surnames)."""
    holders: dict[str, set[str]] = {}
    for x in side:
        for role in claims[x].facts.roles:
            holders.setdefault(role.title, set()).add(role.person.split()[-1])
    return holders


def _speaker_conflicts(claims, ia, ib, groups) -> list[FactConflict]:
    conflicts = []
    for i in ia:
        for n, qa in enumerate(claims[i].facts.quotes):
            for j in ib:
                for k, qb in enumerate(claims[j].facts.quotes):
                    if not _same_quote(qa.words, qb.words):
                        continue
                    fact = groups.same_fact((i, "q", n), qa.speaker, (j, "q", k), qb.speaker)
                    if not qa.same_speaker(qb):
                        conflicts.append(FactConflict(i, j, "speaker", 1.0, f"who said \"{_short(qa.words)}\": "
                                                      f"{qa.speaker} vs {qb.speaker}", qa.speaker, qb.speaker, fact))
    return conflicts


def _same_quote(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short.split()) >= 6 and short in long


def _short(words: str, limit: int = 8) -> str:
    parts = words.split()
    return " ".join(parts[:limit]) + (" ..." if len(parts) > limit else "")


# ---------------------------------------------------------------- framing and polarity


def framing_conflict(ea, eb, doc_a: str, doc_b: str, published: dict[str, dt.date | None],
                     one_story: bool = False) -> tuple[float, str] | None:
    """(strength, explanation) when one event (`same_event`, checked by the caller) is held in
    ``doc_a``'s telling and upcoming in ``doc_b``'s, or the reverse, and a word frames it
    explicitly; None otherwise, and when the "upcoming" source is the older one: announced,
    later reported as held, is the course of news."""
    if not ea.framed_apart(eb, one_story):
        return None
    held, upcoming = (doc_a, doc_b) if ea.framing == "held" else (doc_b, doc_a)
    held_date, upcoming_date = published.get(held), published.get(upcoming)
    if held_date and upcoming_date and upcoming_date <= held_date:
        return None
    strength, order = order_strength(held_date is not None and upcoming_date is not None)
    name = (ea.subject or " ".join(sorted(ea.qualifiers))) + " " + ea.lemma
    return strength, (f"{name}: held in {held}{when(held_date)} vs upcoming in "
                      f"{upcoming}{when(upcoming_date)}{order}")


def _framing_conflicts(claims, ia, ib, published, groups) -> list[FactConflict]:
    conflicts = []
    for i in ia:
        for n, ea in enumerate(claims[i].facts.events):
            for j in ib:
                for k, eb in enumerate(claims[j].facts.events):
                    if not ea.same_event(eb, one_story=True) or bool(ea.subject) != bool(eb.subject):
                        continue
                    fact = groups.same_fact((i, "e", n), ea.framing, (j, "e", k), eb.framing)
                    found = framing_conflict(ea, eb, claims[i].doc_id, claims[j].doc_id, published, one_story=True)
                    if found:
                        conflicts.append(FactConflict(i, j, "temporal", *found, ea.framing, eb.framing, fact))
    return conflicts


def _polarity_conflicts(claims, embeddings, ia, ib, groups) -> list[FactConflict]:
    conflicts = []
    for i in ia:
        for pa in claims[i].facts.polarity:
            for j in ib:
                for pb in claims[j].facts.polarity:
                    if pa.negated == pb.negated:
                        continue
                    if not pa.same_predicate(pb):
                        continue
                    sim = float(embeddings.claims[i] @ embeddings.claims[j])
                    if sim < (POLARITY_SAME_VERB_MIN_SIMILARITY if pa.verb == pb.verb else POLARITY_MIN_SIMILARITY):
                        continue
                    value_a, value_b = ("denied" if pa.negated else "asserted"), ("denied" if pb.negated else "asserted")
                    fact = groups.same_fact((i, "p"), value_a, (j, "p"), value_b)
                    conflicts.append(FactConflict(i, j, "polarity", round(sim, 4),
                                                  f"one source denies what the other asserts "
                                                  f"({', '.join(sorted(pa.subject & pb.subject or pa.object & pb.object))})",
                                                  value_a, value_b, fact))
    return conflicts


def order_strength(known: bool) -> tuple[float, str]:
    """Strength and explanation suffix for a conflict that depends on publication order."""
    if known:
        return ORDER_STRENGTH["order known"], ""
    return ORDER_STRENGTH["order unknown"], " (publication order unknown)"


def when(date: dt.date | None) -> str:
    return f" (published {date.isoformat()})" if date else " (undated)"

