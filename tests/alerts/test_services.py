import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from arena.alerts import selectors, services
from arena.alerts.enums import (
    IRRELEVANT_GROUP_PENALTY,
    RELEVANT_GROUP_BOOST,
    Frequency,
)
from arena.alerts.models import AlertSubscription, NoticeFeedback, NoticeSuggestion
from arena.matches.enums import Verdict
from arena.notices.enums import NoticeKind
from arena.organisations.enums import MembershipRole
from tests.factories.alerts import AlertSubscriptionFactory, NoticeSuggestionFactory
from tests.factories.notices import NoticeFactory, NoticeLotFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.reference import CpvCodeFactory
from tests.factories.supply import CompanyProfileFactory, SolutionFactory

pytestmark = pytest.mark.django_db


def _listed(organisation):
    rows = NoticeSuggestion.objects.filter(organisation=organisation).order_by("-score", "pk")
    return [row.notice_id for row in rows]


def _reason_codes(organisation, notice):
    row = NoticeSuggestion.objects.get(organisation=organisation, notice=notice)
    return [reason["code"] for reason in row.reasons]


## Ranking


def test_refresh_ranks_the_notice_sharing_words_and_cpv_with_a_solution_first(
    organisation, solar, solar_notice, cleaning_notice
):
    kept = services.notice_suggestions_refresh_for_organisation(organisation_id=organisation.pk)

    assert kept >= 1
    assert _listed(organisation)[0] == solar_notice.pk


def test_refresh_stores_the_engines_reasons_and_the_fitting_solution(
    organisation, solar, solar_notice, cleaning_notice
):
    services.notice_suggestions_refresh_for_organisation(organisation_id=organisation.pk)

    row = NoticeSuggestion.objects.get(organisation=organisation, notice=solar_notice)
    by_code = {reason["code"]: reason["data"] for reason in row.reasons}
    assert by_code["solution"]["slug"] == solar.slug
    assert by_code["cpv"]["branch"] == "09331200"
    assert by_code["cpv"]["label_sv"] == "Solcellsmoduler"
    assert "terms" in by_code
    assert by_code["semantic"]["rank"] == 1


def test_refresh_takes_each_notice_once_with_the_best_solution(
    organisation, solar, solar_notice, cleaning_notice
):
    cleaning = SolutionFactory(
        organisation=organisation,
        published=True,
        title_sv="Städrobot för förskolor",
        text_sv="Lokalvård med robot och fönsterputs i förskolor.",
    )

    services.notice_suggestions_refresh_for_organisation(organisation_id=organisation.pk)

    listed = _listed(organisation)
    assert sorted(listed) == sorted({solar_notice.pk, cleaning_notice.pk})
    row = NoticeSuggestion.objects.get(organisation=organisation, notice=cleaning_notice)
    assert row.reasons[0] == {
        "code": "solution",
        "data": {"id": cleaning.pk, "slug": cleaning.slug, "title": cleaning.title},
    }


def test_refresh_reads_lots_for_words_and_codes(organisation, solar, solar_cpv, cleaning_cpv):
    notice = NoticeFactory(
        title="Ramavtal fastighetstjänster",
        description="Flera delområden.",
        cpv_codes=[cleaning_cpv],
    )
    NoticeLotFactory(
        notice=notice,
        title="Solceller",
        description="Installation och drift av solceller på offentliga tak.",
        cpv_codes=["09331200"],
    )

    services.notice_suggestions_refresh_for_organisation(organisation_id=organisation.pk)

    assert _listed(organisation) == [notice.pk]
    assert "cpv" in _reason_codes(organisation, notice)


def test_refresh_keeps_the_first_seen_time_of_notices_still_listed(
    organisation, solar, solar_notice
):
    services.notice_suggestions_refresh_for_organisation(organisation_id=organisation.pk)
    earlier = timezone.now() - datetime.timedelta(days=3)
    NoticeSuggestion.objects.filter(notice=solar_notice).update(first_seen_at=earlier)

    services.notice_suggestions_refresh_for_organisation(organisation_id=organisation.pk)

    assert NoticeSuggestion.objects.get(notice=solar_notice).first_seen_at == earlier


def test_refresh_uses_the_profile_text_without_published_solutions(
    organisation, solar_notice, cleaning_notice
):
    CompanyProfileFactory(
        organisation=organisation,
        pitch="Solceller på offentliga tak",
        description="Vi installerar och driver solceller.",
    )

    services.notice_suggestions_refresh_for_organisation(organisation_id=organisation.pk)

    assert _listed(organisation)[0] == solar_notice.pk
    assert _reason_codes(organisation, solar_notice)[0] == "profile"


def test_profile_item_keeps_the_company_name_out_of_the_title(organisation):
    # The engine compares titles with notice titles; a name like "Sol AB" is not a subject.
    profile = CompanyProfileFactory(organisation=organisation, pitch="Solceller på tak")

    item = services.profile_item(organisation, profile)

    assert item is not None
    assert item.title == ""
    assert item.full_text.startswith(f"{organisation.name}\n")
    assert "Solceller på tak" in item.text


def test_refresh_falls_back_to_cpv_branches_without_any_text(
    organisation, solar_cpv, cleaning_notice
):
    SolutionFactory(organisation=organisation, title_sv="Utkast", cpv_codes=[solar_cpv])  # a draft
    same_group = NoticeFactory(
        title="Ramavtal", cpv_codes=[CpvCodeFactory(code="09310000", check_digit="5")]
    )
    same_division = NoticeFactory(
        title="Bränsle", cpv_codes=[CpvCodeFactory(code="09100000", check_digit="0")]
    )
    OrganisationFactory()  # another company changes nothing

    services.notice_suggestions_refresh_for_organisation(organisation_id=organisation.pk)

    assert _listed(organisation) == [same_group.pk, same_division.pk]
    reasons = NoticeSuggestion.objects.get(notice=same_group).reasons
    assert reasons[0]["code"] == "cpv_only"
    assert reasons[1]["data"]["level"] == "group"


def test_refresh_without_codes_or_texts_keeps_nothing(organisation, solar_notice):
    assert (
        services.notice_suggestions_refresh_for_organisation(organisation_id=organisation.pk) == 0
    )


def test_refresh_for_a_buyer_keeps_nothing(solar_notice):
    buyer = OrganisationFactory(kind="municipality")
    NoticeSuggestionFactory(organisation=buyer, notice=solar_notice)

    assert services.notice_suggestions_refresh_for_organisation(organisation_id=buyer.pk) == 0
    assert not NoticeSuggestion.objects.filter(organisation=buyer).exists()


def test_refresh_follows_a_changed_notice(organisation, solar, solar_notice, cleaning_notice):
    services.notice_suggestions_refresh_for_organisation(organisation_id=organisation.pk)
    cleaning_notice.title = "Solceller och solenergi på tak"
    cleaning_notice.description = "Installation och drift av solceller på offentliga tak."
    cleaning_notice.save()

    services.notice_suggestions_refresh_for_organisation(organisation_id=organisation.pk)

    assert cleaning_notice.pk in _listed(organisation)


def test_rebuild_ranks_every_company(organisation, solar, solar_notice):
    other = OrganisationFactory()

    done = services.notice_suggestions_rebuild()

    assert done >= 2
    assert _listed(organisation)[0] == solar_notice.pk
    assert _listed(other) == []


def test_rebuild_without_notices_does_nothing(organisation, solar):
    assert services.notice_suggestions_rebuild() == 0


def test_enqueue_rebuild_runs_after_commit(
    organisation, solar, solar_notice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_suggestions_enqueue_rebuild()

    assert _listed(organisation) == [solar_notice.pk]


## Feedback


def test_feedback_not_relevant_hides_the_notice_and_lowers_its_cpv_group(
    organisation, owner, solar, solar_cpv, django_capture_on_commit_callbacks
):
    rejected = NoticeFactory(
        title="Solceller på skolornas tak",
        description="Installation och drift av solceller på tak.",
        cpv_codes=[solar_cpv],
    )
    neighbour = NoticeFactory(
        title="Solceller på äldreboendets tak",
        description="Drift av solceller på offentliga tak.",
        cpv_codes=[CpvCodeFactory(code="09332000", check_digit="5")],
    )
    services.notice_suggestions_refresh_for_organisation(organisation_id=organisation.pk)
    before = NoticeSuggestion.objects.get(notice=neighbour).score

    with django_capture_on_commit_callbacks(execute=True):
        services.notice_feedback_set(
            user=owner, organisation=organisation, notice=rejected, verdict=Verdict.NOT_RELEVANT
        )

    assert rejected.pk not in _listed(organisation)
    row = NoticeSuggestion.objects.get(notice=neighbour)
    assert row.score == pytest.approx(before - IRRELEVANT_GROUP_PENALTY, abs=1e-5)
    assert {"code": "cpv_feedback", "data": {"value": -IRRELEVANT_GROUP_PENALTY}} in row.reasons


def test_feedback_relevant_lifts_its_cpv_group(
    organisation, owner, solar, solar_notice, django_capture_on_commit_callbacks
):
    services.notice_suggestions_refresh_for_organisation(organisation_id=organisation.pk)
    before = NoticeSuggestion.objects.get(notice=solar_notice).score

    with django_capture_on_commit_callbacks(execute=True):
        services.notice_feedback_set(
            user=owner, organisation=organisation, notice=solar_notice, verdict=Verdict.RELEVANT
        )

    after = NoticeSuggestion.objects.get(notice=solar_notice).score
    assert after == pytest.approx(before + RELEVANT_GROUP_BOOST, abs=1e-5)


def test_feedback_penalty_is_capped(organisation, owner, member, solar, solar_cpv):
    notices = [
        NoticeFactory(
            title=f"Solceller {n}", description="Solceller på tak.", cpv_codes=[solar_cpv]
        )
        for n in range(4)
    ]
    services.notice_suggestions_refresh_for_organisation(organisation_id=organisation.pk)
    before = NoticeSuggestion.objects.get(notice=notices[3]).score
    for user, notice in ((owner, notices[0]), (member, notices[1]), (owner, notices[2])):
        services.notice_feedback_set(
            user=user, organisation=organisation, notice=notice, verdict=Verdict.NOT_RELEVANT
        )

    services.notice_suggestions_refresh_for_organisation(organisation_id=organisation.pk)

    assert _listed(organisation) == [notices[3].pk]
    assert NoticeSuggestion.objects.get(notice=notices[3]).score == pytest.approx(
        before - 0.10, abs=1e-5
    )


def test_feedback_latest_verdict_of_the_company_counts(
    organisation, owner, member, solar, solar_notice
):
    services.notice_feedback_set(
        user=owner, organisation=organisation, notice=solar_notice, verdict=Verdict.NOT_RELEVANT
    )
    services.notice_feedback_set(
        user=member, organisation=organisation, notice=solar_notice, verdict=Verdict.RELEVANT
    )

    services.notice_suggestions_refresh_for_organisation(organisation_id=organisation.pk)

    assert solar_notice.pk in _listed(organisation)


def test_feedback_withdrawn_removes_the_row(organisation, owner, solar_notice):
    services.notice_feedback_set(
        user=owner, organisation=organisation, notice=solar_notice, verdict=Verdict.RELEVANT
    )
    services.notice_feedback_set(
        user=owner, organisation=organisation, notice=solar_notice, verdict=None
    )

    assert not NoticeFeedback.objects.exists()


def test_feedback_by_an_outsider_is_refused(organisation, outsider, solar_notice):
    with pytest.raises(ValidationError):
        services.notice_feedback_set(
            user=outsider, organisation=organisation, notice=solar_notice, verdict=1
        )


## Digests


@pytest.fixture
def subscriber(organisation):
    user = MembershipFactory(organisation=organisation, role=MembershipRole.MEMBER).user
    user.language = "en"
    user.save()
    return AlertSubscriptionFactory(user=user, organisation=organisation, frequency=Frequency.DAILY)


def _suggest(organisation, notice, *, seen=None, solution_title="Solceller som tjänst"):
    return NoticeSuggestionFactory(
        organisation=organisation,
        notice=notice,
        first_seen_at=seen or timezone.now(),
        reasons=[{"code": "solution", "data": {"id": 1, "slug": "x", "title": solution_title}}],
    )


def test_digest_first_time_sends_the_open_fitting_notices(subscriber, organisation, solar_notice):
    _suggest(organisation, solar_notice)
    now = timezone.now()

    assert services.notice_digests_send(now=now) == 1

    [message] = mail.outbox
    assert message.to == [subscriber.user.email]
    assert solar_notice.title in message.body
    assert "/bevakning/solglantan/" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert solar_notice.title in html
    subscriber.refresh_from_db()
    assert subscriber.last_sent_at == now


def test_digest_links_are_absolute(subscriber, organisation, solar_notice, settings):
    settings.SITE_URL = "https://arena.example.se"
    _suggest(organisation, solar_notice)

    services.notice_digests_send(now=timezone.now())

    assert "https://arena.example.se/bevakning/solglantan/" in mail.outbox[0].body


def test_digest_is_in_the_persons_language(subscriber, organisation, solar_notice):
    _suggest(organisation, solar_notice)

    services.notice_digests_send(now=timezone.now())

    with translation.override("en"):
        expected = translation.gettext("New tender notices for %(company)s") % {
            "company": organisation.name
        }
    assert mail.outbox[0].subject == expected


def test_digest_is_idempotent(subscriber, organisation, solar_notice):
    _suggest(organisation, solar_notice)
    now = timezone.now()

    assert services.notice_digests_send(now=now) == 1
    assert services.notice_digests_send(now=now) == 0
    assert len(mail.outbox) == 1


def test_digest_not_due_before_the_interval(subscriber, organisation, solar_notice):
    now = timezone.now()
    subscriber.last_sent_at = now - datetime.timedelta(hours=19)
    subscriber.save()
    _suggest(organisation, solar_notice, seen=now)

    assert services.notice_digests_send(now=now) == 0
    assert services.notice_digests_send(now=now + datetime.timedelta(hours=1)) == 1


def test_digest_weekly_waits_six_and_a_half_days(subscriber, organisation, solar_notice):
    now = timezone.now()
    subscriber.frequency = Frequency.WEEKLY
    subscriber.last_sent_at = now - datetime.timedelta(days=6)
    subscriber.save()
    _suggest(organisation, solar_notice, seen=now)

    assert services.notice_digests_send(now=now) == 0
    assert services.notice_digests_send(now=now + datetime.timedelta(hours=12)) == 1


def test_digest_off_sends_nothing(subscriber, organisation, solar_notice):
    subscriber.frequency = Frequency.OFF
    subscriber.save()
    _suggest(organisation, solar_notice)

    assert services.notice_digests_send(now=timezone.now()) == 0


def test_digest_only_new_notices_since_the_last_one(subscriber, organisation, solar_notice):
    now = timezone.now()
    subscriber.last_sent_at = now - datetime.timedelta(days=1)
    subscriber.save()
    old = NoticeFactory(title="Redan skickad")
    _suggest(organisation, old, seen=now - datetime.timedelta(days=2))
    _suggest(organisation, solar_notice, seen=now - datetime.timedelta(hours=1))

    services.notice_digests_send(now=now)

    assert solar_notice.title in mail.outbox[0].body
    assert "Redan skickad" not in mail.outbox[0].body


def test_digest_leaves_out_closed_and_rejected_notices(
    subscriber, organisation, owner, solar_notice
):
    now = timezone.now()
    passed = NoticeFactory(title="Sista dag passerad", deadline=now - datetime.timedelta(hours=1))
    awarded = NoticeFactory(title="Tilldelat kontrakt", kind=NoticeKind.RESULT, deadline=None)
    rejected = NoticeFactory(title="Inte för oss")
    for notice in (passed, awarded, rejected, solar_notice):
        _suggest(organisation, notice)
    services.notice_feedback_set(
        user=owner, organisation=organisation, notice=rejected, verdict=Verdict.NOT_RELEVANT
    )

    services.notice_digests_send(now=now)

    body = mail.outbox[0].body
    assert solar_notice.title in body
    for title in ("Sista dag passerad", "Tilldelat kontrakt", "Inte för oss"):
        assert title not in body


def test_digest_with_nothing_new_sends_nothing_and_keeps_last_sent(subscriber, organisation):
    earlier = timezone.now() - datetime.timedelta(days=2)
    subscriber.last_sent_at = earlier
    subscriber.save()

    assert services.notice_digests_send(now=timezone.now()) == 0

    subscriber.refresh_from_db()
    assert subscriber.last_sent_at == earlier
    assert mail.outbox == []


def test_digest_skips_people_who_left_the_company(organisation, solar_notice):
    AlertSubscriptionFactory(organisation=organisation)  # the user is no member
    _suggest(organisation, solar_notice)

    assert services.notice_digests_send(now=timezone.now()) == 0


def test_subscription_set_updates_the_one_row(organisation, owner):
    services.alert_subscription_set(user=owner, organisation=organisation, frequency="daily")
    services.alert_subscription_set(user=owner, organisation=organisation, frequency="weekly")

    assert list(AlertSubscription.objects.values_list("frequency", flat=True)) == ["weekly"]


def test_refresh_forgets_a_deleted_notice(organisation, solar, solar_notice):
    services.notice_suggestions_refresh_for_organisation(organisation_id=organisation.pk)
    solar_notice.delete()

    assert (
        services.notice_suggestions_refresh_for_organisation(organisation_id=organisation.pk) == 0
    )
    assert len(services.notice_engine()) == 0


def test_digest_counts_a_notice_without_deadline_as_open(subscriber, organisation):
    planned = NoticeFactory(title="Förhandsannons", kind=NoticeKind.PLANNING, deadline=None)
    _suggest(organisation, planned)

    assert services.notice_digests_send(now=timezone.now()) == 1
    assert "Förhandsannons" in mail.outbox[0].body


def test_publishing_a_solution_refreshes_the_companys_notice_list(
    organisation, solar_cpv, solar_notice, django_capture_on_commit_callbacks
):
    from arena.supply.services import solution_publish

    draft = SolutionFactory(
        organisation=organisation,
        title_sv="Solceller som tjänst",
        text_sv="Vi installerar och driver solceller på offentliga tak.",
        cpv_codes=[solar_cpv],
    )
    assert _listed(organisation) == []
    with django_capture_on_commit_callbacks(execute=True):
        solution_publish(solution=draft)
    assert _listed(organisation)[0] == solar_notice.pk


## Feedback of a person in two companies


@pytest.fixture
def second_company(owner):
    """Another company the owner of `organisation` also belongs to."""
    company = OrganisationFactory(name="Andra Bolaget AB", slug="andra-bolaget")
    MembershipFactory(organisation=company, user=owner, role=MembershipRole.MEMBER)
    return company


def test_feedback_in_two_companies_keeps_a_verdict_for_each(
    organisation, second_company, owner, solar_notice
):
    services.notice_feedback_set(
        user=owner, organisation=organisation, notice=solar_notice, verdict=Verdict.RELEVANT
    )
    services.notice_feedback_set(
        user=owner,
        organisation=second_company,
        notice=solar_notice,
        verdict=Verdict.NOT_RELEVANT,
    )

    rows = NoticeFeedback.objects.filter(user=owner, notice=solar_notice)
    assert sorted(rows.values_list("organisation__slug", "verdict")) == [
        ("andra-bolaget", Verdict.NOT_RELEVANT),
        ("solglantan", Verdict.RELEVANT),
    ]
    _suggest(organisation, solar_notice)
    _suggest(second_company, solar_notice)
    first = selectors.notice_suggestions_for(organisation=organisation, viewer=owner)
    assert [(row.notice.pk, row.my_verdict) for row in first] == [
        (solar_notice.pk, Verdict.RELEVANT)
    ]
    assert selectors.notice_suggestions_for(organisation=second_company, viewer=owner) == []
    assert (
        selectors.my_notice_verdict(notice=solar_notice, user=owner, organisation=second_company)
        == Verdict.NOT_RELEVANT
    )


def test_feedback_withdrawn_in_one_company_keeps_the_other_companys(
    organisation, second_company, owner, solar_notice
):
    for company in (organisation, second_company):
        services.notice_feedback_set(
            user=owner, organisation=company, notice=solar_notice, verdict=Verdict.NOT_RELEVANT
        )

    services.notice_feedback_set(
        user=owner, organisation=organisation, notice=solar_notice, verdict=None
    )

    assert list(NoticeFeedback.objects.values_list("organisation", flat=True)) == [
        second_company.pk
    ]


## Digests that fail


def test_digest_with_a_line_break_in_the_company_name_is_sent_on_one_line(
    subscriber, organisation, solar_notice
):
    organisation.name = "Solgläntan\r\nEnergi   AB"
    organisation.save()
    _suggest(organisation, solar_notice)

    assert services.notice_digests_send(now=timezone.now()) == 1

    assert mail.outbox[0].subject == "New tender notices for Solgläntan Energi AB"


def test_digest_failing_for_one_person_still_sends_the_others(organisation, solar_notice, caplog):
    now = timezone.now()
    broken = MembershipFactory(organisation=organisation, role=MembershipRole.MEMBER).user
    broken.email = "trasig\n@example.se"  # refused by the mail library when the mail is built
    broken.save()
    # The broken one comes first (subscriptions go by pk), so the loop has to go on past it.
    failing = AlertSubscriptionFactory(user=broken, organisation=organisation)
    good = AlertSubscriptionFactory(
        user=MembershipFactory(organisation=organisation, role=MembershipRole.MEMBER).user,
        organisation=organisation,
    )
    _suggest(organisation, solar_notice)

    assert services.notice_digests_send(now=now) == 1

    [message] = mail.outbox
    assert message.to == [good.user.email]
    failing.refresh_from_db()
    good.refresh_from_db()
    assert failing.last_sent_at is None
    assert good.last_sent_at == now
    assert f"subscription {failing.pk} failed" in caplog.text
