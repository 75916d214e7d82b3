"""A learned attribution tagger next to the rules (optional: ``pip install 'quote-audit[learned]'``).

* ``data``  -- gold (``audit eval`` formats) to token BIO labels in encoder windows;
* ``model`` -- the base encoder with a token-classification head, offline;
* ``train`` -- ``train(gold_paths, out_dir, ...)``, the library side of ``audit train``;
* ``defaults`` -- training defaults the command line shows without loading ``train``;
* ``tagger`` -- ``Tagger.load(folder).tag(text)``: contents with their source and cue;
* ``combine`` -- merges tagger spans with the rules' quotes in the spaCy pipeline
  (``add_tagger(nlp, folder)``), each quote saying which ``method`` found it.
* ``compare`` -- rules, tagger and combinations scored on one parse
  (``python -m audit.learned.compare MODEL_DIR GOLD...``).

torch and transformers are imported only inside functions, so this package imports
without them and says how to install them when they are needed.
"""
