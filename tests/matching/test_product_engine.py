"""MatchEngine with a small deterministic embedder, and once with the real model."""

import hashlib
import json

import numpy as np
import pytest

from arena.matching.engine import Item, MatchEngine, Weights
from arena.matching.store import MemoryVectorStore


class WordHashEmbedder:
    """Bag of lower-cased words hashed into 256 dimensions; counts the texts it embeds."""

    dim = 256
    name = "word-hash-256"

    def __init__(self):
        self.embedded: list[str] = []

    def queries(self, texts):
        self.embedded.extend(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().replace(".", " ").split():
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
            out[row, 0] += 0.1  # no all-zero vector
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    passages = queries


CHALLENGE = Item(
    "c1", "challenge", "Matsvinn i skolan",
    "Vi vill minska matsvinnet i skolans kök. Eleverna slänger mycket mat varje dag.", "sv",
    cpv=("55523100",), sdg=("12.3",), regions=("12",), trl_wanted=(5, 8),
    budget_sek=(100_000, 500_000),
)  # fmt: skip
SOLUTIONS = [
    Item("s1", "solution", "Vågar mot matsvinn",
         "Smarta vågar mäter matsvinnet i skolans kök. Kocken ser vad eleverna slänger.", "sv",
         cpv=("55523000",), sdg=("12.3",), regions=("SE224",), trl=7, budget_sek=(200_000, None)),
    Item("s2", "solution", "Snöröjning", "Autonoma fordon för snöröjning av vägar och gator.", "sv",
         cpv=("90620000",)),
    Item("s3", "solution", "Vattenläckor", "Sensorer hittar läckor i vattenledningar tidigt.", "sv"),
    Item("s4", "solution", "Route planning", "Software plans routes for snow clearing trucks.", "en"),
]  # fmt: skip
COMPANY = Item("k1", "company", "Mat AB", "Vi säljer vågar för matsvinn i kök.", "sv")


def engine_with(*items, **kwargs):
    engine = MatchEngine(WordHashEmbedder(), **kwargs)
    engine.upsert(list(items))
    return engine


def test_match_ranks_the_related_solution_first_with_readable_reasons():
    engine = engine_with(CHALLENGE, *SOLUTIONS, COMPANY)
    results = engine.match(CHALLENGE, kinds={"solution"}, k=3)
    assert [m.rank for m in results] == [1, 2, 3]
    assert (results[0].id, results[0].kind) == ("s1", "solution")
    assert all(m.kind == "solution" for m in results)
    assert results[0].score > results[1].score >= results[2].score
    reasons = {r.code: r.data for r in results[0].reasons}
    assert reasons["cpv"] == {
        "level": "category",
        "query_code": "55523100",
        "match_code": "55523000",
    }
    assert reasons["sdg"] == {"targets": ["12.3"], "goals": ["12"]}
    assert "matsvinnet" in reasons["terms"]["terms"]
    assert reasons["passage"]["text"] in (
        "Smarta vågar mäter matsvinnet i skolans kök.",
        "Kocken ser vad eleverna slänger.",
    )
    assert reasons["region"]["region"] == "SE224"
    assert reasons["maturity"]["fit"] == 1.0
    assert reasons["budget"]["overlap"] is True
    assert reasons["semantic"] == {"rank": 1, "of": 4}
    json.dumps([[r.code, r.data] for m in results for r in m.reasons])  # all serialisable


def test_words_that_translate_each_other_are_a_reason_across_languages():
    challenge = Item(
        "c-fish", "challenge", "",
        "Skolans kök slänger mycket fisk. Vi söker sätt att hålla fisken färsk längre.", "sv",
    )  # fmt: skip
    english = Item(
        "s-fish", "solution", "", "Cold storage that keeps fish fresh in school kitchens.", "en"
    )
    swedish = Item("s-fisk", "solution", "", "Kylrum som håller fisk färsk i skolans kök.", "sv")
    engine = engine_with(challenge, english, swedish)
    reasons = {
        m.id: {r.code: r.data for r in m.reasons}
        for m in engine.match(challenge, kinds={"solution"}, k=2)
    }
    assert ["fisk", "fish"] in reasons["s-fish"]["translated"]["pairs"]
    # "skolans" / "school": no dictionary pair; words spelt alike are shared, not translated.
    assert all(ours != theirs for ours, theirs in reasons["s-fish"]["translated"]["pairs"])
    assert "translated" not in reasons["s-fisk"]  # the same language: shared words say it
    assert "fisk" in reasons["s-fisk"]["terms"]["terms"]


def test_a_stem_spelt_alike_in_both_languages_is_a_shared_word_not_a_translation():
    challenge = Item("c-e", "challenge", "", "Energi och fisk i skolans kök.", "sv")
    english = Item("s-e", "solution", "", "Energy use and fish storage in kitchens.", "en")
    engine = engine_with(challenge, english)
    (match,) = engine.match(challenge, kinds={"solution"}, k=1)
    reasons = {r.code: r.data for r in match.reasons}
    assert "energy" in reasons["terms"]["terms"]  # stem "energi" on both sides
    pairs = reasons["translated"]["pairs"]
    assert ["fisk", "fish"] in pairs
    assert not any("energ" in word for pair in pairs for word in pair)


def test_scores_are_symmetric_between_the_two_kinds():
    engine = engine_with(CHALLENGE, *SOLUTIONS, COMPANY)
    forward = {m.id: m.score for m in engine.match(CHALLENGE, kinds={"solution"}, k=10)}
    for solution in SOLUTIONS:
        (back,) = [m for m in engine.match(solution, kinds={"challenge"}, k=10) if m.id == "c1"]
        assert back.score == pytest.approx(forward[solution.id], abs=1e-5)


def test_the_matched_item_need_not_be_indexed_and_is_never_its_own_match():
    engine = engine_with(*SOLUTIONS)
    assert engine.match(CHALLENGE, kinds={"solution"}, k=1)[0].id == "s1"
    assert "s1" not in [m.id for m in engine.match(SOLUTIONS[0], kinds={"solution"})]


def test_kinds_exclude_and_k_limit_the_results():
    engine = engine_with(CHALLENGE, *SOLUTIONS, COMPANY)
    assert [m.id for m in engine.match(CHALLENGE, kinds={"company"})] == ["k1"]
    both = engine.match(CHALLENGE, kinds={"company", "solution"}, k=2, exclude={"s1"})
    assert len(both) == 2
    assert "s1" not in [m.id for m in both]
    assert engine.match(CHALLENGE, kinds={"notice"}) == []


def test_feedback_reranks_and_is_a_reason():
    engine = engine_with(CHALLENGE, *SOLUTIONS)
    plain = {m.id: m.score for m in engine.match(CHALLENGE, kinds={"solution"})}
    last = min(plain, key=plain.get)
    rated = engine.match(CHALLENGE, kinds={"solution"}, feedback={last: 1.0, "s1": -0.5})
    scores = {m.id: m.score for m in rated}
    assert scores[last] == pytest.approx(plain[last] + 0.15, abs=1e-5)
    assert scores["s1"] == pytest.approx(plain["s1"] - 0.075, abs=1e-5)
    assert [m.score for m in rated] == sorted(scores.values(), reverse=True)
    (up,) = [m for m in rated if m.id == last]
    assert ("feedback", {"value": 1.0}) in [(r.code, r.data) for r in up.reasons]
    engine.weights = Weights(feedback=1.0)  # an operator who trusts feedback more
    assert engine.match(CHALLENGE, kinds={"solution"}, feedback={last: 1.0})[0].id == last


def test_upsert_embeds_only_new_texts_and_the_store_is_shared():
    store = MemoryVectorStore()
    engine = MatchEngine(WordHashEmbedder(), store=store)
    engine.upsert([CHALLENGE, *SOLUTIONS])
    assert len(engine.embedder.embedded) == 10  # five texts and their five titles
    engine.upsert([CHALLENGE, *SOLUTIONS])  # nothing changed
    changed = Item("s3", "solution", "Vattenläckor", "Nya sensorer för läckor.", "sv")
    engine.upsert([changed, Item("s9", "solution", "", SOLUTIONS[1].full_text, "sv")])
    # the changed text only: its title is stored, and s9 has s2's text and no title
    assert engine.embedder.embedded[10:] == [changed.full_text]
    assert len(engine) == 6
    other = MatchEngine(WordHashEmbedder(), store=store)
    other.upsert([CHALLENGE, *SOLUTIONS])
    assert other.embedder.embedded == []


def test_incremental_index_equals_a_fresh_one_after_updates_removals_and_compaction():
    items = [
        Item(
            f"d{i}",
            "doc",
            f"heading{i % 13} word{i % 7}" if i % 2 else "",  # half with titles
            f"word{i % 37} word{i % 11} common text {i % 5}",
            "sv" if i % 3 else "en",
        )
        for i in range(1400)
    ]
    incremental = MatchEngine(WordHashEmbedder())
    incremental.upsert(items[:700])
    incremental.upsert(
        [Item(i.id, i.kind, i.title, i.text + " changed", i.language) for i in items[:50]]
    )
    incremental.upsert(items[700:])
    incremental.remove([f"d{i}" for i in range(50, 1300)])  # > 1000 dead rows: compacts
    incremental.upsert(items[:50])  # back to the original texts
    fresh = engine_with(*items[:50], *items[1300:])
    assert len(incremental) == len(fresh) == 150
    query = Item("q", "doc", "heading3 word7", "word3 word7 common text", "sv")
    got = incremental.match(query, kinds={"doc"}, k=10)
    want = fresh.match(query, kinds={"doc"}, k=10)
    assert [m.score for m in got] == pytest.approx([m.score for m in want], abs=1e-5)
    assert {m.id for m in got} == {m.id for m in want}


def test_scores_follow_each_change_between_matches():
    # The centred rows' norms are kept between matches: every change must renew them.
    engine = engine_with(*SOLUTIONS, COMPANY)

    def scores(of):
        return {m.id: m.score for m in of.match(CHALLENGE, kinds={"solution", "company"}, k=10)}

    first = scores(engine)
    assert scores(engine) == first  # kept norms: same scores
    extra = Item("s5", "solution", "", "Engelsk text om vågar och matsvinn i kök.", "en")
    engine.upsert([extra])
    assert scores(engine) == pytest.approx(
        scores(engine_with(*SOLUTIONS, COMPANY, extra)), abs=2e-6
    )
    engine.remove(["s4"])
    rest = [s for s in SOLUTIONS if s.id != "s4"]
    assert scores(engine) == pytest.approx(scores(engine_with(*rest, COMPANY, extra)), abs=2e-6)
    engine.upsert([Item("s5", "solution", "", "Sensors for water leaks.", "en")])
    changed = Item("s5", "solution", "", "Sensors for water leaks.", "en")
    assert scores(engine) == pytest.approx(scores(engine_with(*rest, COMPANY, changed)), abs=2e-6)


def test_bad_arguments_get_clear_errors():
    engine = engine_with(CHALLENGE, *SOLUTIONS)
    with pytest.raises(TypeError, match="collection of kind names"):
        engine.match(CHALLENGE, kinds="solution")
    with pytest.raises(ValueError, match="k must be a positive integer"):
        engine.match(CHALLENGE, kinds={"solution"}, k=0)
    with pytest.raises(ValueError, match=r"feedback for 's1' must be a number in \[-1, 1\]"):
        engine.match(CHALLENGE, kinds={"solution"}, feedback={"s1": 3})
    with pytest.raises(TypeError, match="upsert takes Item objects"):
        engine.upsert([{"id": "x"}])
    with pytest.raises(TypeError, match="not one string"):
        engine.remove("s1")
    with pytest.raises(ValueError, match=r"Weights\.cpv must be a finite number"):
        Weights(cpv=-1)
    with pytest.raises(ValueError, match="passages must be"):
        MatchEngine(WordHashEmbedder(), passages="fast")


def test_structured_weights_move_near_ties_only():
    twin_a = Item(
        "a", "solution", "", "Sensorer hittar läckor i vattenledningar.", "sv", cpv=("65100000",)
    )
    twin_b = Item("b", "solution", "", "Sensorer hittar läckor i vattenledningar.", "sv")
    other = Item("o", "solution", "", "Autonoma fordon för snöröjning.", "sv", cpv=("65100000",))
    engine = engine_with(twin_a, twin_b, other, *SOLUTIONS)
    query = Item("q", "challenge", "", "Läckor i vattenledningar", "sv", cpv=("65100000",))
    order = [m.id for m in engine.match(query, kinds={"solution"})]
    assert order[:2] == ["a", "b"]  # the shared code breaks the tie...
    assert order.index("o") > order.index("b")  # ...but does not lift an unrelated text


@pytest.fixture(scope="module")
def e5():
    from arena.matching.embed import E5Embedder  # loads the model

    return E5Embedder()


def test_real_model_ranks_the_cross_lingual_pair_first(e5):
    pairs = [
        ("Minskat matsvinn i skolkök med smarta vågar som mäter vad eleverna slänger.",
         "Less food waste in school kitchens with smart scales measuring what pupils throw away."),
        ("Autonoma fordon för snöröjning av cykelvägar i staden under vintern.",
         "Autonomous vehicles clearing snow from city cycle paths in winter."),
        ("Sensorer som upptäcker läckor i kommunens vattenledningar innan de brister.",
         "Sensors that detect leaks in the municipal water pipes before they burst."),
        ("Digitalt stöd för hemtjänstens planering av besök hos äldre.",
         "Digital support for home care services planning visits to elderly people."),
        ("Solceller på skolornas tak för att sänka energikostnaderna.",
         "Solar panels on school roofs to cut energy costs."),
    ]  # fmt: skip
    engine = MatchEngine(e5)
    engine.upsert([Item(f"sv{i}", "challenge", "", sv, "sv") for i, (sv, _) in enumerate(pairs)])
    engine.upsert([Item(f"en{i}", "solution", "", en, "en") for i, (_, en) in enumerate(pairs)])
    for i, (sv, _) in enumerate(pairs):
        best = engine.match(Item(f"sv{i}", "challenge", "", sv, "sv"), kinds={"solution"}, k=1)[0]
        assert best.id == f"en{i}"
        passage = {r.code: r.data for r in best.reasons}["passage"]["text"]
        assert passage == pairs[i][1]  # cross-lingual: found by sentence embeddings


def test_titles_decide_between_items_whose_texts_match_alike():
    text = "Sensorer och programvara för kommunens verksamheter."
    rivers = Item("rivers", "solution", "Översvämning i älvar", text, "sv")
    roads = Item("roads", "solution", "Halka på vägar", text, "sv")
    untitled = Item("plain", "solution", "", text, "sv")
    challenge = Item("c", "challenge", "Halka på vägar i vinter", text, "sv")
    engine = engine_with(rivers, roads, untitled)
    engine.weights = Weights(title=0.0, lexical=0.0)
    texts_only = {m.id: m.score for m in engine.match(challenge, kinds={"solution"})}
    engine.weights = Weights(lexical=0.0)
    ranked = engine.match(challenge, kinds={"solution"})
    assert ranked[0].id == "roads"
    scores = {m.id: m.score for m in ranked}
    assert scores["plain"] == pytest.approx(texts_only["plain"])  # no title: nothing added
    assert scores["roads"] - texts_only["roads"] > scores["rivers"] - texts_only["rivers"]
    # An item without a title asks with its text alone.
    plain_query = Item("q", "challenge", "", challenge.text, "sv")
    engine.weights = Weights(title=0.0)
    without = {m.id: m.score for m in engine.match(plain_query, kinds={"solution"})}
    engine.weights = Weights()
    assert {m.id: m.score for m in engine.match(plain_query, kinds={"solution"})} == without


def test_title_changes_keep_the_index_equal_to_a_fresh_one():
    items = [
        Item(f"t{i}", "doc", f"heading{i % 5}", f"word{i % 7} shared text", "sv" if i % 2 else "en")
        for i in range(40)
    ]
    incremental = engine_with(*items)
    final = [
        # title only changed / blanked with whitespace / language changed / untouched
        Item(i.id, i.kind, "new heading", i.text, i.language) if n % 4 == 0
        else Item(i.id, i.kind, "   ", i.text, i.language) if n % 4 == 1
        else Item(i.id, i.kind, i.title, i.text, "en" if i.language == "sv" else "sv") if n % 4 == 2
        else i
        for n, i in enumerate(items)
    ]  # fmt: skip
    incremental.upsert(final)
    incremental.remove(["t3", "t7"])
    fresh = engine_with(*[i for i in final if i.id not in {"t3", "t7"}])
    query = Item("q", "doc", "new heading", "word3 shared text", "sv")
    got = incremental.match(query, kinds={"doc"}, k=10)
    want = fresh.match(query, kinds={"doc"}, k=10)
    assert [m.score for m in got] == pytest.approx([m.score for m in want], abs=1e-5)
    assert [m.id for m in got] == [m.id for m in want]


def test_close_titles_are_given_as_a_reason_and_others_are_not():
    text = "Sensorer och programvara för kommunens verksamheter."
    others = [Item(f"o{i}", "solution", f"Område {i} nummer {i}", text, "sv") for i in range(6)]
    roads = Item("roads", "solution", "Halka på vägar", text, "sv")
    engine = engine_with(roads, *others)
    challenge = Item("c", "challenge", "Halka på vägar", text, "sv")
    by_id = {m.id: {r.code for r in m.reasons} for m in engine.match(challenge, kinds={"solution"})}
    assert "title" in by_id["roads"]
    assert not any("title" in codes for item_id, codes in by_id.items() if item_id != "roads")
