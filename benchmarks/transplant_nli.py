"""Does the NLI model tell two predicates over one value apart from two wordings of one fact,
once the value is the same in both? (issue 11: "[NUM] people were killed / injured in the blast"
read 0.94 to MiniLM, so the fact checks compare them as one fact.)

Each pair below puts one value into two clauses: first pairs whose predicates state different
facts, then paraphrases of one fact. Prints P(contradiction) both ways. The sentences are
invented for this probe; a fix should be measured on benchmarks/crossdoc, not tuned on these.

    .venv/bin/python benchmarks/transplant_nli.py
"""

from __future__ import annotations

from checker.models import DEFAULT_NLI_MODEL, load_nli

DIFFERENT = [
    ("Three people were killed in the blast at the plant.", "Three people were injured in the blast at the plant."),
    ("The fund raised 2 million dollars last year.", "The fund spent 2 million dollars last year."),
    ("The club scored 40 goals this season.", "The club conceded 40 goals this season."),
    ("The storm destroyed 40 homes, officials said.", "The storm damaged 40 homes, officials said."),
    ("Police arrested 12 protesters on Sunday.", "12 protesters were injured on Sunday."),
    ("The company will cut 500 jobs.", "The company employs 500 people."),
    ("The airline carried 3 million passengers.", "The airline cancelled 3 million flights."),
    ("Exports fell 4% in May.", "Imports rose 4% in May."),
]
SAME = [
    ("Three people were killed in the blast at the plant.", "The blast at the plant left three people dead."),
    ("He moved £4.2 million out of the company's pension fund.", "£4.2 million was siphoned out of the pension scheme by him."),
    ("The final bill for the tunnel came to 2.9 billion dollars.", "Its construction cost 2.9 billion dollars."),
    ("The budget sets aside 840 million for rail.", "Ministers earmarked 840 million for the railways in the plan, officials said."),
    ("The deal was signed in 2014.", "The agreement was finalised in 2014."),
    ("Construction began in 2016.", "Work on the tunnel started in 2016."),
    ("The appeal collected 2 million dollars in its first week.", "Donors gave 2 million dollars to the appeal in its first week."),
    ("Sales rose 4% in the third quarter.", "Sales grew 4% in the third quarter."),
]


def main() -> None:
    nli = load_nli(DEFAULT_NLI_MODEL)
    for label, rows in (("different facts", DIFFERENT), ("one fact", SAME)):
        n = len(rows)
        p = nli.contradiction([a for a, _ in rows] + [b for _, b in rows], [b for _, b in rows] + [a for a, _ in rows])
        both = sorted(min(float(p[k]), float(p[n + k])) for k in range(n))
        print(f"{label}: lower of the two directions, sorted: " + ", ".join(f"{x:.2f}" for x in both))
        for k, (a, b) in enumerate(rows):
            print(f"  {p[k]:.3f} {p[n + k]:.3f}  {a} | {b}")


if __name__ == "__main__":
    main()
