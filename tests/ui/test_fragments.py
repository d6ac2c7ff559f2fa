"""Cards shared by many list pages, kept under the page cache's content generation."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from arena.supply.models import Solution
from arena.ui.fragments import rendered_fragments
from tests.factories.supply import SolutionFactory

pytestmark = pytest.mark.django_db

CARD = "supply/_solution_card.html"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.ARENA_PUBLIC_CACHE_SECONDS = 60


@pytest.fixture
def solutions():
    return [
        SolutionFactory(published=True, title_sv="Smart skolmat", title_en="Smart school meals"),
        SolutionFactory(
            published=True, title_sv="Solceller som tjänst", title_en="Solar as a service"
        ),
    ]


def _cards(objects):
    return rendered_fragments(
        objects, template_name=CARD, variable="solution", context={"show_company": True}
    )


def test_rendered_fragments_equal_the_template_rendered_directly(solutions):
    expected = [render_to_string(CARD, {"solution": s, "show_company": True}) for s in solutions]

    assert _cards(solutions) == expected  # stored now
    assert _cards(solutions) == expected  # and read back


def test_rendered_fragments_are_served_from_the_cache_until_a_write(solutions):
    first = solutions[0]
    assert "Smart skolmat" in _cards([first])[0]
    # update() sends no signal: only the stored card can still say the old title.
    Solution.objects.filter(pk=first.pk).update(title_sv="Ny titel")
    first.refresh_from_db()
    assert "Smart skolmat" in _cards([first])[0]

    first.title_sv = "Rena sjöar"
    first.save()  # any write through the ORM makes stored pages and fragments stale

    assert "Rena sjöar" in _cards([first])[0]


def test_rendered_fragments_keep_languages_apart(solutions):
    with translation.override("sv"):
        swedish = _cards(solutions)
    with translation.override("en"):
        english = _cards(solutions)

    assert "Smart skolmat" in swedish[0]
    assert "Smart school meals" in english[0]


def test_rendered_fragments_keep_different_context_apart(solutions):
    with_company = _cards(solutions[:1])[0]
    without = rendered_fragments(
        solutions[:1], template_name=CARD, variable="solution", context={"show_company": False}
    )[0]

    assert solutions[0].organisation.name in with_company
    assert solutions[0].organisation.name not in without


def test_rendered_fragments_off_without_page_cache_seconds(solutions, settings):
    settings.ARENA_PUBLIC_CACHE_SECONDS = 0
    _cards(solutions)
    Solution.objects.filter(pk=solutions[0].pk).update(title_sv="Ny titel")
    solutions[0].refresh_from_db()

    assert "Ny titel" in _cards(solutions)[0]


def test_rendered_fragments_unreachable_cache_renders(solutions, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }

    cards = _cards(solutions)

    assert "Smart skolmat" in cards[0]
    assert "Solceller som tjänst" in cards[1]


def test_solution_list_escapes_card_text_stored_in_the_cache(client):
    SolutionFactory(published=True, title_sv="<script>alert(1)</script>")
    url = reverse("supply:solution_list")

    for _ in range(2):  # rendered and stored, then read back
        body = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
