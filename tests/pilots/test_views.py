import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from arena.events.enums import Side
from arena.pilots.enums import GroupRole, PilotStatus
from arena.pilots.models import GroupMember, Pilot, ProjectGroup
from tests.factories.events import MeetingFactory, RegistrationFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.pilots import KpiFactory, MilestoneFactory, PilotFactory
from tests.factories.supply import SolutionFactory

pytestmark = pytest.mark.django_db


def _group_url(group) -> str:
    return reverse("pilots:group", kwargs={"pk": group.pk})


def _pilot_url(pilot) -> str:
    return reverse("pilots:pilot", kwargs={"pk": pilot.pk})


def test_outsider_gets_404_on_every_protected_page(outsider_client: Client, pilot, challenge):
    group = pilot.group
    member = group.members.first()
    commitment = group.commitments.create(organisation=member.organisation, text="Lokaler")
    urls = [
        _group_url(group),
        _pilot_url(pilot),
        reverse("pilots:group_create", kwargs={"slug": challenge.slug}),
    ]
    for url in urls:
        assert outsider_client.get(url).status_code == 404, url
        assert outsider_client.post(url, {"action": "pilot", "pilot-title": "X"}).status_code == 404
    posts = [
        reverse("pilots:member_role", kwargs={"pk": group.pk, "member_id": member.pk}),
        reverse("pilots:commitment_sign", kwargs={"pk": group.pk, "commitment_id": commitment.pk}),
    ]
    for url in posts:
        assert outsider_client.post(url, {"role": "technical_lead"}).status_code == 404, url
    assert Pilot.objects.count() == 1
    member.refresh_from_db()
    assert member.role == GroupRole.COMPANY_CONTACT
    assert outsider_client.get(reverse("pilots:mine")).context["pilots"].count() == 0


def test_anonymous_is_sent_to_log_in(client: Client, pilot):
    response = client.get(_pilot_url(pilot))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_owner_creates_a_group_from_a_meeting(
    owner_client: Client, challenge, organisation, startup, owner
):
    meeting = MeetingFactory(
        buyer=RegistrationFactory(organisation=organisation, side=Side.BUYER),
        company__organisation=startup,
        is_published=True,
    )
    url = reverse("pilots:group_create", kwargs={"slug": challenge.slug})

    page = owner_client.get(url, {"meeting": meeting.pk})
    response = owner_client.post(url, {"name": "Vågpiloten", "meeting": meeting.pk})

    assert f'<option value="{meeting.pk}" selected>' in page.content.decode()
    group = ProjectGroup.objects.get()
    assert response.url == _group_url(group)
    assert (group.name, group.meeting, list(group.companies.all())) == (
        "Vågpiloten",
        meeting,
        [startup],
    )
    assert group.members.get().user == owner


def test_group_page_shows_members_to_the_company(founder_client: Client, group, founder):
    response = founder_client.get(_group_url(group))

    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert (
        founder.email in response.content.decode() or founder.full_name in response.content.decode()
    )
    assert 'data-testid="group-log"' not in response.content.decode()


def test_owner_adds_a_member_by_email_and_the_log_shows_it(owner_client: Client, group, startup):
    person = MembershipFactory(organisation=startup).user

    response = owner_client.post(
        _group_url(group),
        {"action": "member", "member-email": person.email, "member-role": "technical_lead"},
    )

    assert response.status_code == 302
    assert group.members.get(user=person).role == GroupRole.TECHNICAL_LEAD
    page = owner_client.get(_group_url(group)).content.decode()
    assert f"lade till {person.email} som Teknisk ansvarig" in page

    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = owner_client.get(_group_url(group)).content.decode()
    assert f"added {person.email} as Technical lead" in page


def test_adding_an_outsider_shows_the_error_and_keeps_the_input(
    owner_client: Client, group, outsider
):
    response = owner_client.post(
        _group_url(group),
        {"action": "member", "member-email": outsider.email, "member-role": "technical_lead"},
    )

    assert response.status_code == 200
    errors = response.context["forms"]["member"].errors["email"]
    assert errors == [
        f"{outsider.email} är inte medlem i någon av de organisationer som äger utmaningen, "
        "eller i något företag i gruppen."
    ]
    assert f'value="{outsider.email}"' in response.content.decode()


def test_company_member_may_not_add_members(founder_client: Client, group, member):
    response = founder_client.post(
        _group_url(group),
        {"action": "member", "member-email": member.email, "member-role": "technical_lead"},
    )

    assert response.status_code == 404
    assert not group.members.filter(user=member).exists()


def test_owner_changes_a_role_and_it_is_logged(owner_client: Client, group, founder):
    member = GroupMember.objects.get(group=group, user=founder)
    url = reverse("pilots:member_role", kwargs={"pk": group.pk, "member_id": member.pk})

    owner_client.post(url, {"role": "technical_lead"})

    member.refresh_from_db()
    assert member.role == GroupRole.TECHNICAL_LEAD
    assert group.log.get(action="role_changed").details["old"] == "company_contact"


def test_company_member_may_not_change_roles(founder_client: Client, group, founder):
    member = GroupMember.objects.get(group=group, user=founder)
    url = reverse("pilots:member_role", kwargs={"pk": group.pk, "member_id": member.pk})

    assert founder_client.post(url, {"role": "head_of_procurement"}).status_code == 404
    member.refresh_from_db()
    assert member.role == GroupRole.COMPANY_CONTACT


def test_founder_signs_the_companys_commitment(founder_client: Client, group, startup, founder):
    commitment = group.commitments.create(organisation=startup, text="Två tekniker")

    founder_client.post(
        reverse("pilots:commitment_sign", kwargs={"pk": group.pk, "commitment_id": commitment.pk})
    )

    commitment.refresh_from_db()
    assert commitment.signed_by == founder


def test_group_member_plans_a_pilot_and_adds_timeline(founder_client: Client, group):
    founder_client.post(_group_url(group), {"action": "pilot", "pilot-title": "Vågar i Kista"})
    founder_client.post(
        _group_url(group),
        {"action": "activity", "activity-date": "2026-09-01", "activity-title": "Uppstart"},
    )

    assert group.pilots.get().title == "Vågar i Kista"
    assert group.activities.get().date == datetime.date(2026, 9, 1)


def test_pilot_page_shows_kpis_and_milestones(member_client: Client, pilot):
    KpiFactory(pilot=pilot, name="Svinn per elev", baseline=80, target=40)
    MilestoneFactory(pilot=pilot, title="Vågar installerade")

    page = member_client.get(_pilot_url(pilot)).content.decode()

    assert "Svinn per elev" in page
    assert "Vågar installerade" in page
    assert "Markera som Pågående" in page


def test_status_change_through_the_page_is_logged(founder_client: Client, pilot, founder):
    founder_client.post(_pilot_url(pilot), {"action": "status", "status-status": "running"})

    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.RUNNING
    page = founder_client.get(_pilot_url(pilot)).content.decode()
    assert "ändrade status från Planerad till Pågående" in page


def test_status_skip_shows_an_error(founder_client: Client, pilot):
    response = founder_client.post(
        _pilot_url(pilot), {"action": "status", "status-status": "closed"}
    )
    assert response.status_code == 302  # planned → closed (ended early) is allowed

    pilot2 = PilotFactory(group=pilot.group)
    response = founder_client.post(
        _pilot_url(pilot2), {"action": "status", "status-status": "evaluated"}
    )

    assert response.status_code == 200
    assert "En pilot kan inte gå från ”Planerad” till ”Utvärderad”." in response.content.decode()


def test_kpi_measure_and_procurement_record(founder_client: Client, pilot):
    kpi = KpiFactory(pilot=pilot)

    founder_client.post(
        _pilot_url(pilot), {"action": "measure", "item": kpi.pk, "measure-measured": "38.5"}
    )
    founder_client.post(
        _pilot_url(pilot),
        {
            "action": "procurement",
            "procurement-notice_id": "2027/S 012-034567",
            "procurement-route": "innovation_partnership",
            "procurement-contract_date": "2027-03-01",
            "procurement-contract_value_sek": "1800000",
        },
    )

    kpi.refresh_from_db()
    pilot.refresh_from_db()
    assert kpi.measured == Decimal("38.5")
    assert (pilot.notice_id, pilot.route, pilot.contract_value_sek) == (
        "2027/S 012-034567",
        "innovation_partnership",
        Decimal(1_800_000),
    )


def test_pilot_edit_with_negative_budget_keeps_the_input(founder_client: Client, pilot):
    response = founder_client.post(
        _pilot_url(pilot), {"action": "edit", "edit-title": "Ny titel", "edit-budget_sek": "-5"}
    )

    assert response.status_code == 200
    assert "budget_sek" in response.context["forms"]["edit"].errors
    assert 'value="Ny titel"' in response.content.decode()
    pilot.refresh_from_db()
    assert pilot.title == "Smarta vågar i skolmatsalen"


def test_kpi_of_another_pilot_is_404(founder_client: Client, pilot):
    foreign = KpiFactory()

    response = founder_client.post(
        _pilot_url(pilot), {"action": "measure", "item": foreign.pk, "measure-measured": "1"}
    )

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.measured is None


@pytest.mark.parametrize("n_pilots", [1, 3])
def test_my_pilots_query_count_does_not_grow(
    owner_client: Client, group, n_pilots, django_assert_max_num_queries, settings
):
    # Evaluated long ago, so each pilot shows in both lists: the stalled ones and all pilots.
    settings.ARENA_PILOT_GRAVEYARD_DAYS = 0
    for _ in range(n_pilots):
        PilotFactory(group=group, status=PilotStatus.EVALUATED)

    with django_assert_max_num_queries(6):
        response = owner_client.get(reverse("pilots:mine"))

    assert len(response.context["pilots"]) == n_pilots
    assert len(response.context["stalled"]) == n_pilots
    assert response.content.decode().count('data-testid="pilot-row"') == n_pilots


def test_challenge_page_links_its_owners_to_a_new_group(owner_client: Client, client, challenge):
    url = reverse("pilots:group_create", kwargs={"slug": challenge.slug})
    detail = reverse("needs:challenge_detail", kwargs={"slug": challenge.slug})

    assert url in owner_client.get(detail).content.decode()
    assert url not in client.get(detail).content.decode()


def test_pilot_edit_links_a_solution_of_the_groups_company(founder_client: Client, pilot, startup):
    solution = SolutionFactory(organisation=startup)
    foreign = SolutionFactory()

    page = founder_client.get(_pilot_url(pilot)).content.decode()
    response = founder_client.post(
        _pilot_url(pilot),
        {"action": "edit", "edit-title": pilot.title, "edit-solutions": [solution.pk]},
    )

    assert f'value="{solution.pk}"' in page
    assert f'value="{foreign.pk}"' not in page
    assert response.status_code == 302
    assert list(pilot.solutions.all()) == [solution]


def test_group_form_offers_only_published_meetings(
    owner_client: Client, challenge, organisation, startup
):
    draft = MeetingFactory(
        buyer=RegistrationFactory(organisation=organisation, side=Side.BUYER),
        company__organisation=OrganisationFactory(name="Ännu Hemlig AB"),
    )
    url = reverse("pilots:group_create", kwargs={"slug": challenge.slug})

    page = owner_client.get(url).content.decode()
    response = owner_client.post(url, {"name": "Gruppen", "meeting": draft.pk})

    assert "Ännu Hemlig AB" not in page
    assert response.status_code == 200  # the form refuses the choice
    assert not ProjectGroup.objects.exists()


@pytest.mark.parametrize("item", ["abc", "1.5", "9" * 40])
def test_pilot_actions_with_a_bad_item_answer_404(founder_client: Client, pilot, item):
    response = founder_client.post(
        _pilot_url(pilot), {"action": "done", "item": item, "done-done_on": "2026-11-01"}
    )

    assert response.status_code == 404


def test_pilot_form_shows_drafts_only_to_their_company(
    owner_client: Client, founder_client: Client, pilot, startup
):
    SolutionFactory(organisation=startup, title_sv="Utkast till lösning")

    assert "Utkast till lösning" not in owner_client.get(_pilot_url(pilot)).content.decode()
    assert "Utkast till lösning" in founder_client.get(_pilot_url(pilot)).content.decode()
