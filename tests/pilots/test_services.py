import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from arena.events.enums import Side
from arena.pilots import selectors, services
from arena.pilots.enums import GroupRole, PilotStatus
from arena.pilots.models import GroupLogEntry, GroupMember, Pilot
from tests.factories.events import MeetingFactory, RegistrationFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.pilots import KpiFactory, MilestoneFactory, PilotFactory
from tests.factories.supply import SolutionFactory

pytestmark = pytest.mark.django_db


def _actions(group) -> list[str]:
    return list(group.log.order_by("pk").values_list("action", flat=True))


def test_group_create_makes_the_creator_a_member_and_logs(challenge, owner, organisation):
    group = services.project_group_create(challenge=challenge, creator=owner, name=" Svinn ")

    assert group.name == "Svinn"
    member = group.members.get()
    assert (member.user, member.organisation, member.role) == (
        owner,
        organisation,
        GroupRole.PROJECT_MANAGER,
    )
    assert _actions(group) == ["group_created", "member_added"]


def test_group_create_refuses_someone_outside_the_owners(challenge, outsider):
    refusal = gettext("Only people from the organisations owning the challenge can do this.")

    with pytest.raises(ValidationError, match=re.escape(refusal)):
        services.project_group_create(challenge=challenge, creator=outsider, name="X")


def test_group_from_a_meeting_brings_the_company(challenge, owner, organisation, startup):
    meeting = MeetingFactory(
        buyer=RegistrationFactory(organisation=organisation, side=Side.BUYER),
        company__organisation=startup,
        is_published=True,
    )
    MeetingFactory(  # still a draft of the schedule: not a place to start a group from
        buyer=RegistrationFactory(organisation=organisation, side=Side.BUYER),
        company__organisation=startup,
    )

    group = services.project_group_create(
        challenge=challenge, creator=owner, name="Från matchdagen", meeting=meeting
    )

    assert list(group.companies.all()) == [startup]
    assert group.meeting == meeting
    assert list(selectors.meetings_for_challenge(challenge=challenge)) == [meeting]


def test_group_from_someone_elses_meeting_is_refused(challenge, owner, startup):
    meeting = MeetingFactory(company__organisation=startup)

    with pytest.raises(ValidationError) as raised:
        services.project_group_create(challenge=challenge, creator=owner, name="X", meeting=meeting)

    assert "meeting" in raised.value.message_dict


def test_member_add_by_email_of_a_company_person(group, owner, startup):
    person = MembershipFactory(organisation=startup).user

    member = services.group_member_add(
        group=group, actor=owner, email=person.email.upper(), role=GroupRole.TECHNICAL_LEAD
    )

    assert (member.user, member.organisation) == (person, startup)
    entry = group.log.get(action="member_added")
    assert entry.details == {"member": person.email, "role": "technical_lead"}
    assert entry.actor == owner


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("nobody@example.se", "No one on Arena has the e-mail address %(email)s."),
        (
            "outsider",
            "%(email)s is not a member of the challenge's owners or of a company in the group.",
        ),
        ("founder", "%(email)s is already in the group."),
    ],
)
def test_member_add_refuses_with_a_clear_message(request, group, owner, email, message):
    if "@" not in email:
        email = request.getfixturevalue(email).email

    with pytest.raises(ValidationError) as raised:
        services.group_member_add(group=group, actor=owner, email=email, role="technical_lead")

    assert raised.value.message_dict["email"] == [gettext(message) % {"email": email}]


def test_member_add_refuses_an_unknown_role(group, owner, member):
    with pytest.raises(ValidationError) as raised:
        services.group_member_add(group=group, actor=owner, email=member.email, role="king")

    assert "role" in raised.value.message_dict


def test_role_change_is_logged_with_old_and_new(group, owner, founder):
    member = GroupMember.objects.get(group=group, user=founder)

    services.group_member_role_change(member=member, actor=owner, role=GroupRole.TECHNICAL_LEAD)

    member.refresh_from_db()
    assert member.role == GroupRole.TECHNICAL_LEAD
    entry = group.log.get(action="role_changed")
    assert entry.details == {
        "member": founder.email,
        "old": "company_contact",
        "new": "technical_lead",
    }


def test_role_change_to_the_same_role_logs_nothing(group, owner, founder):
    member = GroupMember.objects.get(group=group, user=founder)

    services.group_member_role_change(member=member, actor=owner, role=member.role)

    assert not group.log.filter(action="role_changed").exists()


def test_member_remove_is_logged(group, owner, founder):
    services.group_member_remove(member=group.members.get(user=founder), actor=owner)

    assert not group.members.filter(user=founder).exists()
    assert group.log.get(action="member_removed").details["member"] == founder.email


def test_commitment_signed_only_by_its_own_side(group, owner, founder, startup):
    commitment = services.commitment_add(
        group=group, actor=owner, organisation=startup, text="Två tekniker på plats"
    )

    only_its_own = gettext("Only people from %(organisation)s can sign off its commitments.")
    with pytest.raises(
        ValidationError, match=re.escape(only_its_own % {"organisation": "Vågtech AB"})
    ):
        services.commitment_sign(commitment=commitment, user=owner)
    services.commitment_sign(commitment=commitment, user=founder)

    commitment.refresh_from_db()
    assert commitment.signed_by == founder
    assert commitment.signed_at is not None
    with pytest.raises(
        ValidationError, match=re.escape(gettext("This commitment is already signed off."))
    ):
        services.commitment_sign(commitment=commitment, user=founder)


def test_commitment_for_an_organisation_outside_the_group_is_refused(group, owner):
    with pytest.raises(ValidationError):
        services.commitment_add(
            group=group, actor=owner, organisation=OrganisationFactory(), text="X"
        )


def test_pilot_create_links_the_groups_meeting(challenge, owner, organisation, startup):
    meeting = MeetingFactory(
        buyer=RegistrationFactory(organisation=organisation, side=Side.BUYER),
        company__organisation=startup,
    )
    group = services.project_group_create(
        challenge=challenge, creator=owner, name="G", meeting=meeting
    )

    pilot = services.pilot_create(group=group, actor=owner, title="Pilot", budget_sek=Decimal(5))

    assert list(pilot.meetings.all()) == [meeting]
    assert pilot.status == PilotStatus.PLANNED
    assert group.log.filter(action="pilot_created", pilot=pilot).exists()


def test_pilot_update_refuses_bad_values(pilot, owner):
    with pytest.raises(ValidationError, match=re.escape(gettext("The budget cannot be negative."))):
        services.pilot_update(pilot=pilot, actor=owner, budget_sek=Decimal(-1))
    with pytest.raises(
        ValidationError, match=re.escape(gettext("The pilot ends before it starts."))
    ):
        services.pilot_update(
            pilot=pilot,
            actor=owner,
            starts_on=datetime.date(2026, 5, 1),
            ends_on=datetime.date(2026, 4, 1),
        )


def test_status_walks_the_whole_way_and_is_logged(pilot, owner):
    services.pilot_update(pilot=pilot, actor=owner, evaluation_report="Svinnet halverades.")
    for status in ("running", "evaluated", "procurement_decided", "closed"):
        pilot = services.pilot_status_change(pilot=pilot, actor=owner, status=status)

    assert pilot.status == PilotStatus.CLOSED
    changes = GroupLogEntry.objects.filter(pilot=pilot, action="status_changed").order_by("pk")
    assert [(c.details["old"], c.details["new"]) for c in changes] == [
        ("planned", "running"),
        ("running", "evaluated"),
        ("evaluated", "procurement_decided"),
        ("procurement_decided", "closed"),
    ]


def test_status_cannot_skip_a_step(pilot, owner):
    skip = gettext("A pilot that is “%(old)s” cannot become “%(new)s”.") % {
        "old": gettext("Planned"),
        "new": gettext("Evaluated"),
    }

    with pytest.raises(ValidationError, match=re.escape(skip)):
        services.pilot_status_change(pilot=pilot, actor=owner, status="evaluated")

    assert Pilot.objects.get(pk=pilot.pk).status == PilotStatus.PLANNED


def test_evaluated_needs_a_report(pilot, owner):
    services.pilot_status_change(pilot=pilot, actor=owner, status="running")

    no_report = gettext("Write the evaluation report before marking the pilot evaluated.")
    with pytest.raises(ValidationError, match=re.escape(no_report)):
        services.pilot_status_change(pilot=pilot, actor=owner, status="evaluated")


def test_procurement_record_completes_the_chain(pilot, owner):
    services.pilot_procurement_record(
        pilot=pilot,
        actor=owner,
        notice_id="2027/S 012-034567",
        route="open_procedure",
        contract_date=datetime.date(2027, 3, 1),
        contract_value_sek=Decimal(1_800_000),
    )

    pilot.refresh_from_db()
    assert (pilot.notice_id, pilot.route, pilot.contract_value_sek) == (
        "2027/S 012-034567",
        "open_procedure",
        Decimal(1_800_000),
    )
    with pytest.raises(ValidationError):
        services.pilot_procurement_record(pilot=pilot, actor=owner, notice_id="x", route="bribe")


def test_kpi_and_milestone_updates(pilot):
    kpi = KpiFactory(pilot=pilot)
    milestone = MilestoneFactory(pilot=pilot)

    services.kpi_measure(kpi=kpi, measured=Decimal("42.5"))
    services.milestone_done(milestone=milestone, done_on=datetime.date(2026, 9, 2))

    kpi.refresh_from_db()
    milestone.refresh_from_db()
    assert kpi.measured == Decimal("42.5")
    assert milestone.done_on == datetime.date(2026, 9, 2)


def test_pilots_for_user_only_lists_visible_ones(pilot, owner, founder, outsider):
    PilotFactory()  # another challenge's pilot that nobody here may see

    assert list(selectors.pilots_for_user(user=owner)) == [pilot]
    assert list(selectors.pilots_for_user(user=founder)) == [pilot]
    assert list(selectors.pilots_for_user(user=outsider)) == []


def test_member_add_can_bring_their_company(group, owner):
    other_company = OrganisationFactory(name="Sensorbolaget AB")
    person = MembershipFactory(organisation=other_company).user

    services.group_member_add(
        group=group, actor=owner, email=person.email, role="technical_lead", add_company=True
    )

    assert other_company in group.companies.all()
    assert group.members.get(user=person).organisation == other_company
    assert group.log.filter(action="company_added").exists()


def test_member_add_with_company_refuses_a_person_of_two_companies(group, owner):
    person = MembershipFactory().user
    MembershipFactory(user=person)

    with pytest.raises(ValidationError):
        services.group_member_add(
            group=group, actor=owner, email=person.email, role="technical_lead", add_company=True
        )

    assert group.companies.count() == 1


def test_pilot_update_refuses_a_solution_from_outside_the_group(pilot, owner):
    foreign = SolutionFactory(title_sv="Annan våg")

    with pytest.raises(ValidationError, match="Annan våg"):
        services.pilot_update(pilot=pilot, actor=owner, solutions=[foreign])

    assert pilot.solutions.count() == 0
