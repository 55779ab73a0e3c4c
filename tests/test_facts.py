import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.facts import (DateValue, extract_facts, link_events, parse_date_text, resolve_people, same_name,
                           same_office)
from checker.facts.number import _singular
from checker.models import load_spacy


@pytest.fixture(scope="module")
def nlp():
    return load_spacy()


def facts(nlp, text, published=None):
    return extract_facts(next(nlp(text).sents), published)


def numbers(f):
    return [m.value for m in f.mentions if m.kind == "number"]


def test_date_compatibility():
    assert DateValue(month=7).compatible(DateValue(2023, 7, 11))
    assert not DateValue(2008).compatible(DateValue(2014))
    assert not DateValue(2023, 7, 11).compatible(DateValue(2023, 7, 12))


def test_date_bounds(nlp):
    def date(text):
        [m] = [m for m in facts(nlp, text).mentions if m.kind == "date"]
        return m.value

    after_26 = date("There were more than 1530 cases after April 26, 2020 in the country.")
    on_27 = date("On 27 April 2020 the ministry reported 1565 confirmed cases in the country.")
    on_25 = date("On 25 April 2020 the ministry reported 1565 confirmed cases in the country.")
    as_of = date("As of 5 March 2020 there were 12 confirmed cases in the country.")
    before_6 = date("The country had fewer than 300 cases before April 6, 2020 in total.")
    assert (after_26.bound, before_6.bound, on_27.bound, as_of.bound) == ("after", "before", "", "snapshot")
    assert after_26.compatible(on_27) and on_27.compatible(after_26)
    assert not after_26.compatible(on_25) and not on_25.compatible(on_27)
    assert before_6.compatible(DateValue(2020, 4, 5)) and not before_6.compatible(on_25)
    assert as_of.compatible(on_25) and on_27.compatible(as_of)  # a snapshot time contradicts no date
    assert DateValue(2008, bound="after").compatible(DateValue(month=7))  # undecided: compatible


def test_relative_years_need_a_publication_date():
    assert parse_date_text("February of the previous year", dt.date(2024, 12, 21)) == DateValue(2023, 2, None)
    assert parse_date_text("two years ago", dt.date(2024, 5, 1)) == DateValue(2022)
    assert parse_date_text("two years ago", None) is None
    assert parse_date_text("next year", dt.date(2020, 1, 1)) == DateValue(2021)


def test_number_qualifiers(nlp):
    [at_least_30] = numbers(facts(nlp, "At least 30 people were killed in the attack."))
    [exactly_35] = numbers(facts(nlp, "The attack killed 35 people on Monday."))
    [exactly_20] = numbers(facts(nlp, "The attack killed 20 people on Monday."))
    [about_33] = numbers(facts(nlp, "About 33 people were killed in the attack."))
    assert at_least_30.compatible(exactly_35)
    assert not at_least_30.compatible(exactly_20)
    assert about_33.compatible(exactly_35)
    assert not exactly_20.compatible(exactly_35)
    assert exactly_35.unit == "people"


def test_a_unit_has_one_name_however_it_is_written(nlp):
    """Abbreviations, plurals and spellings of one unit meet (pint's registry); nouns that are
    not units keep their own word."""
    def unit(text):
        [value] = numbers(facts(nlp, text))
        return value.unit

    assert unit("The probe weighs 950 kg.") == unit("The probe weighs 1,200 kilograms.") == "kilogram"
    assert unit("The road is 14 km long.") == unit("The road is 14 kilometres long.") == "kilometer"
    assert unit("The bill cost 3.5 million pounds.") == "pound"
    assert unit("The party won 46 seats.") == "seat"
    assert unit("The agency paid most of the 240 million euro cost of the mission.") == "euro"


@given(st.text(max_size=12))
@settings(max_examples=300, deadline=None)
def test_any_word_gets_a_unit_name_without_an_error(word):
    """A unit word comes from document text: whatever it is, it gets a name and nothing raises
    (pint's parser raised AssertionError on "*" and TypeError on "a-b")."""
    assert isinstance(_singular(word), str)
    for odd in ("*", "**", "#", "-", "/", "m/", "1/2", "a-b", "(", "'s"):
        assert _singular(odd) == odd


def test_a_figure_completing_a_passive_verb_keeps_that_verbs_subject(nlp):
    """ "Replacing the pipework is expected to cost [NUM]": what costs it is the subject of the
    passive verb the figure's clause completes."""
    [cost] = [m for m in facts(nlp, "Replacing the pipework is expected to cost 3.5 million pounds.").mentions
              if m.kind == "number"]
    assert "pipework" in cost.clause and "expected" in cost.clause


def test_a_figure_whose_unit_modifies_the_subject_is_the_subjects(nlp):
    """ "The [NUM]-kilogram satellite is circling ...": the figure is the satellite's mass, so its
    clause is the subject's phrase, not what the rest of the sentence says."""
    [mass, _] = [m for m in facts(nlp, "The 1,200-kilogram satellite is now circling the Earth at an altitude "
                                       "of 550 kilometres.").mentions if m.kind == "number"]
    assert mass.clause == "The [NUM] - kilogram satellite"


def test_a_date_keeps_no_offset_glued_to_it(nlp):
    """ "February 27, a week before ...": the recogniser's entity runs on into the offset, which
    would make the date read as a span of a week."""
    f = facts(nlp, "The first case was confirmed on February 27, a week before the hospital alerted the public.",
              dt.date(2026, 3, 11))
    [date] = [m for m in f.mentions if m.kind == "date"]
    assert date.text == "February 27" and (date.value.month, date.value.day) == (2, 27)
    assert not date.of_speech  # a passive subject is what was confirmed: the date is of that


def test_bounds_of_one_direction_are_reported_figures(nlp):
    # "at least two" and "at least three" overlap as intervals but report different tolls.
    [at_least_2] = numbers(facts(nlp, "The collapse killed at least two people on Wednesday."))
    [at_least_3] = numbers(facts(nlp, "The collapse killed at least three people on Wednesday."))
    [also_2] = numbers(facts(nlp, "At least two people died in the collapse on Wednesday."))
    [up_to_40] = numbers(facts(nlp, "Up to 40 people were missing after the collapse."))
    [exactly_3] = numbers(facts(nlp, "The collapse killed three people on Wednesday."))
    assert (at_least_2.bound, up_to_40.bound, exactly_3.bound) == ("lower", "upper", "")
    assert not at_least_2.compatible(at_least_3) and not at_least_3.compatible(at_least_2)
    assert at_least_2.compatible(also_2)
    assert at_least_2.compatible(exactly_3)  # a bound and an exact figure: intervals still decide
    assert not at_least_3.compatible(numbers(facts(nlp, "The collapse killed two people on Wednesday."))[0])


def test_name_variants():
    assert same_name("Zelenskiy", "Zelenskyy") and same_name("Volodymyr Zelensky", "Zelenskiy")
    assert same_name("Jens Stoltenberg", "Stoltenberg")
    assert same_name("NATO", "the North Atlantic Treaty Organization")
    assert not same_name("Mark Rutte", "Jens Stoltenberg")


def test_roles(nlp):
    [role] = facts(nlp, "Finance Minister Ana Lopez of Chile announced the budget on Monday.").roles
    # no organisation or country in the title: one office only among articles of one story
    assert role.untied and not same_office(role, role) and same_office(role, role, one_story=True)
    [role] = facts(nlp, "Birch's chief executive Tom Weir said the deal made sense.").roles
    assert role.title == "chief executive" and role.qualifiers == {"birch"} and not role.untied
    [role] = facts(nlp, "Chilean Finance Minister Ana Lopez announced the budget on Monday.").roles
    assert role.title == "finance minister" and role.person == "Ana Lopez" and "chilean" in role.qualifiers
    assert facts(nlp, "Former Chilean Finance Minister Ana Lopez announced the budget.").roles == []


def test_event_framing_and_linking(nlp):
    held = facts(nlp, "Leaders attended a conference in Geneva and signed an accord.")
    upcoming = facts(nlp, "Ministers will prepare for the upcoming conference this week.")
    named = facts(nlp, "Diplomats said little about the Geneva conference planned for May.")
    link_events([upcoming, named])
    [h] = [e for e in held.events if e.lemma == "conference"]
    [u] = [e for e in upcoming.events if e.lemma == "conference"]
    assert h.framing == "held" and "geneva" in h.qualifiers
    assert u.framing == "upcoming" and u.explicit and u.qualifiers == {"geneva"}
    before = facts(nlp, "Before the conference in Geneva, officials had argued for weeks.")
    assert not [e for e in before.events if e.lemma == "conference"]


def test_negation(nlp):
    assert facts(nlp, "The council did not approve the plan.").negated
    assert not facts(nlp, "The council approved the plan.").negated


@pytest.mark.parametrize("text, value, anchor", [
    ("Orrin Foods will hold a meeting with investors on May 28 to explain the deal.", "May 28", "meeting"),
    ("The minister made a pledge in 2008 to close the mine.", "2008", "pledge"),
    ("The alliance will hold 52 of the 101 seats in the assembly.", "52", "seat"),
])
def test_anchor_is_the_thing_the_value_describes(nlp, text, value, anchor):
    """A light verb's object names the event ("hold a meeting"); a part counts its whole's noun."""
    [m] = [m for m in facts(nlp, text).mentions if m.text == value]
    assert m.anchor == anchor


def test_a_part_of_a_whole_has_the_whole_s_unit(nlp):
    [part] = [m for m in facts(nlp, "The alliance will hold 52 of the 101 seats.").mentions if m.text == "52"]
    assert part.value.unit == "seat"


def test_an_infinitive_is_as_past_as_its_verb_and_has_its_subject(nlp):
    [place] = [m for m in facts(nlp, "Ana Ruiz clocked 2:21:10 to win in Leeds on Sunday.").mentions
               if m.kind == "location"]
    assert place.tense == "past" and place.owners == {"Ana Ruiz"}


def test_a_venue_is_masked_with_its_town(nlp):
    [place] = [m for m in facts(nlp, "The accord was signed at a riverside hotel outside Leeds.").mentions
               if m.kind == "location"]
    assert place.value.venue == "hotel" and place.clause == "The accord was signed at [PLACE]"


def test_names_of_one_place_phrase_are_one_place(nlp):
    from checker.facts import NameValue

    places = [m for m in facts(nlp, "The probe lifted off on Monday from the Calder spaceport in Norwick.").mentions
              if m.kind == "location"]
    assert len(places) == 1, places
    [place] = places
    assert place.value.within == ("Norwick",) and place.owners == frozenset()
    assert place.clause.endswith("from [PLACE]")
    # agrees with either name alone, not with another spaceport in the same town
    assert place.value.compatible(NameValue("Norwick")) and NameValue("Calder").compatible(place.value)
    assert not place.value.compatible(NameValue("Brent", "spaceport", ("Norwick",)))
    assert not place.value.compatible(NameValue("Fallow Point"))


@pytest.mark.parametrize("text, value, attribute", [
    ("Brightwater's sales rose 6% to 4.8 billion euros last year.", "6%", "sale"),
    ("Pellan's milk intake fell 3% in 2024, while Brightwater's rose 5%.", "5%", "milk intake"),
    ("The coalition has 46 seats.", "46", ""),
])
def test_a_figure_measures_what_its_owner_has(nlp, text, value, attribute):
    [m] = [m for m in facts(nlp, text).mentions if m.text == value]
    assert m.attribute == attribute


def test_a_figure_stated_inside_its_subject_is_matched_on_that_phrase(nlp):
    """"The housing target of 20,000 homes by 2030 was criticised by builders": the predicate
    says something about the target; the subject phrase states it."""
    [m] = [m for m in facts(nlp, "The housing target of 20,000 homes by 2030 was criticised by builders "
                                 "as unrealistic.").mentions if m.kind == "number"]
    assert m.clause == "The housing target of [NUM] homes by 2030"
    [m] = [m for m in facts(nlp, "Six people were killed in the blast.").mentions if m.kind == "number"]
    assert "killed" in m.clause


def test_a_crossing_parse_ends(nlp):
    """The parser hangs "including ..." on the subject, so the subject's span holds "five"
    without being above it: the walk up to the subject must stop at the root."""
    import threading

    text = "So far, the probe has photographed five of them in detail, including craters A1, B22, C3, D44 and E5."
    found = []
    worker = threading.Thread(target=lambda: found.append(facts(nlp, text)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert found and [m.text for m in found[0].mentions if m.kind == "number"][:1] == ["five"]


def test_a_name_the_recogniser_calls_an_organisation_is_a_person_where_the_document_says_so(nlp):
    # "Maja Strand" alone is read as an organisation; the document's "Premier Strand" is a person.
    paragraphs = [nlp("Maja Strand was sworn in as premier of Norland on Thursday."), nlp("Premier Strand thanked voters.")]
    assert not extract_facts(next(paragraphs[0].sents), None).roles
    resolve_people(paragraphs)
    [role] = extract_facts(next(paragraphs[0].sents), None).roles
    assert (role.person, role.title) == ("Maja Strand", "premier")
    lone = [nlp("Maja Strand was sworn in as premier of Norland on Thursday.")]
    resolve_people(lone)  # nothing in the document says she is a person
    assert [e.label_ for e in lone[0].ents if e.text == "Maja Strand"] == ["ORG"]


def test_a_prize_named_after_a_body_is_not_the_body(nlp):
    [chaired] = facts(nlp, "The jury was chaired by the novelist Lise Dahl.").agents
    [won] = facts(nlp, "Vera Kell won the jury prize in 2019.").agents
    [led] = facts(nlp, "The rescue effort is led by fire chief Anton Weiss.").agents
    [coordinated] = facts(nlp, "Rescue operations are being coordinated by Colonel Piet Arends.").agents
    unlike = lambda a, b: 0.0  # noqa: E731 - no two patients read alike
    assert not chaired.may_be_same_deed(won, unlike) and not won.may_be_same_deed(chaired, unlike)
    assert led.may_be_same_deed(coordinated, unlike)


def test_one_verb_of_two_patients_that_name_one_thing_is_one_deed(nlp):
    from checker.embed import encode_texts
    from checker.models import DEFAULT_EMBED_MODEL

    def similarity(a, b):
        va, vb = encode_texts(DEFAULT_EMBED_MODEL, [a, b])
        return float(va @ vb)

    [inquiry] = facts(nlp, "The inquiry is being led by Judge Mara Voss.").agents
    [investigation] = facts(nlp, "Commissioner Ivo Grant, who is leading the investigation, spoke on Friday.").agents
    [team] = facts(nlp, "Coach Lena Marsh is leading the team this season.").agents
    assert (inquiry.verb, investigation.verb, team.verb) == ("lead", "lead", "lead")
    assert inquiry.may_be_same_deed(investigation, similarity)  # "inquiry" / "investigation": one thing
    assert not inquiry.may_be_same_deed(team, similarity)  # one verb, two things led
    [parents] = facts(nlp, "Singer Mara Holt has Danish parents.").agents
    [daughters] = facts(nlp, "Coach Ivo Lind has two daughters.").agents
    assert similarity(parents.patient, daughters.patient) >= 0.6
    assert not parents.may_be_same_deed(daughters, similarity)  # a light verb's object is the deed itself


@pytest.mark.parametrize("text, shown, value, verb, clause", [
    # the part of the day belongs to the date; the date is said of the verb, not of "night"
    ("Floodwaters swept through the valley on Friday night after heavy rain.", "Friday night",
     DateValue(2025, 4, 18), "sweep", "Floodwaters swept through the valley on [DATE] after heavy rain ."),
    # a date the parser splits between two verbs is said of the one its preposition hangs on
    ("A week after the river overflowed on Saturday, April 12, families are still living in gyms.",
     "Saturday, April 12", DateValue(None, 4, 12), "overflow", "A week after the river overflowed on [DATE]"),
])
def test_a_date_is_anchored_on_the_verb_its_preposition_hangs_on(nlp, text, shown, value, verb, clause):
    [m] = [m for m in facts(nlp, text, dt.date(2025, 4, 19)).mentions if m.kind == "date"]
    assert (m.text, m.value, m.verb, m.clause) == (shown, value, verb, clause)
