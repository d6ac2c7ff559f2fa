"""Tokens for retrieval: lower-cased words, stemmed with the Snowball stemmer of the text's language.

Swedish compounds are also split into their parts ("brandskyddskontroll" → brand, skydd, kontroll),
so a text about "matsvinn" meets one about "svinn av mat". The parts come from a Swedish word list:
hunspell's (the `hunspell-sv` package, when installed, with its compound flags), and always the
words of the Swedish CPV labels that Arena ships.
"""

import csv
import io
import re
import sys
import sysconfig
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path

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


# Parts shorter than this are too often chance substrings ("is", "an") to count as words.
_MIN_PART = 3
# Shorter words are rarely compounds, and splitting them mostly finds chance parts.
_MIN_COMPOUND = 7


def hunspell_sv_path() -> Path | None:
    """The Swedish hunspell dictionary of the `hunspell-sv` package, if it is installed."""
    for root in (sysconfig.get_path("data"), sys.prefix, "/usr"):
        for name in ("share/hunspell/sv_SE.dic", "share/hunspell/sv_SE_expanded.dic"):
            path = Path(root) / name
            if path.is_file():
                return path
    return None


def _cpv_swedish_words() -> set[str]:
    try:
        data = resources.files("arena.reference") / "data" / "cpv_2008.csv"
        rows = csv.DictReader(io.StringIO(data.read_text(encoding="utf-8")))
        labels = [row.get("label_sv", "") for row in rows]
    except (FileNotFoundError, ModuleNotFoundError):
        return set()
    return {w for label in labels for w in _WORD.findall(label.lower())}


@lru_cache(maxsize=1)
def swedish_parts() -> tuple[frozenset[str], frozenset[str]]:
    """(words that may begin a compound, stems of words that may end one)."""
    heads, tails = set(), set()
    stem = Stemmer.Stemmer("swedish").stemWord
    for word in _cpv_swedish_words():
        if len(word) >= _MIN_PART:
            heads.add(word)
            tails.add(stem(word))
    path = hunspell_sv_path()
    if path is not None:
        with path.open(encoding="utf-8", errors="replace") as handle:
            next(handle, None)  # the first line is the number of entries
            for line in handle:
                word, _, flags = line.strip().partition("/")
                if len(word) < _MIN_PART or not word.isalpha() or not word.islower():
                    continue
                # hunspell-sv's compound flags: X may begin, U may stand inside, Y may end one.
                if "X" in flags or "U" in flags:
                    heads.add(word)
                if "Y" in flags:
                    tails.add(stem(word))
    return frozenset(heads), frozenset(tails - set(_STOP))


@lru_cache(maxsize=65536)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of a Swedish compound, last part as written; () when it does not split.

    The longest possible last part wins (it carries the compound's meaning: "matsvinn" is a kind
    of "svinn"); the rest splits again, and may end in the linking -s- ("brandskydds-").
    """
    if len(word) < _MIN_COMPOUND:
        return ()
    heads, tails = swedish_parts()
    stem = _stemmer("sv")
    assert stem is not None
    for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
        tail = word[cut:]
        if stem.stemWord(tail) not in tails:
            continue
        head = word[:cut]
        for candidate in (head, head[:-1] if head.endswith("s") else ""):
            if len(candidate) < _MIN_PART:
                continue
            if candidate in heads:
                return (candidate, tail)
            inner = split_compound(candidate)
            if inner:
                return (*inner, tail)
    return ()


def windows(text: str, size: int, limit: int) -> list[str]:
    """The text cut into at most `limit` pieces of at most `size` characters, at spaces when one
    falls in the second half of a piece (a word cut in two reads as two other words)."""
    out: list[str] = []
    rest = " ".join(text.split())
    while rest and len(out) < limit:
        if len(rest) <= size:
            out.append(rest)
            break
        cut = rest.rfind(" ", 0, size + 1)
        if cut <= size // 2:
            cut = size
        out.append(rest[:cut])
        rest = rest[cut:].strip()
    return out


# Character n-grams: 4-grams of words of at least 4 letters, each word framed by spaces (so a
# word's start and end are pieces of their own). Swedish title → English abstract, Recall@1 of
# BM25 over them alone on the dev projects (evaluate.py full preset inputs, 752 titles): 3-grams
# 0.38, 4-grams 0.45, 5-grams 0.47; fused with e5 at their best weight 3-grams 0.70, 4-grams 0.726,
# 5-grams 0.714; 4-grams of words of 3 letters too: 0.38 alone. Stemmed words alone: 0.15.
GRAM = 4
GRAM_MIN_WORD = 4


def char_grams(text: str) -> list[str]:
    """Character n-grams of the text's words, lower-cased, in any language (no stemming)."""
    out: list[str] = []
    for word in _WORD.findall(unicodedata.normalize("NFC", text.lower())):
        if len(word) >= GRAM_MIN_WORD:
            framed = f" {word} "
            out.extend(framed[i : i + GRAM] for i in range(len(framed) - GRAM + 1))
    return out


def tokens(text: str, language: str | None) -> list[str]:
    language = normalise_language(language) or guess_language(text)
    folded = unicodedata.normalize("NFC", text.lower())
    words = [w for w in _WORD.findall(folded) if w not in _STOP]
    if language == "sv":
        # The whole word stays (an exact match is the best evidence); its parts are added.
        words = [part for w in words for part in (w, *split_compound(w))]
    stemmer = _stemmer(language)
    return stemmer.stemWords(words) if stemmer else words
