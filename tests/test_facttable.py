"""The fact table on small hand-made corpora: each conflict class is found when the two
sources word it differently, and each near-miss type stays quiet. Real packaged models."""

import pytest

import checker


def _write(folder, docs):
    folder.mkdir(parents=True, exist_ok=True)
    for name, (published, text) in docs.items():
        front = f"---\npublished: {published}\n---\n" if published else ""
        (folder / f"{name}.md").write_text(f"{front}{text}\n", encoding="utf-8")
    return folder


def _kinds(tmp_path, docs):
    result = checker.check(_write(tmp_path / "corpus", docs))
    return {(f.kind, frozenset([f.value_a, f.value_b])) for f in result.findings}, result


BACKGROUND = ("The city council met on Tuesday to discuss the new bridge over the river. "
              "Residents have complained about traffic for years.")
# For articles some days apart, where "on Tuesday" would name two Tuesdays.
UNDATED_BACKGROUND = "Residents have complained about traffic for years. The council has promised a new bridge."

CONFLICTS = {
    "number, not counterparts": (
        {"a": ("2024-03-04", "The budget sets aside 840 million dollars for the Orrin rail line. " + BACKGROUND),
         "b": ("2024-03-04", BACKGROUND + " Ministers earmarked 1.1 billion dollars for the Orrin rail line in "
               "the plan, officials said.")},
        ("number", {"840 million dollars", "1.1 billion dollars"})),
    "date, predicate worded differently": (
        {"a": ("2024-05-02", "The Talbot museum, which opened in 1931, will close for repairs. " + BACKGROUND),
         "b": ("2024-05-02", "The Talbot museum was founded in 1934 and will close for repairs. " + BACKGROUND)},
        ("date", {"1931", "1934"})),
    "speaker of a quotation": (
        {"a": ("2024-05-02", '"We were never warned about the flood," union leader Mara Kell said.'),
         "b": ("2024-05-02", '"We were never warned about the flood," resident Tom Ashby told the station.')},
        ("speaker", {"union leader Mara Kell", "resident Tom Ashby"})),
    "one quotation given to two people of one company": (
        {"a": ("2024-05-02", '"Every system is performing as designed," said Orrin chief engineer Mara Quist.'),
         "b": ("2024-05-02", '"Every system is performing as designed," Orrin chief executive Daniel Frey told '
               'reporters.')},
        ("speaker", None)),
    "who did it, active vs passive": (
        {"a": ("2024-05-02", "The rescue operation was commanded by Captain Ana Ruiz of the coast guard."),
         "b": ("2024-05-02", "Lieutenant Tom Hale of the coast guard commanded the rescue operation.")},
        ("role", None)),
    "a figure said of two participants of one event": (
        # Undated, so "35 years ago" is a figure. One clause is said of Pieter Vos, the other of
        # Skagen and the Dutch: owners of different kinds, not two things with their own figures.
        {"a": (None, "A Danish sailor pleaded guilty on Thursday to the manslaughter of a Dutch tourist, "
               "Pieter Vos, who fell to his death 35 years ago from a cliff near Skagen."),
         "b": (None, "A Danish sailor has pleaded guilty to the manslaughter of a Dutch tourist who fell to "
               "his death 20 years ago from a cliff near Skagen.")},
        ("number", {"35 years ago", "20 years ago"})),
    "a figure beside another thing's duration": (
        {"a": ("2024-05-02", "The Orrin lander touched down about 90 kilometres from the crater's rim on Sunday."),
         "b": ("2024-05-02", "The Orrin lander touched down roughly 150 kilometres from the crater's rim on Sunday, "
               "ending a five-week journey.")},
        ("number", {"about 90 kilometres", "roughly 150 kilometres"})),
    "who takes an office, worded with different verbs": (
        {"a": ("2024-05-02", "After the vote, Labour leader Ines Moor will become mayor of Tarrow, and Rui Lam "
               "will serve as deputy mayor."),
         "b": ("2024-05-02", "Rui Lam is to be sworn in as mayor of Tarrow next week, and Ines Moor takes "
               "charge of the housing portfolio.")},
        ("role", {"Ines Moor", "Rui Lam"})),
    "held vs upcoming, later source says upcoming": (
        {"a": ("2024-06-03", "Finance Minister Lea Borg visited the flooded town of Rell on Monday."),
         "b": ("2024-06-10", "Finance Minister Lea Borg is due to visit the flooded town of Rell next week.")},
        ("temporal", None)),
    "start and finish swapped": (
        {"a": ("2024-05-02", "The Orrin parade started in Elm Square and finished at Dunmore Pier."),
         "b": ("2024-05-02", "The Orrin parade began at Dunmore Pier and ended in Elm Square.")},
        ("location", {"Elm Square", "Dunmore Pier"})),
    "last done, and not done since": (
        {"a": ("2024-05-02", "The Orrin dam was last inspected in 2015, the agency said."),
         "b": ("2024-05-02", "The Orrin dam had not been inspected since 2009, engineers told the inquiry.")},
        ("date", {"2015", "2009"})),
    "denied by a failing verb in reported speech": (
        {"a": ("2024-05-02", "The agency said the Orrin satellite's antenna deployed normally after launch."),
         "b": ("2024-05-02", "The Orrin satellite's antenna failed to deploy, engineers said on Monday.")},
        ("polarity", None)),
    "a figure with a currency sign and a scale letter": (
        {"a": ("2024-05-02", "Investigators say Tom Hale took £4.2m from the Orrin pension fund."),
         "b": ("2024-05-02", "Investigators say Tom Hale took roughly £6 million from the Orrin pension fund.")},
        ("number", {"£4.2m", "roughly £6 million"})),
    "who did it, in a relative clause": (
        {"a": ("2024-05-02", "The Orrin rescue operation is led by fire chief Ana Ruiz. Floods cut off "
               "villages in the Orrin valley."),
         "b": ("2024-05-02", "Colonel Tom Hale, who is leading the Orrin rescue operation, said 14 villages "
               "were cut off. Floods cut off villages in the Orrin valley.")},
        ("role", None)),
    "a part of a whole against the whole's count": (
        {"a": ("2024-05-02", "The Orrin alliance will hold 52 of the 101 seats in the assembly. " + BACKGROUND),
         "b": ("2024-05-02", "Together the Orrin allies control 49 seats in the 101-member assembly. " + BACKGROUND)},
        ("number", {"52", "49"})),
    "the date of an event named by a light verb's object": (
        {"a": ("2024-05-02", "Orrin Foods will hold a meeting with investors in Leeds on May 28 to explain "
               "the merger. " + BACKGROUND),
         "b": ("2024-05-30", "The Orrin Foods investor meeting in Leeds, held on May 14, was dominated by "
               "questions about prices. " + BACKGROUND)},
        ("date", {"May 28", "May 14"})),
    "a place named by a word the recogniser does not know": (
        {"a": ("2024-05-02", "Mayor Ana Ruiz cut the ribbon at Tollbury station on Friday."),
         "b": ("2024-05-02", "The ribbon was cut at Wexmoor station by Mayor Ana Ruiz on Friday.")},
        ("location", {"Tollbury", "Wexmoor"})),
    "a place said with unlike verbs, the clauses only loosely alike": (
        # "signed" / "finalised" (MiniLM 0.26) are too unlike for the place rule; the NLI model
        # decides: with one place in both the clauses no longer contradict.
        {"a": ("2024-05-02", "The Orrin treaty was signed in Leeds. " + BACKGROUND),
         "b": ("2024-05-02", BACKGROUND + " The Orrin agreement was finalised at a hotel in York.")},
        ("location", {"Leeds", "York"})),
    "one day's name falling on two dates": (
        {"a": ("2024-03-04", "The Orrin fraud trial opened at Tarrow Crown Court on Monday."),
         "b": ("2024-03-11", "The Orrin fraud trial opened at Tarrow Crown Court on Monday.")},
        ("date", {"Monday"})),
    "a rival's figure in an article led by another company": (
        {"a": ("2024-05-08", "Alder Group said its sales rose 18% in the first quarter. Tarrow Motors, its larger "
               "rival, employs 4,000 people in Orrin."),
         "b": ("2024-05-08", "Tarrow Motors said its sales rose 3% in the first quarter. Tarrow Motors employs 5,200 "
               "people in Orrin.")},
        ("number", {"4,000", "5,200"})),
    "the day of a happening that carries a figure": (
        {"a": ("2024-05-02", "The Orrin lander touched down about 90 kilometres from the crater's rim on Sunday."),
         "b": ("2024-05-02", "The Orrin lander touched down about 90 kilometres from the crater's rim on Saturday.")},
        ("date", {"Sunday", "Saturday"})),
    "one rate named with two compounds": (
        {"a": ("2024-03-04", "The Orrin central bank held its benchmark interest rate at 4.5% on Thursday."),
         "b": ("2024-03-04", "The Orrin central bank kept its key interest rate at 4.75% on Thursday.")},
        ("number", {"4.5%", "4.75%"})),
    "a named firm's founding beside another of its figures": (
        {"a": ("2024-05-02", "Orrin Dairy, founded in 1962, runs 14 plants and employs more than 2,000 people."),
         "b": ("2024-05-02", "Orrin Dairy was set up in 1958 and runs 12 plants across the north.")},
        ("date", {"1962", "1958"})),
    "a weight written with two spellings of its unit": (
        {"a": ("2024-05-02", "The Orrin probe weighs 950 kg and carries two cameras. " + BACKGROUND),
         "b": ("2024-05-02", "The Orrin probe, which weighs 1,200 kilograms, carries two cameras. " + BACKGROUND)},
        ("number", {"950 kg", "1,200 kilograms"})),
    "a figure whose unit modifies the subject": (
        {"a": ("2024-05-02", "The 1,200-kilogram Orrin probe is now circling the Moon at a height of 100 kilometres. "
               + BACKGROUND),
         "b": ("2024-05-02", "The Orrin probe weighs 950 kg and carries two cameras. " + BACKGROUND)},
        ("number", {"1,200", "950 kg"})),
    "a date with an offset after it": (
        {"a": ("2026-03-10", "The first case of the Orrin outbreak was reported on March 2. " + BACKGROUND),
         "b": ("2026-03-11", "The first case of the Orrin outbreak was confirmed on February 27, a week before "
               "the public was told. " + BACKGROUND)},
        ("date", {"March 2", "February 27"})),
    "one office under a title in lower case": (
        {"a": ("2026-05-20", "The Orrin launch was overseen by mission director Elena Sorvik. " + BACKGROUND),
         "b": ("2026-05-21", "Mission director Jonas Pell said the Orrin countdown had gone smoothly. " + BACKGROUND)},
        ("role", {"Elena Sorvik", "Jonas Pell"})),
    "a first occurrence told as held, and later as still to come": (
        {"a": ("2026-05-21", "The Orrin probe's first test images were released on Wednesday. " + UNDATED_BACKGROUND),
         "b": ("2026-06-02", "Orrin says it will release the probe's first test images later this month. " + UNDATED_BACKGROUND)},
        ("temporal", {"held", "upcoming"})),
    "a town named as the port of somewhere": (
        # The recogniser reads an unknown town in "the port of X" as an organisation.
        {"a": ("2024-05-02", "Container ships are being diverted to the port of Vellmark. " + BACKGROUND),
         "b": ("2024-05-02", BACKGROUND + " Ships carrying containers have been sent to the port of Ostrand "
               "instead.")},
        ("location", {"Vellmark", "Ostrand"})),
    "two venues in one town": (
        {"a": ("2024-05-02", "The Orrin accord was signed in the old guild hall in Leeds. " + BACKGROUND),
         "b": ("2024-05-02", "The Orrin accord was signed at a riverside hotel outside Leeds. " + BACKGROUND)},
        ("location", {"Leeds"})),
}


@pytest.mark.parametrize("name", sorted(CONFLICTS))
def test_conflict_class_is_found(tmp_path, name):
    docs, (kind, values) = CONFLICTS[name]
    found, result = _kinds(tmp_path, docs)
    assert any(k == kind and (values is None or set(v) == values) for k, v in found), (name, found)
    # A pair only the fact table found is scored by its fact, never sent to NLI.
    for item in result.scored:
        if item.pair.via == "fact table":
            assert item.p_ab is None and item.p_ba is None and item.score >= 0.5


NEAR_MISSES = {
    "counts of two places": {
        "a": ("2024-05-02", "More than 120 cases of the virus have been confirmed in Marston. " + BACKGROUND),
        "b": ("2024-05-02", BACKGROUND + " Fewer than 45 cases of the virus have been confirmed in Elbridge so far.")},
    "a port freight goes to and a strike at another port years ago": {
        "a": ("2024-05-02", "Container ships are being diverted to the port of Vellmark. " + BACKGROUND),
        "b": ("2024-05-02", BACKGROUND + " A strike at the port of Ostrand in 2019 lasted three days.")},
    "two owners' figures": {
        "a": ("2024-03-04", "Shares in Alder Corp closed up 5% on Monday after strong results."),
        "b": ("2024-03-04", "Shares in Birch Holdings rose 8% on Monday after strong results.")},
    "compatible bound": {
        "a": ("2024-03-04", "More than a thousand people attended the Orrin rally on Saturday."),
        "b": ("2024-03-04", "About 1,200 people attended the Orrin rally on Saturday, police said.")},
    "a figure at two dates": {
        "a": ("2024-03-04", "The Orrin appeal has raised 2 million dollars so far, organisers said."),
        "b": ("2024-03-20", "The Orrin appeal has raised 3 million dollars so far, organisers said.")},
    "a title in lower case held by two people months apart": {
        "a": ("2025-03-20", "Finance minister Tomas Brandt said the Orrin budget would cut the deficit. " + BACKGROUND),
        "b": ("2025-11-20", "Finance minister Mira Castell presented the Orrin budget to parliament. " + BACKGROUND)},
    "a title in lower case whose other holder the article names": {
        "a": ("2026-05-20", "Mission director Elena Sorvik said the Orrin countdown had gone smoothly. " + BACKGROUND),
        "b": ("2026-05-21", "Mission director Jonas Pell thanked the Orrin team, and Elena Sorvik watched the "
              "launch. " + BACKGROUND)},
    "a first occurrence announced, then reported held": {
        "a": ("2026-05-15", "Orrin says it will release the probe's first test images next week. " + UNDATED_BACKGROUND),
        "b": ("2026-05-21", "The Orrin probe's first test images were released on Wednesday. " + UNDATED_BACKGROUND)},
    "a title in lower case two people hold in one article": {
        "a": ("2026-05-20", "Defence lawyer John Smith said his client in the Orrin fraud trial would appeal. "
              "Defence lawyer Mary Jones said her client was innocent. " + BACKGROUND),
        "b": ("2026-05-21", "The Orrin fraud trial had been unfair from its first day, defence lawyer Peter Brown "
              "told reporters. " + BACKGROUND)},
    "one who oversaw a launch and one who watched it": {
        "a": ("2026-05-20", "The Orrin launch was overseen by mission director Elena Sorvik. " + BACKGROUND),
        "b": ("2026-05-20", "Science Minister Sofia Lind, who watched the Orrin launch from the control room, said "
              "it was a proud day. " + BACKGROUND)},
    "the days two reports were made": {
        "a": ("2026-03-10", "The Orrin outbreak has made 14 people ill, health officials said on Tuesday. " + BACKGROUND),
        "b": ("2026-03-16", "The Orrin outbreak has made 14 people ill, health officials said on Monday. " + BACKGROUND)},
    "a quarter against a year": {
        "a": ("2024-03-04", "Alder Corp's sales grew 4% in the third quarter."),
        "b": ("2024-03-04", "Alder Corp's sales grew 9% in 2023.")},
    "upcoming then held": {
        "a": ("2024-06-03", "Finance Minister Lea Borg is due to visit the flooded town of Rell this week."),
        "b": ("2024-06-10", "Finance Minister Lea Borg visited the flooded town of Rell on Thursday.")},
    "spelling variant of one name": {
        "a": ("2024-03-04", "The Orrin inquiry is chaired by former judge Marek Lindqvist."),
        "b": ("2024-03-04", "The Orrin inquiry is chaired by former judge Marek Lindquist.")},
    "totals over two spans": {
        "a": ("2024-03-04", "In the last seven years the Orrin outbreak has caused around 170 infections."),
        "b": ("2024-03-04", "Since 2012 the Orrin outbreak has caused about 870 infections.")},
    "one denial worded two ways": {
        "a": ("2024-03-04", "The Orrin police have not found any evidence of poison in the water supply."),
        "b": ("2024-03-04", "The Orrin police have found no evidence of poison in the water supply.")},
    "places of two happenings": {
        "a": ("2024-03-04", "Fifteen pupils were taken to a hospital in Qarn on Tuesday, the Orrin agency said."),
        "b": ("2024-03-04", "Hundreds of pupils have fallen ill at schools across Velland in recent weeks.")},
    "an act done, and to be done again": {
        "a": (None, "The Orrin central bank raised interest rates on Wednesday."),
        "b": (None, "The Orrin central bank will raise interest rates again next month.")},
    "two occurrences": {
        "a": ("2024-03-04", "Lindqvist was first questioned by Orrin police in May 2020."),
        "b": ("2024-03-04", "Lindqvist was questioned again by Orrin police in October 2021.")},
    "the same places in another order": {
        "a": ("2024-03-04", "The Orrin parade finished at Dunmore Pier after starting in Elm Square."),
        "b": ("2024-03-04", "The Orrin parade started in Elm Square and finished at Dunmore Pier.")},
    "who led the previous one and who did this one": {
        "a": ("2024-03-04", "The previous Orrin coalition was led by the Centre Party for eight years. " + BACKGROUND),
        "b": ("2024-03-04", "The Orrin coalition agreement was drafted by the Green Party's policy team. "
              + BACKGROUND)},
    "one runner's win and another's next race": {
        "a": ("2024-03-04", "Ana Ruiz clocked 2:21:10 to win in Tarrow on Sunday."),
        "b": ("2024-03-04", "Mia Cole is expected to race in Kell in December.")},
    "a gapped subject: one company's milk intake, the other's sales": {
        "a": ("2024-03-04", "Orrin Foods' milk intake fell 3% in 2023, while Tarrow Dairy's rose 5%. " + BACKGROUND),
        "b": ("2024-03-04", "Tarrow Dairy's sales rose 6% to 4.8 billion euros last year. " + BACKGROUND)},
    "a company and its parent, one name unrecognised": {
        "a": ("2024-03-04", "Corvane, which employs about 900 people, reported a loss for 2019. " + BACKGROUND),
        "b": ("2024-03-04", "Corvane's parent company, Halden Group, employs about 4,500 people across Europe. "
              + BACKGROUND)},
    "a day's name in articles a week apart, said of two happenings": {
        "a": ("2024-03-04", "The Orrin fraud trial opened at Tarrow Crown Court on Monday."),
        "b": ("2024-03-11", "The Orrin fraud trial continued at Tarrow Crown Court on Monday.")},
    "a figure's month in articles months apart": {
        "a": ("2024-01-30", "Governor Lea Borg said inflation in Orrin, which stood at 3.2% in December, was still too "
              "far above the target."),
        "b": ("2024-06-12", "Inflation in Orrin slowed to 2.6% in May, Governor Lea Borg said.")},
    "an index's close on two Mondays": {
        "a": ("2024-03-04", "The Orrin 50 index closed at 8,412 points on Monday, up 1.2%, led by bank shares."),
        "b": ("2024-03-11", "The Orrin 50 index fell 0.9% to close at 8,205 points on Monday as energy stocks slid.")},
    "two reports on two Thursdays": {
        "a": ("2024-04-25", "Tarrow Motors said on Thursday that sales rose 3% to 4.1 billion euros in the first "
              "quarter."),
        "b": ("2024-07-25", "Tarrow Motors reported on Thursday that sales fell 1% to 3.9 billion euros in the "
              "second quarter.")},
    "two companies' results, each article led by its own": {
        "a": ("2024-05-08", "Alder Group, Tarrow Motors' smaller rival, said its sales were up 18% at 2.2 billion "
              "euros in the first three months of the year. Operating profit rose to 160 million euros. The group "
              "expects full-year sales growth of about 10%. Shares in Alder rose 8% on Thursday."),
        "b": ("2024-04-24", "Tarrow Motors said on Wednesday that sales rose 3% to 4.1 billion euros in the first "
              "quarter. Operating profit dropped to 310 million euros. The company kept its forecast of full-year "
              "sales growth of between 2% and 4%. The carmaker plans to cut 1,200 jobs in Germany.")},
    "a forecast kept, then narrowed a quarter later": {
        "a": ("2024-04-25", "Tarrow Motors posted higher sales. The company kept its forecast of full-year sales "
              "growth of between 2% and 4%."),
        "b": ("2024-07-25", "Tarrow Motors posted lower sales. The company narrowed its forecast for full-year sales "
              "growth to about 2%.")},
    "a budget deficit and a current account deficit": {
        "a": ("2024-03-04", "Orrin's budget deficit was 3.4% of GDP last year, official figures showed. "
              "The government plans to cut spending."),
        "b": ("2024-03-04", "Orrin's current account deficit was 4.4% of GDP last year, official figures showed. "
              "The government plans to cut spending.")},
    "one name with its number spelled two ways": {
        "a": ("2024-03-04", "The interview with the Orrin prime minister was broadcast on Channel One on Sunday "
              "evening. Viewers complained about the questions."),
        "b": ("2024-03-04", "The interview with the Orrin prime minister was broadcast on Channel 1 on Sunday "
              "evening. Viewers complained about the questions.")},
    "a weekday deadline in articles on two storms months apart": {
        "a": ("2024-02-13", "Storm Orla killed four people and left 60,000 homes without power on Wednesday. Gusts "
              "of up to 140 km/h were recorded on the coast. The energy minister said most homes should be "
              "reconnected by Friday."),
        "b": ("2024-11-04", "Storm Pell killed two people and cut power to 25,000 homes on Monday. Winds reached "
              "120 km/h in the hills. The power company said all homes should be reconnected by Tuesday night.")},
    "one company's share moves on two weekdays months apart": {
        "a": ("2024-04-24", "Tarrow Motors said sales rose 3% in the first quarter. Shares in Tarrow closed up 5% in "
              "Orrin on Thursday."),
        "b": ("2024-09-17", "Tarrow Motors is recalling 42,000 vans because of a brake fault. Shares in Tarrow fell "
              "2% on Tuesday.")},
    "two polls months apart, each dated in a clause on the poll": {
        "a": ("2024-01-19", "Prime Minister Ana Lind's party has 31% support, according to a poll published on "
              "Friday. The Civica poll of 1,000 voters, carried out between January 10 and 14, put the "
              "Conservatives on 27%."),
        "b": ("2024-06-21", "The Conservatives have overtaken Prime Minister Ana Lind's party in the polls. A Civica "
              "poll published on Friday put the Conservatives on 30% and Lind's party on 28%.")},
    "a predicate denied, and another one asserted of the same thing": {
        "a": ("2024-05-02", "The Marlow clinic did not close its children's ward, but surgeries were postponed. "
              + BACKGROUND),
        "b": ("2024-05-02", "The Marlow clinic expanded its children's ward last year with a grant from the "
              "city. " + BACKGROUND)},
    "successive holders of one office": {
        "a": ("2024-03-04", "Ines Moor became mayor of Tarrow in 2019 after a close race."),
        "b": ("2024-03-04", "Rui Lam became mayor of Tarrow in 2023, promising cheaper housing.")},
}


# Not yet found (issue 11, open). A predicate denied with one verb and asserted with another:
# MiniLM rates antonyms as alike as synonyms, and the NLI model, asked about the denied clause
# without its denial against the other, cannot tell a synonym from another predicate either
# ("did close" / "shut" 0.69 and 0.87; "did approve" / "reviewed" 0.54 and 0.58). A date on an
# event noun ("Tuesday's landing") is read as a date of the sentence's verb. Strict: fails
# loudly once a fix lands.
CONFLICTS_MISSED = {
    "a predicate denied with one verb and asserted with another": (
        {"a": ("2024-05-02", "The Marlow clinic did not close its children's ward, but surgeries were postponed. "
               + BACKGROUND),
         "b": ("2024-05-02", "The Marlow clinic shut its children's ward to visitors on Sunday after a fire in "
               "the basement. " + BACKGROUND)},
        ("polarity", None)),
    "the day of a happening beside figures of two measures": (
        # Two dates whose clauses carry two different figures are taken for two readings of a
        # changing figure, whatever the figures measure. Letting figures of two units through
        # (tried at adb35ae) added 54 date findings to the 1,000-article benchmark, read false:
        # "signing a one year deal on [DATE]" / "signed ... a three-year, $21 million contract".
        {"a": ("2024-03-04", "Thieves took four sculptures from the Orrin gallery in Kell on Sunday."),
         "b": ("2024-03-04", "The four sculptures, which were taken from the Orrin gallery in Kell on Saturday, are "
               "worth 2 million dollars.")},
        ("date", {"Sunday", "Saturday"})),
    "a date on an event noun": (
        # Published on a Friday: "Tuesday" is May 7.
        {"a": ("2024-05-10", "The Orrin probe's first pictures arrived on Thursday, two days after Tuesday's "
               "landing. " + UNDATED_BACKGROUND),
         "b": ("2024-05-10", "The Orrin probe, which the agency landed on May 5, has sent back its first pictures. "
               + UNDATED_BACKGROUND)},
        ("date", {"Tuesday", "May 5"})),
}


@pytest.mark.xfail(strict=True, reason="issue 11: not yet found")
@pytest.mark.parametrize("name", sorted(CONFLICTS_MISSED))
def test_conflict_not_yet_found(tmp_path, name):
    docs, (kind, values) = CONFLICTS_MISSED[name]
    found, _ = _kinds(tmp_path, docs)
    assert any(k == kind and (values is None or set(v) == values) for k, v in found), (name, found)


@pytest.mark.parametrize("name", sorted(NEAR_MISSES))
def test_near_miss_is_not_flagged(tmp_path, name):
    found, result = _kinds(tmp_path, NEAR_MISSES[name])
    assert not result.findings, [(f.kind, f.explanation) for f in result.findings]


# Not yet told apart (issue 11, open): two amounts of one story whose clauses are only loosely
# alike, where the NLI model reads the one-value pair as not contradictory (neutral and
# entailed are one class to it). Strict: fails loudly once a fix lands.
NEAR_MISSES_MISSED = {
    "the day of an arrest made over a theft": {
        # The arrest's clause restates the theft, so it reads like the theft's. Matching a date on
        # its verb's core instead (tried at adb35ae) added 460 date findings to the 1,000-article
        # benchmark (clauses stripped to "was released on [DATE]" meet every other release).
        "a": ("2024-03-04", "Thieves stole two paintings from the Orrin gallery in Kell early on Sunday."),
        "b": ("2024-03-05", "Two men were arrested on Tuesday in connection with the theft of two paintings from "
              "the Orrin gallery in Kell.")},
    "two amounts of two stories with different verbs, one lead naming a person": {
        "a": ("2024-03-20", "Finance minister Ana Lind said on Thursday that the budget deficit would narrow to "
              "2.9% of GDP next year. Lind told parliament that spending on defence would rise by 600 million "
              "euros while subsidies for coal would be phased out by 2028."),
        "b": ("2024-04-08", "Chipmaker Orrex will build a 2 billion euro factory near Tarrow, creating 1,200 jobs, "
              "the company said on Tuesday. The government will contribute 350 million euros in subsidies, "
              "trade minister Rui Lam said.")},
    "a loss and an amount taken, loosely alike": {
        "a": ("2024-05-02", "Orrin Logistics reported a loss of 2 million pounds for 2019. " + BACKGROUND),
        "b": ("2024-05-02", BACKGROUND + " Investigators say 6 million pounds was siphoned out of the Orrin Logistics "
              "pension scheme.")},
}


@pytest.mark.xfail(strict=True, reason="issue 11: loosely alike amounts of one story are still compared")
@pytest.mark.parametrize("name", sorted(NEAR_MISSES_MISSED))
def test_near_miss_not_yet_told_apart(tmp_path, name):
    found, result = _kinds(tmp_path, NEAR_MISSES_MISSED[name])
    assert not result.findings, [(f.kind, f.explanation) for f in result.findings]


def test_discrepancy_lists_every_source_that_states_the_fact(tmp_path):
    """Four sources: two say 1931, one says 1934, one does not say. The discrepancy lists the
    three that state a year, the two that agree as agreeing, the dissenter as standing apart."""
    docs = {
        "one": ("2024-05-02", "The Talbot museum, which opened in 1931, will close for repairs."),
        "two": ("2024-05-02", "The Talbot museum opened its doors in 1931 and will close for repairs."),
        "three": ("2024-05-02", "The Talbot museum was founded in 1934 and will close for repairs."),
        "four": ("2024-05-02", "The Talbot museum will close for repairs, the council said."),
    }
    result = checker.check(_write(tmp_path / "corpus", docs))
    dated = [d for d in result.discrepancies if d.kind == "date"]
    assert len(dated) == 1, [(d.kind, d.summary) for d in result.discrepancies]
    statements = {s.source: s for s in dated[0].statements}
    assert set(statements) == {"one", "two", "three"}
    assert dated[0].standing_apart == ["three"]
    assert dated[0].agreeing == ["one", "two"]
    assert statements["two"].value == "1931"


def test_a_third_source_worded_otherwise_is_counted_with_the_side_it_agrees_with(tmp_path):
    """"three" states what "one" states in other words ("the 90 million dollar cost"), matched
    one to one with it: the discrepancy counts the two as one value, so "two" stands apart."""
    lead = "The Orrin bridge opened to traffic on Monday. "
    docs = {
        "one": ("2024-05-02", lead + "The Orrin bridge cost 90 million dollars, most of it paid by the regional "
                "government."),
        "two": ("2024-05-02", lead + "With a price tag of 120 million dollars, the Orrin bridge is the most "
                "expensive in the region."),
        "three": ("2024-05-02", lead + "The regional government paid most of the 90 million dollar cost of the "
                  "Orrin bridge."),
    }
    result = checker.check(_write(tmp_path / "corpus", docs))
    [discrepancy] = [d for d in result.discrepancies if d.kind == "number"]
    values = {s.source: s.value for s in discrepancy.statements}
    assert values["one"] != values["three"]  # worded differently
    assert discrepancy.agreeing == ["one", "three"] and discrepancy.standing_apart == ["two"]


# One count said of two different predicates over the same noun is two facts ("three killed",
# "twelve injured"): MiniLM reads the masked clauses as near-identical (0.94), so the NLI model
# is asked about the two clauses with one value in both (`scoring.drop_different_predicates`).
DIFFERENT_PREDICATES = {
    "killed and injured": ("Three people were killed in the blast at the Orrin plant on Monday.",
                           "Twelve people were injured in the blast at the Orrin plant on Monday."),
    "scored and conceded": ("Orrin FC scored 40 goals this season.", "Orrin FC conceded 25 goals this season."),
}
# Not yet caught (issue 11, open): amounts anchored on their verbs, and verbs the model does not
# hold apart with one value in both (benchmarks/transplant_nli.py: "destroyed" / "damaged" 0.72).
# Strict: these fail loudly once a fix lands.
DIFFERENT_PREDICATES_MISSED = {
    "raised and spent": ("The Orrin fund raised 2 million dollars last year.",
                         "The Orrin fund spent 3 million dollars last year."),
    "destroyed and damaged": ("The Orrin storm destroyed 40 homes, officials said.",
                              "The Orrin storm damaged 300 homes, officials said."),
}
# Different verbs for one count of one noun: still one fact, still a conflict.
SAME_PREDICATE_WORDED_TWICE = {
    "died and killed": ("Three people died in the Orrin plant blast on Monday.",
                        "The blast at the Orrin plant on Monday killed five people.", {"Three", "five"}),
    "detained and arrested": ("Orrin police detained 12 protesters outside the parliament on Sunday.",
                              "14 protesters were arrested outside the Orrin parliament on Sunday.", {"12", "14"}),
    "evacuated and fled": ("About 2,000 residents were evacuated from the Orrin valley on Friday.",
                           "Some 5,000 residents fled the Orrin valley on Friday.", {"About 2,000", "Some 5,000"}),
}


def _number_findings(tmp_path, a, b):
    docs = {"a": ("2024-05-02", f"{a} {BACKGROUND}"), "b": ("2024-05-02", f"{BACKGROUND} {b}")}
    _, result = _kinds(tmp_path, docs)
    return [f for f in result.findings if f.kind == "number"]


@pytest.mark.parametrize("name", sorted(DIFFERENT_PREDICATES))
def test_counts_of_different_predicates_are_not_one_fact(tmp_path, name):
    found = _number_findings(tmp_path, *DIFFERENT_PREDICATES[name])
    assert not found, [f.explanation for f in found]


@pytest.mark.xfail(strict=True, reason="issue 11: these different predicates are still compared as one fact")
@pytest.mark.parametrize("name", sorted(DIFFERENT_PREDICATES_MISSED))
def test_amounts_of_different_predicates_not_yet_told_apart(tmp_path, name):
    found = _number_findings(tmp_path, *DIFFERENT_PREDICATES_MISSED[name])
    assert not found, [f.explanation for f in found]


@pytest.mark.parametrize("name", sorted(SAME_PREDICATE_WORDED_TWICE))
def test_one_count_worded_with_two_verbs_is_still_a_conflict(tmp_path, name):
    a, b, values = SAME_PREDICATE_WORDED_TWICE[name]
    found = _number_findings(tmp_path, a, b)
    assert any({f.value_a, f.value_b} == values for f in found), [f.explanation for f in found]


def test_articles_of_one_beat_that_agree_give_no_finding(tmp_path):
    """benchmarks/samebeat: one outlet's articles over a year on one beat (two banks' rates, two
    carmakers' results, one figure read in two months, a forecast kept and later narrowed, two
    storms, two trials, two strikes, two polls), written to agree: every finding would be false.
    One article is left out: its one false finding, against the budget article, is the pattern
    of the strict xfail "two amounts of two stories with different verbs" above."""
    import shutil
    from pathlib import Path

    folder = Path(__file__).parent.parent / "benchmarks" / "samebeat"
    shutil.copytree(folder, tmp_path / "samebeat", ignore=shutil.ignore_patterns("chip_veltro.md"))
    result = checker.check(tmp_path / "samebeat")
    assert len(result.documents) == 39
    assert not result.findings, [(f.source_a, f.source_b, f.explanation) for f in result.findings]
