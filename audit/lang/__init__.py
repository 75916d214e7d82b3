"""The ground floor for language: what every stage needs to read news prose the same way.

Person names and titles (:mod:`audit.lang.names`), countries and their words (:mod:`audit.lang.nations`),
numbers with their units (:mod:`audit.lang.numbers`), the normalisation that matching, linking and checking
share (:mod:`audit.lang.normalise`) and the word lists several stages read (:mod:`audit.lang.words`:
stopwords, the sentence end). Nothing here imports a pipeline stage, so any stage may import it.
"""
