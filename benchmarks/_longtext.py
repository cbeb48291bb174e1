"""Long invented news articles for the linear-time benchmark: varied sentences from a seeded generator.

Every sentence is built here from templates and word lists written for this benchmark: people with
titles, companies, places, quotations with cues, reported speech, pronouns, figures of every kind
(money, percentages, ranges, ratios, ages, index levels), and narrative sentences with neither, so
that a figure comes about every 40 words and a claim every 50 (wire copy has one figure in 50 words,
US political news one in 180). The same seed gives the same text.
"""

from __future__ import annotations

import random

FIRST = ["Amira", "Bram", "Celia", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kavya", "Lars",
         "Maren", "Nikolai", "Odile", "Pavel", "Quentin", "Rosa", "Sven", "Tamsin", "Ugo", "Vera", "Wendell",
         "Ximena", "Yusuf", "Zora", "Anton", "Brigid", "Casimir", "Delia", "Emeka", "Fenna", "Gideon", "Halla"]
LAST = ["Achterberg", "Bellamy", "Castellanos", "Dragomir", "Eklund", "Fairweather", "Grimaldi", "Hollis",
        "Ibarra", "Jablonski", "Kowalczyk", "Lindqvist", "Mbeki", "Nakagawa", "Okonkwo", "Petrescu", "Quarles",
        "Rasmussen", "Szabo", "Thorvaldsen", "Umberti", "Varga", "Whitcombe", "Yilmaz", "Zelenko", "Abernathy",
        "Brennan", "Cordova", "Delacroix", "Esterhazy", "Falkenrath", "Gunnarsson", "Haverford", "Iwasaki"]
TITLES = ["Mayor", "Senator", "Finance Minister", "Governor", "Police Chief", "Health Minister", "Judge",
          "Professor", "General", "Ambassador", "Councillor", "Dr."]
ROLES = ["a spokeswoman for", "the chief economist at", "a director of", "the head of", "an analyst at"]
ORGS = ["Harrow Mutual Corp.", "Veldt Energy", "the Northern Rail Authority", "Kestrel Mining Ltd.",
        "the Coastal Water Board", "Orison Pharmaceuticals", "the National Farmers Council",
        "Bluewater Shipping Co.", "the Institute for Urban Studies", "Tamarind Bank", "the Port Workers Union",
        "Silverline Airways", "the Regional Transit Agency", "Castor Steel Group", "the Federal Statistics Office"]
PLACES = ["Aberdeen", "Tallinn", "Porto", "Cork", "Gdansk", "Rotterdam", "Valparaiso", "Mombasa", "Hobart",
          "Tromso", "Lyon", "Bergen", "Split", "Halifax", "Durban", "Kraków", "Bilbao", "Ghent", "Turku",
          "Quebec", "Aarhus", "Leipzig", "Nantes", "Malmo"]
INDEXES = ["the Dow", "the FTSE 100", "the Nikkei", "the DAX", "the S&P 500", "the CAC 40"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week", "in March",
        "last year", "this month", "on Sunday"]
THINGS = ["bridge", "plant", "terminal", "hospital wing", "rail line", "reservoir", "school", "depot"]
COUNTED = ["people", "workers", "residents", "families", "passengers", "students", "nurses", "jobs", "homes",
           "vehicles", "flights", "patients", "volunteers", "farms", "trucks", "containers"]
CUES = ["said", "told reporters", "warned", "added", "argued", "claimed", "insisted", "noted"]
CLAUSES = ["the {thing} would reopen before the winter", "the budget could not absorb another delay",
           "talks with {org} had stalled over the weekend", "nobody had been told about the closure",
           "the figures showed a clear recovery", "the {thing} had been neglected for years",
           "inspectors found no sign of a leak", "the plan would cost far more than promised",
           "the council had ignored repeated warnings", "demand had recovered faster than expected"]
QUOTES = ["We will not let this happen again", "Nobody here is going to give up",
          "This is the worst season we have seen", "The numbers speak for themselves",
          "We asked for help and nobody came", "It is a fair deal for everyone involved",
          "There is still a lot of work ahead of us", "I have never seen anything like it"]
BACKGROUND_SHARE = 0.6  # sentences with no figure or claim: about one figure per 40 words, as in wire copy
HEDGES = ["about", "nearly", "more than", "at least", "up to", "fewer than", "roughly", "almost", "over"]
WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "fifteen", "twenty"]


class Writer:
    """Builds sentences and paragraphs from a seeded random source."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.people: list[tuple[str, str, str]] = []

    def pick(self, items: list[str]) -> str:
        return self.r.choice(items)

    def number(self) -> str:
        kind = self.r.random()
        if kind < 0.3:
            return self.pick(WORDS)
        if kind < 0.7:
            return f"{self.r.randint(2, 999):,}"
        return f"{self.r.randint(1_000, 250_000):,}"

    def person(self) -> tuple[str, str]:
        """(first mention, later mention) of a person, sometimes one met before."""
        if self.people and self.r.random() < 0.6:
            title, first, last = self.r.choice(self.people)
            return (f"{title} {last}" if self.r.random() < 0.3 else last), last
        title, first, last = self.pick(TITLES), self.pick(FIRST), self.pick(LAST)
        self.people.append((title, first, last))
        return f"{title} {first} {last}", last

    def clause(self) -> str:
        return self.pick(CLAUSES).format(thing=self.pick(THINGS), org=self.pick(ORGS))

    def figure(self) -> str:
        r = self.r
        kind = r.randrange(12)
        counted = self.pick(COUNTED)
        if kind == 0:
            return f"{self.pick(HEDGES)} {self.number()} {counted}"
        if kind == 1:
            return f"${r.randint(1, 95)}.{r.randint(1, 9)} {self.pick(['million', 'billion'])}"
        if kind == 2:
            return f"€{r.randint(1, 40)}.{r.randint(1, 9)}bn"
        if kind == 3:
            return f"{r.randint(1, 60)}.{r.randint(0, 9)} percent"
        if kind == 4:
            return f"between {r.randint(10, 90)} and {r.randint(100, 400)} {counted}"
        if kind == 5:
            return f"one in {self.pick(['three', 'four', 'five', 'ten'])} {counted}"
        if kind == 6:
            return f"{r.randint(1, 9)} in {r.randint(10, 20)} {counted}"
        if kind == 7:
            return f"£{r.randint(100, 990)},000"
        if kind == 8:
            return f"{self.pick(['two-thirds', 'a third', 'half', 'a quarter'])} of the {counted}"
        if kind == 9:
            return f"{r.randint(2, 40)} to {r.randint(41, 90)} {counted}"
        if kind == 10:
            return f"{r.randint(2, 9)}.{r.randint(1, 9)} million {counted}"
        return f"{self.number()} {counted}"

    def background(self) -> str:
        """A sentence of narrative with no figure and no claim, as most of a news article is."""
        r = self.r
        place, thing, org = self.pick(PLACES), self.pick(THINGS), self.pick(ORGS)
        kind = r.randrange(8)
        if kind == 0:
            return f"The {thing} in {place} was built after the war and has been repaired many times since."
        if kind == 1:
            return (f"Residents of {place} gathered outside the {thing} {self.pick(DAYS)}, where the mood was "
                    f"calm but tense.")
        if kind == 2:
            return f"{org.capitalize()} has long argued with the city over who should pay for the {thing}."
        if kind == 3:
            _, last = self.person()
            return f"{last} arrived late, spoke briefly with officials and left without taking questions."
        if kind == 4:
            return (f"The dispute began when the council in {place} approved a plan for the {thing} without "
                    f"consulting the neighbours.")
        if kind == 5:
            return f"Heavy rain delayed the work on the {thing}, and the roads around {place} were closed."
        if kind == 6:
            return f"Critics of {org} say the {thing} should never have been allowed to fall into disrepair."
        return (f"Talks between {self.pick(ORGS)} and {org} are expected to continue, although neither side "
                f"has set a date.")

    def sentence(self) -> str:
        r = self.r
        if r.random() < BACKGROUND_SHARE:
            return self.background()
        kind = r.randrange(10)
        first, last = self.person()
        place = self.pick(PLACES)
        if kind == 0:
            return f"{first} {self.pick(CUES)} that {self.clause()}."
        if kind == 1:
            return f"“{self.pick(QUOTES)},” {last} said {self.pick(DAYS)}."
        if kind == 2:
            return f"{self.figure().capitalize()} were affected in {place} {self.pick(DAYS)}, {self.pick(ORGS)} said."
        if kind == 3:
            return (f"According to {self.pick(ORGS)}, the {self.pick(THINGS)} in {place} cost "
                    f"{self.figure()} to build.")
        if kind == 4:
            return (f"{self.pick(INDEXES).capitalize()} rose {r.randint(10, 400)} points to "
                    f"{r.randint(3_000, 39_000):,} {self.pick(DAYS)}, while {self.pick(ORGS)} shares fell "
                    f"{r.randint(1, 12)}.{r.randint(0, 9)} percent.")
        if kind == 5:
            return (f"A {r.randint(19, 80)}-year-old man from {place} was among {self.figure()} "
                    f"questioned by police, {first} said.")
        if kind == 6:
            return (f"{self.pick(ROLES).capitalize()} {self.pick(ORGS)}, {first}, {self.pick(CUES)} "
                    f"{self.figure()} had signed up, adding that {self.clause()}.")
        if kind == 7:
            return f"He said {self.clause()}, and that {self.figure()} were expected by {r.randint(2027, 2035)}."
        if kind == 8:
            return (f"Call {r.randint(200, 999)}-{r.randint(1000, 9999)} or write to {r.randint(1, 200)} "
                    f"{self.pick(LAST)} Street, {place}, before {r.randint(1, 11)}:{r.randint(10, 59)} a.m.")
        return (f"The {self.pick(THINGS)} near {place} employs {self.figure()}, and "
                f"{self.pick(HEDGES)} {self.number()} more will join {self.pick(DAYS)}.")

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.r.randint(2, 5)))


def article(chars: int | None = None, words: int | None = None, *, paragraphs: bool = True, seed: int = 7) -> str:
    """An invented article of about `chars` characters or `words` words, in paragraphs or on one line."""
    writer = Writer(seed)
    parts: list[str] = [f"{writer.pick(PLACES).upper()} — {writer.paragraph()}"]
    size = len(parts[0])
    count = len(parts[0].split())
    while (chars is not None and size < chars) or (words is not None and count < words):
        part = writer.paragraph()
        parts.append(part)
        size += len(part) + 2
        count += len(part.split())
    text = ("\n\n" if paragraphs else " ").join(parts)
    if chars is not None:
        text = text[:chars].rsplit(" ", 1)[0]
    return text + "\n"
