"""Fitted constants of the semantic stage's pair decision (``audit.link.decide``).

Written by ``python -m audit.eval.fit renderings.jsonl --write``: an L2 logistic regression on the
candidate pairs of those renderings (see ``audit/eval/fit.py``). Held-out figures of that
run (leave statements out, 5 folds)::

    held-out pairs 1300 (positives 294), threshold 0.493
    overall: precision 0.951 recall 0.850
      exact       recall 1.000 (51 pairs)
      cosmetic    recall 1.000 (47 pairs)
      truncated   recall 1.000 (5 pairs)
      altered     recall 0.909 (22 pairs)
      paraphrase  recall 0.759 (145 pairs)
      translated  recall 0.708 (24 pairs)

A weight is the change in log-odds of "same statement" per unit of its feature
(features are 0/1 flags or shares, ``log_days`` is log(1 + days), ``cosine`` -1..1).
"""

FEATURES = ('cosine', 'word_overlap', 'word_jaccard', 'same_speaker', 'other_speaker', 'figures_agree', 'figures_near', 'figures_differ', 'figures_differ_same_speaker', 'names_shared', 'names_disjoint', 'log_days', 'both_direct', 'negation_differs', 'length_ratio')

WEIGHTS = (
    +1.9718,  # cosine
    +6.1403,  # word_overlap
    +3.3128,  # word_jaccard
    +0.5876,  # same_speaker
    -0.5876,  # other_speaker
    +0.5816,  # figures_agree
    +0.0000,  # figures_near
    -3.0000,  # figures_differ
    -10.0000,  # figures_differ_same_speaker
    +0.0000,  # names_shared
    -0.3288,  # names_disjoint
    -2.1163,  # log_days
    -0.8098,  # both_direct
    -10.0000,  # negation_differs
    +0.3838,  # length_ratio
)

BIAS = -5.1291

THRESHOLD = 0.493
"""Probability at which a pair links: the lowest whose cross-validated precision is
0.95 or more."""
