"""The reference form fields and the picker widget, as another app's form uses them."""

import re

import pytest
from django import forms
from django.utils import translation

from arena.reference.forms import (
    CpvCodeField,
    CpvCodesField,
    MunicipalitiesField,
    MunicipalityField,
    RegionField,
    RegionsField,
    SdgTargetsField,
)
from tests.factories.reference import (
    CpvCodeFactory,
    MunicipalityFactory,
    NutsCodeFactory,
    RegionFactory,
    SdgTargetFactory,
)

pytestmark = pytest.mark.django_db


class ChallengeForm(forms.Form):
    cpv_codes = CpvCodesField(required=False, help_text="What you want to buy.")
    sdg_targets = SdgTargetsField(required=False)


class MainCodeForm(forms.Form):
    main_code = CpvCodeField()


class PlaceForm(forms.Form):
    municipality = MunicipalityField(required=False, help_text="Where you are based.")
    region = RegionField(required=False)
    municipalities = MunicipalitiesField(required=False)
    regions = RegionsField(required=False)


@pytest.fixture
def software():
    """48000000 with a group and a class below it."""
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
    return division


@pytest.fixture
def places():
    stockholm = MunicipalityFactory()
    uppsala_region = RegionFactory(
        code="03",
        county_name="Uppsala län",
        name="Region Uppsala",
        nuts=NutsCodeFactory(code="SE121", label_sv="Uppsala län", label_en="Uppsala län"),
    )
    MunicipalityFactory(code="0380", name="Uppsala", region=uppsala_region)
    MunicipalityFactory(code="0360", name="Tierp", region=uppsala_region)
    MunicipalityFactory(code="0114", name="Upplands Väsby", region=stockholm.region)
    MunicipalityFactory(code="0117", name="Österåker", region=stockholm.region)
    return stockholm


def _checked_values(html: str, name: str) -> list[str]:
    return re.findall(
        rf'<input type="(?:checkbox|radio)" name="{name}" value="([^"]*)" id="[^"]+" checked', html
    )


def _unchecked_values(html: str, name: str) -> list[str]:
    return re.findall(
        rf'<input type="(?:checkbox|radio)" name="{name}" value="([^"]*)" id="[^"]+"(?! checked)',
        html,
    )


def test_cpv_codes_field_cleans_to_the_chosen_codes(software):
    form = ChallengeForm(data={"cpv_codes": ["48000000", "48210000"]})

    assert form.is_valid(), form.errors
    assert sorted(form.cleaned_data["cpv_codes"].values_list("code", flat=True)) == [
        "48000000",
        "48210000",
    ]


def test_cpv_codes_field_empty_is_an_empty_queryset(software):
    form = ChallengeForm(data={})

    assert form.is_valid()
    assert list(form.cleaned_data["cpv_codes"]) == []


def test_cpv_codes_field_rejects_unknown_code_with_a_clear_message(software):
    data = {"cpv_codes": ["48000000", "99999999"]}

    with translation.override("en"):
        english = ChallengeForm(data=data)
        assert not english.is_valid()
        assert english.errors["cpv_codes"] == ["Unknown CPV code: 99999999."]
    swedish = ChallengeForm(data=data)  # the tests run in Swedish
    assert not swedish.is_valid()
    assert [error.code for error in swedish.errors.as_data()["cpv_codes"]] == ["unknown"]
    assert "99999999" in swedish.errors["cpv_codes"][0]


def test_cpv_codes_field_keeps_known_values_when_shown_again(software):
    form = ChallengeForm(data={"cpv_codes": ["48000000", "99999999", "48210000"]})

    html = str(form["cpv_codes"])

    assert not form.is_valid()
    assert _checked_values(html, "cpv_codes") == ["48000000", "48210000"]
    assert "99999999" not in html


def test_cpv_codes_field_each_unknown_code_gets_its_own_error(software):
    with translation.override("en"):
        form = ChallengeForm(data={"cpv_codes": ["11111111", "48000000-9", "bogus"]})

        assert not form.is_valid()
        assert form.errors["cpv_codes"] == [
            "Unknown CPV code: 11111111.",
            "Unknown CPV code: 48000000-9.",
            "Unknown CPV code: bogus.",
        ]


def test_cpv_codes_field_accepts_a_code_with_its_check_digit(software):
    form = ChallengeForm(data={"cpv_codes": ["48000000-8"]})

    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["cpv_codes"].values_list("code", flat=True)) == ["48000000"]


def test_cpv_codes_widget_renders_initial_codes_as_checked_boxes_with_their_path(software):
    form = ChallengeForm(initial={"cpv_codes": ["48210000"]})

    html = str(form["cpv_codes"])

    assert _checked_values(html, "cpv_codes") == ["48210000"]
    assert '<span class="picker__code">48210000-3</span> Programvara för nätverk</label>' in html
    assert (
        '<span class="picker__path" id="id_cpv_codes_chosen_0_path">'
        "Programvara och informationssystem › Programvara för nätverk, Internet och intranät</span>"
    ) in html


def test_cpv_codes_widget_initial_model_instances_work_too(software):
    form = ChallengeForm(initial={"cpv_codes": [software]})

    assert _checked_values(str(form["cpv_codes"]), "cpv_codes") == ["48000000"]


def test_cpv_codes_widget_search_box_is_labelled_and_wired_for_htmx(software):
    html = str(ChallengeForm()["cpv_codes"])

    assert '<label for="id_cpv_codes">' in html
    search = re.search(r"<input type=\"search\"[^>]+>", html)[0]
    assert 'name="cpv_codes__q"' in search
    assert 'aria-describedby="id_cpv_codes_searchhelp"' in search
    assert 'hx-get="/referens/cpv/?name=cpv_codes&amp;id=id_cpv_codes&amp;multiple=1"' in search
    assert 'hx-trigger="input changed delay:300ms, search"' in search
    assert 'hx-target="#id_cpv_codes_results"' in search
    assert 'hx-include="#id_cpv_codes_selected"' in search
    assert '<ul class="picker__results" role="list" id="id_cpv_codes_results"' in html
    assert 'id="id_cpv_codes_status" role="status" aria-live="polite"' in html
    assert 'id="id_cpv_codes_searchhelp"' in html


def test_cpv_codes_field_renders_as_a_fieldset_with_legend(software):
    class RenderedForm(forms.Form):
        cpv_codes = CpvCodesField(help_text="What you want to buy.")

    html = RenderedForm().as_div()

    assert "<legend>" in html
    assert '<fieldset aria-describedby="id_cpv_codes_helptext">' in html
    assert "required" not in re.search(r"<input type=\"search\"[^>]+>", html)[0]


def test_cpv_codes_field_without_javascript_a_search_comes_back_with_matches(software):
    form = ChallengeForm(data={"cpv_codes": ["48000000"], "cpv_codes__q": "NÄTVERK"})

    with translation.override("en"):
        valid = form.is_valid()
        html = str(form["cpv_codes"])

    assert not valid
    assert [error.code for error in form.errors.as_data()["cpv_codes"]] == ["search_pending"]
    assert _checked_values(html, "cpv_codes") == ["48000000"]
    assert _unchecked_values(html, "cpv_codes") == ["48200000", "48210000"]
    assert 'name="cpv_codes__q" value=""' in html  # emptied, so the next submit saves
    assert "2 matches." in html


def test_cpv_codes_field_a_query_of_whole_codes_adds_them(software):
    form = ChallengeForm(data={"cpv_codes": ["48000000"], "cpv_codes__q": "48200000-0, 48210000"})

    assert form.is_valid(), form.errors
    assert sorted(form.cleaned_data["cpv_codes"].values_list("code", flat=True)) == [
        "48000000",
        "48200000",
        "48210000",
    ]


def test_cpv_code_field_single_choice_uses_radios(software):
    form = MainCodeForm(data={"main_code": "48200000"})

    html = str(form["main_code"])

    assert form.is_valid(), form.errors
    assert form.cleaned_data["main_code"].code == "48200000"
    assert _checked_values(html, "main_code") == ["48200000"]
    assert 'type="radio"' in html
    assert "multiple=0" in html


def test_cpv_code_field_required_and_unknown(software):
    with translation.override("en"):
        empty = MainCodeForm(data={})
        unknown = MainCodeForm(data={"main_code": "99999999"})

        assert empty.errors["main_code"] == ["This field is required."]
        assert unknown.errors["main_code"] == ["Unknown CPV code: 99999999."]


def test_sdg_targets_field_cleans_and_rejects_unknown_targets():
    SdgTargetFactory()
    SdgTargetFactory(
        code="11.a", title_en="Support positive economic, social and environmental links"
    )

    good = ChallengeForm(data={"sdg_targets": ["11.6", "11.A"]})
    with translation.override("en"):
        bad = ChallengeForm(data={"sdg_targets": ["11.6", "99.9"]})
        assert bad.errors["sdg_targets"] == ["Unknown SDG target: 99.9."]

    assert good.is_valid(), good.errors
    assert sorted(good.cleaned_data["sdg_targets"].values_list("code", flat=True)) == [
        "11.6",
        "11.a",
    ]


def test_sdg_targets_widget_shows_the_goal_as_path():
    SdgTargetFactory()

    html = str(ChallengeForm(initial={"sdg_targets": ["11.6"]})["sdg_targets"])

    assert _checked_values(html, "sdg_targets") == ["11.6"]
    assert ">11. Hållbara städer och samhällen</span>" in html
    assert "/referens/delmal/?name=sdg_targets" in html


def test_municipality_field_is_a_native_select_grouped_by_county_in_swedish_order(places):
    html = str(PlaceForm()["municipality"])

    assert (
        '<select name="municipality" aria-describedby="id_municipality_helptext" id="id_municipality">'
        in html
    )
    assert re.findall(r'<optgroup label="([^"]+)">', html) == ["Stockholms län", "Uppsala län"]
    assert re.findall(r'<option value="(\d*)"', html) == [
        "",
        "0180",
        "0114",
        "0117",
        "0360",
        "0380",
    ]


def test_municipality_field_cleans_to_a_municipality_and_rejects_unknown(places):
    good = PlaceForm(data={"municipality": "0380"})
    with translation.override("en"):
        bad = PlaceForm(data={"municipality": "9999"})
        assert bad.errors["municipality"] == ["Unknown municipality: 9999."]

    assert good.is_valid(), good.errors
    assert good.cleaned_data["municipality"].name == "Uppsala"


def test_region_field_shows_the_county_and_cleans_to_a_region(places):
    form = PlaceForm(data={"region": "03"})

    html = str(form["region"])

    assert form.is_valid(), form.errors
    assert form.cleaned_data["region"].name == "Region Uppsala"
    assert '<option value="03" selected>Region Uppsala (Uppsala län)</option>' in html


def test_municipalities_field_picks_several(places):
    form = PlaceForm(data={"municipalities": ["0380", "0117"]})

    html = str(form["municipalities"])

    assert form.is_valid(), form.errors
    assert sorted(m.name for m in form.cleaned_data["municipalities"]) == ["Uppsala", "Österåker"]
    assert _checked_values(html, "municipalities") == ["0380", "0117"]
    assert (
        '<span class="picker__path" id="id_municipalities_chosen_0_path">Uppsala län</span>' in html
    )


def test_regions_field_is_a_list_of_checkboxes(places):
    form = PlaceForm(data={"regions": ["01", "03"]})

    assert form.is_valid(), form.errors
    assert sorted(r.code for r in form.cleaned_data["regions"]) == ["01", "03"]
    assert str(form["regions"]).count('type="checkbox"') == 2


@pytest.mark.parametrize("chosen", [["48210000"], ["48000000", "48200000", "48210000"]])
def test_cpv_codes_widget_renders_chosen_codes_in_two_queries(
    software, django_assert_num_queries, chosen
):
    form = ChallengeForm(initial={"cpv_codes": chosen})

    with django_assert_num_queries(2):  # the chosen codes, then all their paths
        html = str(form["cpv_codes"])

    assert _checked_values(html, "cpv_codes") == chosen


def test_cpv_codes_field_disabled_keeps_its_initial_instances(software):
    class LockedForm(forms.Form):
        cpv_codes = CpvCodesField(disabled=True)

    form = LockedForm(data={"cpv_codes": ["48200000"]}, initial={"cpv_codes": [software]})

    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["cpv_codes"].values_list("code", flat=True)) == ["48000000"]
    assert "disabled" in str(form["cpv_codes"])
    assert 'type="search"' not in str(form["cpv_codes"])
