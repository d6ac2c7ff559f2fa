"""The platform's labelled examples for the CPV classifier: kept with the notices (services),
embedded after the import (task), and read by the suggestions when they change (suggest, with the
real e5 model and the real CPV file)."""

import itertools

import numpy as np
import pytest
from django.db.models import F

from arena.matching.cpv import example_key, text_vectors
from arena.matching.embed import E5Embedder
from arena.reference import suggest
from arena.reference.models import CpvExample, CpvExampleGeneration
from arena.reference.selectors import cpv_examples_embedded, cpv_examples_version
from arena.reference.services import CpvExampleForm, cpv_examples_embed, cpv_examples_set
from tests.fakes import HashingEmbedder

pytestmark = pytest.mark.django_db


class NamedEmbedder(HashingEmbedder):
    def __init__(self, name="hashing-v1"):
        self.name = name
        self.calls = 0

    def queries(self, texts):
        self.calls += len(texts)
        return super().queries(texts)


def _form(title="Snöröjning", text="Snöröjning av gator", language="sv", code="90620000"):
    return CpvExampleForm(title=title, text=text, language=language, code=code)


def test_cpv_examples_set_writes_each_form_once_without_a_vector():
    english = _form("Snow clearing", "Snow clearing of streets", "en")
    waiting = cpv_examples_set(forms_by_source={"notice:ted:1": [_form(), english, _form()]})
    assert waiting == 2
    rows = CpvExample.objects.order_by("language")
    assert [(r.source, r.language, r.code) for r in rows] == [
        ("notice:ted:1", "en", "90620000"),
        ("notice:ted:1", "sv", "90620000"),
    ]
    assert rows[1].key == example_key("Snöröjning", "Snöröjning av gator")
    assert all(r.vector is None and r.model == "" for r in rows)


def test_cpv_examples_set_keeps_the_vector_of_unchanged_text_and_relabels_it():
    cpv_examples_set(forms_by_source={"notice:ted:1": [_form()]})
    cpv_examples_embed(embedder=NamedEmbedder())
    vector = bytes(CpvExample.objects.get().vector)
    waiting = cpv_examples_set(forms_by_source={"notice:ted:1": [_form(code="90630000")]})
    row = CpvExample.objects.get()
    assert waiting == 0
    assert (row.code, bytes(row.vector), row.model) == ("90630000", vector, "hashing-v1")


def test_cpv_examples_set_replaces_changed_text_and_removes_a_source_without_forms():
    cpv_examples_set(forms_by_source={"notice:ted:1": [_form()], "notice:ted:2": [_form()]})
    cpv_examples_embed(embedder=NamedEmbedder())
    cpv_examples_set(
        forms_by_source={"notice:ted:1": [_form(text="Snöröjning av torg")], "notice:ted:2": []}
    )
    row = CpvExample.objects.get()
    assert (row.source, row.text, row.vector) == ("notice:ted:1", "Snöröjning av torg", None)


def test_cpv_examples_embed_reads_forms_as_the_classifier_does_and_redoes_other_models():
    cpv_examples_set(
        forms_by_source={f"notice:ted:{n}": [_form(text=f"gata {n}")] for n in range(3)}
    )
    embedder = NamedEmbedder()
    assert cpv_examples_embed(embedder=embedder, batch=2) == 3
    assert embedder.calls == 6  # title+text and title, per form
    row = CpvExample.objects.get(source="notice:ted:0")
    vector = np.frombuffer(bytes(row.vector), dtype=np.float32)
    assert np.allclose(vector, text_vectors(embedder, [row.title], [row.text])[0])
    assert cpv_examples_embed(embedder=embedder) == 0  # nothing left to do
    assert cpv_examples_embed(embedder=NamedEmbedder("hashing-v2")) == 3
    assert set(CpvExample.objects.values_list("model", flat=True)) == {"hashing-v2"}


def test_cpv_examples_version_rises_with_every_change_a_reader_would_use():
    start = cpv_examples_version()
    cpv_examples_set(forms_by_source={"notice:ted:1": [_form()]})
    assert cpv_examples_version() == start  # no vector yet: readers would read nothing new
    versions = [start]
    cpv_examples_embed(embedder=NamedEmbedder())
    versions.append(cpv_examples_version())
    cpv_examples_set(forms_by_source={"notice:ted:1": [_form(code="90630000")]})
    versions.append(cpv_examples_version())
    cpv_examples_set(forms_by_source={"notice:ted:1": [_form(code="90630000")]})  # no change
    assert cpv_examples_version() == versions[-1]
    cpv_examples_set(forms_by_source={"notice:ted:1": []})
    versions.append(cpv_examples_version())
    assert all(a < b for a, b in itertools.pairwise(versions))


def test_cpv_examples_set_embeds_a_form_again_when_only_its_spacing_or_case_changed():
    cpv_examples_set(forms_by_source={"notice:ted:1": [_form()]})
    cpv_examples_embed(embedder=NamedEmbedder())
    version = cpv_examples_version()
    # The same key (the leave-out ignores case and spacing), but e5 reads case: a new vector.
    waiting = cpv_examples_set(
        forms_by_source={"notice:ted:1": [_form(text="SNÖRÖJNING av gator")]}
    )
    row = CpvExample.objects.get()
    assert waiting == 1
    assert (row.text, row.vector, row.model) == ("SNÖRÖJNING av gator", None, "")
    assert cpv_examples_version() > version  # readers held its old vector


def test_cpv_examples_embed_leaves_a_row_rewritten_while_it_was_embedded():
    cpv_examples_set(forms_by_source={"notice:ted:1": [_form()]})

    class RewritingEmbedder(NamedEmbedder):
        """Another transaction rewrites the form while this worker embeds it."""

        def queries(self, texts):
            if not self.calls:
                cpv_examples_set(
                    forms_by_source={"notice:ted:1": [_form(text="SNÖRÖJNING av gator")]}
                )
            return super().queries(texts)

    assert cpv_examples_embed(embedder=RewritingEmbedder()) == 0  # the old text's vector: dropped
    assert CpvExample.objects.get().vector is None  # waits for the run its rewrite queued
    assert cpv_examples_embed(embedder=NamedEmbedder()) == 1
    row = CpvExample.objects.get()
    vector = np.frombuffer(bytes(row.vector), dtype=np.float32)
    assert np.allclose(vector, text_vectors(NamedEmbedder(), [row.title], [row.text])[0])


def test_cpv_examples_embedded_gives_the_newest_of_one_model():
    cpv_examples_set(
        forms_by_source={f"notice:ted:{n}": [_form(text=f"gata {n}")] for n in range(4)}
    )
    cpv_examples_embed(embedder=NamedEmbedder())
    CpvExample.objects.filter(source="notice:ted:3").update(model="other")
    rows = list(cpv_examples_embedded(model="hashing-v1", limit=2))
    assert [r[0] for r in rows] == ["notice:ted:2", "notice:ted:1"]
    assert all(len(r[4]) == 64 * 4 for r in rows)


def test_cpv_examples_set_queues_the_embedding_after_the_commit(
    settings, django_capture_on_commit_callbacks
):
    settings.ARENA_CPV_SEMANTIC = (
        True  # the task embeds (with e5) only when suggestions read vectors
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        cpv_examples_set(forms_by_source={"notice:ted:1": [_form()]})
        assert CpvExample.objects.get().vector is None  # not before the commit
    assert len(callbacks) == 1
    row = CpvExample.objects.get()
    assert row.model == E5Embedder.name
    assert len(bytes(row.vector)) == E5Embedder.dim * 4


def test_cpv_examples_task_leaves_the_vectors_when_suggestions_read_words_only(
    settings, django_capture_on_commit_callbacks
):
    settings.ARENA_CPV_SEMANTIC = False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        cpv_examples_set(forms_by_source={"notice:ted:1": [_form()]})
    assert len(callbacks) == 1  # queued, and the task did nothing
    assert CpvExample.objects.get().vector is None


# The real suggestions: e5 and the shipped label vectors and examples (a few seconds per test).
@pytest.fixture
def semantic_suggest(settings):
    settings.ARENA_CPV_SEMANTIC = True
    saved = suggest._classifier, suggest._shipped, suggest._examples_version
    suggest._classifier = suggest._shipped = suggest._examples_version = None
    yield suggest
    suggest._classifier, suggest._shipped, suggest._examples_version = saved


QUERY = "Ramavtal transporter med lastbil åt kommunens tekniska förvaltning"
PLACES = ["Gnesta", "Nyköping", "Trosa", "Flen", "Oxelösund"]
WASTE = {
    f"notice:ted:{n}": [
        _form(
            f"Ramavtal transporter {place}",
            f"Transporter med lastbil av avfall och slam från återvinningscentralen i {place}",
            code="90512000",
        )
    ]
    for n, place in enumerate(PLACES)
}


def _first_waste_rank(codes):
    return next(i for i, code in enumerate(codes) if code.startswith("905"))


def test_suggestions_learn_from_the_platform_s_examples_once_embedded(semantic_suggest):
    before = suggest.cpv_suggest(text=QUERY, k=200)
    cpv_examples_set(forms_by_source=WASTE)
    assert suggest.cpv_suggest(text=QUERY, k=200) == before  # no vectors yet: nothing to read
    classifier = suggest._get_classifier()
    cpv_examples_embed(embedder=classifier.embedder)
    after = suggest.cpv_suggest(text=QUERY, k=200)
    assert _first_waste_rank(after) < _first_waste_rank(before) - 10
    assert classifier.examples is not None
    assert len(classifier.examples) == len(suggest._shipped) + len(PLACES)
    # Gone from the database, gone from the suggestions.
    cpv_examples_set(forms_by_source={source: [] for source in WASTE})
    assert suggest.cpv_suggest(text=QUERY, k=200) == before


def test_suggestions_skip_vectors_of_another_model_or_size(semantic_suggest):
    before = suggest.cpv_suggest(text=QUERY, k=200)
    cpv_examples_set(forms_by_source=WASTE)
    e5 = suggest._get_classifier().embedder
    cpv_examples_embed(embedder=e5)
    # Vectors of the right size under another model's name: not this model's, not read.
    CpvExample.objects.update(model="another-e5")
    CpvExampleGeneration.objects.update(number=F("number") + 1)
    assert suggest.cpv_suggest(text=QUERY, k=200) == before
    assert len(suggest._get_classifier().examples) == len(suggest._shipped)
    # The right name, the wrong size: skipped, no error.
    cpv_examples_embed(embedder=NamedEmbedder(e5.name))
    assert suggest.cpv_suggest(text=QUERY, k=200) == before
    assert len(suggest._get_classifier().examples) == len(suggest._shipped)


def test_suggestions_read_the_examples_again_only_when_their_generation_rose(
    semantic_suggest, django_assert_num_queries
):
    cpv_examples_set(forms_by_source=WASTE)
    cpv_examples_embed(embedder=suggest._get_classifier().embedder)
    suggest.cpv_suggest(text=QUERY)  # reads them
    with django_assert_num_queries(1):  # the generation only
        suggest.cpv_suggest(text=QUERY)


def test_suggestions_leave_out_a_platform_example_identical_to_the_text(semantic_suggest):
    other = f"{QUERY} i Gnesta"
    before, other_before = (suggest.cpv_suggest(text=t, k=200) for t in (QUERY, other))
    # The classifier reads a form's text as one piece (no title): the example's key is the text's.
    cpv_examples_set(forms_by_source={"notice:ted:9": [_form("", QUERY, code="90512000")]})
    cpv_examples_embed(embedder=suggest._get_classifier().embedder)
    assert suggest.cpv_suggest(text=QUERY, k=200) == before  # not evidence about itself
    other_after = suggest.cpv_suggest(text=other, k=200)
    assert _first_waste_rank(other_after) < _first_waste_rank(other_before)  # but about others


def test_suggestions_follow_a_database_whose_generation_started_again(semantic_suggest):
    before = suggest.cpv_suggest(text=QUERY, k=200)
    cpv_examples_set(forms_by_source=WASTE)
    cpv_examples_embed(embedder=suggest._get_classifier().embedder)
    assert suggest.cpv_suggest(text=QUERY, k=200) != before
    # The database replaced under the running process (a restore): no examples, counter at 0.
    CpvExample.objects.all().delete()
    CpvExampleGeneration.objects.update(number=0)
    assert suggest.cpv_suggest(text=QUERY, k=200) == before


def test_cpv_embedder_is_one_model_per_process_shared_by_suggestions_and_embedding(
    semantic_suggest,
):
    embedder = suggest.cpv_embedder()

    assert embedder is suggest.cpv_embedder()
    assert suggest._get_classifier().embedder is embedder  # the suggestions read with it too


def test_cpv_embedder_is_none_when_suggestions_read_words_only(settings):
    settings.ARENA_CPV_SEMANTIC = False

    assert suggest.cpv_embedder() is None


def test_cpv_suggest_many_asks_the_examples_generation_once_for_all_texts(
    semantic_suggest, django_assert_num_queries
):
    texts = [QUERY, "Snöröjning av gator", "Cleaning services for school buildings"]
    semantic_suggest.cpv_suggest(text=QUERY)  # the first suggestion reads the examples

    with django_assert_num_queries(1):
        found = semantic_suggest.cpv_suggest_many(texts=texts, k=5)

    assert [len(codes) for codes in found] == [5, 5, 5]
