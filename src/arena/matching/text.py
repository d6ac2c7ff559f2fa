"""Tokens for retrieval: lower-cased words, stemmed with the Snowball stemmer of the text's language."""

import re
import unicodedata
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)

# ISO 639-1 → Snowball algorithm (PyStemmer); languages without a stemmer are only lower-cased.
_STEMMERS = {
    "sv": "swedish", "en": "english", "da": "danish", "no": "norwegian", "nb": "norwegian",
    "nn": "norwegian", "fi": "finnish", "de": "german", "nl": "dutch", "fr": "french",
    "it": "italian", "es": "spanish", "pt": "portuguese", "ro": "romanian", "hu": "hungarian",
    "lt": "lithuanian", "el": "greek", "et": "estonian", "ga": "irish", "ca": "catalan",
    "cs": "czech", "pl": "polish",
}  # fmt: skip

# Function words of the main languages; stemming alone leaves them as the commonest tokens.
_STOP = frozenset(  # a word list reads better as text
    [
        "och",
        "att",
        "det",
        "som",
        "en",
        "ett",
        "för",
        "med",
        "till",
        "av",
        "på",
        "är",
        "den",
        "de",
        "om",
        "inte",
        "har",
        "vi",
        "ska",
        "kan",
        "eller",
        "från",
        "vid",
        "samt",
        "under",
        "även",
        "mot",
        "efter",
        "utan",
        "vara",
        "sina",
        "sin",
        "sitt",
        "där",
        "hur",
        "vad",
        "alla",
        "andra",
        "nya",
        "the",
        "and",
        "of",
        "to",
        "in",
        "for",
        "a",
        "an",
        "is",
        "are",
        "be",
        "on",
        "with",
        "by",
        "as",
        "or",
        "at",
        "from",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "will",
        "shall",
        "can",
        "may",
        "not",
        "all",
        "any",
        "other",
        "new",
        "which",
        "their",
        "our",
        "your",
        "der",
        "die",
        "das",
        "und",
        "zu",
        "den",
        "von",
        "mit",
        "für",
        "auf",
        "im",
        "ist",
        "ein",
        "eine",
        "des",
        "dem",
        "nicht",
        "als",
        "auch",
        "oder",
        "le",
        "la",
        "les",
        "de",
        "des",
        "du",
        "et",
        "en",
        "un",
        "une",
        "pour",
        "par",
        "sur",
        "au",
        "aux",
        "dans",
        "est",
        "ja",
        "ei",
        "tai",
        "on",
        "että",
        "sekä",
    ]
)


def normalise_language(code: str | None) -> str:
    return (code or "").strip().lower()[:2]


@lru_cache(maxsize=32)
def _stemmer(language: str) -> "Stemmer.Stemmer | None":
    algorithm = _STEMMERS.get(language)
    return Stemmer.Stemmer(algorithm) if algorithm else None


def guess_language(text: str) -> str:
    """A cheap guess between Swedish and English when the caller does not say (å/ä/ö decide)."""
    sample = text[:2000].lower()
    swedish = sum(sample.count(ch) for ch in "åäö") + sum(
        sample.count(w) for w in (" och ", " att ", " för ", " som ")
    )
    english = sum(sample.count(w) for w in (" the ", " and ", " of ", " for "))
    return "sv" if swedish > english else "en"


def tokens(text: str, language: str | None) -> list[str]:
    language = normalise_language(language) or guess_language(text)
    folded = unicodedata.normalize("NFC", text.lower())
    words = [w for w in _WORD.findall(folded) if w not in _STOP]
    stemmer = _stemmer(language)
    return stemmer.stemWords(words) if stemmer else words
