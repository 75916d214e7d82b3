"""How often real renderings print a figure with its own conversion, and what the rule flags.

    python bench/conversions.py                                  # ../shared/data/crossoutlet
    python bench/conversions.py --renderings R.jsonl --texts DIR  # other data in that shape

Reads renderings in the shape of ``crossoutlet/renderings.jsonl`` (fields ``text`` and
``numbers`` = [[value, unit], ...]) and, optionally, a folder of article texts. Prints:

* renderings whose ``numbers`` field holds two figures of one dimension in different
  units (the annotators' view of a "figure (conversion)" pair);
* renderings and texts in which ``audit.lang.numbers.conversions`` finds a pair, and
  each pair with the verdict and the arithmetic, so a reader can judge by hand whether
  a flagged pair is really wrong (precision) — nothing here is tuned to these texts.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from audit.lang.numbers import conversions, extract_numbers

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "crossoutlet"


def _annotated_pairs(numbers: list[list[object]]) -> bool:
    """Two annotated figures that parse to one dimension in two units."""
    parsed = [extract_numbers(f"{value} {unit}") for value, unit in numbers]
    units = {(m[0].dimension, m[0].unit) for m in parsed if m}
    dims = [d for d, _ in units]
    return any(dims.count(d) > 1 for d in dims)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--renderings", type=Path, default=SHARED / "renderings.jsonl")
    ap.add_argument("--texts", type=Path, default=SHARED / "texts")
    args = ap.parse_args()
    if not args.renderings.is_file():
        print(f"no renderings file at {args.renderings}")
        return 2
    rows = [json.loads(line) for line in args.renderings.read_text(encoding="utf-8").splitlines() if line.strip()]
    with_numbers = [r for r in rows if r.get("numbers")]
    annotated = [r for r in with_numbers if _annotated_pairs(r["numbers"])]
    found = [(r, c) for r in rows for c in conversions(r["text"])]
    print(f"{args.renderings}: {len(rows)} renderings, {len(with_numbers)} with figures, "
          f"{len(annotated)} with an annotated figure-and-conversion pair")
    print(f"pairs found in rendering texts: {len(found)}, flagged: {sum(not c.holds for _, c in found)}")
    for r, c in found:
        print(f"  {'FLAG' if not c.holds else 'ok  '} {r['outlet']}: {c.first.text} / {c.second.text}: {c.arithmetic}")
    if args.texts.is_dir():
        files = sorted(p for p in args.texts.iterdir() if p.suffix in (".txt", ".md"))
        pairs = [(p, c) for p in files for c in conversions(p.read_text(encoding="utf-8"))]
        print(f"{args.texts}: {len(files)} texts, pairs found: {len(pairs)}, flagged: "
              f"{sum(not c.holds for _, c in pairs)}")
        for p, c in pairs:
            print(f"  {'FLAG' if not c.holds else 'ok  '} {p.name}: {c.first.text} / {c.second.text}: {c.arithmetic}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
