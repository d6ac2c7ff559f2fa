"""CPV suggestions on the forms: the real classifier over the real CPV file (label words, and once
with the e5 model and the platform's examples file), answering the picker's HTMX request."""

import os

import pytest
from django.urls import reverse

from arena.matching.cpv import LabelledText, examples_from_texts, shipped_examples, write_examples
from arena.matching.embed import E5Embedder
from arena.reference import suggest
from arena.reference.suggest import cpv_suggest
from tests.factories.reference import CpvCodeFactory

pytestmark = pytest.mark.django_db


def _url(name="cpv_codes", id_="id_cpv_codes"):
    return f"{reverse('reference:cpv_suggest')}?name={name}&id={id_}"


def test_cpv_suggest_finds_the_code_named_by_the_text():
    codes = cpv_suggest(text="Snöröjning och halkbekämpning på kommunens gator")

    assert "90620000" in codes[:3]


def test_cpv_suggest_without_words_suggests_nothing():
    assert cpv_suggest(text="  12 345 ") == []


def test_cpv_suggest_codes_answers_picker_matches_from_the_form_text(client):
    CpvCodeFactory(
        code="90620000", check_digit="9", label_sv="Snöröjning", label_en="Snow-clearing services"
    )

    response = client.post(
        _url(), {"title_sv": "Snöröjning", "text_sv": "Snöröjning av gator och cykelvägar."}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="90620000"' in page
    assert 'name="cpv_codes"' in page
    assert "Förslag utifrån texten" in page


def test_cpv_suggest_codes_keeps_already_chosen_codes_ticked(client):
    CpvCodeFactory(
        code="90620000", check_digit="9", label_sv="Snöröjning", label_en="Snow-clearing services"
    )

    response = client.post(_url(), {"title_sv": "Snöröjning av gator", "cpv_codes": ["90620000"]})

    assert 'value="90620000" id="id_cpv_codes_' in response.content.decode()
    assert " checked" in response.content.decode()


def test_cpv_suggest_codes_asks_for_text_first(client):
    response = client.post(_url(), {"title_sv": ""})

    assert response.status_code == 200
    assert "Skriv en titel eller en beskrivning först" in response.content.decode()


def test_cpv_suggest_codes_rejects_a_bad_field_name(client):
    response = client.post(_url(name="<script>"), {"title_sv": "Snöröjning"})

    assert response.status_code == 400


def test_cpv_suggest_codes_needs_a_post(client):
    assert client.get(_url()).status_code == 405


def test_challenge_form_offers_the_suggest_button(client, django_user_model):
    from arena.reference.widgets import CPV, ReferencePicker

    html = ReferencePicker(CPV).render("cpv_codes", [], {"id": "id_cpv_codes"})

    assert "data-picker-suggest" in html
    assert reverse("reference:cpv_suggest") in html


@pytest.fixture
def semantic_suggestions(settings, tmp_path, monkeypatch):
    """Suggestions with the e5 model, a fresh classifier and an examples file of this test's."""
    settings.ARENA_CPV_SEMANTIC = True
    settings.ARENA_CPV_EXAMPLES_FILE = tmp_path / "examples.npz"
    monkeypatch.setattr(suggest, "_classifier", None)
    monkeypatch.setattr(suggest, "_examples_read", None)
    return settings.ARENA_CPV_EXAMPLES_FILE


def _platform(count):
    items = [
        LabelledText(f"Snöröjning {n}", "Snöröjning av gator.", "sv", "90620000", n)
        for n in range(count)
    ]
    return examples_from_texts(E5Embedder(), items)


def test_suggestions_read_the_platform_s_examples_again_when_their_file_changes(
    semantic_suggestions, caplog
):
    shipped = len(shipped_examples())
    assert cpv_suggest(text="Snöröjning och halkbekämpning på kommunens gator")
    classifier = suggest._classifier
    assert len(classifier.examples) == shipped  # no file yet
    write_examples(semantic_suggestions, _platform(2))
    cpv_suggest(text="Snöröjning")
    assert len(classifier.examples) == shipped + 2
    assert classifier.examples.codes[-2:] == ("90620000", "90620000")
    write_examples(semantic_suggestions, _platform(3))
    stat = semantic_suggestions.stat()
    os.utime(semantic_suggestions, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    cpv_suggest(text="Snöröjning")
    assert len(classifier.examples) == shipped + 3
    semantic_suggestions.write_bytes(b"not an examples file")
    cpv_suggest(text="Snöröjning")
    assert len(classifier.examples) == shipped
    assert "could not be read" in caplog.text
