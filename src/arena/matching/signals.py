"""What the engine matches (`Item`), why two items match (`Reason`), and the structured signals.

Every signal here is symmetric — signal(a, b) == signal(b, a) — so the product can store one score
per pair. Each returns a value in [0, 1] and, when it has something to say, a `Reason` a person can
read (the product renders `Reason.code` + `Reason.data`; `data` is JSON-serialisable).
"""

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from arena.matching.text import tokens

REASON_CODES = (
    "cpv", "sdg", "title", "terms", "translated", "passage", "region", "maturity", "budget",
    "semantic", "feedback",
)  # fmt: skip


@dataclass(frozen=True)
class Item:
    """A document to match: a challenge, a solution, a company profile or a tender notice."""

    id: str
    kind: str  # "challenge" | "solution" | "company" | "notice" (free string)
    title: str
    text: str
    language: str | None = None
    cpv: tuple[str, ...] = ()  # 8-digit codes without the check digit
    sdg: tuple[str, ...] = ()  # target ids like "11.6" (goal = the part before the dot)
    regions: tuple[str, ...] = ()  # NUTS ("SE224") or Swedish county ("12") codes; "" = the country
    trl: int | None = None  # a solution's maturity, 1-9
    trl_wanted: tuple[int, int] | None = None  # a challenge's acceptable maturity range
    budget_sek: tuple[int | None, int | None] | None = None  # (min, max) the buyer pays / it costs

    def __post_init__(self) -> None:
        for name in ("id", "kind", "title", "text"):
            if not isinstance(getattr(self, name), str):
                raise TypeError(f"Item.{name} must be a string")
        if not self.id:
            raise ValueError("Item.id must not be empty")
        if self.language is not None and not isinstance(self.language, str):
            raise TypeError(f"Item {self.id!r}: language must be a string or None")
        for name in ("cpv", "sdg", "regions"):
            value = getattr(self, name)
            if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
                raise TypeError(f"Item {self.id!r}: {name} must be a tuple of strings")
        for code in self.cpv:
            if not re.fullmatch(r"\d{8}", code):
                raise ValueError(f"Item {self.id!r}: CPV code {code!r} is not 8 digits")
        for target in self.sdg:
            if not re.fullmatch(r"\d{1,2}(\.[0-9a-z]{1,2})?", target):
                raise ValueError(f"Item {self.id!r}: SDG target {target!r} is not like '11.6'")
        if self.trl is not None and (isinstance(self.trl, bool) or self.trl not in range(1, 10)):
            raise ValueError(f"Item {self.id!r}: trl must be 1-9, not {self.trl!r}")
        if self.trl_wanted is not None:
            low, high = self.trl_wanted
            if not (1 <= low <= high <= 9):
                raise ValueError(f"Item {self.id!r}: trl_wanted must be (low, high) within 1-9")
        if self.budget_sek is not None:
            low_b, high_b = self.budget_sek
            if any(v is not None and v < 0 for v in (low_b, high_b)) or (
                low_b is not None and high_b is not None and low_b > high_b
            ):
                raise ValueError(f"Item {self.id!r}: budget_sek must be (min, max) with min <= max")

    @property
    def full_text(self) -> str:
        return f"{self.title}\n{self.text}" if self.title else self.text


@dataclass(frozen=True)
class Reason:
    code: str  # one of REASON_CODES
    data: dict[str, object] = field(default_factory=dict)  # JSON-serialisable


# --- CPV ---------------------------------------------------------------------------------------------

# How many leading digits each CPV level fixes (division 45, group 451, class 4511, category 45111).
CPV_LEVELS = (("code", 8), ("category", 5), ("class", 4), ("group", 3), ("division", 2))
# A shared division says little (45 is all construction); a shared category or code says a lot.
_CPV_VALUE = {"code": 1.0, "category": 0.9, "class": 0.7, "group": 0.5, "division": 0.25}


def cpv_signal(query: Iterable[str], match: Iterable[str]) -> tuple[float, Reason | None]:
    """The deepest CPV branch two code lists share (the value is the same both ways)."""
    best: tuple[float, str, str, str] | None = None
    match_codes = sorted(set(match))
    for code_a in sorted(set(query)):
        for code_b in match_codes:
            shared = 0
            while shared < 8 and code_a[shared] == code_b[shared]:
                shared += 1
            level = next((name for name, digits in CPV_LEVELS if shared >= digits), None)
            if level is not None and (best is None or _CPV_VALUE[level] > best[0]):
                best = (_CPV_VALUE[level], level, code_a, code_b)
    if best is None:
        return 0.0, None
    value, level, code_a, code_b = best
    return value, Reason("cpv", {"level": level, "query_code": code_a, "match_code": code_b})


# --- SDG ---------------------------------------------------------------------------------------------


def sdg_signal(a: Iterable[str], b: Iterable[str]) -> tuple[float, Reason | None]:
    """Shared SDG targets (1.0), or only shared goals (0.5)."""
    targets_a, targets_b = {t for t in a if "." in t}, {t for t in b if "." in t}
    goals_a, goals_b = {t.split(".")[0] for t in a}, {t.split(".")[0] for t in b}
    targets = sorted(targets_a & targets_b, key=_sdg_order)
    goals = sorted(goals_a & goals_b, key=int)
    if not goals:
        return 0.0, None
    return (1.0 if targets else 0.5), Reason("sdg", {"targets": targets, "goals": goals})


def _sdg_order(target: str) -> tuple[int, str]:
    goal, _, rest = target.partition(".")
    return int(goal), rest.zfill(2)


# --- region ------------------------------------------------------------------------------------------

# Swedish county codes → NUTS 3 (SCB; /work/shared/data/geo/se_counties_regions.csv).
COUNTY_NUTS = {
    "01": "SE110", "03": "SE121", "04": "SE122", "05": "SE123", "06": "SE211", "07": "SE212",
    "08": "SE213", "09": "SE214", "10": "SE221", "12": "SE224", "13": "SE231", "14": "SE232",
    "17": "SE311", "18": "SE124", "19": "SE125", "20": "SE312", "21": "SE313", "22": "SE321",
    "23": "SE322", "24": "SE331", "25": "SE332",
}  # fmt: skip


def _nuts(code: str) -> str:
    code = code.strip().upper()
    if code.isdigit():
        return COUNTY_NUTS.get(code.zfill(2), code)
    return code


def region_signal(a: Iterable[str], b: Iterable[str]) -> tuple[float, Reason | None]:
    """Same region, or one inside the other (NUTS codes nest: SE224 is in SE22 is in SE2).

    "" (the whole country) covers every region but says less than a shared county, so 0.5.
    No regions on either side says nothing (0, no reason); different regions are not penalised.
    """
    codes_a, codes_b = {_nuts(c) for c in a}, {_nuts(c) for c in b}
    if not codes_a or not codes_b:
        return 0.0, None
    best: tuple[float, str] | None = None
    for x in sorted(codes_a):
        for y in sorted(codes_b):
            if x and y and (x.startswith(y) or y.startswith(x)):
                candidate = (1.0, max(x, y, key=len))
            elif not x or not y:
                candidate = (0.5, x or y or "")
            else:
                continue
            if best is None or candidate[0] > best[0]:
                best = candidate
    if best is None:
        return 0.0, None
    return best[0], Reason("region", {"region": best[1], "whole_country": best[1] == ""})


# --- maturity and budget -----------------------------------------------------------------------------


def _trl_fit(wanted: tuple[int, int], trl: int) -> float:
    low, high = wanted
    distance = low - trl if trl < low else trl - high if trl > high else 0
    return max(0.0, 1.0 - distance / 3)  # three levels off is no fit at all


def maturity_signal(a: Item, b: Item) -> tuple[float, Reason | None]:
    """How well one side's maturity (TRL) fits the other's wanted range; both ways, averaged."""
    fits = [
        (_trl_fit(wanted.trl_wanted, other.trl), wanted.trl_wanted, other.trl)
        for wanted, other in ((a, b), (b, a))
        if wanted.trl_wanted is not None and other.trl is not None
    ]
    if not fits:
        return 0.0, None
    value = sum(f[0] for f in fits) / len(fits)
    _, wanted_range, trl = fits[0]
    return value, Reason(
        "maturity", {"trl": trl, "wanted": list(wanted_range), "fit": round(value, 2)}
    )


def budget_signal(a: Item, b: Item) -> tuple[float, Reason | None]:
    """1 if the two (min, max) ranges overlap; otherwise the ratio of the gap's ends (0..1)."""
    if a.budget_sek is None or b.budget_sek is None:
        return 0.0, None
    low_a, high_a = a.budget_sek
    low_b, high_b = b.budget_sek
    low = max(low_a or 0, low_b or 0)
    high = min(math.inf if high_a is None else high_a, math.inf if high_b is None else high_b)
    # Apart: the cheaper side's maximum against the dearer side's minimum.
    value = 1.0 if low <= high else float(high) / float(low)
    return value, Reason(
        "budget",
        {"query": [low_a, high_a], "match": [low_b, high_b], "overlap": low <= high},
    )


# --- terms and passages ------------------------------------------------------------------------------

_WORDS = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_SENTENCES = re.compile(r"(?<=[.!?;:])\s+|\n+")


@lru_cache(maxsize=100_000)
def word_stems(word: str, language: str | None) -> tuple[str, ...]:
    """The stems of one lower-cased word (cached: explanations look at the same words again)."""
    return tuple(tokens(word, language))


def surface_words(
    text: str, language: str | None, wanted: Collection[str] | None = None
) -> dict[str, str]:
    """stem → the commonest word of the text that stems to it (for showing matched terms).

    With `wanted`, only those stems are looked for."""
    counts: Counter[str] = Counter(w.lower() for w in _WORDS.findall(text))
    stems = {word: word_stems(word, language) for word in counts}
    surface: dict[str, str] = {}
    # A word that is only this stem first; a compound that contains it only if nothing else does.
    for word in sorted(counts, key=lambda w: (len(stems[w]) > 1, -counts[w], w)):
        for stem in stems[word]:
            if wanted is None or stem in wanted:
                surface.setdefault(stem, word)
    return surface


def text_stems(text: str, language: str | None) -> Counter[str]:
    """Stem counts of a text, word by word through a cache (for explanations; scoring uses
    `tokens` on the whole text)."""
    return Counter(s for w in _WORDS.findall(text.lower()) for s in word_stems(w, language))


def terms_reason(
    shared: Mapping[str, float], match_text: str, language: str | None, limit: int = 8
) -> Reason | None:
    """The shared stems with the largest weight, shown as words of the match's text."""
    if not shared:
        return None
    ranked = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))
    surface = surface_words(match_text, language, {stem for stem, _ in ranked[: limit * 2]})
    words: list[str] = []
    for stem, _ in ranked:
        word = surface.get(stem)
        if word and word not in words:
            words.append(word)
        if len(words) == limit:
            break
    return Reason("terms", {"terms": words}) if words else None


def translated_terms_reason(
    pairs: Mapping[tuple[str, str], float],
    ours: Mapping[str, str],
    match_text: str,
    match_language: str,
    limit: int = 6,
) -> Reason | None:
    """Stem pairs (the asker's, the match's) that translate each other, the weightiest first, shown
    as words of each text: "matsvinn – waste". `ours`: the asker's `surface_words`."""
    if not pairs:
        return None
    ranked = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[: limit * 2]
    theirs = surface_words(match_text, match_language, {target for (_, target), _ in ranked})
    shown: list[list[str]] = []
    for (source, target), _ in ranked:
        word, match_word = ours.get(source), theirs.get(target)
        if word and match_word and [word, match_word] not in shown:
            shown.append([word, match_word])
        if len(shown) == limit:
            break
    return Reason("translated", {"pairs": shown}) if shown else None


def sentences(text: str, *, limit: int = 12, shortest: int = 20, longest: int = 300) -> list[str]:
    """The first `limit` sentences of a text worth showing (long ones cut at `longest` characters)."""
    out: list[str] = []
    for part in _SENTENCES.split(text):
        part = " ".join(part.split())
        if len(part) >= shortest:
            out.append(part[:longest])
        if len(out) == limit:
            break
    if not out and text.strip():
        out.append(" ".join(text.split())[:longest])
    return out
