import pytest
from django.http import Http404

from arena.supply.enums import Stage
from arena.supply.selectors import (
    company_get,
    company_profile_get,
    contact_persons_for_viewer,
    cpv_branch,
    solution_get_for_viewer,
    solution_list_published,
    solutions_for_company,
    solutions_of_user,
)
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.reference import RegionFactory
from tests.factories.supply import CompanyProfileFactory, ContactPersonFactory, SolutionFactory

pytestmark = pytest.mark.django_db


def _titles(queryset):
    return sorted(solution.title_sv or solution.title_en for solution in queryset)


@pytest.mark.parametrize(
    ("code", "branch"),
    [
        ("48000000", "48"),
        ("48210000", "4821"),
        ("48210000-3", "4821"),
        ("4821", "4821"),
        ("48", "48"),
        ("03000000", "03"),
        ("30200000", "302"),
        (" 4 8 ", "48"),
        ("abc", ""),
        ("", ""),
    ],
)
def test_cpv_branch_keeps_the_significant_digits(code, branch):
    assert cpv_branch(code) == branch


## solution_list_published


def test_solution_list_published_leaves_drafts_out():
    SolutionFactory(title_sv="Publicerad", published=True)
    SolutionFactory(title_sv="Utkast")

    assert _titles(solution_list_published()) == ["Publicerad"]


def test_solution_list_published_newest_first():
    older = SolutionFactory(title_sv="Äldre", published=True)
    newer = SolutionFactory(title_sv="Nyare", published=True)
    older.published_at = newer.published_at.replace(year=2020)
    older.save()

    assert [s.title_sv for s in solution_list_published()] == ["Nyare", "Äldre"]


@pytest.mark.parametrize("cpv", ["48", "48000000", "4821", "48210000-3"])
def test_solution_list_published_cpv_branch_matches_codes_below(software, catering, cpv):
    SolutionFactory(title_sv="Nätverk", cpv_codes=[software], published=True)
    SolutionFactory(title_sv="Mat", cpv_codes=[catering], published=True)

    assert _titles(solution_list_published(cpv=cpv)) == ["Nätverk"]


def test_solution_list_published_cpv_branch_excludes_sibling_branches(software):
    SolutionFactory(title_sv="Nätverk", cpv_codes=[software], published=True)

    assert _titles(solution_list_published(cpv="4822")) == []


def test_solution_list_published_cpv_with_several_matching_codes_lists_it_once(software):
    division = software.parent.parent
    SolutionFactory(title_sv="Nätverk", cpv_codes=[software, division], published=True)

    assert _titles(solution_list_published(cpv="48")) == ["Nätverk"]


def test_solution_list_published_sdg_goal_matches_any_of_its_targets(target_11_6, target_2_1):
    SolutionFactory(title_sv="Städer", sdg_targets=[target_11_6], published=True)
    SolutionFactory(title_sv="Mat", sdg_targets=[target_2_1], published=True)

    assert _titles(solution_list_published(sdg_goal=2)) == ["Mat"]
    assert _titles(solution_list_published(sdg_goal=11)) == ["Städer"]
    assert _titles(solution_list_published(sdg_goal=5)) == []


def test_solution_list_published_region_is_the_companys_region(stockholm):
    uppsala = RegionFactory(code="03", county_name="Uppsala län", name="Region Uppsala")
    SolutionFactory(
        title_sv="Stockholm", organisation=OrganisationFactory(region=stockholm), published=True
    )
    SolutionFactory(
        title_sv="Uppsala", organisation=OrganisationFactory(region=uppsala), published=True
    )

    assert _titles(solution_list_published(region="03")) == ["Uppsala"]


def test_solution_list_published_stage_and_trl_min():
    SolutionFactory(title_sv="Idé", stage=Stage.IDEA, trl=2, published=True)
    SolutionFactory(title_sv="Pilot", stage=Stage.PILOT, trl=6, published=True)
    SolutionFactory(title_sv="Marknad", stage=Stage.MARKET, trl=9, published=True)

    assert _titles(solution_list_published(stage=Stage.PILOT)) == ["Pilot"]
    assert _titles(solution_list_published(trl_min=6)) == ["Marknad", "Pilot"]


def test_solution_list_published_filters_combine(software):
    SolutionFactory(title_sv="Rätt", cpv_codes=[software], trl=8, published=True)
    SolutionFactory(title_sv="För omogen", cpv_codes=[software], trl=3, published=True)

    assert _titles(solution_list_published(cpv="48", trl_min=7)) == ["Rätt"]


## Full-text search (SQLite FTS5 here, PostgreSQL text search with ARENA_TEST_DATABASE_URL)


@pytest.fixture
def searchable():
    SolutionFactory(
        title_sv="Smart skolmat",
        text_sv="Vi minskar matsvinnet i skolköket med vågar och prognoser.",
        published=True,
    )
    SolutionFactory(
        title_sv="",
        title_en="Route planner for home care",
        text_sv="",
        text_en="Plans the visits of home care staff and cuts driving time.",
        deployment_requirements="Needs an integration with the care records system.",
        published=True,
    )
    SolutionFactory(
        title_sv="Hemlig skolmat", text_sv="Ett utkast om skolmat och matsvinnet."
    )  # a draft


def test_fulltext_finds_a_swedish_word(searchable):
    assert _titles(solution_list_published(query="matsvinnet")) == ["Smart skolmat"]


def test_fulltext_finds_an_english_word(searchable):
    assert _titles(solution_list_published(query="driving")) == ["Route planner for home care"]


def test_fulltext_finds_the_start_of_a_word(searchable):
    assert _titles(solution_list_published(query="skolm")) == ["Smart skolmat"]


def test_fulltext_searches_deployment_requirements(searchable):
    assert _titles(solution_list_published(query="integration")) == ["Route planner for home care"]


def test_fulltext_needs_every_word(searchable):
    assert _titles(solution_list_published(query="skolmat driving")) == []


def test_fulltext_punctuation_only_query_filters_nothing(searchable):
    assert len(solution_list_published(query="  ?! ")) == 2


def test_fulltext_combines_with_filters(searchable):
    assert _titles(solution_list_published(query="skolmat", stage=Stage.MARKET)) == []


def test_fulltext_annotates_a_rank(searchable):
    (solution,) = solution_list_published(query="skolmat")
    assert solution.search_rank > 0


## One solution, one company


def test_solution_get_for_viewer_draft_is_404_for_anonymous_and_outsider(organisation, outsider):
    draft = SolutionFactory(organisation=organisation)

    for viewer in (None, outsider):
        with pytest.raises(Http404):
            solution_get_for_viewer(slug=draft.slug, viewer=viewer)


def test_solution_get_for_viewer_draft_is_shown_to_member(organisation, member):
    draft = SolutionFactory(organisation=organisation)

    assert solution_get_for_viewer(slug=draft.slug, viewer=member) == draft


def test_solution_get_for_viewer_published_is_shown_to_anyone(organisation):
    solution = SolutionFactory(organisation=organisation, published=True)
    MembershipFactory.create_batch(3, organisation=organisation)

    assert solution_get_for_viewer(slug=solution.slug, viewer=None) == solution


def test_solution_get_for_viewer_unknown_slug_is_404():
    with pytest.raises(Http404):
        solution_get_for_viewer(slug="finns-inte", viewer=None)


def test_solutions_for_company_drafts_only_for_members(organisation, member, outsider):
    SolutionFactory(organisation=organisation, title_sv="Publicerad", published=True)
    SolutionFactory(organisation=organisation, title_sv="Utkast")
    SolutionFactory(title_sv="Någon annans", published=True)

    assert _titles(solutions_for_company(organisation=organisation, viewer=None)) == ["Publicerad"]
    assert _titles(solutions_for_company(organisation=organisation, viewer=outsider)) == [
        "Publicerad"
    ]
    assert _titles(solutions_for_company(organisation=organisation, viewer=member)) == [
        "Publicerad",
        "Utkast",
    ]


def test_solutions_of_user_covers_all_the_users_companies(organisation, member):
    other_company = OrganisationFactory()
    MembershipFactory(organisation=other_company, user=member)
    SolutionFactory(organisation=organisation, title_sv="Ett")
    SolutionFactory(organisation=other_company, title_sv="Två", published=True)
    SolutionFactory(title_sv="Främmande")

    assert _titles(solutions_of_user(user=member)) == ["Ett", "Två"]


def test_company_get_other_kinds_of_organisation_are_404(buyer):
    with pytest.raises(Http404):
        company_get(slug=buyer.slug)


def test_company_profile_get_is_none_before_the_first_save(organisation):
    assert company_profile_get(organisation=company_get(slug=organisation.slug)) is None


def test_company_profile_get_returns_the_profile(organisation):
    profile = CompanyProfileFactory(organisation=organisation)

    assert company_profile_get(organisation=company_get(slug=organisation.slug)) == profile


def test_contact_persons_for_viewer_private_ones_only_on_request(organisation):
    ContactPersonFactory(company=organisation, name="Öppen", is_public=True)
    ContactPersonFactory(company=organisation, name="Dold", is_public=False)

    public = contact_persons_for_viewer(organisation=organisation, include_private=False)
    everyone = contact_persons_for_viewer(organisation=organisation, include_private=True)

    assert [person.name for person in public] == ["Öppen"]
    assert [person.name for person in everyone] == ["Dold", "Öppen"]
