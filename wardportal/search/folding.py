"""Vietnamese text folding, as the search capability names it: the kernel's one definition.

The dossiers capability (below search) folds applicants' names for the desk search with the same rule, so
the rule lives in the kernel (wardportal/kernel/text_folding.py); this module keeps search's imports short.
"""

from wardportal.kernel.text_folding import TOKEN_PATTERN, fold, fold_word, word_set, word_spans, words

__all__ = ["TOKEN_PATTERN", "fold", "fold_word", "word_set", "word_spans", "words"]
