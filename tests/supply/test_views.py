import pytest
from django.test import Client
from django.urls import reverse

from arena.organisations.enums import OrganisationKind
from arena.supply.enums import Certification, SolutionStatus
from arena.supply.models import CompanyProfile, ContactPerson, CustomerReference, Solution
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.supply import (
    CompanyProfileFactory,
    ContactPersonFactory,
    CustomerReferenceFactory,
    SolutionFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
SCRIPT = "<script>alert('x')</script>"
ESCAPED_SCRIPT = "&lt;script&gt;"


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def published(organisation):
    return SolutionFactory(
        organisation=organisation, title_sv="Smart skolmat", published=True, trl=7
    )


@pytest.fixture
def draft(organisation):
    return SolutionFactory(
        organisation=organisation, title_sv="Hemlig prototyp", text_sv="Hemlig text."
    )


@pytest.fixture
def secret_contact(organisation):
    return ContactPersonFactory(
        company=organisation, name="Dold Kontakt", email="dold@example.se", is_public=False
    )


def _solution_data(**overrides):
    return {
        "title_sv": "Ny lösning",
        "title_en": "",
        "text_sv": "Den gör skillnad.",
        "text_en": "",
        "stage": "pilot",
        "trl": "6",
        **overrides,
    }


## Protected pages: every one has an outsider and an anonymous test

COMPANY_PAGES = [
    "supply:company_profile_edit",
    "supply:contact_persons",
    "supply:customer_references",
]


@pytest.mark.parametrize("name", COMPANY_PAGES)
def test_company_page_outsider_gets_404_without_leaks(
    outsider_client, organisation, secret_contact, name
):
    response = outsider_client.get(reverse(name, args=[organisation.slug]))

    assert response.status_code == 404
    assert secret_contact.email not in response.content.decode()


@pytest.mark.parametrize("name", COMPANY_PAGES)
def test_company_page_anonymous_is_sent_to_login(client, organisation, name):
    url = reverse(name, args=[organisation.slug])

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={url}"


@pytest.mark.parametrize("name", COMPANY_PAGES)
def test_company_page_plain_member_may_manage(member_client, organisation, name):
    response = member_client.get(reverse(name, args=[organisation.slug]))

    assert response.status_code == 200
    assert response.context["company"] == organisation


@pytest.mark.parametrize("name", COMPANY_PAGES)
def test_company_page_for_a_municipality_is_404_even_to_its_admin(name):
    municipality = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, size_class="")
    admin = MembershipFactory(organisation=municipality, role="admin").user

    response = _login(admin).get(reverse(name, args=[municipality.slug]))

    assert response.status_code == 404


SOLUTION_ACTIONS = ["supply:solution_edit", "supply:solution_publish", "supply:solution_unpublish"]


@pytest.mark.parametrize("name", SOLUTION_ACTIONS)
def test_solution_action_outsider_gets_404_and_nothing_changes(outsider_client, published, name):
    response = outsider_client.post(
        reverse(name, args=[published.slug]), _solution_data(title_sv="Kapad")
    )

    assert response.status_code == 404
    published.refresh_from_db()
    assert (published.title_sv, published.status) == ("Smart skolmat", SolutionStatus.PUBLISHED)


@pytest.mark.parametrize("name", SOLUTION_ACTIONS)
def test_solution_action_on_draft_outsider_gets_404_and_nothing_changes(
    outsider_client, draft, name
):
    response = outsider_client.post(
        reverse(name, args=[draft.slug]), _solution_data(title_sv="Kapad")
    )

    assert response.status_code == 404
    draft.refresh_from_db()
    assert (draft.title_sv, draft.status) == ("Hemlig prototyp", SolutionStatus.DRAFT)


@pytest.mark.parametrize("name", SOLUTION_ACTIONS)
def test_solution_action_anonymous_is_sent_to_login_and_nothing_changes(client, draft, name):
    url = reverse(name, args=[draft.slug])

    response = client.post(url, _solution_data(title_sv="Kapad"))

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={url}"
    draft.refresh_from_db()
    assert (draft.title_sv, draft.status) == ("Hemlig prototyp", SolutionStatus.DRAFT)


def test_solution_edit_page_outsider_gets_404(outsider_client, published):
    response = outsider_client.get(reverse("supply:solution_edit", args=[published.slug]))

    assert response.status_code == 404


def test_solution_edit_page_anonymous_is_sent_to_login(client, published):
    url = reverse("supply:solution_edit", args=[published.slug])

    assert client.get(url).url == f"{LOGIN}?next={url}"


def test_solution_edit_company_cannot_edit_another_companys_solution(outsider, published):
    """The outsider is an administrator of another company: that gives no rights here."""
    other_company = outsider.memberships.get().organisation
    SolutionFactory(organisation=other_company, title_sv="Egen")

    response = _login(outsider).post(
        reverse("supply:solution_edit", args=[published.slug]), _solution_data(title_sv="Kapad")
    )

    assert response.status_code == 404
    published.refresh_from_db()
    assert published.title_sv == "Smart skolmat"


def test_contact_person_delete_outsider_gets_404_and_nothing_changes(
    outsider_client, organisation, secret_contact
):
    url = reverse("supply:contact_person_delete", args=[organisation.slug, secret_contact.pk])

    assert outsider_client.post(url).status_code == 404
    assert ContactPerson.objects.filter(pk=secret_contact.pk).exists()


def test_contact_person_delete_anonymous_is_sent_to_login(client, organisation, secret_contact):
    url = reverse("supply:contact_person_delete", args=[organisation.slug, secret_contact.pk])

    assert client.post(url).url == f"{LOGIN}?next={url}"
    assert ContactPerson.objects.filter(pk=secret_contact.pk).exists()


def test_contact_person_delete_of_another_companys_contact_is_404(owner_client, organisation):
    foreign = ContactPersonFactory()
    url = reverse("supply:contact_person_delete", args=[organisation.slug, foreign.pk])

    assert owner_client.post(url).status_code == 404
    assert ContactPerson.objects.filter(pk=foreign.pk).exists()


def test_contact_person_delete_by_member_removes_it(member_client, organisation, secret_contact):
    url = reverse("supply:contact_person_delete", args=[organisation.slug, secret_contact.pk])

    response = member_client.post(url)

    assert response.url == reverse("supply:contact_persons", args=[organisation.slug])
    assert not ContactPerson.objects.exists()


def test_customer_reference_delete_outsider_gets_404_and_nothing_changes(
    outsider_client, organisation
):
    reference = CustomerReferenceFactory(company=organisation)
    url = reverse("supply:customer_reference_delete", args=[organisation.slug, reference.pk])

    assert outsider_client.post(url).status_code == 404
    assert CustomerReference.objects.filter(pk=reference.pk).exists()


def test_customer_reference_delete_anonymous_is_sent_to_login(client, organisation):
    reference = CustomerReferenceFactory(company=organisation)
    url = reverse("supply:customer_reference_delete", args=[organisation.slug, reference.pk])

    assert client.post(url).url == f"{LOGIN}?next={url}"
    assert CustomerReference.objects.filter(pk=reference.pk).exists()


def test_customer_reference_delete_of_another_companys_reference_is_404(owner_client, organisation):
    foreign = CustomerReferenceFactory()
    url = reverse("supply:customer_reference_delete", args=[organisation.slug, foreign.pk])

    assert owner_client.post(url).status_code == 404
    assert CustomerReference.objects.filter(pk=foreign.pk).exists()


def test_customer_reference_delete_by_member_removes_it(member_client, organisation):
    reference = CustomerReferenceFactory(company=organisation)
    url = reverse("supply:customer_reference_delete", args=[organisation.slug, reference.pk])

    member_client.post(url)

    assert not CustomerReference.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("supply:company_profile_edit", {"pitch": "Kapad"}),
        ("supply:contact_persons", {"name": "Kapad", "email": "kapad@example.se"}),
        ("supply:customer_references", {"customer_name": "Kapad"}),
    ],
)
def test_company_post_outsider_gets_404_and_nothing_is_saved(
    outsider_client, organisation, name, data
):
    response = outsider_client.post(reverse(name, args=[organisation.slug]), data)

    assert response.status_code == 404
    assert not CompanyProfile.objects.exists()
    assert not ContactPerson.objects.exists()
    assert not CustomerReference.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("supply:company_profile_edit", {"pitch": "Kapad"}),
        ("supply:contact_persons", {"name": "Kapad", "email": "kapad@example.se"}),
        ("supply:customer_references", {"customer_name": "Kapad"}),
    ],
)
def test_company_post_anonymous_is_sent_to_login_and_nothing_is_saved(
    client, organisation, name, data
):
    response = client.post(reverse(name, args=[organisation.slug]), data)

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert not CompanyProfile.objects.exists()
    assert not ContactPerson.objects.exists()
    assert not CustomerReference.objects.exists()


def test_my_solutions_anonymous_is_sent_to_login(client):
    url = reverse("supply:my_solutions")

    assert client.get(url).url == f"{LOGIN}?next={url}"


def test_my_solutions_outsider_sees_none_of_the_companys_solutions(
    outsider_client, published, draft
):
    response = outsider_client.get(reverse("supply:my_solutions"))

    body = response.content.decode()
    assert list(response.context["solutions"]) == []
    assert draft.title_sv not in body
    assert published.title_sv not in body


def test_my_solutions_member_sees_drafts_and_published(member_client, published, draft):
    response = member_client.get(reverse("supply:my_solutions"))

    assert sorted(s.title_sv for s in response.context["solutions"]) == [
        "Hemlig prototyp",
        "Smart skolmat",
    ]


def test_solution_create_anonymous_is_sent_to_login(client):
    url = reverse("supply:solution_create")

    assert client.get(url).url == f"{LOGIN}?next={url}"
    assert client.post(url, _solution_data()).url == f"{LOGIN}?next={url}"
    assert not Solution.objects.exists()


## Solution pages


def test_solution_detail_draft_is_404_for_anonymous(client, draft):
    response = client.get(reverse("supply:solution_detail", args=[draft.slug]))

    assert response.status_code == 404
    assert draft.title_sv not in response.content.decode()


def test_solution_detail_draft_is_404_for_outsider(outsider_client, draft):
    response = outsider_client.get(reverse("supply:solution_detail", args=[draft.slug]))

    assert response.status_code == 404
    assert draft.title_sv not in response.content.decode()


def test_solution_detail_draft_member_sees_it_marked_as_draft(member_client, draft):
    response = member_client.get(reverse("supply:solution_detail", args=[draft.slug]))

    body = response.content.decode()
    assert response.context["solution"] == draft
    assert response.context["can_change"] is True
    assert '<span class="tag">' in body
    assert reverse("supply:solution_publish", args=[draft.slug]) in body


def test_solution_detail_published_anonymous_sees_it_without_edit_controls(
    client, published, software, target_11_6, buyer
):
    published.cpv_codes.set([software])
    published.sdg_targets.set([target_11_6])
    CustomerReferenceFactory(
        company=published.organisation, customer=buyer, customer_name=buyer.name, solution=published
    )

    response = client.get(reverse("supply:solution_detail", args=[published.slug]))

    body = response.content.decode()
    assert response.context["can_change"] is False
    assert "Smart skolmat" in body
    assert "48210000-3" in body
    assert "11.6" in body
    assert buyer.name in body
    assert reverse("supply:solution_edit", args=[published.slug]) not in body


def test_solution_detail_renders_markdown_and_escapes_script(client, organisation):
    solution = SolutionFactory(
        organisation=organisation,
        title_sv=f"Titel {SCRIPT}",
        text_sv=f"**Fet** text\n\n{SCRIPT}\n\n<img src=x onerror=alert(1)>",
        deployment_requirements=f"- Kräver {SCRIPT}",
        pricing_note=SCRIPT,
        published=True,
    )

    body = client.get(reverse("supply:solution_detail", args=[solution.slug])).content.decode()

    assert "<strong>Fet</strong>" in body
    assert SCRIPT not in body
    assert "<script>alert" not in body
    assert "<img" not in body
    assert ESCAPED_SCRIPT in body


def test_solution_list_escapes_script_in_titles_and_texts(client, organisation):
    SolutionFactory(
        organisation=organisation, title_sv=SCRIPT, text_sv=f"Text {SCRIPT}", published=True
    )

    body = client.get(reverse("supply:solution_list")).content.decode()

    assert "<script>alert" not in body
    assert ESCAPED_SCRIPT in body


def test_solution_edit_by_member_saves_and_keeps_slug(member_client, published, software):
    response = member_client.post(
        reverse("supply:solution_edit", args=[published.slug]),
        _solution_data(
            title_sv="Smartare skolmat", title_en="Smarter school meals", cpv_codes=["48210000"]
        ),
    )

    assert response.url == reverse("supply:solution_detail", args=[published.slug])
    published.refresh_from_db()
    assert (published.title_sv, published.title_en) == ("Smartare skolmat", "Smarter school meals")
    assert list(published.cpv_codes.all()) == [software]
    assert published.status == SolutionStatus.PUBLISHED


def test_solution_edit_form_shows_the_current_values(member_client, published, software):
    published.cpv_codes.set([software])

    response = member_client.get(reverse("supply:solution_edit", args=[published.slug]))

    body = response.content.decode()
    assert 'value="Smart skolmat"' in body
    assert 'value="48210000" id="id_cpv_codes_chosen_0" checked' in body


def test_solution_edit_without_any_language_keeps_input_and_changes_nothing(
    member_client, published
):
    response = member_client.post(
        reverse("supply:solution_edit", args=[published.slug]),
        _solution_data(title_sv="", text_sv="", pricing_note="Från 10 000 kr i månaden"),
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title_sv", "text_sv"}
    assert "Från 10 000 kr i månaden" in response.content.decode()
    published.refresh_from_db()
    assert published.title_sv == "Smart skolmat"


def test_solution_publish_by_member_publishes(member_client, draft):
    response = member_client.post(reverse("supply:solution_publish", args=[draft.slug]))

    assert response.url == reverse("supply:solution_detail", args=[draft.slug])
    draft.refresh_from_db()
    assert draft.status == SolutionStatus.PUBLISHED
    assert draft.published_at is not None


def test_solution_unpublish_by_member_makes_a_draft(member_client, published):
    member_client.post(reverse("supply:solution_unpublish", args=[published.slug]))

    published.refresh_from_db()
    assert published.status == SolutionStatus.DRAFT


def test_solution_publish_get_is_not_allowed(member_client, draft):
    response = member_client.get(reverse("supply:solution_publish", args=[draft.slug]))

    assert response.status_code == 405
    draft.refresh_from_db()
    assert draft.status == SolutionStatus.DRAFT


## Creating solutions


def test_solution_create_member_of_one_company_creates_a_draft(member_client, organisation):
    response = member_client.post(
        reverse("supply:solution_create"), _solution_data(languages=["sv", "en"])
    )

    solution = Solution.objects.get()
    assert response.url == reverse("supply:solution_detail", args=[solution.slug])
    assert solution.organisation == organisation
    assert solution.status == SolutionStatus.DRAFT
    assert solution.languages == ["sv", "en"]


def test_solution_create_form_keeps_input_on_errors(member_client):
    response = member_client.post(
        reverse("supply:solution_create"),
        _solution_data(text_sv="", title_en="Route planner", trl="12"),
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"text_sv", "trl"}
    assert 'value="Ny lösning"' in body
    assert 'value="Route planner"' in body
    assert 'aria-invalid="true"' in body
    assert not Solution.objects.exists()


def test_solution_create_with_several_companies_asks_which(member, organisation):
    second = OrganisationFactory(name="Andra AB", slug="andra")
    MembershipFactory(organisation=second, user=member)
    client = _login(member)

    form = client.get(reverse("supply:solution_create")).context["form"]
    client.post(reverse("supply:solution_create"), _solution_data(organisation="andra"))

    assert "organisation" in form.fields
    assert Solution.objects.get().organisation == second


def test_solution_create_for_a_company_one_is_not_member_of_is_refused(member, organisation):
    MembershipFactory(organisation=OrganisationFactory(slug="egen"), user=member)
    foreign = OrganisationFactory(slug="frammande")

    response = _login(member).post(
        reverse("supply:solution_create"), _solution_data(organisation=foreign.slug)
    )

    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Solution.objects.exists()


def test_solution_create_without_a_company_explains_and_saves_nothing(buyer_client):
    get = buyer_client.get(reverse("supply:solution_create"))
    post = buyer_client.post(reverse("supply:solution_create"), _solution_data())

    assert get.status_code == 200
    assert get.context["form"] is None
    assert reverse("organisations:create") in get.content.decode()
    assert post.context["form"] is None
    assert not Solution.objects.exists()


## The public list


def test_solution_list_shows_published_only(client, published, draft):
    response = client.get(reverse("supply:solution_list"))

    body = response.content.decode()
    assert list(response.context["solutions"]) == [published]
    assert published.title_sv in body
    assert draft.title_sv not in body


def test_solution_list_filters_from_the_query_string(client, organisation, software, catering):
    SolutionFactory(
        organisation=organisation, title_sv="Nätverk", cpv_codes=[software], published=True
    )
    SolutionFactory(organisation=organisation, title_sv="Mat", cpv_codes=[catering], published=True)

    response = client.get(reverse("supply:solution_list"), {"cpv": "48", "trl_min": "3"})

    assert [s.title_sv for s in response.context["solutions"]] == ["Nätverk"]


def test_solution_list_bad_filter_values_are_ignored(client, published):
    response = client.get(
        reverse("supply:solution_list"), {"cpv": "abc", "trl_min": "99", "region": "zz"}
    )

    assert response.status_code == 200
    assert list(response.context["solutions"]) == [published]


def test_solution_list_fulltext_query(client, published, organisation):
    SolutionFactory(organisation=organisation, title_sv="Ruttplanering", published=True)

    response = client.get(reverse("supply:solution_list"), {"q": "skolmat"})

    assert list(response.context["solutions"]) == [published]


def test_solution_list_htmx_request_gets_only_the_results(client, published):
    response = client.get(
        reverse("supply:solution_list"), {"q": "skolmat"}, headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert "<html" not in body
    assert "<form" not in body
    assert published.title_sv in body
    assert 'id="solution-count" hx-swap-oob="innerHTML"' in body


def test_solution_list_full_page_has_htmx_filter_form(client):
    body = client.get(reverse("supply:solution_list")).content.decode()

    assert 'hx-get="/losningar/"' in body
    assert 'hx-target="#solution-results"' in body
    assert body.count('id="solution-count"') == 1


def test_solution_list_pages_keep_the_filters(client, organisation):
    SolutionFactory.create_batch(21, organisation=organisation, trl=5, published=True)

    first = client.get(reverse("supply:solution_list"), {"trl_min": "5"})
    second = client.get(reverse("supply:solution_list"), {"trl_min": "5", "sida": "2"})

    assert len(first.context["solutions"]) == 20
    assert "?trl_min=5&amp;sida=2" in first.content.decode()
    assert len(second.context["solutions"]) == 1


## The company page


def test_company_detail_shows_profile_as_markdown_and_escapes_script(client, organisation):
    CompanyProfileFactory(
        organisation=organisation,
        pitch=f"Pitch {SCRIPT}",
        description=f"## Om oss\n\n*Kursiv* {SCRIPT}",
        certifications=["iso_14001", "svanen"],
    )

    response = client.get(reverse("supply:company_detail", args=[organisation.slug]))

    body = response.content.decode()
    assert "<h4>Om oss</h4>" in body
    assert "<em>Kursiv</em>" in body
    assert "<script>alert" not in body
    assert ESCAPED_SCRIPT in body
    assert response.context["profile"].certification_labels == [
        Certification.ISO_14001.label,
        Certification.SVANEN.label,
    ]
    assert str(Certification.SVANEN.label) in body


def test_company_detail_without_profile_still_shows_the_company(client, organisation):
    response = client.get(reverse("supply:company_detail", args=[organisation.slug]))

    assert response.status_code == 200
    assert response.context["profile"] is None
    assert organisation.name in response.content.decode()


def test_company_detail_of_a_municipality_is_404(client, buyer):
    assert client.get(reverse("supply:company_detail", args=[buyer.slug])).status_code == 404


def test_company_detail_drafts_only_for_members(client, member_client, published, draft):
    url = reverse("supply:company_detail", args=[published.organisation.slug])

    public = client.get(url)
    own = member_client.get(url)

    assert list(public.context["solutions"]) == [published]
    assert draft.title_sv not in public.content.decode()
    assert set(own.context["solutions"]) == {published, draft}


def test_company_detail_reference_to_a_draft_hides_the_drafts_title(client, organisation, draft):
    CustomerReferenceFactory(company=organisation, customer_name="Kund AB", solution=draft)

    body = client.get(reverse("supply:company_detail", args=[organisation.slug])).content.decode()

    assert "Kund AB" in body
    assert draft.title_sv not in body


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_company_detail_hides_private_contacts(
    client, outsider_client, organisation, secret_contact, persona
):
    ContactPersonFactory(company=organisation, name="Öppen Kontakt", is_public=True)
    viewer = client if persona == "anonymous" else outsider_client

    response = viewer.get(reverse("supply:company_detail", args=[organisation.slug]))

    body = response.content.decode()
    assert "Öppen Kontakt" in body
    assert secret_contact.email not in body


@pytest.mark.parametrize("persona", ["buyer", "member"])
def test_company_detail_shows_private_contacts_to_buyers_and_members(
    buyer_client, member_client, organisation, secret_contact, persona
):
    viewer = buyer_client if persona == "buyer" else member_client

    response = viewer.get(reverse("supply:company_detail", args=[organisation.slug]))

    assert secret_contact.email in response.content.decode()


## Managing the company


def test_company_profile_edit_by_member_saves(member_client, organisation):
    response = member_client.post(
        reverse("supply:company_profile_edit", args=[organisation.slug]),
        {
            "pitch": "Vi minskar matsvinnet.",
            "description": "Grundat i Umeå.",
            "founded_year": "2019",
            "employees": "12",
            "certifications": ["iso_9001"],
        },
    )

    assert response.url == reverse("supply:company_detail", args=[organisation.slug])
    profile = CompanyProfile.objects.get(organisation=organisation)
    assert (profile.pitch, profile.founded_year, profile.certifications) == (
        "Vi minskar matsvinnet.",
        2019,
        ["iso_9001"],
    )


def test_company_profile_edit_keeps_input_on_errors(member_client, organisation):
    response = member_client.post(
        reverse("supply:company_profile_edit", args=[organisation.slug]),
        {"pitch": "x" * 301, "description": "Min beskrivning", "founded_year": "2999"},
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"pitch", "founded_year"}
    assert "Min beskrivning" in response.content.decode()
    assert not CompanyProfile.objects.exists()


def test_company_profile_edit_shows_the_saved_profile(member_client, organisation):
    CompanyProfileFactory(organisation=organisation, pitch="Sparad pitch")

    response = member_client.get(reverse("supply:company_profile_edit", args=[organisation.slug]))

    assert "Sparad pitch" in response.content.decode()


def test_contact_persons_add_by_member(member_client, organisation):
    response = member_client.post(
        reverse("supply:contact_persons", args=[organisation.slug]),
        {"name": "Anna Berg", "role": "VD", "email": "anna@example.se", "is_public": "on"},
    )

    assert response.url == reverse("supply:contact_persons", args=[organisation.slug])
    person = ContactPerson.objects.get()
    assert (person.company, person.name, person.is_public) == (organisation, "Anna Berg", True)


def test_contact_persons_add_without_email_or_phone_keeps_input(member_client, organisation):
    response = member_client.post(
        reverse("supply:contact_persons", args=[organisation.slug]), {"name": "Anna Berg"}
    )

    assert response.status_code == 200
    assert 'value="Anna Berg"' in response.content.decode()
    assert not ContactPerson.objects.exists()


def test_customer_references_add_with_buyer_and_own_solution(
    member_client, organisation, buyer, published
):
    response = member_client.post(
        reverse("supply:customer_references", args=[organisation.slug]),
        {"customer": buyer.pk, "year": "2024", "solution": published.slug, "description": "Pilot"},
    )

    assert response.status_code == 302
    reference = CustomerReference.objects.get()
    assert (reference.customer_name, reference.solution, reference.is_public_customer) == (
        "Exempla kommun",
        published,
        True,
    )


def test_customer_references_add_with_another_companys_solution_is_refused(
    member_client, organisation
):
    foreign = SolutionFactory(published=True)

    response = member_client.post(
        reverse("supply:customer_references", args=[organisation.slug]),
        {"customer_name": "Kund AB", "solution": foreign.slug},
    )

    assert response.status_code == 200
    assert "solution" in response.context["form"].errors
    assert not CustomerReference.objects.exists()


## Query counts: constant for 1 and 3 items


def _fill_company(organisation, n, **solution_kwargs):
    for _ in range(n):
        SolutionFactory(organisation=organisation, published=True, **solution_kwargs)
        ContactPersonFactory(company=organisation)
        CustomerReferenceFactory(company=organisation)


@pytest.mark.parametrize("n", [1, 3])
def test_solution_list_query_count(
    client, django_assert_num_queries, stockholm, software, catering, target_11_6, n
):
    for _ in range(n):
        SolutionFactory(
            organisation=OrganisationFactory(region=stockholm),
            cpv_codes=[software, catering],
            sdg_targets=[target_11_6],
            published=True,
        )

    # count, page, CPV codes (a card shows no SDG targets), then the filter form's goals and regions
    with django_assert_num_queries(5):
        response = client.get(reverse("supply:solution_list"))

    assert len(response.context["solutions"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_solution_list_with_filters_query_count(
    client, django_assert_num_queries, software, target_11_6, n
):
    for _ in range(n):
        SolutionFactory(
            title_sv="Smart skolmat",
            cpv_codes=[software],
            sdg_targets=[target_11_6],
            published=True,
        )

    with django_assert_num_queries(5):
        response = client.get(
            reverse("supply:solution_list"),
            {"q": "skolmat", "cpv": "48", "sdg_goal": "11", "stage": "pilot", "trl_min": "2"},
        )

    assert len(response.context["solutions"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_company_detail_query_count(client, django_assert_num_queries, organisation, software, n):
    CompanyProfileFactory(organisation=organisation)
    _fill_company(organisation, n, cpv_codes=[software])

    # company with profile, contacts, references, solutions, their CPV codes and SDG targets
    with django_assert_num_queries(6):
        response = client.get(reverse("supply:company_detail", args=[organisation.slug]))

    assert len(response.context["solutions"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_company_detail_member_query_count(
    member_client, django_assert_num_queries, organisation, software, n
):
    _fill_company(organisation, n, cpv_codes=[software])

    with django_assert_num_queries(8):
        response = member_client.get(reverse("supply:company_detail", args=[organisation.slug]))

    assert len(response.context["solutions"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_my_solutions_query_count(member_client, django_assert_num_queries, organisation, n):
    SolutionFactory.create_batch(n, organisation=organisation)

    # session, user, companies, solutions
    with django_assert_num_queries(4):
        response = member_client.get(reverse("supply:my_solutions"))

    assert len(response.context["solutions"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_contact_persons_page_query_count(
    member_client, django_assert_num_queries, organisation, n
):
    ContactPersonFactory.create_batch(n, company=organisation)

    # session, user, company, contact persons
    with django_assert_num_queries(4):
        response = member_client.get(reverse("supply:contact_persons", args=[organisation.slug]))

    assert len(response.context["contact_persons"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_customer_references_page_query_count(
    member_client, django_assert_num_queries, organisation, buyer, n
):
    for _ in range(n):
        CustomerReferenceFactory(
            company=organisation,
            customer=buyer,
            solution=SolutionFactory(organisation=organisation),
        )

    # session, user, company, references, then the form's buyers and solutions
    with django_assert_num_queries(6):
        response = member_client.get(
            reverse("supply:customer_references", args=[organisation.slug])
        )

    assert len(response.context["references"]) == n
