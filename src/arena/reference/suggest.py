"""CPV codes suggested for a text, from the matching engine's classifier (arena.matching.cpv).

The classifier is built once per process on first use: with the e5 model, the shipped label
vectors and the shipped labelled notices when ARENA_CPV_SEMANTIC is on (the default), from the
labels' words alone otherwise. With e5 it also learns from the platform's own labelled notices
(`CpvExample` rows, written with each notice import and embedded in the task queue): before each
suggestion one query reads their generation, and the process reads them again when it changed — the
newest ARENA_CPV_EXAMPLES_MAX of them, so a process's memory stays bounded.
"""

import functools
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings

from arena.matching.text import guess_language
from arena.reference.selectors import cpv_examples_embedded, cpv_examples_version

if TYPE_CHECKING:
    from arena.matching.cpv import CpvClassifier, CpvExamples
    from arena.matching.embed import Embedder

# The classifier reads about the first 128 tokens; longer input only costs time.
SUGGEST_MAX_CHARS = 2000

_classifier: "CpvClassifier | None" = None
_shipped: "CpvExamples | None" = None
_examples_version: int | None = None  # the generation of the platform's examples last read
_lock = threading.Lock()
_CHUNK = 2000
_SUGGEST_BATCH = 64


@functools.cache
def _e5() -> "Embedder":
    from arena.matching.embed import E5Embedder  # noqa: PLC0415  # loads the model

    return E5Embedder()


def cpv_embedder() -> "Embedder | None":
    """The embedder the classifier reads texts with: e5 (the shipped label vectors are e5's), or
    None when ARENA_CPV_SEMANTIC is off. One per process, shared by the suggestions and the
    embedding of examples: each copy of the model costs a second to load and its memory."""
    if not settings.ARENA_CPV_SEMANTIC:
        return None
    return _e5()


def platform_examples(*, model: str, dim: int, skip: "CpvExamples | None") -> "CpvExamples":
    """The platform's embedded examples of `model` as the classifier reads them; forms whose text
    `skip` holds already (the shipped sample, imported as notices in the demo) are left out."""
    import numpy as np  # noqa: PLC0415  # web processes that never suggest do not load numpy

    from arena.matching.cpv import CpvExamples  # noqa: PLC0415

    known = skip.keys if skip is not None else {}
    sources: dict[str, int] = {}
    chunks: list[np.ndarray] = []
    pending: list[bytes] = []
    languages, codes, numbers, keys = [], [], [], []
    for source, language, code, key, vector in cpv_examples_embedded(
        model=model, limit=settings.ARENA_CPV_EXAMPLES_MAX
    ):
        if key in known or len(vector) != dim * 4:  # 4 bytes per float32
            continue
        pending.append(vector)
        languages.append(language)
        codes.append(code)
        numbers.append(sources.setdefault(source, len(sources)))
        keys.append(key)
        if len(pending) == _CHUNK:  # one array per chunk: no object per row is kept
            chunks.append(np.frombuffer(b"".join(pending), dtype=np.float32).reshape(-1, dim))
            pending = []
    if pending:
        chunks.append(np.frombuffer(b"".join(pending), dtype=np.float32).reshape(-1, dim))
    return CpvExamples(
        vectors=np.concatenate(chunks) if chunks else np.zeros((0, dim), dtype=np.float32),
        languages=tuple(languages),
        codes=tuple(codes),
        sources=np.array(numbers, dtype=np.int64),
        row_keys=tuple(keys),
    )


def _read_examples(classifier: "CpvClassifier") -> None:
    """Give the classifier the platform's examples again when their generation changed. The rows are
    read outside the lock, so the process's other suggestions go on with the set they have."""
    global _examples_version
    version = cpv_examples_version()
    if version == _examples_version or classifier.embedder is None:
        return
    embedder = classifier.embedder
    platform = platform_examples(
        model=str(getattr(embedder, "name", type(embedder).__name__)),
        dim=embedder.dim,
        skip=_shipped,
    )
    with _lock:
        # Swap only a set that is still current: a thread that read an older generation than
        # another meanwhile must not replace the newer set. Asked of the database rather than
        # compared with the number held, so a replaced database (a restore: its counter starts
        # again) is read as well.
        if version == _examples_version or cpv_examples_version() != version:
            return
        if _shipped is None:
            classifier.use_examples(platform if len(platform) else None)
        else:
            classifier.use_examples(_shipped.joined(platform) if len(platform) else _shipped)
        _examples_version = version


def _get_classifier() -> "CpvClassifier":
    global _classifier, _shipped
    with _lock:
        if _classifier is None:
            from arena.matching.cpv import CpvClassifier  # noqa: PLC0415  # loads numpy and labels

            _classifier = CpvClassifier.from_file(embedder=cpv_embedder())
            _shipped = _classifier.examples
        classifier = _classifier
    if classifier.embedder is not None:
        _read_examples(classifier)
    return classifier


def cpv_suggest(*, text: str, k: int = 8) -> list[str]:
    """The `k` best CPV codes (8 digits, no check digit) for `text`, best first."""
    return cpv_suggest_many(texts=[text], k=k)[0]


def cpv_suggest_many(*, texts: Sequence[str], k: int = 8) -> list[list[str]]:
    """`cpv_suggest` for each text: the examples' generation is asked once, and the texts are
    read in batches (the encoder is faster on many texts at once; the scores over every code
    take 38 KB a text, so a batch stays small)."""
    cleaned = [text.strip()[:SUGGEST_MAX_CHARS] for text in texts]
    wanted = [i for i, text in enumerate(cleaned) if any(ch.isalpha() for ch in text)]
    found: list[list[str]] = [[] for _ in cleaned]
    if not wanted:
        return found
    classifier = _get_classifier()
    for start in range(0, len(wanted), _SUGGEST_BATCH):
        rows = wanted[start : start + _SUGGEST_BATCH]
        batch = [cleaned[i] for i in rows]
        ranked = classifier.classify_many(batch, [guess_language(t) for t in batch], k)
        for row, codes in zip(rows, ranked, strict=True):
            found[row] = [code for code, _score in codes]
    return found
