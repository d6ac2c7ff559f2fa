"""CPV codes suggested for a text, from the matching engine's classifier (arena.matching.cpv).

The classifier is built once per process on first use: with the e5 model and the shipped label
vectors when ARENA_CPV_SEMANTIC is on (the default), from the labels' words alone otherwise.
"""

import threading
from typing import TYPE_CHECKING

from django.conf import settings

from arena.matching.text import guess_language

if TYPE_CHECKING:
    from arena.matching.cpv import CpvClassifier

# The classifier reads about the first 128 tokens; longer input only costs time.
SUGGEST_MAX_CHARS = 2000

_classifier: "CpvClassifier | None" = None
_lock = threading.Lock()


def _get_classifier() -> "CpvClassifier":
    global _classifier
    with _lock:
        if _classifier is None:
            from arena.matching.cpv import CpvClassifier  # noqa: PLC0415  # loads numpy and labels
            from arena.matching.embed import E5Embedder  # noqa: PLC0415  # loads the model

            embedder = E5Embedder() if settings.ARENA_CPV_SEMANTIC else None
            _classifier = CpvClassifier.from_file(embedder=embedder)
        return _classifier


def cpv_suggest(*, text: str, k: int = 8) -> list[str]:
    """The `k` best CPV codes (8 digits, no check digit) for `text`, best first."""
    text = text.strip()[:SUGGEST_MAX_CHARS]
    if not any(ch.isalpha() for ch in text):
        return []
    return [code for code, _score in _get_classifier().classify(text, guess_language(text), k)]
