"""Stage 5: score candidate pairs: NLI in both directions plus fact-level conflicts.

The NLI model calls almost any two related sentences a contradiction, so it only supports
a finding; what makes one is a fact that differs in the same slot (a date, number, place
or name where the surrounding words agree), two people named to one office, one event
framed as held and as upcoming, or a word swapped in an otherwise matching phrase that the
NLI model judges contradictory once the swap is all that differs (a *minimal pair*,
`edits`).  The features are combined by a logistic model whose weights live in
``calibration.json`` (see ``checker eval calibrate``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from checker.cache import Store, VectorCache, key, record_bytes, records_from_bytes, source_version
from checker.claims import Claim
from checker.edits import Edit, minimal_edits, negates, word_edits
from checker.embed import Embeddings, word_vectors
from checker.facts import Mention, names_overlap, same_office
from checker.facts.common import MASKS
from checker.facttable import (NUMBER_MAX_DAYS, Leads, claim_names, dated_apart, framing_conflict, one_measure,
                               places_of_two_counts, role_conflict, same_fact)
from checker.models import NLIModel, nli_both_directions, nli_lower_direction
from checker.pairs import CandidatePair
from checker.progress import progress_bar

FEATURES = ("nli_min", "nli_max", "similarity", "date", "number", "location", "entity",
            "role", "temporal", "wording", "negation")
FACT_KINDS = ("date", "number", "location", "entity", "role", "temporal")
# "wording": NLI on a minimal pair, the first claim against itself with the second's words swapped in.
CONFLICT_KINDS = FACT_KINDS + ("wording",)
# What a pair's checks (`pair_checks`) are made by: the word aligner, the word vectors, and the
# slot, office and framing comparisons (the claims' facts are in the documents' keys).
PAIR_CHECKS_VERSION = source_version(*(Path(__file__).parent / f
                                       for f in ("edits.py", "embed.py", "scoring.py", "facttable.py")))
# Candidate pairs checked together, their claims' word vectors in memory.
PAIR_CHECKS_BLOCK = 2000
# How alike the masked phrases around two values must be before the values are compared.
SLOT_MIN_SIMILARITY = {"date": 0.5, "number": 0.55, "location": 0.8, "entity": 0.8}
NAME_MIN_CONTEXT_WORDS = 4
# On a minimal pair the NLI model gives synonyms up to about 0.8 ("launched" / "initiated" 0.6)
# and real swaps 0.9 to 0.99; a swap's strength is how far it rises above that.
MINIMAL_PAIR_FLOOR = 0.8
# Two different predicates over one value ("[3] people were killed" / "were injured") read alike
# to MiniLM (0.94) but state two facts. With the first value put into both clauses, the NLI
# model calls different predicates contradictory and paraphrases of one fact not
# (benchmarks/transplant_nli.py, the lower of the two directions: 5 of 8 different predicates
# 0.91-0.99, 8 paraphrases 0.13-0.63); above this the values are not one fact.
PREDICATE_CONTRADICTION = 0.85
PREDICATE_KINDS = ("date", "number")
CALIBRATION_FILE = "calibration.json"


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: str  # one of CONFLICT_KINDS
    strength: float  # in [0, 1]
    explanation: str
    value_a: str
    value_b: str
    fact_id: str = ""  # set by the fact table: the fact (`checker.facttable`) this conflict is about


@dataclass(slots=True)
class ScoredPair:
    pair: CandidatePair
    p_ab: float | None  # P(contradiction), claim a as premise; None: not sent to NLI (a fact-table pair)
    p_ba: float | None
    conflicts: list[Conflict] = field(default_factory=list)
    negation_mismatch: bool = False
    score: float = 0.0

    def features(self) -> dict[str, float]:
        """`FEATURES` of the sentence pair, plus ``fact_table``: the strength of its strongest
        fact-table conflict, which is scored by its own rule (`Calibration.score`)."""
        scored = self.p_ab is not None and self.p_ba is not None
        values = {"nli_min": min(self.p_ab, self.p_ba) if scored else 0.0,
                  "nli_max": max(self.p_ab, self.p_ba) if scored else 0.0,
                  "similarity": self.pair.similarity, "negation": float(self.negation_mismatch)}
        values.update(dict.fromkeys(CONFLICT_KINDS, 0.0), fact_table=0.0)
        for c in self.conflicts:  # one pass: scoring asks for a pair's features several times
            slot = "fact_table" if c.fact_id else c.kind if c.kind in CONFLICT_KINDS else None
            if slot and c.strength > values[slot]:
                values[slot] = c.strength
        return values


@dataclass(frozen=True)
class Calibration:
    """A logistic model over `FEATURES`; ``threshold`` is the default flagging cut-off."""

    weights: dict[str, float]
    bias: float
    threshold: float
    note: str = ""

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Calibration":
        if path is None:
            text = resources.files("checker").joinpath(CALIBRATION_FILE).read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = json.loads(text)
        return cls(weights={k: float(data["weights"].get(k, 0.0)) for k in FEATURES},
                   bias=float(data["bias"]), threshold=float(data["threshold"]), note=data.get("note", ""))

    def score(self, features: dict[str, float]) -> float:
        """The logistic model over `FEATURES`, or a fact-table conflict's `fact_score` if higher.
        Fact-table conflicts stay out of the fitted model: they pair sentences that are not
        counterparts, where the NLI features mean nothing, and no fitting data contains them."""
        z = self.bias + sum(self.weights[k] * features[k] for k in FEATURES)
        return max(_logistic(z), fact_table_score(features))

    def best_score_before_nli(self, features: dict[str, float]) -> float:
        """The highest `score` the NLI probabilities still to come could give: the linear part
        is linear in them, so the best is at a corner (0, 0), (0, 1) or (1, 1) of (nli_min,
        nli_max), added to the rest once (this is asked of 78k pairs at 1,000 articles)."""
        w = self.weights
        rest = self.bias + sum(w[k] * features[k] for k in FEATURES if k not in ("nli_min", "nli_max"))
        return max(_logistic(rest + max(0.0, w["nli_max"], w["nli_min"] + w["nli_max"])), fact_table_score(features))


def _logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def score_pairs(claims: list[Claim], embeddings: Embeddings, pairs: list[CandidatePair], nli: NLIModel,
                published: dict[str, dt.date | None], calibration: Calibration, embed_model: str,
                show_progress: bool = False, cache: dict | None = None, table=None,
                threshold: float | None = None, store: Store | None = None,
                doc_keys: dict[str, str] | None = None) -> list[ScoredPair]:
    """Score every candidate pair and every pair the fact ``table`` (`checker.facttable`)
    found. With a ``threshold``, NLI (on its minimal pairs, then on the pair) is asked only
    where its answer could put the pair at or above it (`could_reach`): the findings are those
    of scoring every pair, and a pair that cannot be one keeps ``p_ab`` and ``p_ba`` None.
    ``store``, ``doc_keys``: where `pair_checks` keeps each pair's checks."""
    scored = [ScoredPair(pair, None, None) for pair in pairs]
    edits = {}
    checks = pair_checks(claims, pairs, embeddings, published, embed_model, cache, show_progress, store, doc_keys)
    leads = table.leads if table is not None and table.leads is not None else Leads.of(claims)
    for item, (conflicts, found) in zip(scored, checks):
        a, b = claims[item.pair.a], claims[item.pair.b]
        if leads.different_subjects(a.doc_id, b.doc_id):
            conflicts, found = _of_one_named_thing(a, b, conflicts, found)
        if found and _may_have_changed(a, b, published):
            found = [e for e in found if _fact_swap(e)]
        found = [e for e in found if not _swaps_places_of_two_counts(a, b, e)]
        item.conflicts, edits[id(item)] = conflicts, found
        item.negation_mismatch = claims[item.pair.a].facts.negated != claims[item.pair.b].facts.negated
    if table is not None:
        scored = add_fact_conflicts(scored, table, embeddings)
    scored = drop_different_predicates(scored, claims, nli, show_progress)

    def could_be_finding(item: ScoredPair, wording_unknown: bool) -> bool:
        return threshold is None or could_reach(item, calibration, threshold, wording=wording_unknown)

    # A pair the fact table alone found is not sent: its sentences are not counterparts
    # (`add_fact_conflicts`). The minimal pairs go first: most pairs could only reach the
    # threshold through a wording conflict, and once their swaps are known not to be one,
    # their sentences need no NLI.
    counterparts = [item for item in scored if id(item) in edits]
    tried = [item for item in counterparts
             if any(not _fact_swap(e) for e in edits[id(item)]) and could_be_finding(item, wording_unknown=True)]
    for item, found in zip(tried, minimal_pair_conflicts(nli, [edits[id(i)] for i in tried], show_progress)):
        item.conflicts += found
    sent = [item for item in counterparts if could_be_finding(item, wording_unknown=False)]
    probs = nli_both_directions(nli, [claims[i.pair.a].text for i in sent], [claims[i.pair.b].text for i in sent],
                                show_progress)
    for n, item in enumerate(sent):
        item.p_ab, item.p_ba = float(probs[n]), float(probs[len(sent) + n])
    for item in scored:
        item.score = calibration.score(item.features())
    return scored


def drop_different_predicates(scored: list[ScoredPair], claims: list[Claim], nli: NLIModel,
                              show_progress: bool = False) -> list[ScoredPair]:
    """Drop the date and number conflicts whose two values hang on different verbs that state
    different facts: the NLI model, asked about the two clauses with the first value put into
    both, calls them contradictory both ways (`PREDICATE_CONTRADICTION`). Asked of counts of
    one noun (`_counts_one_noun`) and of one day's words falling on two days
    (`_one_day_word_two_verbs`); asked of every date and figure with two verbs, it cost recall
    (docs/results.md). A pair the fact table alone found and that keeps no conflict is dropped
    with it."""
    asked = []  # (id of the scored pair, conflict, clause a, clause b)
    for item in scored:
        for conflict in item.conflicts:
            if conflict.kind not in PREDICATE_KINDS:
                continue
            ma = _mention(claims[item.pair.a], conflict.kind, conflict.value_a)
            mb = _mention(claims[item.pair.b], conflict.kind, conflict.value_b)
            if ma is None or mb is None or not (_counts_one_noun(ma, mb) or _one_day_word_two_verbs(ma, mb)):
                continue
            mask = MASKS[ma.kind]
            asked.append((id(item), conflict, ma.clause.replace(mask, ma.text), mb.clause.replace(mask, ma.text)))
    if not asked:
        return scored
    # A counterpart pair carries the same values twice (its own fact checks and the fact table's
    # conflict): each pair of clauses is asked once.
    clauses = list(dict.fromkeys((a, b) for _, _, a, b in asked))
    lower = nli_lower_direction(nli, [a for a, _ in clauses], [b for _, b in clauses], PREDICATE_CONTRADICTION,
                                show_progress, stage="nli (predicates)")
    contradictory = {pair for n, pair in enumerate(clauses) if lower[n] >= PREDICATE_CONTRADICTION}
    different = {(item_id, conflict) for item_id, conflict, a, b in asked if (a, b) in contradictory}
    kept = []
    for item in scored:
        item.conflicts = [c for c in item.conflicts if (id(item), c) not in different]
        if item.conflicts or item.pair.via != "fact table":
            kept.append(item)
    return kept


def _counts_one_noun(ma: Mention, mb: Mention) -> bool:
    """Both values count or measure one noun ("[3] people", "[40] goals"), each with its own verb."""
    return ma.verb != mb.verb and ma.anchor == mb.anchor and bool(ma.anchor) and \
        ma.anchor not in (ma.verb, mb.verb) and MASKS[ma.kind] in ma.clause and MASKS[mb.kind] in mb.clause


def _one_day_word_two_verbs(ma: Mention, mb: Mention) -> bool:
    """Two dates in the same words ("on Monday") that fall on different days, each with its
    own verb ("the trial opened" / "the trial continued", in articles a week apart): with one
    value in both, the clauses differ by their predicates alone."""
    return ma.kind == "date" and ma.text.lower() == mb.text.lower() and ma.verb != mb.verb


def _mention(claim: Claim, kind: str, text: str) -> Mention | None:
    return next((m for m in claim.facts.mentions if m.kind == kind and m.text == text), None)


def could_reach(item: ScoredPair, calibration: Calibration, threshold: float, wording: bool) -> bool:
    """Whether NLI answers still to come could score ``item`` at or above ``threshold``: its
    score with each unknown probability at whichever end helps most (the score is linear in
    them before the logistic, so the best is at a corner), and a wording conflict of full
    strength if its minimal pairs are still to be asked."""
    features = item.features()
    if wording:
        features["wording"] = 1.0
    if item.p_ab is not None:
        return calibration.score(features) >= threshold
    return calibration.best_score_before_nli(features) >= threshold


def add_fact_conflicts(scored: list[ScoredPair], table, embeddings: Embeddings) -> list[ScoredPair]:
    """Fold the fact table's conflicts into the pairs: a conflict on a candidate pair joins its
    conflicts; a pair the table alone found is not sent to NLI (its two sentences are not
    counterparts, where the model's verdict means nothing) and is scored by the conflict alone
    (`fact_score`)."""
    by_key = {(s.pair.a, s.pair.b): s for s in scored}
    for c in table.conflicts:
        a, b = (c.a, c.b) if c.a < c.b else (c.b, c.a)
        value_a, value_b = (c.value_a, c.value_b) if c.a < c.b else (c.value_b, c.value_a)
        if (a, b) not in by_key:
            similarity = float(embeddings.claims[a] @ embeddings.claims[b])
            by_key[(a, b)] = ScoredPair(CandidatePair(a, b, similarity, "fact table"), None, None)
        by_key[(a, b)].conflicts.append(Conflict(c.kind, c.strength, c.explanation, value_a, value_b, c.fact_id))
    return sorted(by_key.values(), key=lambda s: (s.pair.a, s.pair.b))


def fact_score(strength: float) -> float:
    return 0.5 + 0.5 * strength


def fact_table_score(features: dict[str, float]) -> float:
    """The score a pair's strongest fact-table conflict gives it by itself; 0 without one."""
    table = features.get("fact_table", 0.0)
    return fact_score(table) if table > 0 else 0.0


def pair_checks(claims: list[Claim], pairs: list[CandidatePair], embeddings: Embeddings,
                published: dict[str, dt.date | None], embed_model: str, cache: dict | None = None,
                show_progress: bool = False, store: Store | None = None,
                doc_keys: dict[str, str] | None = None) -> list[tuple[list[Conflict], list[Edit]]]:
    """Per pair, its fact conflicts (`compare_facts`) and the minimal pairs its two claims make
    (`edits`: phrase differences, then swaps of aligned words). With a ``store``, a pair's
    checks an earlier run made are read back (keyed by the two documents' ``doc_keys`` and the
    claims' places in them)."""
    keys = [key("pair checks", PAIR_CHECKS_VERSION, doc_keys[claims[p.a].doc_id], str(claims[p.a].index),
                doc_keys[claims[p.b].doc_id], str(claims[p.b].index)) for p in pairs] if store else []
    stored = records_from_bytes(store.get_many("pair checks", keys), (Conflict, Edit)) if store else {}
    new = [n for n in range(len(pairs)) if not keys or keys[n] not in stored]
    out = [stored.get(k) for k in keys] or [None] * len(pairs)
    # Word vectors take ~45 KB a claim: with a store, the pairs go in blocks and each block's
    # vectors leave memory after it (a later block reads them back from the store).
    block = PAIR_CHECKS_BLOCK if isinstance(cache, VectorCache) else max(len(new), 1)
    with progress_bar("pair checks", show_progress, total=len(new), unit="pair") as bar:
        for start in range(0, len(new), block):
            chunk = new[start:start + block]
            indices = sorted({i for n in chunk for i in (pairs[n].a, pairs[n].b)})
            vectors = dict(zip(indices, word_vectors([claims[i] for i in indices], embed_model, cache)))
            for n in chunk:
                ia, ib = pairs[n].a, pairs[n].b
                a, b = claims[ia], claims[ib]
                edits = minimal_edits(a.text, b.text)
                edits += [e for e in word_edits(a, b, vectors[ia], vectors[ib]) if e not in edits]
                if a.facts.negated == b.facts.negated:  # "not found any" / "found no": one denial, worded twice
                    edits = [e for e in edits if negates(e.original) == negates(e.replacement)]
                if _same_words_other_days(a, b) or _announced_then_held(a, b, published):
                    edits = []
                edits = [e for e in edits if not _days_of_speech(a, b, e) and not _speakers_swapped(a, b, e)]
                out[n] = (compare_facts(claims, embeddings, ia, ib, published), edits)
            if isinstance(cache, VectorCache):
                cache.forget(("words", claims[i].text) for i in indices)
            bar.update(len(chunk))
    if store:
        store.put_many((keys[n], record_bytes(out[n])) for n in new)
    return out


_VALUE_KINDS = ("date", "number", "location", "entity")


def _of_one_named_thing(a: Claim, b: Claim, conflicts: list[Conflict],
                        edits: list[Edit]) -> tuple[list[Conflict], list[Edit]]:
    """For two claims of documents about different named things (`Leads.different_subjects`):
    the value conflicts of values both said of one named thing, and the word swaps of claims
    that name one thing. "Operating profit rose to 160 million" / "dropped to 240 million" in
    articles on two companies' results are two companies' figures."""
    kept = []
    for conflict in conflicts:
        if conflict.kind in _VALUE_KINDS:
            ma, mb = _mention(a, conflict.kind, conflict.value_a), _mention(b, conflict.kind, conflict.value_b)
            if ma is None or mb is None or not names_overlap(ma.owners, mb.owners):
                continue
        kept.append(conflict)
    return kept, edits if names_overlap(claim_names(a), claim_names(b)) else []


def _swaps_places_of_two_counts(a: Claim, b: Claim, edit: Edit) -> bool:
    """Whether the edit swaps two places where different figures were counted
    (`places_of_two_counts`): "120 cases in X" / "45 cases in Y" is no swap of one place."""
    return any(places_of_two_counts(ma, mb) for ma in a.facts.mentions if ma.kind == "location" and
               edit.original and ma.text in edit.original
               for mb in b.facts.mentions if mb.kind == "location" and edit.replacement and mb.text in edit.replacement)


def _may_have_changed(a: Claim, b: Claim, published: dict[str, dt.date | None]) -> bool:
    """Whether the two claims may tell one thing at two times: their documents were published
    further apart than a figure without a period is compared (`NUMBER_MAX_DAYS`) and the claims
    do not date what they say to one time. "The company kept its forecast" in April and "the
    company narrowed its forecast" in July are two quarters' news, not one told two ways."""
    pa, pb = published.get(a.doc_id), published.get(b.doc_id)
    if pa is None or pb is None or abs((pa - pb).days) <= NUMBER_MAX_DAYS:
        return False
    return not any(ma.value.compatible(mb.value) for ma in a.facts.mentions if ma.kind == "date"
                   for mb in b.facts.mentions if mb.kind == "date")


def _same_words_other_days(a: Claim, b: Claim) -> bool:
    """Whether the two claims name a day in the same words that falls on different dates ("on
    Monday" in two articles a week apart): they tell of two days, so a word swapped between
    them ("opened" / "continued") is two happenings, not one told two ways. The word
    alignment sees the same words and cannot tell."""
    return any(ma.text.lower() == mb.text.lower() and not ma.value.compatible(mb.value)
               for ma in a.facts.mentions if ma.kind == "date" for mb in b.facts.mentions if mb.kind == "date")


def _announced_then_held(a: Claim, b: Claim, published: dict[str, dt.date | None]) -> bool:
    """Whether one event is told as still to come in the older article and as held in the
    later one ("will release its first images next week" / "were released on Wednesday"):
    the course of news, so the words swapped between the two tellings are no conflict."""
    pa, pb = published.get(a.doc_id), published.get(b.doc_id)
    if pa is None or pb is None or pa == pb:
        return False
    older, newer = (a, b) if pa < pb else (b, a)
    return any(eo.lemma == en.lemma and eo.framing == "upcoming" and en.framing == "held"
               for eo in older.facts.events for en in newer.facts.events)


def _speakers_swapped(a: Claim, b: Claim, edit: Edit) -> bool:
    """Whether the edit swaps who said each claim ("lawyer X said ..." / "lawyer Y told
    reporters ..."): two people's statements, not one fact told two ways. The same quotation
    given to two people is the fact table's speaker check."""
    return bool(edit.original and edit.replacement) and \
        any(edit.original in name for name in a.facts.speakers) and \
        any(edit.replacement in name for name in b.facts.speakers)


def _days_of_speech(a: Claim, b: Claim, edit: Edit) -> bool:
    """Whether the edit swaps the days two reports were made ("officials said on Tuesday" /
    "said on Monday"): when each was said, two statements, not one fact (`Mention.of_speech`)."""
    def said_on(claim: Claim, words: str) -> bool:
        return bool(words) and any(m.of_speech and words.lower() in m.text.lower()
                                   for m in claim.facts.mentions if m.kind == "date")
    return said_on(a, edit.original) and said_on(b, edit.replacement)


def minimal_pair_conflicts(nli: NLIModel, edits_per_pair: list[list[Edit]],
                           show_progress: bool = False) -> list[list[Conflict]]:
    """Per pair, the edits whose minimal pair the NLI model calls a contradiction in both
    directions, beyond what it gives synonyms (`MINIMAL_PAIR_FLOOR`)."""
    edits = [(n, edit) for n, found in enumerate(edits_per_pair) for edit in found if not _fact_swap(edit)]
    conflicts: list[list[Conflict]] = [[] for _ in edits_per_pair]
    if not edits:
        return conflicts
    lower = nli_lower_direction(nli, [e.premise for _, e in edits], [e.edited for _, e in edits],
                                MINIMAL_PAIR_FLOOR, show_progress, stage="nli (minimal pairs)")
    for k, (n, edit) in enumerate(edits):
        p = float(lower[k])
        if p <= MINIMAL_PAIR_FLOOR:
            continue
        conflicts[n].append(Conflict("wording", round((p - MINIMAL_PAIR_FLOOR) / (1 - MINIMAL_PAIR_FLOOR), 4),
                                     f"wording: {_quoted(edit.original)} vs {_quoted(edit.replacement)} "
                                     f"(NLI on the swap alone {p:.2f})", edit.original, edit.replacement))
    return conflicts


_FRAME_WORDS = {"is", "are", "was", "were", "be", "been", "will", "would", "has", "have", "had", "due", "to",
                "expected", "set", "scheduled", "going", "shall"}


def _fact_swap(edit: Edit) -> bool:
    """A swap of figures ("2" / "3") or of tense alone ("is due to visit" / "visited") is for
    the fact checks, which know whether the two figures or framings may differ (a figure read on
    two dates, an event announced and later held); NLI on the swap alone does not."""
    if any(ch.isdigit() for ch in edit.original + edit.replacement):
        return True
    a = [w for w in edit.original.lower().split() if w not in _FRAME_WORDS]
    b = [w for w in edit.replacement.lower().split() if w not in _FRAME_WORDS]
    return bool(a) and len(a) == len(b) and all(x[:4] == y[:4] for x, y in zip(a, b)) and a != b


def _quoted(words: str) -> str:
    return f"'{words}'" if words else "(nothing)"


def compare_facts(claims: list[Claim], embeddings: Embeddings, ia: int, ib: int,
                  published: dict[str, dt.date | None]) -> list[Conflict]:
    a, b = claims[ia], claims[ib]
    dated = published.get(a.doc_id) is not None and published.get(b.doc_id) is not None
    days = abs((published[a.doc_id] - published[b.doc_id]).days) if dated else None
    conflicts = _slot_conflicts(a, b, ia, ib, embeddings, days)
    for ra in a.facts.roles:
        for rb in b.facts.roles:
            found = role_conflict(ra, rb, dated) if same_office(ra, rb) else None
            if found:
                conflicts.append(Conflict("role", *found, ra.person, rb.person))
    conflicts.extend(_temporal_conflicts(a, b, published))
    return conflicts


def _slot_conflicts(a: Claim, b: Claim, ia: int, ib: int, embeddings: Embeddings,
                    days: int | None) -> list[Conflict]:
    """A value conflicts when its slot is matched in the other claim by a different value and
    the other claim does not also state a compatible value in a matching slot. What may be
    one fact at all is `facttable.same_fact`'s rule, as in the fact table."""
    conflicts = []
    for ma_i, ma in enumerate(a.facts.mentions):
        aligned = []
        for mb_i, mb in enumerate(b.facts.mentions):
            if mb.kind != ma.kind or not _comparable(ma, mb):
                continue
            if ma.kind in ("date", "number") and not same_fact(ma, mb, days):
                continue
            if ma.kind == "location" and places_of_two_counts(ma, mb):
                continue
            if ma.kind == "number" and not one_measure(ma, mb, embeddings):
                continue
            sim = embeddings.slot_similarity((ia, ma_i), (ib, mb_i))
            if sim >= SLOT_MIN_SIMILARITY[ma.kind]:
                aligned.append((sim, mb))
        if not aligned or any(ma.value.compatible(mb.value) for _, mb in aligned):
            continue
        # Neither sentence may state the other's value anywhere (a list of years, say).
        sim, mb = max(aligned, key=lambda x: x[0])
        if any(m.kind == ma.kind and m.value.compatible(mb.value) for m in a.facts.mentions):
            continue
        if any(m.kind == ma.kind and m.value.compatible(ma.value) for m in b.facts.mentions):
            continue
        # A swapped name needs a specific phrase around it: "[PLACE]'s path" matches anything;
        # and one happening: names in claims dated to different times are of two.
        if ma.kind in ("location", "entity") and (
                min(_content_words(ma), _content_words(mb)) < NAME_MIN_CONTEXT_WORDS or dated_apart(a, b)):
            continue
        label = {"date": "date", "number": "number", "location": "place", "entity": "name"}[ma.kind]
        conflicts.append(Conflict(ma.kind, round(sim, 4),
                                  f"{label} of {_slot_label(ma, mb)}: {ma.text} vs {mb.text}", ma.text, mb.text))
    return conflicts


def _content_words(m: Mention) -> int:
    return sum(1 for w in m.context.split() if w.isalpha() and len(w) > 2)


def _comparable(ma: Mention, mb: Mention) -> bool:
    if ma.kind == "number":
        return ma.value.unit == mb.value.unit
    return ma.label == mb.label


def _slot_label(ma: Mention, mb: Mention) -> str:
    words = ma.anchor if ma.anchor == mb.anchor else f"{ma.anchor} / {mb.anchor}"
    return words or "same phrase"


def _temporal_conflicts(a: Claim, b: Claim, published: dict[str, dt.date | None]) -> list[Conflict]:
    """The first event the two claims frame differently (`facttable.framing_conflict`)."""
    for ea in a.facts.events:
        for eb in b.facts.events:
            found = framing_conflict(ea, eb, a.doc_id, b.doc_id, published) if ea.same_event(eb) else None
            if found:
                return [Conflict("temporal", *found, ea.framing, eb.framing)]
    return []

