import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from arena.knowledge.enums import GuideKind, Topic
from tests.factories.knowledge import GuideFactory

pytestmark = pytest.mark.django_db


def test_guide_list_for_anonymous_shows_published_guides_only(client):
    shown = GuideFactory(title_sv="Tidig dialog")
    hidden = GuideFactory(title_sv="Utkast om ESPD", is_published=False)
    response = client.get(reverse("knowledge:guide_list"))
    assert response.status_code == 200
    assert shown.title_sv in response.text
    assert hidden.title_sv not in response.text


def test_guide_list_search_finds_swedish_and_english_words(client):
    espd = GuideFactory(
        title_sv="ESPD",
        body_sv="## Egen försäkran\n\nSanningsförsäkran.\n",
        body_en="## Self-declaration\n\nThe sworn statement.\n",
    )
    GuideFactory(
        title_sv="Innovationscheckar",
        body_sv="## Bidrag\n\nPengar.\n",
        body_en="## Grants\n\nMoney.\n",
    )
    for word in ("sanningsförsäkran", "sworn"):
        response = client.get(reverse("knowledge:guide_list"), {"q": word})
        assert list(response.context["guides"]) == [espd], word


def test_guide_list_filters_by_topic_and_kind(client):
    ip = GuideFactory(topic=Topic.IP)
    template = GuideFactory(topic=Topic.TEMPLATES, kind=GuideKind.TEMPLATE)
    GuideFactory(topic=Topic.READINESS)
    by_topic = client.get(reverse("knowledge:guide_list"), {"topic": "ip"})
    assert list(by_topic.context["guides"]) == [ip]
    by_kind = client.get(reverse("knowledge:guide_list"), {"kind": "template"})
    assert list(by_kind.context["guides"]) == [template]


def test_guide_list_htmx_answers_the_results_only(client):
    GuideFactory()
    response = client.get(reverse("knowledge:guide_list"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="guide-count"' in response.text


def test_guide_list_query_count_does_not_grow_with_guides(client, django_assert_max_num_queries):
    GuideFactory.create_batch(12)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("knowledge:guide_list"))
    assert len(response.context["guides"]) == 12


def test_guide_detail_renders_markdown_in_the_active_language(client):
    guide = GuideFactory(
        body_sv="## Så gör du\n\n- steg ett\n", body_en="## How to\n\n- step one\n"
    )
    response = client.get(reverse("knowledge:guide_detail", args=[guide.slug]))
    assert "<h2>Så gör du</h2>" in response.text
    assert "<li>steg ett</li>" in response.text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("knowledge:guide_detail", args=[guide.slug]))
    assert "<li>step one</li>" in english.text
    assert "steg ett" not in english.text


def test_guide_detail_with_raw_html_in_markdown_is_escaped(client):
    guide = GuideFactory(body_sv="<script>alert(1)</script>\n\nText.\n")
    response = client.get(reverse("knowledge:guide_detail", args=[guide.slug]))
    assert "<script>alert(1)</script>" not in response.text


def test_guide_detail_unpublished_or_unknown_is_404(client):
    hidden = GuideFactory(is_published=False)
    assert client.get(reverse("knowledge:guide_detail", args=[hidden.slug])).status_code == 404
    assert client.get(reverse("knowledge:guide_detail", args=["nope"])).status_code == 404


def test_guide_link_tag_links_published_guides_and_skips_missing_ones(
    django_assert_max_num_queries,
):
    GuideFactory(slug="espd", title_sv="ESPD på svenska")
    GuideFactory(slug="hidden", is_published=False)
    request = RequestFactory().get("/")
    template = Template(
        '{% load knowledge %}[{% guide_link "espd" %}][{% guide_link "hidden" %}][{% guide_link "missing" %}]'
    )
    with django_assert_max_num_queries(1):
        html = template.render(Context({"request": request}))
    assert html == '[<a href="/kunskapsbank/espd/">ESPD på svenska</a>][][]'


def test_route_advisor_links_each_route_to_its_guide(client):
    from arena.pilots.advisor import ROUTE_GUIDES
    from arena.pilots.enums import Route
    from tests.pilots.conftest import load_thresholds

    load_thresholds()
    assert set(ROUTE_GUIDES) == set(Route.values)
    GuideFactory(slug="early-dialogue", title_sv="Tidig dialog – så går det till")
    facts = {
        "value_sek": "500000",
        "buyer_type": "sub_central",
        "contract_type": "services",
        "solution_on_market": "yes",
        "on": "2026-06-01",
    }
    response = client.get(reverse("pilots:advisor"), facts)
    assert response.context["advice"] is not None
    assert response.status_code == 200
    assert 'href="/kunskapsbank/early-dialogue/"' in response.text


def test_every_route_guide_ships_with_arena():
    from arena.knowledge.content import CONTENT_DIR
    from arena.pilots.advisor import ROUTE_GUIDES

    shipped = {path.stem for path in CONTENT_DIR.glob("*.md")}
    assert set(ROUTE_GUIDES.values()) <= shipped


def test_challenge_form_links_the_writing_guides(client):
    from tests.factories.needs import BuyerFactory
    from tests.factories.organisations import MembershipFactory

    GuideFactory(slug="functional-requirements", title_sv="Funktionskrav")
    membership = MembershipFactory(organisation=BuyerFactory())
    client.force_login(membership.user)
    response = client.get(reverse("needs:challenge_create"))
    assert response.status_code == 200
    assert 'href="/kunskapsbank/functional-requirements/"' in response.text


def test_every_readiness_item_names_a_shipped_guide():
    from arena.knowledge.content import CONTENT_DIR
    from arena.readiness.checklist import ITEMS

    shipped = {path.stem for path in CONTENT_DIR.glob("*.md")}
    assert {item.guide for item in ITEMS} <= shipped
