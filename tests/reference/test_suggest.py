"""CPV suggestions on the forms: the real classifier (label words; the e5 path is tested in
tests/matching) over the real CPV file, answering the picker's HTMX request."""

import pytest
from django.urls import reverse

from arena.reference.suggest import cpv_suggest, cpv_suggest_many
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


def test_cpv_suggest_many_answers_each_text_as_cpv_suggest_does():
    texts = [
        "Snöröjning och halkbekämpning på kommunens gator",
        "  12 345 ",
        "Cleaning services for school buildings",
    ]

    found = cpv_suggest_many(texts=texts, k=5)

    assert found == [cpv_suggest(text=text, k=5) for text in texts]
    assert found[1] == []
    assert "90620000" in found[0][:3]


def test_cpv_suggest_many_keeps_the_order_across_batches(monkeypatch):
    texts = ["Snöröjning av gator", "", "Cleaning services", "Fire extinguishers", "Bread"]
    one_batch = cpv_suggest_many(texts=texts, k=3)
    monkeypatch.setattr("arena.reference.suggest._SUGGEST_BATCH", 2)

    assert cpv_suggest_many(texts=texts, k=3) == one_batch
    assert one_batch[1] == []
    assert all(one_batch[i] for i in (0, 2, 3, 4))
