import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from arena.alerts.models import AlertSubscription, NoticeFeedback
from arena.matches.enums import Verdict
from arena.notices.enums import NoticeKind
from arena.organisations.enums import MembershipRole, OrganisationKind
from tests.factories.alerts import NoticeFeedbackFactory, NoticeSuggestionFactory
from tests.factories.notices import NoticeFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.readiness import CertificateFactory, ReadinessProfileFactory

pytestmark = pytest.mark.django_db


def _company_url(organisation):
    return reverse("alerts:company", args=[organisation.slug])


def _rows(response):
    return [row.notice.pk for row in response.context["rows"]]


@pytest.fixture
def listed(organisation, solar_notice):
    return NoticeSuggestionFactory(organisation=organisation, notice=solar_notice, score=0.8)


## The list


@pytest.mark.parametrize("persona", ["owner_client", "member_client"])
def test_company_page_members_see_the_fitting_notices(request, persona, organisation, listed):
    client = request.getfixturevalue(persona)

    response = client.get(_company_url(organisation))

    assert response.status_code == 200
    assert _rows(response) == [listed.notice_id]
    assert listed.notice.title in response.content.decode()


def test_company_page_outsider_gets_404(outsider_client, organisation, listed):
    assert outsider_client.get(_company_url(organisation)).status_code == 404


def test_company_page_anonymous_is_sent_to_log_in(organisation, listed):
    response = Client().get(_company_url(organisation))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_company_page_for_a_buyer_is_404(db):
    buyer = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY)
    user = MembershipFactory(organisation=buyer, role=MembershipRole.ADMIN).user
    client = Client()
    client.force_login(user)

    assert client.get(_company_url(buyer)).status_code == 404


def test_company_page_marks_closed_notices_and_filters_them_out_on_request(
    member_client, organisation, listed
):
    closed = NoticeFactory(kind=NoticeKind.RESULT, title="Tilldelat")
    expired = NoticeFactory(deadline=timezone.now() - datetime.timedelta(days=1))
    NoticeSuggestionFactory(organisation=organisation, notice=closed, score=0.7)
    NoticeSuggestionFactory(organisation=organisation, notice=expired, score=0.6)

    everything = member_client.get(_company_url(organisation))
    open_only = member_client.get(_company_url(organisation), {"oppna": "1"})

    assert [(r.notice.pk, r.closed) for r in everything.context["rows"]] == [
        (listed.notice_id, False),
        (closed.pk, True),
        (expired.pk, True),
    ]
    assert everything.content.decode().count('data-testid="closed"') == 2
    assert _rows(open_only) == [listed.notice_id]


def test_company_page_hides_notices_the_company_rejected(
    member_client, owner, organisation, listed
):
    other = NoticeSuggestionFactory(organisation=organisation, score=0.4)
    NoticeFeedbackFactory(
        organisation=organisation, notice=listed.notice, user=owner, verdict=Verdict.NOT_RELEVANT
    )

    response = member_client.get(_company_url(organisation))

    assert _rows(response) == [other.notice_id]


def test_company_page_shows_the_reasons(member_client, organisation, listed):
    response = member_client.get(_company_url(organisation))

    assert (gettext("Words in common: %(terms)s") % {"terms": "tillsyn, hemtjänst"}) in (
        response.content.decode()
    )


@pytest.mark.parametrize("n_notices", [1, 5])
def test_company_page_query_count_does_not_grow_with_the_list(
    member_client, organisation, n_notices, django_assert_max_num_queries
):
    for _ in range(n_notices):
        NoticeSuggestionFactory(organisation=organisation)

    with django_assert_max_num_queries(5):
        response = member_client.get(_company_url(organisation))

    assert len(response.context["rows"]) == n_notices


## Home


def test_home_with_one_company_redirects_to_it(member_client, organisation):
    response = member_client.get(reverse("alerts:home"))

    assert response.status_code == 302
    assert response["Location"] == _company_url(organisation)


def test_home_with_two_companies_lets_the_person_choose(member, member_client, organisation):
    second = OrganisationFactory()
    MembershipFactory(organisation=second, user=member)

    response = member_client.get(reverse("alerts:home"))

    assert response.status_code == 200
    names = [c.name for c in response.context["companies"]]
    assert names == sorted([organisation.name, second.name])


def test_home_anonymous_is_sent_to_log_in(db):
    assert Client().get(reverse("alerts:home")).status_code == 302


## Feedback


def _feedback_url(organisation, notice):
    return reverse("alerts:feedback", args=[organisation.slug, notice.pk])


def test_feedback_by_a_member_is_stored_and_answers_htmx_with_the_buttons(
    member, member_client, organisation, listed
):
    response = member_client.post(
        _feedback_url(organisation, listed.notice),
        {"verdict": "-1"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.templates[0].name == "alerts/_feedback.html"
    feedback = NoticeFeedback.objects.get()
    assert (feedback.user, feedback.organisation, feedback.verdict) == (
        member,
        organisation,
        Verdict.NOT_RELEVANT,
    )


def test_feedback_without_htmx_redirects_to_the_list(owner_client, organisation, listed):
    response = owner_client.post(_feedback_url(organisation, listed.notice), {"verdict": "1"})

    assert response.status_code == 302
    assert response["Location"] == _company_url(organisation)


def test_feedback_empty_verdict_withdraws(owner, owner_client, organisation, listed):
    NoticeFeedbackFactory(organisation=organisation, notice=listed.notice, user=owner)

    owner_client.post(_feedback_url(organisation, listed.notice), {"verdict": ""})

    assert not NoticeFeedback.objects.exists()


def test_feedback_unknown_verdict_answers_400_with_a_reason(owner_client, organisation, listed):
    response = owner_client.post(_feedback_url(organisation, listed.notice), {"verdict": "7"})

    assert response.status_code == 400
    assert "Okänt omdöme" in response.content.decode()
    assert not NoticeFeedback.objects.exists()


def test_feedback_outsider_gets_404(outsider_client, organisation, listed):
    response = outsider_client.post(_feedback_url(organisation, listed.notice), {"verdict": "1"})

    assert response.status_code == 404
    assert not NoticeFeedback.objects.exists()


def test_feedback_anonymous_stores_nothing(organisation, listed):
    response = Client().post(_feedback_url(organisation, listed.notice), {"verdict": "1"})

    assert response.status_code == 302
    assert not NoticeFeedback.objects.exists()


def test_feedback_in_two_companies_gives_each_its_own_verdict(
    owner, owner_client, organisation, listed
):
    second = OrganisationFactory(name="Andra Bolaget AB", slug="andra-bolaget")
    MembershipFactory(organisation=second, user=owner)
    NoticeSuggestionFactory(organisation=second, notice=listed.notice, score=0.8)

    first_answer = owner_client.post(_feedback_url(organisation, listed.notice), {"verdict": "1"})
    second_answer = owner_client.post(_feedback_url(second, listed.notice), {"verdict": "-1"})

    assert (first_answer.status_code, second_answer.status_code) == (302, 302)
    assert sorted(
        NoticeFeedback.objects.filter(user=owner).values_list("organisation__slug", "verdict")
    ) == [("andra-bolaget", Verdict.NOT_RELEVANT), ("solglantan", Verdict.RELEVANT)]
    first_page = owner_client.get(_company_url(organisation))
    assert [(r.notice.pk, r.my_verdict) for r in first_page.context["rows"]] == [
        (listed.notice_id, Verdict.RELEVANT)
    ]
    assert _rows(owner_client.get(_company_url(second))) == []
    panel = owner_client.get(reverse("alerts:company_notice", args=[second.slug, listed.notice_id]))
    assert panel.context["panel"].my_verdict == Verdict.NOT_RELEVANT


## Subscription


def test_subscription_member_sets_the_frequency(member, member_client, organisation):
    response = member_client.post(
        reverse("alerts:subscription", args=[organisation.slug]), {"frequency": "daily"}
    )

    assert response.status_code == 302
    subscription = AlertSubscription.objects.get()
    assert (subscription.user, subscription.frequency) == (member, "daily")


def test_subscription_bad_choice_keeps_the_form_with_an_error(member_client, organisation):
    response = member_client.post(
        reverse("alerts:subscription", args=[organisation.slug]), {"frequency": "hourly"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["frequency"]
    assert not AlertSubscription.objects.exists()


def test_subscription_outsider_gets_404(outsider_client, organisation):
    response = outsider_client.post(
        reverse("alerts:subscription", args=[organisation.slug]), {"frequency": "daily"}
    )

    assert response.status_code == 404
    assert not AlertSubscription.objects.exists()


## The notice panel


@pytest.fixture
def demanding_notice(organisation):
    return NoticeFactory(
        title="Drift av solceller",
        requirements=[
            {
                "kind": "turnover",
                "text": "Omsättning minst 5 MSEK",
                "amount": 5_000_000,
                "currency": "SEK",
            },
            {"kind": "certification", "text": "ISO 9001 eller likvärdigt", "standard": "ISO 9001"},
            {"kind": "other", "text": "Säkerhetsskydd"},
        ],
    )


def test_company_notice_member_sees_the_reasons_and_each_requirement(
    member_client, organisation, demanding_notice
):
    NoticeSuggestionFactory(organisation=organisation, notice=demanding_notice)

    response = member_client.get(
        reverse("alerts:company_notice", args=[organisation.slug, demanding_notice.pk])
    )

    assert response.status_code == 200
    panel = response.context["panel"]
    assert panel.suggestion is not None
    assert [check.result.kind for check in panel.checks] == ["turnover", "certification", "other"]
    # Nothing is known about the company yet: every answer is "cannot tell".
    assert [check.result.status for check in panel.checks] == ["unknown"] * 3
    assert response.content.decode().count('data-testid="check-unknown"') == 3


def test_company_notice_outsider_gets_404(outsider_client, organisation, demanding_notice):
    url = reverse("alerts:company_notice", args=[organisation.slug, demanding_notice.pk])

    assert outsider_client.get(url).status_code == 404


def test_company_notice_unknown_notice_is_404(member_client, organisation):
    url = reverse("alerts:company_notice", args=[organisation.slug, 999999])

    assert member_client.get(url).status_code == 404


def test_notice_panel_uses_the_viewers_company(member_client, organisation, demanding_notice):
    response = member_client.get(
        reverse("alerts:notice_panel", args=[demanding_notice.pk]), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert response.context["panel"].organisation == organisation
    assert 'data-testid="notice-panel"' in response.content.decode()


def test_notice_panel_chooses_among_several_companies(member, member_client, demanding_notice):
    second = OrganisationFactory(name="Ö AB")
    MembershipFactory(organisation=second, user=member)
    url = reverse("alerts:notice_panel", args=[demanding_notice.pk])

    response = member_client.get(url, {"foretag": second.slug})

    assert response.context["panel"].organisation == second
    assert len(response.context["companies"]) == 2


def test_notice_panel_foreign_company_slug_falls_back_to_the_viewers_own(
    member_client, organisation, demanding_notice
):
    stranger = OrganisationFactory()
    url = reverse("alerts:notice_panel", args=[demanding_notice.pk])

    response = member_client.get(url, {"foretag": stranger.slug})

    assert response.context["panel"].organisation == organisation


@pytest.mark.parametrize("persona", ["anonymous", "buyer"])
def test_notice_panel_is_empty_without_a_company(persona, demanding_notice):
    client = Client()
    if persona == "buyer":
        buyer = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY)
        client.force_login(MembershipFactory(organisation=buyer).user)

    response = client.get(reverse("alerts:notice_panel", args=[demanding_notice.pk]))

    assert response.status_code == 200
    assert response.content == b""


def test_notice_panel_unknown_notice_is_404(member_client):
    assert member_client.get(reverse("alerts:notice_panel", args=[999999])).status_code == 404


def test_company_notice_checks_against_the_readiness_record(
    member_client, organisation, demanding_notice
):
    profile = ReadinessProfileFactory(organisation=organisation, annual_turnover_sek=3_400_000)
    CertificateFactory(profile=profile, standard="ISO 9001")

    response = member_client.get(
        reverse("alerts:company_notice", args=[organisation.slug, demanding_notice.pk])
    )

    turnover, certification, other = response.context["panel"].checks
    assert (turnover.result.status, certification.result.status, other.result.status) == (
        "not_met",
        "met",
        "unknown",
    )
    overview = reverse("readiness:overview", args=[organisation.slug])
    assert turnover.link == f"{overview}#RD-07"
    assert certification.link == ""
    assert f'href="{overview}#RD-07"' in response.content.decode()
