"""Person slot: names in a slot, who holds an office ("NATO Secretary-General X", "X, the
mission's principal investigator") and who did a thing ("the case is heard by Judge X",
"X led the negotiations")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from checker.facts.common import LIGHT_VERBS, REPORTING_VERBS, ClaimFacts, make_mention, norm_words, ordinal_among, same_name
from checker.facts.place import NameValue

ENTITY_LABELS = {"PERSON", "ORG", "NORP", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"}
NOT_CURRENT = {"former", "late", "ex", "then", "outgoing", "previous", "incoming", "acting"}
# Verbs of watching and attending: what many people do at once, so two people said to do it
# are two participants, not two accounts of one doer. General English, not story vocabulary.
_SHARED_DEEDS = {"watch", "attend", "see", "witness", "observe", "view"}
# One verb's two patients are one thing when their lemmas read this alike (MiniLM cosine):
# "investigation" / "inquiry" 0.61, "prize" / "award" 0.79, "election" / "vote" 0.66; not
# "lead" / "title" 0.37, "investigation" / "trial" 0.57, "talk" / "negotiation" 0.34.
SAME_PATIENT_MIN_SIMILARITY = 0.6
# Agents are people or bodies: a by-phrase naming one of these is who did the thing.
_AGENT_LABELS = {"PERSON", "ORG", "NORP"}


@dataclass(frozen=True, slots=True)
class RoleMention:
    title: str  # normalised role words, e.g. "secretary general"
    qualifiers: frozenset[str]  # organisation / country words in the title
    person: str
    text: str  # title and name as written
    # For an office taken ("X became premier"): the tense ("past", or "coming" for present and
    # future) and the date said with it, since one office has successive holders.
    taken: tuple[str, str] = ("", "")
    # A title of common nouns with no organisation or place in it ("mission director X", "hospital
    # chief executive X"): one office only among articles of one story, where the other
    # article never names this holder (`checker.facttable`), never across unrelated articles.
    untied: bool = False


@dataclass(frozen=True, slots=True)
class AgentMention:
    """Who did something: ``predicate`` is the verb with its object, the agent masked
    ("[AGENT] negotiated the deal"); ``agent`` the doer as written, ``names`` its proper names."""

    predicate: str
    verb: str  # lemma
    agent: str
    names: frozenset[str]  # people named in the agent phrase
    bodies: frozenset[str] = frozenset()  # organisations and groups named in it
    patient: str = ""  # lemma of what was done or led ("negotiation", "trial")
    occurrence: str = ""  # "previous", "next", "first"...: which of several ("the previous coalition")

    def comparable(self, other: "AgentMention") -> bool:
        """Two doers can be told apart only by names of one kind: two people, or two bodies;
        and only of one occurrence ("the previous coalition" is not this one)."""
        if self.occurrence != other.occurrence:
            return False
        return bool(self.names and other.names) or bool(
            self.bodies and other.bodies and not self.names and not other.names)

    def may_be_same_deed(self, other: "AgentMention", similarity: Callable[[str, str], float]) -> bool:
        """Whether the two can tell one thing done: not "took the lead" and "took the title"
        (one verb, two patients, unless ``similarity`` finds the patients one thing: "led the
        investigation" / "is leading the inquiry"), nor "won the jury prize" and "chaired the
        jury" (a patient that only qualifies the other's: a noun that modifies another names
        another thing)."""
        if self.verb in _SHARED_DEEDS or other.verb in _SHARED_DEEDS:
            return False  # many watch or attend one launch: "Y, who watched the launch" is no rival doer
        if self.patient == other.patient:
            return True
        if self.verb == other.verb:
            # a light verb's object is the deed itself: "has parents" / "has a child" (0.6 alike)
            return self.verb not in LIGHT_VERBS and \
                similarity(self.patient, other.patient) >= SAME_PATIENT_MIN_SIMILARITY
        return not any(x.patient in y.predicate.lower().split()[:-3] for x, y in ((self, other), (other, self)))

    def same_agent(self, other: "AgentMention") -> bool:
        if self.names and other.names:
            return any(same_name(a, b) for a in self.names for b in other.names)
        return any(same_name(a, b) for a in self.bodies for b in other.bodies)


def same_office(a: RoleMention, b: RoleMention, one_story: bool = False) -> bool:
    """Whether the two name one office; ``one_story``: the two claims are of articles telling
    one story, where an untied title ("mission director") can name one office."""
    if (a.untied or b.untied) and not one_story:
        return False
    if a.title != b.title or not a.qualifiers & b.qualifiers or a.taken[0] != b.taken[0]:
        return False
    return not (a.taken[1] and b.taken[1] and a.taken[1] != b.taken[1])


def extract(sent, published: dt.date | None, facts: ClaimFacts, taken: set[int]) -> None:
    for ent in sent.ents:
        if ent.label_ in ENTITY_LABELS and not set(range(ent.start, ent.end)) & taken:
            facts.mentions.append(make_mention("entity", sent, ent.start, ent.end, NameValue(ent.text), published,
                                               ent.label_))
            taken.update(range(ent.start, ent.end))
    facts.roles = roles(sent)
    facts.agents = agents(sent)


def resolve_people(paragraphs) -> None:
    """Relabel, in place, names the recogniser called organisations in one sentence and people
    in another of the same document: "Maja Holm was sworn in" (ORG) beside "Holm's cabinet"
    (PERSON). News names a person in full once and by surname after, so a document's own
    PERSON names (full, and their surnames alone) decide. ``paragraphs``: a document's spaCy Docs."""
    from spacy.tokens import Span

    full, alone = set(), set()
    for doc in paragraphs:
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                (full if len(ent) > 1 else alone).add(ent.text)
    surnames = {name.split()[-1] for name in full}
    for doc in paragraphs:
        if not any(_a_person(ent, full, alone, surnames) for ent in doc.ents):
            continue
        doc.set_ents([Span(doc, ent.start, ent.end, label="PERSON") if _a_person(ent, full, alone, surnames) else ent
                      for ent in doc.ents])


def _a_person(ent, full: set[str], alone: set[str], surnames: set[str]) -> bool:
    if ent.label_ != "ORG" or not all(t.pos_ == "PROPN" for t in ent):
        return False
    return ent.text in full or (len(ent) > 1 and ent[-1].text in alone) or (len(ent) == 1 and ent.text in surnames)


def roles(sent) -> list[RoleMention]:
    """'NATO Secretary-General Jens Stoltenberg', 'the NATO Secretary-General, Jens
    Stoltenberg', 'President of Poland Andrzej Duda': title words just before a person."""
    doc = sent.doc
    found = []
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
            # a title in lower case, modifying the name or a word of its title: "chief executive X"
            common = token.tag_ in ("NN", "JJ") and token.dep_ in ("compound", "amod") and \
                token.lower_ not in NOT_CURRENT and (ent.start <= token.head.i < ent.end
                                                     or token.head.i in {t.i for t in title_tokens})
            if titled or bracket or common or token.tag_ == "HYPH" or (token.lower_ == "of" and title_tokens):
                title_tokens.insert(0, token)
                i -= 1
                continue
            break
        while title_tokens and (title_tokens[0].lower_ == "of" or title_tokens[0].tag_ == "HYPH"):
            title_tokens.pop(0)
        if i >= sent.start and doc[i].lower_.strip("-") in NOT_CURRENT:
            continue
        title_tokens = [t for t in title_tokens if t.tag_ not in ("-LRB-", "-RRB-")]
        role_words = [t for t in title_tokens if not t.ent_type_ and t.tag_ != "HYPH" and t.lower_ != "of"]
        if not role_words or role_words[-1].ent_type_:
            continue
        qualifiers = frozenset(w for t in title_tokens if t.ent_type_ for w in norm_words(t.text))
        if not qualifiers and i > sent.start and doc[i].tag_ == "POS":  # "Birch's chief executive X"
            owner = doc[i - 1]
            qualifiers = frozenset(w for t in doc[owner.left_edge.i:owner.i + 1] if t.pos_ in ("PROPN", "NOUN")
                                   for w in norm_words(t.text))
        title = " ".join(w for t in role_words for w in norm_words(t.text))
        span = doc[title_tokens[0].i:ent.end]
        if title and qualifiers:
            found.append(RoleMention(title, qualifiers, ent.text, span.text))
        elif len(title.split()) >= 2:  # "mission director X"; not "President X" nor "producer X"
            found.append(RoleMention(title, frozenset({""}), ent.text, span.text, untied=True))
    found += _appositive_roles(sent) + _offices_taken(sent)
    return found


# Verbs that put their subject in the office they name: "X became premier", "X was named chief
# executive of Y", "X was sworn in as mayor", "X took over as coach", "X succeeded Y as coach".
OFFICE_VERBS = {"become", "serve", "name", "appoint", "elect", "swear", "take", "succeed", "replace", "remain",
                "install", "choose", "select"}
_NAMING_VERBS = {"name", "appoint", "elect", "install", "choose", "select"}
_SPECULATIVE = {"could", "may", "might"}
_POSSESSIVE_PRONOUNS = {"his", "her", "its", "their", "my", "our", "your"}


def _offices_taken(sent) -> list[RoleMention]:
    """A person who takes or holds an office by a verb that names it. The office has the
    complement's words ("finance minister") and its owner (a name or noun in it, "of Corvane",
    "the bank's") as qualifiers; an office with no owner matches only other unowned ones."""
    found = []
    people = {t.i: ent for ent in sent.ents if ent.label_ == "PERSON" for t in ent}
    for verb in sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in OFFICE_VERBS:
            continue
        children = list(verb.children)
        if any(c.dep_ == "neg" or c.lower_ in _SPECULATIVE for c in children):
            continue
        # The holder: the object of an active "named X chief", else the subject, or the subject
        # of the verb it completes ("X is to be sworn in", "X is expected to become").
        holders = [c for c in children if c.dep_ == "dobj"] if verb.lemma_.lower() in _NAMING_VERBS else []
        holders += [c for c in children if c.dep_ in ("nsubj", "nsubjpass")]
        if verb.dep_ == "xcomp":
            holders += [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        person = next((people[c.i] for c in holders if c.i in people), None)
        offices = [c for c in children if c.dep_ in ("attr", "acomp", "oprd") and c.pos_ == "NOUN"]
        offices += [o for c in children if c.dep_ == "prep" and c.lower_ == "as"
                    for o in c.children if o.dep_ == "pobj" and o.pos_ == "NOUN"]
        if person is None or not offices:
            continue
        office = offices[0]
        if any(c.lower_ in NOT_CURRENT for c in office.children):
            continue
        words = [c.lower_ for c in office.children if c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "NOUN")]
        # Its owner: a name in it ("of Corvane", whatever label the recogniser gave it) or a noun's possessive.
        owners = [w for c in office.subtree if c.i != office.i and c.lower_ not in _POSSESSIVE_PRONOUNS
                  and (c.pos_ == "PROPN" or (c.ent_type_ and c.ent_type_ != "DATE") or c.dep_ == "poss")
                  for w in norm_words(c.text)]
        dates = " ".join(e.text.lower() for e in sent.ents if e.label_ == "DATE" and verb.i in (e.root.head.i, e.root.head.head.i))
        tense = "past" if verb.tag_ in ("VBD", "VBN") and not any(c.lower_ in ("will", "shall", "to") for c in children) \
            else "coming"
        end = max([office.i] + [c.right_edge.i for c in office.rights if c.dep_ == "prep"]) + 1  # "... of Corvane"
        text = sent.doc[min(person.start, office.left_edge.i):max(person.end, end)].text
        found.append(RoleMention(" ".join(words + norm_words(office.text)), frozenset(owners or [""]), person.text,
                                 text, (tense, dates)))
    return found


def _appositive_roles(sent) -> list[RoleMention]:
    """"X, the mission's principal investigator" and "the mission's principal investigator, X":
    a title owned by a noun ("mission") or a name, next to a person."""
    found = []
    for ent in sent.ents:
        if ent.label_ != "PERSON":
            continue
        for title in [c for c in ent.root.children if c.dep_ == "appos" and c.pos_ == "NOUN"] + (
                [ent.root.head] if ent.root.dep_ == "appos" and ent.root.head.pos_ == "NOUN" else []):
            owner = [c for c in title.children if c.dep_ == "poss" and c.lower_ not in ("his", "her", "its", "their")]
            if not owner or title.i in range(ent.start, ent.end):
                continue
            words = [c.lower_ for c in title.children if c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "NOUN")]
            if any(c.lower_ in NOT_CURRENT for c in title.children):
                continue
            found.append(RoleMention(" ".join(words + [title.lower_]), frozenset(norm_words(owner[0].text)),
                                     ent.text, sent.doc[min(title.left_edge.i, ent.start):max(title.i, ent.end - 1) + 1].text))
    return found


def agents(sent) -> list[AgentMention]:
    """The doer of a verb that has a definite object or subject to say what was done: the
    by-agent of a passive ("the deal was negotiated by X") or a named subject of an active
    verb with an object ("X led the negotiations", "Judge X is presiding over the trial")."""
    found = []
    for verb in sent:
        children = list(verb.children)
        if verb.pos_ != "VERB" or (verb.lemma_.lower() in REPORTING_VERBS and not any(
                c.dep_ == "agent" for c in children)):
            continue  # "the court heard that ..." reports; "the case is heard by Judge X" is done by X
        if any(c.dep_ == "neg" for c in children):
            continue  # "X did not command the expedition" names no one who did
        agent = None
        patient = verb.head if verb.dep_ == "acl" and verb.head.pos_ == "NOUN" else None
        for child in children:
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                agent = objs[0] if objs else None
            elif child.dep_ == "nsubjpass":
                patient = child
        if agent is None:
            subjects = [c for c in children if c.dep_ == "nsubj" and c.ent_type_ == "PERSON"]
            if verb.dep_ == "relcl" and verb.head.ent_type_ == "PERSON" and any(
                    c.dep_ == "nsubj" and c.lower_ in ("who", "that") for c in children):
                subjects = [verb.head]  # "Colonel X, who is coordinating the rescue"
            objects = [c for c in children if c.dep_ == "dobj" and c.pos_ == "NOUN"]
            objects += [o for c in children if c.dep_ == "prep" and c.lower_ in ("over", "on")
                        for o in c.children if o.dep_ == "pobj" and o.pos_ == "NOUN"]
            if subjects and objects:
                agent, patient = subjects[0], objects[0]
        if agent is None or patient is None or patient.pos_ not in ("NOUN", "PROPN"):
            continue
        span = sent.doc[agent.left_edge.i:agent.right_edge.i + 1]
        # Cut a relative clause off the agent: "Tomas Ek, who will lead the integration".
        cut = [c for c in agent.subtree if c.dep_ in ("relcl", "acl")]
        if cut:
            span = sent.doc[agent.left_edge.i:min(c.left_edge.i for c in cut)]
        inside = [e for e in sent.ents if span.start <= e.start and e.end <= span.end]
        names = frozenset(e.text for e in inside if e.label_ == "PERSON")
        bodies = frozenset(e.text for e in inside if e.label_ in ("ORG", "NORP"))
        if not names and not bodies and agent.pos_ == "PROPN":  # a name the entity recogniser missed
            names = frozenset([" ".join(t.text for t in agent.subtree if t.pos_ == "PROPN" and t.i <= agent.i)])
        if not names and not bodies:
            continue
        # What was done, without the clauses that describe it ("the trial, which is expected to
        # last six weeks"; "the jury, chaired by X" when the jury is the patient of "chaired").
        clauses = {t.i for c in patient.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
        patient_words = " ".join(t.text for t in patient.subtree if t.i not in clauses and t.dep_ != "punct")[:80]
        predicate = f"{patient_words} {verb.lemma_.lower()} by [AGENT]"
        occurrence = ordinal_among(patient.children, ("amod", "advmod"))
        found.append(AgentMention(predicate, verb.lemma_.lower(), span.text.strip(" ,"), names, bodies,
                                  patient.lemma_.lower(), occurrence))
    return found
