"""The public search endpoints behind the pickers."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories.reference import (
    CpvCodeFactory,
    MunicipalityFactory,
    NutsCodeFactory,
    RegionFactory,
    SdgTargetFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def software():
    division = CpvCodeFactory()
    group = CpvCodeFactory(
        code="48200000",
        check_digit="0",
        parent=division,
        label_sv="Programvara för nätverk, Internet och intranät",
        label_en="Networking, Internet and intranet software package",
    )
    CpvCodeFactory(
        code="48210000",
        check_digit="3",
        parent=group,
        label_sv="Programvara för nätverk",
        label_en="Networking software package",
    )
    CpvCodeFactory(code="03142500", check_digit="3", label_sv="Ägg", label_en="Eggs")
    return division


def _inputs(html: str) -> list[tuple[str, str, str, bool]]:
    """(type, name, value, checked) of each input in a fragment."""
    return [
        (kind, name, value, rest.endswith(" checked") or " checked " in rest)
        for kind, name, value, rest in re.findall(
            r'<input type="(\w+)" name="([^"]+)" value="([^"]*)" id="[^"]+"([^>]*)>', html
        )
    ]


def test_cpv_search_returns_unchecked_boxes_named_after_the_field(client, software):
    response = client.get(
        reverse("reference:cpv_search"),
        {"name": "cpv_codes", "id": "id_cpv_codes", "cpv_codes__q": "nätverk"},
        **HTMX,
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert _inputs(html) == [
        ("checkbox", "cpv_codes", "48200000", False),
        ("checkbox", "cpv_codes", "48210000", False),
    ]
    assert '<span class="picker__code">48210000-3</span> Programvara för nätverk</label>' in html
    assert (
        "Programvara och informationssystem › Programvara för nätverk, Internet och intranät</span>"
        in html
    )


def test_cpv_search_updates_the_status_line_out_of_band(client, software):
    with translation.override("en"):
        response = client.get(
            reverse("reference:cpv_search"),
            {"name": "cpv_codes", "id": "id_cpv_codes", "q": "48"},
            **HTMX,
        )

    assert (
        '<p id="id_cpv_codes_status" hx-swap-oob="innerHTML">3 träffar.</p>'
        in response.content.decode()
    )


def test_cpv_search_ticks_codes_already_chosen(client, software):
    response = client.get(
        reverse("reference:cpv_search"),
        {"name": "cpv_codes", "cpv_codes__q": "4821", "cpv_codes": ["48210000"]},
        **HTMX,
    )

    assert _inputs(response.content.decode()) == [("checkbox", "cpv_codes", "48210000", True)]


def test_cpv_search_single_choice_gives_radios(client, software):
    response = client.get(
        reverse("reference:cpv_search"), {"name": "main_code", "multiple": "0", "q": "ÄGG"}, **HTMX
    )

    assert _inputs(response.content.decode()) == [("radio", "main_code", "03142500", False)]


def test_cpv_search_with_an_empty_query_returns_no_options(client, software):
    response = client.get(
        reverse("reference:cpv_search"), {"name": "cpv_codes", "cpv_codes__q": " "}, **HTMX
    )

    assert response.status_code == 200
    assert _inputs(response.content.decode()) == []
    assert 'hx-swap-oob="innerHTML"></p>' in response.content.decode()


def test_cpv_search_says_when_nothing_matches(client, software):
    with translation.override("en"):
        response = client.get(
            reverse("reference:cpv_search"), {"name": "cpv_codes", "q": "zzz"}, **HTMX
        )

    assert ">Inga träffar.</p>" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"name": "bad name"}, "The parameter “name” must be a form field name."),
        ({"name": "x" * 101}, "The parameter “name” must be a form field name."),
        ({"name": "cpv_codes", "id": "id.cpv"}, "The parameter “id” must be an HTML id."),
        ({"name": "cpv_codes", "multiple": "yes"}, "The parameter “multiple” must be 0 or 1."),
        ({"name": "cpv_codes", "q": "x" * 201}, "The search text is too long."),
        ({"q": "x" * 201}, "The search text is too long."),
    ],
)
def test_cpv_search_bad_parameters_get_400_with_a_message(client, software, params, message):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("reference:cpv_search"), params)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == message


def test_cpv_search_refuses_post(client, software):
    response = client.post(reverse("reference:cpv_search"), {"name": "cpv_codes"})

    assert response.status_code == 405


def test_cpv_search_without_a_field_name_is_a_plain_search_page(client, software):
    response = client.get(reverse("reference:cpv_search"), {"q": "programvara"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>" in html
    assert 'name="q" value="programvara"' in html
    assert '<span class="picker__code">48000000-8</span> Programvara och informationssystem' in html
    assert '<input type="checkbox"' not in html


def test_sdg_target_search_returns_targets_with_their_goal(client):
    SdgTargetFactory()
    SdgTargetFactory(
        code="11.a", title_en="Support positive economic, social and environmental links"
    )

    response = client.get(
        reverse("reference:sdg_target_search"),
        {"name": "sdg_targets", "sdg_targets__q": "11"},
        **HTMX,
    )

    html = response.content.decode()
    assert [value for _kind, _name, value, _checked in _inputs(html)] == ["11.6", "11.a"]
    assert ">11. Hållbara städer och samhällen</span>" in html


def test_municipality_search_finds_by_name_and_code(client):
    stockholm = MunicipalityFactory()
    MunicipalityFactory(code="0117", name="Österåker", region=stockholm.region)

    by_name = client.get(
        reverse("reference:municipality_search"),
        {"name": "municipalities", "q": "ÖSTERÅKER"},
        **HTMX,
    )
    by_code = client.get(
        reverse("reference:municipality_search"), {"name": "municipalities", "q": "01"}, **HTMX
    )

    assert _inputs(by_name.content.decode()) == [("checkbox", "municipalities", "0117", False)]
    assert [value for _k, _n, value, _c in _inputs(by_code.content.decode())] == ["0117", "0180"]


def test_region_search_finds_by_county_name(client):
    RegionFactory()
    RegionFactory(
        code="12",
        county_name="Skåne län",
        name="Region Skåne",
        nuts=NutsCodeFactory(code="SE224", label_sv="Skåne län", label_en="Skåne län"),
    )

    response = client.get(
        reverse("reference:region_search"), {"name": "regions", "q": "skåne län"}, **HTMX
    )

    assert _inputs(response.content.decode()) == [("checkbox", "regions", "12", False)]


@pytest.mark.parametrize("matches", [1, 3])
def test_cpv_search_query_count_does_not_grow_with_matches(
    client, django_assert_num_queries, matches
):
    parent = CpvCodeFactory(
        code="72000000", check_digit="5", label_sv="IT-tjänster", label_en="IT services"
    )
    for index in range(matches):
        CpvCodeFactory(
            code=f"72{index + 1}00000",
            check_digit="0",
            parent=parent,
            label_sv=f"Konsulttjänster {index}",
            label_en=f"Consultancy {index}",
        )

    with django_assert_num_queries(2):  # the matches, then every match's path at once
        response = client.get(
            reverse("reference:cpv_search"), {"name": "c", "q": "konsult"}, **HTMX
        )

    assert len(_inputs(response.content.decode())) == matches


@pytest.mark.parametrize("matches", [1, 3])
def test_municipality_search_query_count_does_not_grow_with_matches(
    client, django_assert_num_queries, matches
):
    stockholm = MunicipalityFactory()
    for index in range(matches - 1):
        MunicipalityFactory(code=f"011{index}", name=f"Stockholm {index}", region=stockholm.region)

    with django_assert_num_queries(1):  # municipalities with their regions
        response = client.get(
            reverse("reference:municipality_search"), {"name": "m", "q": "stockholm"}, **HTMX
        )

    assert len(_inputs(response.content.decode())) == matches
