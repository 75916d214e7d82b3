"""Extraction cost against article length: seconds and peak memory per 100k characters.

    python bench/length.py [--sizes 10000,100000,...] [--model NAME] [--quoted-lines N]

Live blogs and transcripts run to hundreds of thousands of characters; every
per-paragraph and per-quote step of extraction must stay linear, so the cost per 100k
characters must stay flat from 10k to 1M characters (spaCy's ``nlp.max_length``).

Texts are generated here (made-up names and words, no outlet's text): paragraphs cycle
through the layouts extraction handles (a quote with its cue after, a cue before with a
colon, a quote-only continuation paragraph, a transcript label line, reported speech,
``according to``, plain prose), so quotes, cues and paragraphs grow in proportion to the
length. Seconds are wall-clock and CPU (the child's own; on a shared machine CPU time is
the steadier figure). Each size runs in a fresh child process: the pipeline is loaded, its resident
set noted, then one article is extracted; peak memory is the child's high-water mark
(``VmHWM``) above that baseline, so spaCy's model weights are not counted as the
article's. ``--quoted-lines N`` instead times one article of N quoted lines (the
profile of issue 16: 500 / 1,000 / 2,000 / 4,000 took 7.7 / 18.4 / 51 / 180 s before).
``--one-speaker N`` times one article of N paragraphs all quoting one speaker (issue 28:
1,000 → 4,000 paragraphs took 4.8 → 29.8 s), with figures per 1,000 paragraphs.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time

DEFAULT_SIZES = (10_000, 30_000, 100_000, 300_000, 1_000_000)
"""Article lengths in characters; 1,000,000 is spaCy's default ``nlp.max_length``."""
PER = 100_000
"""Figures are given per this many characters."""
SEED = 16

FIRST = "Ann Bram Cole Dana Elin Fern Gus Hana Ivo Jun Kai Lena Milo Nora Otto Pia Rui Sol Tove Uma".split()
LAST = "Arden Bexley Corran Dalby Ellery Fenwick Garrow Hale Ingram Jessop Kettle Lorne Marlow Nettle Orme".split()
WORDS = (
    "budget plan council river bridge schools rates hospital winter harbour vote transport housing water "
    "report deal market energy tax police trial court border farm weather fund project delay cost price"
).split()
VERBS = "will raise cut delay approve review open close expand protect rebuild fund".split()


def _sentence(rng: random.Random, words: int = 12) -> str:
    body = " ".join(rng.choice(WORDS) if i % 3 else rng.choice(VERBS) for i in range(words))
    return "We " + body


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def paragraph(rng: random.Random, k: int) -> str:
    """One paragraph of layout ``k % 7`` (see the module docstring)."""
    name, s = _name(rng), _sentence(rng)
    layout = k % 7
    if layout == 0:
        return f'"{s}," {name} said.'
    if layout == 1:
        return f'{name} told reporters on {rng.choice(["Monday", "Tuesday", "Friday"])}: "{s}."'
    if layout == 2:
        return f'"{_sentence(rng, 9)}."'
    if layout == 3:
        return f"{name.upper()}: {s}."
    if layout == 4:
        return f"{name} said that the {rng.choice(WORDS)} would {rng.choice(VERBS)} the {rng.choice(WORDS)} this year."
    if layout == 5:
        return f"According to {name}, the {rng.choice(WORDS)} {rng.choice(VERBS)}s the {rng.choice(WORDS)}."
    return f"The {rng.choice(WORDS)} and the {rng.choice(WORDS)} were on the agenda for the {rng.choice(WORDS)} meeting."


def make_article(chars: int, seed: int = SEED) -> str:
    """A generated article of about ``chars`` characters (never more)."""
    rng = random.Random(seed)
    parts: list[str] = []
    total, k = 0, 0
    while True:
        p = paragraph(rng, k)
        if total + len(p) + 2 > chars:
            return "\n\n".join(parts)
        parts.append(p)
        total += len(p) + 2
        k += 1


def quoted_lines(n: int, seed: int = SEED) -> str:
    """An article of ``n`` quoted lines, each with its cue (the issue's profile)."""
    rng = random.Random(seed)
    return "\n\n".join(f'"{_sentence(rng)}," {_name(rng)} said.' for _ in range(n))


ONE_SPEAKER = "Ann Arden"
"""The speaker of ``one_speaker``: one name quoted throughout, as in a transcript or a
live blog of one press conference."""


def one_speaker(n: int, seed: int = SEED) -> str:
    """An article of ``n`` paragraphs that all quote ``ONE_SPEAKER``: her full name, her
    surname, a pronoun, a transcript label and a cue before the quote, in turn."""
    rng = random.Random(seed)
    surname = ONE_SPEAKER.split()[-1]
    layouts = (
        lambda s: f'"{s}," {ONE_SPEAKER} said.',
        lambda s: f'{surname} added: "{s}."',
        lambda s: f'"{s}," she said.',
        lambda s: f"{ONE_SPEAKER.upper()}: {s}.",
        lambda s: f'"{s}," said {surname}.',
    )
    return "\n\n".join(layouts[k % len(layouts)](_sentence(rng)) for k in range(n))


def _status(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def _child(spec: str, model: str | None) -> None:
    """Run in the child: load, note the baseline, extract one article, print JSON."""
    from audit.extract import extract, load_pipeline

    kind, _, value = spec.partition(":")
    text = {"chars": make_article, "lines": quoted_lines, "speaker": one_speaker}[kind](int(value))
    nlp = load_pipeline(model)
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    extract("Warm-up: \"We are here,\" Ann Arden said.", nlp=nlp)
    base = _status("VmRSS")
    t0, c0 = time.perf_counter(), time.process_time()
    quotes = extract(text, nlp=nlp)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"chars": len(text), "paragraphs": text.count("\n\n") + 1, "quotes": len(quotes),
                      "seconds": seconds, "cpu": cpu, "peak_mb": (_status("VmHWM") - base) / 2**20}))


def _run(spec: str, model: str | None) -> dict:
    cmd = [sys.executable, __file__, "--child", spec] + (["--model", model] if model else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="article lengths in characters")
    ap.add_argument("--quoted-lines", default="", help="comma-separated counts of quoted lines instead of sizes")
    ap.add_argument("--one-speaker", default="", help="comma-separated paragraph counts of one speaker quoted throughout")
    ap.add_argument("--model", default=None)
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child, args.model)
        return
    if args.one_speaker:
        specs = [f"speaker:{n}" for n in args.one_speaker.split(",")]
    elif args.quoted_lines:
        specs = [f"lines:{n}" for n in args.quoted_lines.split(",")]
    else:
        specs = [f"chars:{n}" for n in args.sizes.split(",")]
    unit = "1k paras" if args.one_speaker else "100k"
    print(f"{'chars':>9} {'paras':>6} {'quotes':>6} {'seconds':>8} {'CPU s':>8} {'peak MB':>8} {'s/' + unit:>11} "
          f"{'CPU/' + unit:>12} {'MB/' + unit:>12}")
    for spec in specs:
        r = _run(spec, args.model)
        per = r["paragraphs"] / 1000 if args.one_speaker else r["chars"] / PER
        print(f"{r['chars']:>9,} {r['paragraphs']:>6,} {r['quotes']:>6,} {r['seconds']:>8.2f} {r['cpu']:>8.2f} "
              f"{r['peak_mb']:>8.0f} {r['seconds'] / per:>11.2f} {r['cpu'] / per:>12.2f} {r['peak_mb'] / per:>12.1f}",
              flush=True)


if __name__ == "__main__":
    main()
