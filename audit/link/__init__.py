"""The semantic linking stage: joins paraphrased and translated renderings that the
lexical matcher (``audit.match``) leaves apart. See ``docs/matching.md``."""

from audit.link.embed import EncoderMissing
from audit.link.stage import LinkStats, link

__all__ = ["EncoderMissing", "LinkStats", "link"]
