"""Fitted constants of the semantic stage's pair decision (``audit.link.decide``).

Written by ``python -m audit.link.fit renderings.jsonl --write``: an L2 logistic regression on the
candidate pairs of those renderings (see ``audit/link/fit.py``). Held-out figures of that
run (leave statements out, 5 folds)::

    held-out pairs 764 (positives 342), threshold 0.381
    overall: precision 0.950 recall 0.944
      exact       recall 1.000 (122 pairs)
      cosmetic    recall 1.000 (48 pairs)
      truncated   recall 1.000 (5 pairs)
      altered     recall 0.926 (27 pairs)
      paraphrase  recall 0.896 (125 pairs)
      translated  recall 0.733 (15 pairs)

A weight is the change in log-odds of "same statement" per unit of its feature
(features are 0/1 flags or shares, ``log_days`` is log(1 + days), ``cosine`` -1..1).
"""

FEATURES = ('cosine', 'word_overlap', 'word_jaccard', 'same_speaker', 'other_speaker', 'figures_agree', 'figures_near', 'figures_differ', 'figures_differ_same_speaker', 'names_shared', 'names_disjoint', 'log_days', 'both_direct', 'negation_differs', 'length_ratio')

WEIGHTS = (
    +2.3384,  # cosine
    +5.2272,  # word_overlap
    +3.4892,  # word_jaccard
    +0.5809,  # same_speaker
    -0.5809,  # other_speaker
    +0.6950,  # figures_agree
    +0.0000,  # figures_near
    -3.0000,  # figures_differ
    -10.0000,  # figures_differ_same_speaker
    +0.0000,  # names_shared
    -0.7801,  # names_disjoint
    -2.2573,  # log_days
    -0.6719,  # both_direct
    -10.0000,  # negation_differs
    +1.1889,  # length_ratio
)

BIAS = -5.5480

THRESHOLD = 0.381
"""Probability at which a pair links: the lowest whose cross-validated precision is
0.95 or more."""
