"""Cost of the semantic stage's contextual model (``audit.link.deep``) on the synthetic
corpus of ``bench/match.py``: runs that bench with the cascade switched on, then prints
what the deep model was asked.

    python bench/deep_cost.py e5 --quotes 20000      # any bench/match.py arguments after the model
    python bench/deep_cost.py pair:DIR --quotes 20000   # a pair model from `audit train-pairs`

Compare with ``python bench/match.py --quotes 20000`` (the default install).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import match  # noqa: E402  (bench/match.py)

from audit.link import deep  # noqa: E402

if __name__ == "__main__":
    if sys.argv[1].startswith("pair:"):
        deep.use_pair_model(sys.argv[1].removeprefix("pair:"))
    else:
        deep.use(sys.argv[1])
    code = match.main(sys.argv[2:])
    s = deep.stats
    print(f"deep model {sys.argv[1]}: {s.asked:,} uncertain pairs asked, {s.promoted:,} promoted, {s.demoted:,} demoted, "
          f"{s.embedded:,} texts embedded, {len(deep._pair_cache):,} distinct pairs scored")
    sys.exit(code)
