"""A Swedish ↔ English dictionary of stems, learnt from the CPV vocabulary's paired labels.

Every CPV code has a Swedish and an English label (9,454 pairs in the CPV 2008 file Arena ships).
A Swedish stem and an English stem that keep turning up in the labels of the same codes translate
each other: "fisk" and "fish", "jordbruk" and "agricultur", "skogsbruk" and "forestri". Their Dice
coefficient (2 × codes with both / (codes with the one + codes with the other)) measures how
closely they go together. With it, BM25 can meet a Swedish query in an English document and back,
where stemmed words alone meet only within one language.

No labelled examples are involved: the dictionary is the vocabulary's own. Swedish compounds are split
as everywhere in matching (`text.split_compound`, with hunspell-sv when it is installed), so the
dictionary's stems are those of the indexes it is used with.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

from arena.matching.cpv import default_cpv_file, read_cpv
from arena.matching.text import guess_language, normalise_language, tokens

LANGUAGES = ("sv", "en")
# A pair seen in one code's labels only is as likely chance as a translation.
MIN_CODES = 2
# Dice from 0.2: BM25's idf already weighs down the common stems such a low bar lets in. Swedish
# title → English abstract, Recall@1 on the dev projects (752 titles, whole hybrid with the
# translated words at 0.1): at least 2 codes, Dice 0.2 / 0.3 / 0.5: 0.754 / 0.747 / 0.739; at least 1
# code 0.755 / 0.749 / 0.741; at least 3 codes 0.747 / 0.745 / 0.738 (0.726 without translations).
MIN_DICE = 0.2
# Translations kept per stem, the closest first: a word may have a few (tillhör: associ, relat).
PER_STEM = 3


def _cpv_label_pairs() -> list[tuple[str, str]]:
    try:
        entries = read_cpv(default_cpv_file())
    except FileNotFoundError:
        return []
    return [(entry.labels["sv"], entry.labels["en"]) for entry in entries]


def build_dictionary(
    pairs: Sequence[tuple[str, str]],
) -> dict[tuple[str, str], dict[str, tuple[str, ...]]]:
    """{(source, target): {source stem: target stems, closest first}} for sv → en and en → sv,
    from pairs of (Swedish text, English text) that say the same thing."""
    swedish_counts: Counter[str] = Counter()
    english_counts: Counter[str] = Counter()
    together: Counter[tuple[str, str]] = Counter()
    for swedish, english in pairs:
        sv, en = set(tokens(swedish, "sv")), set(tokens(english, "en"))
        swedish_counts.update(sv)
        english_counts.update(en)
        together.update((s, e) for s in sv for e in en)
    found: dict[tuple[str, str], defaultdict[str, list[tuple[float, str]]]] = {
        ("sv", "en"): defaultdict(list),
        ("en", "sv"): defaultdict(list),
    }
    for (s, e), count in together.items():
        if count < MIN_CODES:
            continue
        dice = 2 * count / (swedish_counts[s] + english_counts[e])
        if dice >= MIN_DICE:
            found["sv", "en"][s].append((dice, e))
            found["en", "sv"][e].append((dice, s))
    return {
        direction: {
            stem: tuple(word for _, word in sorted(options, key=lambda o: (-o[0], o[1]))[:PER_STEM])
            for stem, options in entries.items()
        }
        for direction, entries in found.items()
    }


@lru_cache(maxsize=1)
def cpv_dictionary() -> dict[tuple[str, str], dict[str, tuple[str, ...]]]:
    """The dictionary of the CPV labels Arena ships (built once per process, about half a second)."""
    return build_dictionary(_cpv_label_pairs())


def translated_tokens(text: str, language: str | None) -> list[str]:
    """The text's stems put into the other of Swedish and English (none for other languages)."""
    source = normalise_language(language) or guess_language(text)
    return translated_stems(tokens(text, source), source)


def translated_stems(stems: Sequence[str], source: str) -> list[str]:
    """Stems of `source` (what `tokens` gives) put into the other of Swedish and English."""
    if source not in LANGUAGES:
        return []
    target = LANGUAGES[1 - LANGUAGES.index(source)]
    dictionary = cpv_dictionary()[source, target]
    return [word for stem in stems for word in dictionary.get(stem, ())]
