"""CPV codes suggested for a text, from the matching engine's classifier (arena.matching.cpv).

The classifier is built once per process on first use: with the e5 model, the shipped label
vectors and the shipped labelled notices when ARENA_CPV_SEMANTIC is on (the default), from the
labels' words alone otherwise. The platform's own labelled notices join the shipped ones from
ARENA_CPV_EXAMPLES_FILE (written by a task after each notice import), read again whenever the file
changes.
"""

import logging
import threading
from typing import TYPE_CHECKING

from django.conf import settings

from arena.matching.text import guess_language

if TYPE_CHECKING:
    from arena.matching.cpv import CpvClassifier
    from arena.matching.embed import Embedder

logger = logging.getLogger(__name__)

# The classifier reads about the first 128 tokens; longer input only costs time.
SUGGEST_MAX_CHARS = 2000

_classifier: "CpvClassifier | None" = None
_examples_read: tuple[str, int | None] | None = None  # (file, its mtime) the classifier has read
_lock = threading.Lock()


def cpv_embedder() -> "Embedder | None":
    """The embedder the classifier reads texts with: e5 (its label vectors are e5's), or None."""
    if not settings.ARENA_CPV_SEMANTIC:
        return None
    from arena.matching.embed import E5Embedder  # noqa: PLC0415  # loads the model

    return E5Embedder()


def _read_platform_examples(classifier: "CpvClassifier") -> None:
    """Give the classifier the shipped examples plus the platform's file, when the file changed."""
    global _examples_read
    path = settings.ARENA_CPV_EXAMPLES_FILE
    state: tuple[str, int | None]
    try:
        state = (str(path), path.stat().st_mtime_ns)
    except FileNotFoundError:
        state = (str(path), None)
    if state == _examples_read:
        return
    from arena.matching.cpv import read_examples, shipped_examples  # noqa: PLC0415

    examples = shipped_examples()
    if state[1] is not None:
        try:
            platform = read_examples(path)
        except ValueError:
            logger.warning("CPV examples file %s could not be read; shipped examples only", path)
        else:
            examples = examples.joined(platform) if examples is not None else platform
    classifier.use_examples(examples)
    _examples_read = state


def _get_classifier() -> "CpvClassifier":
    global _classifier
    with _lock:
        if _classifier is None:
            from arena.matching.cpv import CpvClassifier  # noqa: PLC0415  # loads numpy and labels

            _classifier = CpvClassifier.from_file(embedder=cpv_embedder())
        if _classifier.embedder is not None:
            _read_platform_examples(_classifier)
        return _classifier


def cpv_suggest(*, text: str, k: int = 8) -> list[str]:
    """The `k` best CPV codes (8 digits, no check digit) for `text`, best first."""
    text = text.strip()[:SUGGEST_MAX_CHARS]
    if not any(ch.isalpha() for ch in text):
        return []
    return [code for code, _score in _get_classifier().classify(text, guess_language(text), k)]
