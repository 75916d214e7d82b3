"""Drafts written for the tests that measure ``audit check``: correct drafts that must
give no error, and drafts with one planted problem each that must be found at its line.

Everything here was written for the tests (no outlet's text). Drafts are composed from
template banks with a seeded generator, so they vary in domain, speaker, cue, sentence
shape and quote position:

* ``EVERYDAY``: short quotes of invented people in sport, local government, business,
  weather, courts, science and culture, many of them stock phrases that also occur
  inside the bundled reference's statements ("we will win", "it is not true", "the
  situation on the ground");
* ``FAITHFUL``: correct quotes of the reference's speakers worded as outlets word them
  (titles and aliases, fragments, ellipses, curly quotes, reported speech, a ministry
  reporting what Putin said);
* ``PLANTS``: one misquote, misattribution, unattributed quote or wrong figure each.

The reference is the bundled one (the seed story) plus ``tests/data/check_reference``
(invented statements of the invented speakers). ``evaluate()`` gives per-class
precision and recall of error-level findings; ``bench/check.py --eval`` prints them and
``tests/test_check_corpus.py`` asserts the targets.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "data" / "check_reference"
SEED = 14
N_CORRECT = 110

# -- everyday quotes: (speaker as introduced, quote) per domain -------------------------------

SPEAKERS: dict[str, list[str]] = {
    "sport": ["the captain, Jo Keane", "Rovers manager Ana Okafor", "the coach, Sam Petrie", "Okafor", "the goalkeeper",
              "the club's chairman, Derek Lyle"],
    "local": ["Councillor Tom Briggs", "Cllr Briggs", "a council spokeswoman", "the mayor, Ruth Adeyemi",
              "the planning officer, Neil Crane", "a resident, Ivy Moss"],
    "business": ["Priya Raman, Linwood's chief executive", "the shop owner, Mary Hollis", "a spokesman for the bakery",
                 "the finance director, Karl Weiss", "Raman", "one market trader"],
    "weather": ["the forecaster, Owen Tate", "a spokesperson for the weather service", "the lifeboat coxswain, Dan Roe",
                "the farmer, Beth Carr"],
    "courts": ["Judge Hugh Deverell", "the judge", "the defence barrister, Lena Ortiz", "the prosecutor, Ian Shaw",
               "a police spokesman"],
    "science": ["Professor Marta Lindqvist", "the lead author, Dr Yusuf Ali", "Lindqvist", "a NASA engineer",
                "the researcher, Chloe Park"],
    "culture": ["the gallery director, Celia Marchetti", "the tour guide", "the novelist, Hari Dutt", "the conductor",
                "the festival organiser, Kim Lowe"],
}

EVERYDAY: dict[str, list[str]] = {
    "sport": ["We will win", "It was a significant reverse for us", "We have to keep the pressure up",
              "The lads gave everything today", "More and more young players want to join us",
              "We didn't defend well enough in the second half", "It is not true that I asked to leave",
              "The fans were magnificent from the first minute", "There's a long way to go in this league",
              "The situation on the ground is that we need points"],
    "local": ["It is not true that the library will close", "We will look at the figures again in March",
              "The situation on the ground has improved since the new bins arrived", "More and more families are moving here",
              "We are listening to residents", "Nobody wants the bus route cut", "The road will reopen on Friday",
              "We have made significant advances on housing"],
    "business": ["It is not true", "Trading has been tough since Christmas", "We are witnessing some incredible scenes in the shop",
                 "It was a significant reverse for the business", "Customers want fresh bread every morning",
                 "We will keep prices down as long as we can", "Morale in the team is sky high",
                 "The new store opens in the spring"],
    "weather": ["Some incredible scenes on the coast this morning", "Stay away from the sea front tonight",
                "It will be colder than average for the time of year", "The river is higher than I have ever seen it",
                "We don't like the darkness but we carry on", "The worst of the rain has passed"],
    "courts": ["The jury has reached its verdict", "It is not true that my client was there",
               "You will go to prison today", "This was a cruel and calculated crime", "We will appeal",
               "The evidence speaks for itself"],
    "science": ["The results surprised all of us", "More and more data point the same way",
                "The situation on the ground is changing faster than our models predicted",
                "This is a significant reverse for the mission", "We need another season of measurements",
                "Operational surprise is not something scientists enjoy"],
    "culture": ["Some incredible scenes", "We are witnessing some incredible scenes", "The audience was wonderful tonight",
                "Nobody expected the play to sell out", "It was a significant reverse when the funding went",
                "We will win the audience back", "The music speaks for itself"],
}

HEADLINES: dict[str, list[str]] = {
    "sport": ["Rovers slip to defeat", "Derby day preview", "Cup run ends in the rain"],
    "local": ["Council budget agreed", "Library plans go to vote", "Bus route row"],
    "business": ["Bakery chain feels the squeeze", "High street round-up", "Prices rise again"],
    "weather": ["Storm warning for the coast", "Floods close roads", "Cold snap ahead"],
    "courts": ["Fraudster jailed", "Trial opens at Crown Court", "Appeal lodged"],
    "science": ["Glacier survey results", "Probe launch delayed", "New study on river levels"],
    "culture": ["Gallery unveils tapestries", "Festival sells out", "New novel launched"],
}

PROSE: dict[str, list[str]] = {
    "sport": ["Rovers host their neighbours on Saturday.", "The side have won two of their last ten games.",
              "Tickets for the match sold out within a day."],
    "local": ["The council meets again next month.", "The budget must be set by March.",
              "Residents packed the town hall on Tuesday."],
    "business": ["The chain employs about 2,000 people.", "Shoppers have cut back since the autumn.",
                 "The company reports its results in June."],
    "weather": ["Gusts reached 70 mph overnight.", "Several roads in the valley were closed.",
                "The coastguard issued a warning."],
    "courts": ["The trial lasted three weeks.", "The defendant showed no emotion.",
               "Reporting restrictions were lifted on Monday."],
    "science": ["The survey has run for nearly thirty years.", "The paper was published on Wednesday.",
                "Funding for the project ends next year."],
    "culture": ["The exhibition runs until January.", "The festival drew record crowds.",
                "The gallery reopened after a two-year refurbishment."],
}

SHAPES = [
    '{Speaker} said: "{q}."',
    '"{q}," {speaker} said.',
    '"{q}," said {speaker}.',
    '{Speaker} told reporters: "{q}."',
    '"{q}," {speaker} added, before leaving.',
    'Asked about the week, {speaker} said simply: "{q}."',
]

# -- correct quotes of the reference's speakers, as outlets word them ------------------------

FAITHFUL: list[str] = [
    'Lord Dannatt told Sky News: "We are witnessing some incredible scenes."',
    '"We are witnessing some incredible scenes," General Sir Richard Dannatt said.',
    'Richard Dannatt, a former head of the British Army, said the Ukrainians had "made significant advances" but warned: "There\'s a long way to go."',
    '"They know that they\'ve had a significant reverse on the battlefield," Lord Dannatt said.',
    'Lord Dannatt said the Russians were "blindly lashing out" after what he called a "significant reverse".',
    'Dannatt said Russian units had "pretty much turned and fled".',
    'Lord Dannatt said: \u201cMorale in Ukraine and morale amongst the Ukrainian forces is sky high.\u201d',
    'Lord Dannatt urged the West to "keep the pressure up".',
    'Britain\'s Ministry of Defence said Ukrainian forces had "continued to make significant gains in the Kharkiv region".',
    'The UK Ministry of Defence said: "Russia has likely withdrawn units from the area, but fighting continues around the strategically important cities of Kupiansk and Izium."',
    'In its daily update, the MoD said: "Putin\'s claim is not true."',
    'British defence intelligence said Russia was "pursuing a deliberate misinformation strategy".',
    'The Ministry of Defence said Ukraine had recaptured territory "at least twice the size of Greater London".',
    'The MoD said Russia was "likely struggling to bring sufficient reserves forward across the Dnipro River to the front line".',
    'Ukraine\'s top general, Valerii Zaluzhnyi, said: "We are 50 kilometres from the border."',
    'General Zaluzhnyy wrote on Telegram that "more than 3,000 square kilometres have been returned to Ukrainian control".',
    'Zaluzhnyi said about 1,160 square miles had been returned to Ukrainian control since the beginning of September.',
    'Igor Girkin warned: "A hasty retreat will inevitably result in heavy losses of equipment and supplies."',
    'Russia\'s defence ministry said it had decided "to regroup the Russian forces stationed near Balakleya and Izyum".',
    'Ramzan Kadyrov said he would go to the country\'s leadership "to explain to them the situation on the ground".',
    'Daniil Bezsonov wrote: "Yes, we have withdrawn from Izium ... Of course that\'s bad."',
    'The MoD noted that President Putin said only 60,000 tonnes of the grain exported from Ukraine since August had been sent to developing countries.',
    'Councillor Tom Briggs said: "We will not close a single branch library while I lead this council."',
    '"The pothole fund goes up to 4.2 million pounds next year," Cllr Briggs said.',
    'Okafor said: "Our pressing game fell apart after the red card."',
    'Priya Raman said flour prices had "risen by 18 per cent since January".',
    'Judge Hugh Deverell told the defendant: "You exploited the trust of elderly neighbours with a cruelty that I find hard to comprehend."',
    'Professor Lindqvist said the glacier "has lost roughly a third of its ice volume since our survey began in 1998".',
    'The Northbay Weather Service said: "Up to 120 millimetres of rain could fall on high ground in the west before Thursday morning."',
    'Celia Marchetti said the tapestries "were hidden in a farmhouse attic for ninety years".',
    # credits the draft gives beyond one sentence's speaker (issue 26): a named body's
    # spokesperson, a continuation, a role description, a group
    'Russian Defence Ministry spokesman Igor Konashenkov said: "It was decided to regroup the Russian forces stationed near Balakleya and Izyum to boost efforts in the Donetsk direction."',
    '"It was decided to regroup the Russian forces stationed near Balakleya and Izyum," Igor Konashenkov, a spokesman for the Russian Defence Ministry, said.',
    'Lord Dannatt said Moscow had been caught off guard.\n\nHe continued: "They know that they\'ve had a significant reverse on the battlefield, so they\'re lashing out in other ways to try to restore their position."',
    'Lord Dannatt was asked about the front.\n\nHe went on: "Morale in Ukraine and morale amongst the Ukrainian forces is sky high."',
    'Lord Dannatt has followed the war from the start.\n\nSpeaking from London, the former Chief of the General Staff said: "We are witnessing some incredible scenes."',
    'The former army chief said: "They know that they\'ve had a significant reverse on the battlefield, so they\'re lashing out in other ways to try to restore their position."',
    '"The shelling finally stopped on Tuesday night," residents said.',
    'Ramzan Kadyrov said: "If today or tomorrow changes are not made in the conduct of the special military operation, I will be forced to go to the country\'s leadership to explain to them the situation on the ground."',
]

# -- planted problems: (rule, the line holding it) -------------------------------------------

PLANTS: list[tuple[str, str]] = [
    # misquote: the speaker's words with one word changed
    ("misquote", 'Lord Dannatt said: "We are witnessing some remarkable scenes."'),
    ("misquote", '"They know that they\'ve had a serious reverse on the battlefield," Lord Dannatt said.'),
    ("misquote", 'The UK Ministry of Defence said: "Russia has probably withdrawn units from the area, but fighting continues around the strategically important cities of Kupiansk and Izium."'),
    ("misquote", 'The MoD said: "An improvised floating bridge Russia started over two weeks ago remains unfinished."'),
    ("misquote", 'The MoD said: "The rapid Ukrainian successes have major implications for Russia\'s overall operational design."'),
    ("misquote", 'Lord Dannatt said: "Morale in Ukraine and morale amongst the Ukrainian troops is sky high."'),
    ("misquote", 'Councillor Tom Briggs said: "We will not shut a single branch library while I lead this council."'),
    ("misquote", 'Okafor said: "Our pressing game collapsed after the red card and the lads never recovered their shape."'),
    ("misquote", 'Judge Hugh Deverell told the defendant: "You exploited the trust of elderly neighbours with a cruelty that I find impossible to comprehend."'),
    ("misquote", 'Celia Marchetti said: "These tapestries were kept in a farmhouse attic for ninety years."'),
    # misattribution: distinctive words credited to someone else
    ("misattribution", 'Vladimir Putin said: "Ukrainian forces have continued to make significant gains in the Kharkiv region."'),
    ("misattribution", 'President Zelensky said: "A hasty retreat will inevitably result in heavy losses of equipment and supplies."'),
    ("misattribution", 'Ramzan Kadyrov said: "The already limited trust deployed troops have in Russia\'s senior military leadership is likely to deteriorate further."'),
    ("misattribution", 'Lord Dannatt said: "Russia is pursuing a deliberate misinformation strategy as it seeks to deflect blame for food insecurity issues."'),
    ("misattribution", 'Igor Girkin said: "Around Kharkiv, we have begun to advance not only in the south and east, but also to the north."'),
    ("misattribution", 'Priya Raman said: "We will not close a single branch library while I lead this council."'),
    ("misattribution", 'Ana Okafor said: "The Solvik glacier has lost roughly a third of its ice volume since our survey began in 1998."'),
    ("misattribution", 'Tom Briggs said: "Wholesale flour prices have risen by 18 per cent since January, and we have absorbed most of that so far."'),
    ("misattribution", 'Ukrainian Defence Ministry spokesman Oleh Marchuk said: "It was decided to regroup the Russian forces stationed near Balakleya and Izyum to boost efforts in the Donetsk direction."'),
    ("misattribution", 'President Volodymyr Zelensky said: "Since the beginning of September, more than 3,000 square kilometres have been returned to Ukrainian control."'),
    # misquote: one long word swapped in a short quote; a swap in a quoted fragment (issue 26)
    ("misquote", 'Lord Dannatt said: "We are witnessing some extraordinary scenes."'),
    ("misquote", 'Dannatt said the Russian units had "pretty much turned and ran".'),
    # unattributed: words the reference credits to a known speaker, printed with no speaker
    ("unattributed-quote", 'Elsewhere the picture was bleak. "Russia has likely ordered the withdrawal of its troops from the entirety of occupied Kharkiv Oblast west of the Oskil River."'),
    ("unattributed-quote", 'The mood was defiant. "Morale in Ukraine and morale amongst the Ukrainian forces is sky high."'),
    ("unattributed-quote", 'It was, by one account, a rout. "A hasty retreat will inevitably result in heavy losses of equipment and supplies."'),
    ("unattributed-quote", 'Money is tight. "The pothole fund goes up to 4.2 million pounds next year, paid for by selling the old depot on Mill Lane."'),
    ("unattributed-quote", 'The trial ended on Friday. "You exploited the trust of elderly neighbours with a cruelty that I find hard to comprehend."'),
    ("unattributed-quote", 'Shoppers face more pain. "Wholesale flour prices have risen by 18 per cent since January."'),
    ("unattributed-quote", 'The warning is stark. "Up to 120 millimetres of rain could fall on high ground in the west before Thursday morning."'),
    # number: a figure changed
    ("number-mismatch", 'General Zaluzhnyi said: "Since the beginning of September, more than 5,000 square kilometres have been returned to Ukrainian control."'),
    ("number-mismatch", 'Zaluzhnyi said: "We are 80 kilometres from the border."'),
    ("number-mismatch", 'Zaluzhnyi said that since the beginning of September "more than 3,000 square miles have been returned to Ukrainian control".'),
    ("number-mismatch", 'Priya Raman said: "Wholesale flour prices have risen by 28 per cent since January, and we have absorbed most of that so far."'),
    ("number-mismatch", 'Cllr Briggs said: "The pothole fund goes up to 6.2 million pounds next year, paid for by selling the old depot on Mill Lane."'),
    ("number-mismatch", 'The Northbay Weather Service said: "Up to 200 millimetres of rain could fall on high ground in the west before Thursday morning."'),
    ("number-mismatch", 'Professor Lindqvist said: "The Solvik glacier has lost roughly a third of its ice volume since our survey began in 1988."'),
    ("number-mismatch", 'General Valerii Zaluzhnyi said almost 2,000 square miles had been "returned to Ukrainian control" since the beginning of September.'),
    ("unattributed-quote", 'The advance went on through the night. "We are 50 kilometres from the border."'),
]

ACCEPTED: dict[str, frozenset[str]] = {
    "misquote": frozenset({"misquote"}),
    "misattribution": frozenset({"misattribution"}),
    "unattributed-quote": frozenset({"unattributed-quote"}),
    # a changed figure inside quote marks also changes the words: a misquote there is right too
    "number-mismatch": frozenset({"number-mismatch", "misquote"}),
}
"""Error findings counted correct at a planted line, per planted class."""


@dataclass(slots=True)
class CorpusDraft:
    """One draft and, for a planted one, the rule expected and its 1-based line."""

    name: str
    text: str
    planted: tuple[str, int] | None = None
    domain: str = ""


def _sentence(rng: random.Random, domain: str) -> str:
    speaker = rng.choice(SPEAKERS[domain])
    shape = rng.choice(SHAPES)
    quote = rng.choice(EVERYDAY[domain])
    return shape.format(q=quote, speaker=speaker, Speaker=speaker[0].upper() + speaker[1:])


def _draft(rng: random.Random, domain: str, lines: list[str]) -> str:
    return "\n\n".join([f"# {rng.choice(HEADLINES[domain])}", *lines]) + "\n"


def correct_drafts(n: int = N_CORRECT, seed: int = SEED) -> list[CorpusDraft]:
    """``n`` correct drafts: every domain in turn, two or three everyday quotes and prose,
    and in every other draft one faithful quote of a reference speaker; every faithful
    rendering is used at least once."""
    rng = random.Random(seed)
    domains = list(EVERYDAY)
    faithful = FAITHFUL[:]
    rng.shuffle(faithful)
    out = []
    for i in range(n):
        domain = domains[i % len(domains)]
        lines = [rng.choice(PROSE[domain])]
        lines += [_sentence(rng, domain) for _ in range(rng.randint(2, 3))]
        if i % 2 == 0 or i < len(faithful):
            lines.insert(rng.randint(1, len(lines)), faithful[i % len(faithful)])
        lines.append(rng.choice(PROSE[domain]))
        out.append(CorpusDraft(f"correct-{i:03d}-{domain}.md", _draft(rng, domain, lines), domain=domain))
    return out


def planted_drafts(seed: int = SEED) -> list[CorpusDraft]:
    """One draft per planted problem, placed among everyday sentences of a random domain."""
    rng = random.Random(seed + 1)
    domains = list(EVERYDAY)
    out = []
    for i, (rule, line) in enumerate(PLANTS):
        domain = rng.choice(domains)
        lines = [rng.choice(PROSE[domain]), _sentence(rng, domain)]
        at = rng.randint(0, len(lines))
        lines.insert(at, line)
        lines.append(rng.choice(PROSE[domain]))
        # line numbers: headline on 1, then each paragraph two lines further on
        out.append(CorpusDraft(f"planted-{i:02d}-{rule}.md", _draft(rng, domain, lines), (rule, 3 + 2 * at), domain))
    return out


def reference():
    """The bundled reference (the seed story) plus the invented statements of the tests."""
    from audit.check.reference import Reference
    from audit.config import PACKAGE_DIR, reference_dir
    from audit.speakers import Registry

    bundled = reference_dir()
    if not (bundled / "statements.toml").is_file():
        bundled = PACKAGE_DIR.parent / "reference"
    ours, theirs = Reference.load(bundled), Reference.load(DATA)
    registry = Registry([*ours.registry, *theirs.registry]) if ours.registry and theirs.registry else None
    return Reference([*ours.statements, *theirs.statements], registry=registry)


@dataclass(slots=True)
class Scores:
    """Error-level findings against the plants: per class and overall."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    false_errors: list[str] = field(default_factory=list)
    """``path:line rule message`` of every error that is not a planted problem."""
    missed: list[str] = field(default_factory=list)

    def precision(self, cls: str | None = None) -> float:
        tp = self.tp[cls] if cls else sum(self.tp.values())
        fp = self.fp[cls] if cls else sum(self.fp.values())
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, cls: str | None = None) -> float:
        tp = self.tp[cls] if cls else sum(self.tp.values())
        fn = self.fn[cls] if cls else sum(self.fn.values())
        return tp / (tp + fn) if tp + fn else 1.0


def evaluate(nlp, drafts: list[CorpusDraft] | None = None, ref=None) -> Scores:
    """Run every rule on every draft (correct and planted) and score error findings,
    against ``ref`` (default: :func:`reference`).

    A planted problem is found when an error of its class (``ACCEPTED``) is at its line;
    every other error is a false positive, counted under its own rule.
    """
    from audit.check import check_draft
    from audit.check.locate import parse_draft
    from audit.check.settings import load_settings

    ref = ref if ref is not None else reference()
    settings = load_settings(None)
    drafts = drafts if drafts is not None else correct_drafts() + planted_drafts()
    scores = Scores()
    parsed = [parse_draft(d.text, d.name) for d in drafts]
    for d, draft, doc in zip(drafts, parsed, nlp.pipe([p.text for p in parsed], batch_size=64)):
        findings, _, _ = check_draft(draft, nlp=nlp, reference=ref, settings=settings, doc=doc)
        errors = [f for f in findings if f.severity == "error"]
        found = False
        for f in errors:
            if d.planted and f.line == d.planted[1] and f.rule in ACCEPTED[d.planted[0]]:
                if f.rule == d.planted[0] or not found:
                    found = True
                continue
            scores.fp[f.rule] += 1
            scores.false_errors.append(f"{d.name}:{f.line} {f.rule} {f.message}")
        if d.planted:
            if found:
                scores.tp[d.planted[0]] += 1
            else:
                scores.fn[d.planted[0]] += 1
                scores.missed.append(f"{d.name}:{d.planted[1]} {d.planted[0]}: {d.text.splitlines()[d.planted[1] - 1]}")
    return scores
