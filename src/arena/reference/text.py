"""Text folding and Swedish sorting for the vocabularies; plain Python, no Django.

The loader stores `fold(code + labels)` in each `search_text` column, and the selectors fold
the query the same way before they compare. Both sides are folded in Python because SQLite's
LIKE folds only ASCII letters, while Swedish needs å, ä and ö (and PostgreSQL's folding depends
on the database collation).
"""

import unicodedata

# Swedish sorts å, ä, ö after z (in that order); æ and ø sort with ä and ö, ü with y.
# The replacements are the three ASCII characters just after "z".
_SWEDISH_LETTERS = {"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"}
_SWEDISH_ALIASES = {"ü": "y"}


def fold(text: str) -> str:
    """Unicode-normalised (NFKC), case-folded text with runs of whitespace collapsed to one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def fold_words(text: str) -> list[str]:
    """The folded words of a query, each to be matched on its own."""
    return fold(text).split()


def swedish_sort_key(text: str) -> str:
    """A key that sorts names as a Swedish reader expects: a–z, then å, ä, ö; é with e."""
    key = []
    for char in unicodedata.normalize("NFC", fold(text)):
        if char in _SWEDISH_LETTERS:
            key.append(_SWEDISH_LETTERS[char])
        elif char in _SWEDISH_ALIASES:
            key.append(_SWEDISH_ALIASES[char])
        else:
            # Other accented letters sort with their base letter (é with e, à with a).
            key.append(unicodedata.normalize("NFD", char)[0])
    return "".join(key)
