import pytest
from django.urls import reverse
from django.utils import timezone

from arena.needs.enums import ChallengeStatus, Visibility
from arena.needs.models import Challenge, ChallengeAccess, ChallengeStatusChange, FocusArea
from tests.factories.needs import BuyerFactory, ChallengeFactory, FocusAreaFactory

pytestmark = pytest.mark.django_db

OWNER_PAGES = ["needs:challenge_edit", "needs:challenge_sharing"]


def _challenge_post(**overrides):
    data = {
        "title_sv": "Färre fallolyckor i hemtjänsten",
        "text_sv": "Äldre faller i hemmet. <script>alert(1)</script> **Viktigt**",
        "problem": "Fallolyckor leder till sjukhusvård.",
        "desired_effects": "Färre fall och snabbare larm.",
        "visibility": "public",
    }
    return data | overrides


def test_challenge_create_by_buyer_member_makes_draft_with_log(buyer_client, buyer, buyer_member):
    response = buyer_client.post(reverse("needs:challenge_create"), _challenge_post())
    challenge = Challenge.objects.get()
    assert response.url == reverse("needs:challenge_detail", args=[challenge.slug])
    assert list(challenge.owners.all()) == [buyer]
    assert challenge.status == ChallengeStatus.DRAFT
    assert ChallengeStatusChange.objects.get().changed_by == buyer_member


def test_challenge_create_without_title_keeps_input_and_explains(buyer_client):
    response = buyer_client.post(reverse("needs:challenge_create"), _challenge_post(title_sv=""))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Fallolyckor leder till sjukhusvård." in body
    assert "Ge utmaningen en rubrik" in body
    assert not Challenge.objects.exists()


def test_challenge_create_by_company_member_is_refused(member_client):
    response = member_client.post(reverse("needs:challenge_create"), _challenge_post())
    assert response.status_code == 302
    assert not Challenge.objects.exists()


def test_challenge_create_anonymous_goes_to_login(client):
    response = client.get(reverse("needs:challenge_create"))
    assert response.url.startswith(reverse("accounts:login"))


def test_challenge_detail_renders_markdown_and_escapes_script(client):
    challenge = ChallengeFactory(text_sv="**Viktigt** <script>alert(1)</script>")
    body = client.get(reverse("needs:challenge_detail", args=[challenge.slug])).content.decode()
    assert "<strong>Viktigt</strong>" in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


@pytest.mark.parametrize("visibility", [Visibility.NETWORK, Visibility.CONFIDENTIAL])
def test_challenge_detail_hidden_from_outsider_and_anonymous(client, outsider_client, visibility):
    challenge = ChallengeFactory(visibility=visibility, title_sv="Hemlig")
    url = reverse("needs:challenge_detail", args=[challenge.slug])
    assert client.get(url).status_code == 404
    assert outsider_client.get(url).status_code == 404


def test_challenge_draft_hidden_from_others(outsider_client):
    challenge = ChallengeFactory(status=ChallengeStatus.DRAFT)
    assert (
        outsider_client.get(reverse("needs:challenge_detail", args=[challenge.slug])).status_code
        == 404
    )


@pytest.mark.parametrize("name", OWNER_PAGES)
def test_owner_pages_outsider_gets_404_even_on_public_challenge(outsider_client, name):
    challenge = ChallengeFactory()
    assert outsider_client.get(reverse(name, args=[challenge.slug])).status_code == 404


@pytest.mark.parametrize("name", OWNER_PAGES)
def test_owner_pages_anonymous_goes_to_login(client, name):
    challenge = ChallengeFactory()
    assert client.get(reverse(name, args=[challenge.slug])).url.startswith(
        reverse("accounts:login")
    )


def test_challenge_edit_by_outsider_changes_nothing(outsider_client):
    challenge = ChallengeFactory(title_sv="Original")
    outsider_client.post(
        reverse("needs:challenge_edit", args=[challenge.slug]), _challenge_post(title_sv="Kapad")
    )
    challenge.refresh_from_db()
    assert challenge.title_sv == "Original"


def test_challenge_status_by_outsider_is_404(outsider_client):
    challenge = ChallengeFactory()
    response = outsider_client.post(
        reverse("needs:challenge_status", args=[challenge.slug]), {"status": "closed"}
    )
    assert response.status_code == 404
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.PUBLISHED


def test_challenge_publish_by_owner_is_logged(buyer_client, buyer, buyer_member):
    challenge = ChallengeFactory(status=ChallengeStatus.DRAFT, owners=[buyer])
    buyer_client.post(
        reverse("needs:challenge_status", args=[challenge.slug]),
        {"status": "published", "note": "Klar"},
    )
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.PUBLISHED
    assert challenge.published_at is not None
    change = ChallengeStatusChange.objects.get()
    assert (change.from_status, change.to_status, change.changed_by, change.note) == (
        "draft",
        "published",
        buyer_member,
        "Klar",
    )


def test_challenge_status_skipping_a_step_is_refused(buyer_client, buyer):
    challenge = ChallengeFactory(status=ChallengeStatus.DRAFT, owners=[buyer])
    response = buyer_client.post(
        reverse("needs:challenge_status", args=[challenge.slug]), {"status": "pilot"}, follow=True
    )
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.DRAFT
    assert "kan inte gå från" in response.content.decode()


def test_co_owner_members_may_edit(client, buyer, buyer_member):
    other = BuyerFactory()
    challenge = ChallengeFactory(owners=[other])
    client.force_login(buyer_member)
    url = reverse("needs:challenge_edit", args=[challenge.slug])
    assert client.get(url).status_code == 404
    challenge.owners.add(buyer)
    assert client.get(url).status_code == 200


def test_sharing_add_co_owner_and_not_remove_last(buyer_client, buyer):
    challenge = ChallengeFactory(owners=[buyer])
    other = BuyerFactory(name="Region Skåne", kind="region")
    url = reverse("needs:challenge_sharing", args=[challenge.slug])
    buyer_client.post(url, {"add_owner": "1", "organisation": other.pk})
    assert set(challenge.owners.all()) == {buyer, other}
    buyer_client.post(url, {"remove_owner": other.pk})
    response = buyer_client.post(url, {"remove_owner": buyer.pk})
    assert list(challenge.owners.all()) == [buyer]
    assert "minst en ägare" in response.content.decode()


def test_confidential_invite_then_nda_gives_access(
    client, buyer_client, buyer, organisation, member
):
    challenge = ChallengeFactory(owners=[buyer], visibility=Visibility.CONFIDENTIAL)
    buyer_client.post(
        reverse("needs:challenge_sharing", args=[challenge.slug]),
        {"invite": "1", "organisation": organisation.pk},
    )
    client.force_login(member)
    detail = reverse("needs:challenge_detail", args=[challenge.slug])
    assert client.get(detail).status_code == 404
    nda = client.get(reverse("needs:challenge_nda", args=[challenge.slug]))
    assert challenge.title_sv not in nda.content.decode()
    client.post(reverse("needs:challenge_nda", args=[challenge.slug]))
    assert ChallengeAccess.objects.get().nda_accepted_by == member
    assert client.get(detail).status_code == 200


def test_nda_page_for_uninvited_company_is_404(outsider_client):
    challenge = ChallengeFactory(visibility=Visibility.CONFIDENTIAL)
    assert (
        outsider_client.get(reverse("needs:challenge_nda", args=[challenge.slug])).status_code
        == 404
    )


def test_challenge_list_counts_only_visible(client):
    ChallengeFactory()
    ChallengeFactory(visibility=Visibility.CONFIDENTIAL)
    response = client.get(reverse("needs:challenge_list"))
    assert len(response.context["challenges"]) == 1
    assert "1 utmaning" in response.content.decode()


def test_challenge_list_htmx_returns_only_results(client):
    ChallengeFactory(title_sv="Snöröjning med drönare")
    response = client.get(
        reverse("needs:challenge_list"), {"q": "snöröjning"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Snöröjning med drönare" in body
    assert "<html" not in body


@pytest.mark.parametrize("item_count", [1, 3])
def test_challenge_list_query_count_is_constant(client, django_assert_num_queries, item_count):
    for _ in range(item_count):
        ChallengeFactory()
    # challenges, owners, CPV codes, regions, SDG goals for the filter, regions for the filter
    with django_assert_num_queries(6):
        client.get(reverse("needs:challenge_list"))


@pytest.mark.parametrize("item_count", [1, 3])
def test_challenge_list_logged_in_query_count_is_constant(
    outsider_client, django_assert_num_queries, item_count
):
    for _ in range(item_count):
        ChallengeFactory()
    with django_assert_num_queries(8):  # + session and user
        outsider_client.get(reverse("needs:challenge_list"))


def test_focus_areas_page_warns_outside_three_to_five(buyer_client, buyer):
    FocusAreaFactory(organisation=buyer, year=2026, title="Skolmåltider")
    body = buyer_client.get(
        reverse("needs:focus_areas", args=[buyer.slug]), {"ar": 2026}
    ).content.decode()
    assert "Vi rekommenderar 3–5" in body
    assert "Skolmåltider" in body


def test_focus_area_create_and_assessment_prefills_challenge(buyer_client, buyer):
    buyer_client.post(
        reverse("needs:focus_areas", args=[buyer.slug]), {"year": 2026, "title": "Äldreomsorg"}
    )
    area = FocusArea.objects.get()
    buyer_client.post(
        reverse("needs:focus_area", args=[buyer.slug, area.pk]),
        {
            "problem": "Ensamhet bland äldre",
            "wanted_effects": "Fler sociala kontakter",
            "budget_min": 100,
            "budget_max": 50,
        },
    )
    assert (
        not hasattr(FocusArea.objects.get(), "assessment")
        or FocusArea.objects.get().assessment.problem == ""
    )
    buyer_client.post(
        reverse("needs:focus_area", args=[buyer.slug, area.pk]),
        {"problem": "Ensamhet bland äldre", "wanted_effects": "Fler sociala kontakter"},
    )
    form = buyer_client.get(reverse("needs:challenge_create"), {"fokusomrade": area.pk}).context[
        "form"
    ]
    assert (
        form.initial["problem"],
        form.initial["desired_effects"],
        form.initial["focus_area"],
    ) == (
        "Ensamhet bland äldre",
        "Fler sociala kontakter",
        area.pk,
    )


@pytest.mark.parametrize("name", ["needs:focus_areas"])
def test_focus_areas_outsider_and_company_get_404(outsider_client, member_client, buyer, name):
    url = reverse(name, args=[buyer.slug])
    assert outsider_client.get(url).status_code == 404
    assert member_client.get(url).status_code == 404


def test_focus_area_of_other_buyer_is_404(buyer_client):
    area = FocusAreaFactory()
    assert (
        buyer_client.get(
            reverse("needs:focus_area", args=[area.organisation.slug, area.pk])
        ).status_code
        == 404
    )


def test_focus_area_anonymous_goes_to_login(client, buyer):
    assert client.get(reverse("needs:focus_areas", args=[buyer.slug])).url.startswith(
        reverse("accounts:login")
    )
    _ = timezone.now()


def test_challenge_list_filters_by_owner(client, buyer):
    ours = ChallengeFactory(owners=[buyer])
    ChallengeFactory()
    response = client.get(reverse("needs:challenge_list"), {"owner": buyer.slug})
    assert [c.slug for c in response.context["challenges"]] == [ours.slug]
    assert (
        client.get(reverse("needs:challenge_list"), {"owner": "finns-inte"})
        .context["challenges"]
        .count()
        == 0
    )


@pytest.mark.parametrize("item_count", [1, 3])
def test_focus_areas_page_query_count_is_constant(
    buyer_client, buyer, django_assert_num_queries, item_count
):
    for _ in range(item_count):
        area = FocusAreaFactory(organisation=buyer, year=2026)
        ChallengeFactory(owners=[buyer], focus_area=area)
    # session, user, organisation, permission, years, areas (+assessment), their challenges,
    # the programmes the buyer may tie an area to
    with django_assert_num_queries(8):
        response = buyer_client.get(reverse("needs:focus_areas", args=[buyer.slug]), {"ar": 2026})
    assert len(response.context["areas"]) == item_count
