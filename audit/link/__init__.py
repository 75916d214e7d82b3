"""The semantic linking stage: joins paraphrased and translated renderings that the
lexical matcher (``audit.match``) leaves apart. See ``docs/matching.md``."""
