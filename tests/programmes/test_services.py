import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from arena.organisations.enums import IntermediaryKind, OrganisationKind
from arena.programmes import services
from arena.programmes.enums import ApplicationStatus, NudgeReason, ParticipantKind
from arena.programmes.models import Application, Programme, Reminder
from tests.factories.needs import BuyerFactory, ChallengeFactory, FocusAreaFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.programmes import (
    ApplicationFactory,
    CohortFactory,
    IntermediaryFactory,
    ReminderFactory,
)
from tests.factories.supply import CompanyProfileFactory, SolutionFactory

pytestmark = pytest.mark.django_db

ANSWERS = ["Äldreomsorg och skolmat.", "Anna Andersson"]


def _codes(error: ValidationError) -> list[str | None]:
    return [e.code for e in error.error_list]


def _submit(programme, user, organisation, **overrides):
    arguments = {
        "programme": programme,
        "applicant": user,
        "organisation": organisation,
        "answers": ANSWERS,
        "agreement_accepted": True,
        **overrides,
    }
    return services.application_submit(**arguments)


## Programmes


def test_programme_create_by_intermediary_member(intermediary, staff):
    programme = services.programme_create(
        owner=intermediary,
        creator=staff,
        name_sv="  Ignite Public ",
        starts_on=datetime.date(2026, 2, 1),
        themes=["Cirkulär ekonomi", " cirkulär   ekonomi", "", "Digitalisering"],
        questions=["Varför vill ni vara med?", "  "],
    )

    assert (programme.slug, programme.name_sv, programme.owner) == (
        "ignite-public",
        "Ignite Public",
        intermediary,
    )
    assert programme.themes == ["Cirkulär ekonomi", "Digitalisering"]
    assert programme.questions == ["Varför vill ni vara med?"]


def test_programme_create_only_for_intermediaries(organisation, owner):
    with pytest.raises(ValidationError) as caught:
        services.programme_create(
            owner=organisation,
            creator=owner,
            name_sv="Program",
            starts_on=datetime.date(2026, 1, 1),
        )

    assert "owner" in caught.value.message_dict
    assert not Programme.objects.exists()


def test_programme_create_only_by_members_of_the_owner(intermediary, outsider):
    with pytest.raises(ValidationError) as caught:
        services.programme_create(
            owner=intermediary,
            creator=outsider,
            name_sv="Program",
            starts_on=datetime.date(2026, 1, 1),
        )

    assert "owner" in caught.value.message_dict
    assert not Programme.objects.exists()


def test_programme_create_needs_a_name_and_a_sound_period(intermediary, staff):
    with pytest.raises(ValidationError) as caught:
        services.programme_create(
            owner=intermediary,
            creator=staff,
            starts_on=datetime.date(2026, 5, 1),
            ends_on=datetime.date(2026, 4, 1),
        )

    assert set(caught.value.message_dict) == {"name_sv", "ends_on"}


def test_programme_create_never_takes_a_fixed_address(intermediary, staff):
    programme = services.programme_create(
        owner=intermediary, creator=staff, name_sv="Ny", starts_on=datetime.date(2026, 1, 1)
    )

    assert programme.slug == "ny-program"


def test_programme_update_keeps_address_and_owner(programme):
    services.programme_update(
        programme=programme,
        name_sv="Ignite Public 2",
        starts_on=programme.starts_on,
        is_open_for_applications=False,
    )

    programme.refresh_from_db()
    assert (programme.slug, programme.name_sv, programme.is_open_for_applications) == (
        "ignite-public",
        "Ignite Public 2",
        False,
    )


## Applications


def test_application_submit_by_a_municipality(programme, buyer, buyer_member):
    application = _submit(programme, buyer_member, buyer)

    assert application.status == ApplicationStatus.PENDING
    assert application.participant_kind == ParticipantKind.BUYER
    assert application.question_answers == list(zip(programme.questions, ANSWERS, strict=True))
    assert application.agreement_accepted_by == buyer_member
    assert application.agreement_text == programme.agreement


def test_application_submit_kinds_follow_the_organisation(programme, owner, organisation):
    assert _submit(programme, owner, organisation).participant_kind == ParticipantKind.COMPANY


def test_application_submit_as_individual_inventor(programme, outsider):
    application = _submit(programme, outsider, None)

    assert application.organisation is None
    assert application.participant_kind == ParticipantKind.INVENTOR
    assert application.participant_name == str(outsider)


def test_application_submit_university_as_research_group(programme):
    university = IntermediaryFactory(intermediary_kind=IntermediaryKind.UNIVERSITY)
    person = MembershipFactory(organisation=university).user

    application = _submit(programme, person, university, as_research_group=True)

    assert application.participant_kind == ParticipantKind.RESEARCH_GROUP


def test_application_submit_research_group_only_for_universities(programme, owner, organisation):
    with pytest.raises(ValidationError) as caught:
        _submit(programme, owner, organisation, as_research_group=True)

    assert _codes(caught.value) == ["not_a_university"]


def test_application_submit_only_for_own_organisation(programme, buyer, outsider):
    with pytest.raises(ValidationError) as caught:
        _submit(programme, outsider, buyer)

    assert _codes(caught.value) == ["not_a_member"]
    assert not Application.objects.exists()


def test_application_submit_not_for_the_owner(programme, staff, intermediary):
    with pytest.raises(ValidationError) as caught:
        _submit(programme, staff, intermediary)

    assert _codes(caught.value) == ["owner"]


def test_application_submit_refused_while_closed(programme, buyer, buyer_member):
    programme.is_open_for_applications = False
    programme.save()

    with pytest.raises(ValidationError) as caught:
        _submit(programme, buyer_member, buyer)

    assert _codes(caught.value) == ["closed"]


@pytest.mark.parametrize("answers", [[], ["Bara ett svar"], ["Ett", "   "], ["Ett", "Två", "Tre"]])
def test_application_submit_needs_every_answer(programme, buyer, buyer_member, answers):
    with pytest.raises(ValidationError) as caught:
        _submit(programme, buyer_member, buyer, answers=answers)

    assert _codes(caught.value) == ["answers"]


def test_application_submit_needs_the_agreement(programme, buyer, buyer_member):
    with pytest.raises(ValidationError) as caught:
        _submit(programme, buyer_member, buyer, agreement_accepted=False)

    assert _codes(caught.value) == ["agreement"]
    assert not Application.objects.exists()


def test_application_submit_refuses_a_duplicate(programme, buyer, buyer_member):
    _submit(programme, buyer_member, buyer)
    colleague = MembershipFactory(organisation=buyer).user

    with pytest.raises(ValidationError) as caught:
        _submit(programme, colleague, buyer)

    assert _codes(caught.value) == ["duplicate"]
    assert Application.objects.count() == 1


def test_application_submit_refuses_when_already_a_member(programme, organisation, member):
    ApplicationFactory(programme=programme, organisation=organisation, approved=True)

    with pytest.raises(ValidationError) as caught:
        _submit(programme, member, organisation)

    assert _codes(caught.value) == ["duplicate"]
    assert organisation.name in caught.value.messages[0]


def test_application_submit_refuses_a_second_inventor_application(programme, outsider):
    _submit(programme, outsider, None)

    with pytest.raises(ValidationError) as caught:
        _submit(programme, outsider, None)

    assert _codes(caught.value) == ["duplicate"]


def test_application_submit_again_after_decline_or_withdrawal(programme, buyer, buyer_member):
    ApplicationFactory(programme=programme, organisation=buyer, declined=True)
    ApplicationFactory(programme=programme, organisation=buyer, status=ApplicationStatus.WITHDRAWN)

    application = _submit(programme, buyer_member, buyer)

    assert application.status == ApplicationStatus.PENDING


def test_application_submit_chooses_an_open_round(programme, buyer, buyer_member):
    closed = CohortFactory(programme=programme, is_open=False)
    open_round = CohortFactory(programme=programme)
    foreign = CohortFactory()

    for cohort, code in [(None, "cohort"), (closed, "cohort"), (foreign, "cohort")]:
        with pytest.raises(ValidationError) as caught:
            _submit(programme, buyer_member, buyer, cohort=cohort)
        assert _codes(caught.value) == [code]

    assert _submit(programme, buyer_member, buyer, cohort=open_round).cohort == open_round


def test_application_approve(programme, staff):
    application = ApplicationFactory(programme=programme)

    services.application_approve(application=application, decided_by=staff)

    application.refresh_from_db()
    assert (application.status, application.decided_by) == (ApplicationStatus.APPROVED, staff)
    assert application.decided_at is not None


def test_application_approve_needs_the_accepted_agreement(programme, staff):
    application = ApplicationFactory(programme=programme, agreement_accepted_at=None)

    with pytest.raises(ValidationError) as caught:
        services.application_approve(application=application, decided_by=staff)

    assert _codes(caught.value) == ["no_agreement"]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


@pytest.mark.parametrize("status", ["approved", "declined", "withdrawn"])
def test_application_approve_only_pending(programme, staff, status):
    application = ApplicationFactory(programme=programme, status=status)

    with pytest.raises(ValidationError):
        services.application_approve(application=application, decided_by=staff)

    application.refresh_from_db()
    assert application.status == status


def test_application_decline_keeps_the_reason(programme, staff):
    application = ApplicationFactory(programme=programme)

    services.application_decline(
        application=application, decided_by=staff, reason=" Vi tar in nya i höst. "
    )

    application.refresh_from_db()
    assert (application.status, application.decision_reason) == (
        ApplicationStatus.DECLINED,
        "Vi tar in nya i höst.",
    )


def test_application_decline_needs_a_reason(programme, staff):
    application = ApplicationFactory(programme=programme)

    with pytest.raises(ValidationError) as caught:
        services.application_decline(application=application, decided_by=staff, reason="  ")

    assert "reason" in caught.value.message_dict
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


def test_application_withdraw(programme):
    application = ApplicationFactory(programme=programme, approved=True)

    services.application_withdraw(application=application)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        services.application_withdraw(application=application)


## Cohorts and resources


def test_cohort_create_refuses_a_name_twice(programme):
    services.cohort_create(
        programme=programme, name="Våren 2026", starts_on=datetime.date(2026, 3, 1)
    )

    with pytest.raises(ValidationError) as caught:
        services.cohort_create(
            programme=programme, name="våren 2026", starts_on=datetime.date(2026, 3, 1)
        )

    assert "name" in caught.value.message_dict


def test_resource_create_needs_a_link_or_a_text(programme, staff):
    with pytest.raises(ValidationError) as caught:
        services.resource_create(
            programme=programme, created_by=staff, title="Mall", kind="template"
        )

    assert "url" in caught.value.message_dict
    resource = services.resource_create(
        programme=programme, created_by=staff, title="Mall", kind="template", body="Så här."
    )
    assert resource.members_only is True


## Reminders


@pytest.fixture
def quiet_buyer(programme):
    """An approved municipality with no focus area this year and no published challenge."""
    buyer = BuyerFactory(name="Tysta kommun")
    MembershipFactory(organisation=buyer, user__email="anna@tysta.se", user__language="sv")
    MembershipFactory(organisation=buyer, user__email="bo@tysta.se", user__language="en")
    return ApplicationFactory(programme=programme, organisation=buyer, approved=True)


def test_reminder_send_logs_and_mails_every_member(quiet_buyer, staff):
    reminder = services.reminder_send(application=quiet_buyer, sent_by=staff)

    assert Reminder.objects.get() == reminder
    assert (reminder.sent_by, reminder.reasons) == (
        staff,
        [NudgeReason.NO_FOCUS_AREA, NudgeReason.NO_PUBLISHED_CHALLENGE],
    )
    assert sorted(message.to[0] for message in mail.outbox) == ["anna@tysta.se", "bo@tysta.se"]
    body = mail.outbox[0].body
    assert "/program/ignite-public/" in body
    assert f"/fokusomraden/{quiet_buyer.organisation.slug}/" in body
    assert "/utmaningar/ny/" in body
    assert "Ignite Public" in mail.outbox[0].subject


def test_reminder_send_email_in_each_recipients_language(quiet_buyer, staff, monkeypatch):
    languages = {}
    original = services.render_to_string

    def spy(template, context):
        languages[len(languages)] = translation.get_language()
        return original(template, context)

    monkeypatch.setattr(services, "render_to_string", spy)

    services.reminder_send(application=quiet_buyer, sent_by=staff)

    assert sorted(languages.values()) == ["en", "sv"]


def test_reminder_send_refuses_when_nothing_is_missing(programme, staff):
    buyer = BuyerFactory()
    FocusAreaFactory(organisation=buyer, year=timezone.localdate().year)
    ChallengeFactory(owners=[buyer])
    application = ApplicationFactory(programme=programme, organisation=buyer, approved=True)

    with pytest.raises(ValidationError) as caught:
        services.reminder_send(application=application, sent_by=staff)

    assert _codes(caught.value) == ["nothing_missing"]
    assert not Reminder.objects.exists()
    assert mail.outbox == []


def test_reminder_send_refuses_pending_applicants(programme, staff):
    application = ApplicationFactory(programme=programme)

    with pytest.raises(ValidationError):
        services.reminder_send(application=application, sent_by=staff)

    assert mail.outbox == []


def test_reminder_send_refuses_a_second_reminder_within_the_hour(quiet_buyer, staff):
    ReminderFactory(application=quiet_buyer, sent_at=timezone.now() - datetime.timedelta(minutes=5))

    with pytest.raises(ValidationError) as caught:
        services.reminder_send(application=quiet_buyer, sent_by=staff)

    assert _codes(caught.value) == ["too_soon"]
    assert mail.outbox == []


def test_reminder_send_company_links_to_its_profile(programme, staff, organisation, owner):
    CompanyProfileFactory(organisation=organisation)
    SolutionFactory(organisation=organisation)  # a draft is not enough
    application = ApplicationFactory(programme=programme, organisation=organisation, approved=True)

    reminder = services.reminder_send(application=application, sent_by=staff)

    assert reminder.reasons == [NudgeReason.NO_PUBLISHED_SOLUTION]
    assert [message.to for message in mail.outbox] == [[owner.email]]
    assert "/mina-losningar/" in mail.outbox[0].body


def test_participant_kind_for_every_kind_of_organisation():
    expected = {
        OrganisationKind.MUNICIPALITY: ParticipantKind.BUYER,
        OrganisationKind.REGION: ParticipantKind.BUYER,
        OrganisationKind.AGENCY: ParticipantKind.BUYER,
        OrganisationKind.MUNICIPAL_COMPANY: ParticipantKind.BUYER,
        OrganisationKind.COMPANY: ParticipantKind.COMPANY,
        OrganisationKind.INTERMEDIARY: ParticipantKind.INTERMEDIARY,
    }
    for kind, participant_kind in expected.items():
        organisation = OrganisationFactory.build(kind=kind)
        assert services.participant_kind_for(organisation=organisation) == participant_kind
