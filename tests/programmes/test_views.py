import csv
import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from arena.events.enums import EventStatus
from arena.programmes.enums import ApplicationStatus
from arena.programmes.forms import AS_INVENTOR
from arena.programmes.models import Application, Cohort, Programme, ProgrammeResource, Reminder
from tests.factories.events import EventFactory
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.programmes import (
    ApplicationFactory,
    CohortFactory,
    IntermediaryFactory,
    ProgrammeFactory,
    ProgrammeResourceFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
SECRET = "Hemlig mall för behovsanalys"


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def world(programme, membership, buyer):
    """A programme with a member (`organisation`), a pending municipality, a round and a secret."""
    pending = ApplicationFactory(programme=programme, organisation=buyer)
    cohort = CohortFactory(programme=programme, name="Våren 2026")
    resource = ProgrammeResourceFactory(programme=programme, title=SECRET)
    return {"pending": pending, "cohort": cohort, "resource": resource, "member": membership}


def _snapshot():
    """Everything a forbidden request could change."""
    return (
        list(Programme.objects.values_list("name_sv", "is_open_for_applications", "questions")),
        list(Application.objects.order_by("pk").values_list("status", "decision_reason")),
        list(Cohort.objects.order_by("pk").values_list("name", "is_open")),
        list(ProgrammeResource.objects.order_by("pk").values_list("title", flat=True)),
        Reminder.objects.count(),
        len(mail.outbox),
    )


def _programme_data(**overrides):
    return {
        "name_sv": "Kapat program",
        "name_en": "",
        "starts_on": "2026-01-01",
        "questions": "Varför?",
        "is_open_for_applications": "",
        **overrides,
    }


# (url name, arguments from the world, POST data)
STAFF_PAGES = ["edit", "applications", "reminders", "report", "report_csv"]
STAFF_ACTIONS = [
    ("edit", lambda p, w: [p.slug], _programme_data()),
    ("edit", lambda p, w: [p.slug], {"add_cohort": "1", "name": "Ny", "starts_on": "2026-09-01"}),
    ("cohort_toggle", lambda p, w: [p.slug, w["cohort"].pk], {}),
    ("application_approve", lambda p, w: [p.slug, w["pending"].pk], {}),
    ("application_decline", lambda p, w: [p.slug, w["pending"].pk], {"reason": "Nej."}),
    (
        "resources",
        lambda p, w: [p.slug],
        {"title": "Kapad", "kind": "guide", "url": "https://example.se", "members_only": "on"},
    ),
    ("resource_delete", lambda p, w: [p.slug, w["resource"].pk], {}),
    ("reminder_send", lambda p, w: [p.slug, w["member"].pk], {}),
]
ACTION_IDS = [f"{name}-{i}" for i, (name, _args, _data) in enumerate(STAFF_ACTIONS)]


## Every protected page and action: outsider, programme member and anonymous


@pytest.mark.parametrize("name", [*STAFF_PAGES, "resources"])
def test_protected_page_outsider_gets_404_without_leaks(outsider_client, programme, world, name):
    response = outsider_client.get(reverse(f"programmes:{name}", args=[programme.slug]))

    assert response.status_code == 404
    assert SECRET not in response.content.decode()
    assert world["pending"].organisation.name not in response.content.decode()


@pytest.mark.parametrize("name", [*STAFF_PAGES, "resources", "apply", "my_application"])
def test_login_page_anonymous_is_sent_to_login(client, programme, world, name):
    url = reverse(f"programmes:{name}", args=[programme.slug])

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={url}"


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_page_member_of_the_programme_gets_404(member_client, programme, world, name):
    response = member_client.get(reverse(f"programmes:{name}", args=[programme.slug]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_page_staff_sees_it(staff_client, programme, world, name):
    response = staff_client.get(reverse(f"programmes:{name}", args=[programme.slug]))

    assert response.status_code == 200
    assert "Ignite Public" in response.content.decode("utf-8-sig")


@pytest.mark.parametrize(("name", "args", "data"), STAFF_ACTIONS, ids=ACTION_IDS)
def test_staff_action_outsider_gets_404_and_nothing_changes(
    outsider_client, programme, world, name, args, data
):
    before = _snapshot()

    response = outsider_client.post(
        reverse(f"programmes:{name}", args=args(programme, world)), data
    )

    assert response.status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize(("name", "args", "data"), STAFF_ACTIONS, ids=ACTION_IDS)
def test_staff_action_programme_member_gets_404_and_nothing_changes(
    member_client, programme, world, name, args, data
):
    before = _snapshot()

    response = member_client.post(reverse(f"programmes:{name}", args=args(programme, world)), data)

    assert response.status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize(("name", "args", "data"), STAFF_ACTIONS, ids=ACTION_IDS)
def test_staff_action_anonymous_is_sent_to_login_and_nothing_changes(
    client, programme, world, name, args, data
):
    url = reverse(f"programmes:{name}", args=args(programme, world))
    before = _snapshot()

    response = client.post(url, data)

    assert response.url == f"{LOGIN}?next={url}"
    assert _snapshot() == before


def test_staff_actions_of_another_programme_are_404(staff_client, programme, world):
    """Staff of one programme have no rights over another programme's rows."""
    other = ProgrammeFactory()
    foreign = ApplicationFactory(programme=other)
    before = _snapshot()

    for name in ("application_approve", "application_decline", "reminder_send"):
        url = reverse(f"programmes:{name}", args=[programme.slug, foreign.pk])
        assert staff_client.post(url, {"reason": "Nej."}).status_code == 404
        url = reverse(f"programmes:{name}", args=[other.slug, foreign.pk])
        assert staff_client.post(url, {"reason": "Nej."}).status_code == 404
    assert _snapshot() == before


def test_application_withdraw_outsider_gets_404_and_nothing_changes(
    outsider_client, programme, world
):
    url = reverse("programmes:application_withdraw", args=[programme.slug, world["member"].pk])
    before = _snapshot()

    assert outsider_client.post(url).status_code == 404
    assert _snapshot() == before


def test_application_withdraw_anonymous_is_sent_to_login(client, programme, world):
    url = reverse("programmes:application_withdraw", args=[programme.slug, world["member"].pk])

    assert client.post(url).url == f"{LOGIN}?next={url}"
    world["member"].refresh_from_db()
    assert world["member"].status == ApplicationStatus.APPROVED


def test_create_anonymous_is_sent_to_login(client):
    url = reverse("programmes:create")

    assert client.get(url).url == f"{LOGIN}?next={url}"
    assert client.post(url, _programme_data()).url == f"{LOGIN}?next={url}"
    assert not Programme.objects.exists()


## Public pages


def test_programme_list_is_public(client, programme, world):
    ProgrammeFactory(name_sv="Upphandlingsklara SMF i Gävleborg")

    response = client.get(reverse("programmes:list"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Ignite Public" in body
    assert "Upphandlingsklara SMF i Gävleborg" in body
    assert [p.member_count for p in response.context["programmes"]] == [1, 0]


def test_programme_page_anonymous_sees_members_but_not_secrets(client, programme, world):
    inventor = ApplicationFactory(programme=programme, organisation=None, approved=True)
    ProgrammeResourceFactory(programme=programme, title="Öppen guide", members_only=False)

    response = client.get(reverse("programmes:detail", args=[programme.slug]))

    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="/organisationer/{world["member"].organisation.slug}/"' in body
    assert "Solgläntan Energi AB" in body
    assert world["pending"].organisation.name not in body  # pending is not a member
    assert inventor.applicant.full_name not in body  # persons are counted, not named
    assert "Öppen guide" in body
    assert SECRET not in body
    assert reverse("programmes:apply", args=[programme.slug]) in body
    assert reverse("programmes:edit", args=[programme.slug]) not in body
    assert response.context["outcomes"].members_total == 2


def test_programme_page_shows_staff_links_only_to_staff(staff_client, member_client, programme):
    staff_body = staff_client.get(reverse("programmes:detail", args=[programme.slug]))
    member_body = member_client.get(reverse("programmes:detail", args=[programme.slug]))

    assert reverse("programmes:applications", args=[programme.slug]) in staff_body.content.decode()
    assert (
        reverse("programmes:applications", args=[programme.slug])
        not in member_body.content.decode()
    )


def test_programme_page_lists_its_published_events_coming_first(client, programme, intermediary):
    today = timezone.localdate()
    coming = EventFactory(
        programme=programme,
        organisers=[intermediary],
        title="Matchdag Ignite",
        date=today + datetime.timedelta(days=30),
    )
    soon = EventFactory(
        programme=programme,
        organisers=[intermediary],
        title="Workshop om skolmåltider",
        kind="workshop",
        date=today + datetime.timedelta(days=7),
    )
    past = EventFactory(
        programme=programme,
        organisers=[intermediary],
        title="Nätverksträff i höstas",
        date=today - datetime.timedelta(days=60),
    )
    EventFactory(
        programme=programme,
        organisers=[intermediary],
        title="Utkast till dialogmöte",
        status=EventStatus.DRAFT,
        date=today + datetime.timedelta(days=10),
    )
    EventFactory(title="Ett annat programs matchdag", date=today + datetime.timedelta(days=3))

    response = client.get(reverse("programmes:detail", args=[programme.slug]))

    body = response.content.decode()
    assert response.context["events_upcoming"] == [soon, coming]
    assert response.context["events_past"] == [past]
    assert f'href="{reverse("events:detail", args=[coming.slug])}"' in body
    assert body.index("Workshop om skolmåltider") < body.index("Matchdag Ignite")
    assert body.index("Matchdag Ignite") < body.index("Nätverksträff i höstas")
    assert "Utkast till dialogmöte" not in body  # a draft is the organisers' own
    assert "Ett annat programs matchdag" not in body


def test_programme_page_without_events_says_so(client, programme):
    response = client.get(reverse("programmes:detail", args=[programme.slug]))

    assert response.context["events_upcoming"] == []
    assert response.context["events_past"] == []
    message = gettext("No events yet. Matchdays and workshops of the programme will be shown here.")
    assert message in response.content.decode()


def test_programme_page_of_unknown_programme_is_404(client):
    assert client.get(reverse("programmes:detail", args=["finns-inte"])).status_code == 404


def test_programme_page_shows_outcomes(client, programme, buyer):
    ApplicationFactory(programme=programme, organisation=buyer, approved=True)
    ChallengeFactory(owners=[buyer], status="pilot", programme=programme)

    response = client.get(reverse("programmes:detail", args=[programme.slug]))

    outcomes = response.context["outcomes"]
    assert (outcomes.members_total, outcomes.pilots) == (1, 1)


## Creating and editing a programme


def test_create_page_for_non_intermediary_explains_who_may(outsider_client, intermediary):
    response = outsider_client.get(reverse("programmes:create"))
    posted = outsider_client.post(
        reverse("programmes:create"), _programme_data(owner=intermediary.slug)
    )

    assert response.status_code == 200
    assert (response.context["form"], posted.context["form"]) == (None, None)
    assert reverse("organisations:create") in response.content.decode()
    assert not Programme.objects.exists()


def test_create_by_intermediary_member_makes_the_programme(staff_client, intermediary):
    response = staff_client.post(
        reverse("programmes:create"),
        _programme_data(
            name_sv="Upphandlingsklara SMF",
            themes="Livsmedel\nBygg",
            questions="Vad säljer ni?\nHar ni lämnat anbud förut?",
            is_open_for_applications="on",
        ),
    )

    programme = Programme.objects.get()
    assert response.url == reverse("programmes:detail", args=[programme.slug])
    assert (programme.owner, programme.themes, programme.questions) == (
        intermediary,
        ["Livsmedel", "Bygg"],
        ["Vad säljer ni?", "Har ni lämnat anbud förut?"],
    )


def test_create_with_several_intermediaries_chooses_one_of_them(staff, intermediary):
    second = IntermediaryFactory(name="Region Gävleborgs innovationsnod")
    MembershipFactory(organisation=second, user=staff)
    foreign = IntermediaryFactory()
    client = _login(staff)

    refused = client.post(reverse("programmes:create"), _programme_data(owner=foreign.slug))
    client.post(reverse("programmes:create"), _programme_data(owner=second.slug))

    assert refused.status_code == 200
    assert "owner" in refused.context["form"].errors
    assert Programme.objects.get().owner == second


def test_edit_by_staff_saves(staff_client, programme):
    response = staff_client.post(
        reverse("programmes:edit", args=[programme.slug]),
        _programme_data(name_sv="Ignite Public 2026", questions="Ny fråga?"),
    )

    assert response.url == reverse("programmes:detail", args=[programme.slug])
    programme.refresh_from_db()
    assert (programme.name_sv, programme.questions, programme.is_open_for_applications) == (
        "Ignite Public 2026",
        ["Ny fråga?"],
        False,
    )


def test_edit_page_shows_the_current_values(staff_client, programme):
    response = staff_client.get(reverse("programmes:edit", args=[programme.slug]))

    body = response.content.decode()
    assert "Vilka utmaningar vill ni arbeta med?\nVem är er kontaktperson?" in body


def test_edit_adds_and_closes_rounds(staff_client, programme):
    staff_client.post(
        reverse("programmes:edit", args=[programme.slug]),
        {"add_cohort": "1", "name": "Hösten 2026", "starts_on": "2026-09-01", "is_open": "on"},
    )
    cohort = Cohort.objects.get(programme=programme)
    staff_client.post(reverse("programmes:cohort_toggle", args=[programme.slug, cohort.pk]))

    cohort.refresh_from_db()
    assert (cohort.name, cohort.is_open) == ("Hösten 2026", False)


## Applying


def _application_data(**overrides):
    return {
        "answer_0": "Äldreomsorg och skolmat.",
        "answer_1": "Anna Andersson",
        "agreement_accepted": "on",
        **overrides,
    }


def test_apply_new_municipality_applies_and_staff_approve(
    buyer_client, buyer, buyer_member, staff_client, programme
):
    response = buyer_client.post(
        reverse("programmes:apply", args=[programme.slug]),
        _application_data(applicant_as=str(buyer.pk)),
    )

    assert response.url == reverse("programmes:my_application", args=[programme.slug])
    application = Application.objects.get()
    assert (application.organisation, application.applicant, application.status) == (
        buyer,
        buyer_member,
        ApplicationStatus.PENDING,
    )
    listing = staff_client.get(reverse("programmes:applications", args=[programme.slug]))
    assert list(listing.context["pending"]) == [application]
    assert "Äldreomsorg och skolmat." in listing.content.decode()

    staff_client.post(
        reverse("programmes:application_approve", args=[programme.slug, application.pk])
    )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    page = buyer_client.get(reverse("programmes:detail", args=[programme.slug]))
    assert [group.members for group in page.context["member_groups"]] == [[application]]
    assert (
        buyer_client.get(reverse("programmes:resources", args=[programme.slug])).status_code == 200
    )


def test_apply_as_individual_inventor(outsider_client, outsider, programme):
    outsider_client.post(
        reverse("programmes:apply", args=[programme.slug]),
        _application_data(applicant_as=AS_INVENTOR),
    )

    application = Application.objects.get()
    assert (application.organisation, application.applicant, application.participant_kind) == (
        None,
        outsider,
        "inventor",
    )


def test_apply_for_another_organisation_is_refused(outsider_client, programme, buyer):
    response = outsider_client.post(
        reverse("programmes:apply", args=[programme.slug]),
        _application_data(applicant_as=str(buyer.pk)),
    )

    assert response.status_code == 200
    assert "applicant_as" in response.context["form"].errors
    assert not Application.objects.exists()


def test_apply_offers_only_own_organisations_and_not_the_owner(staff_client, staff, programme):
    own = BuyerFactory(name="Egen kommun")
    MembershipFactory(organisation=own, user=staff)
    BuyerFactory(name="Annan kommun")

    response = staff_client.get(reverse("programmes:apply", args=[programme.slug]))

    choices = [label for _value, label in response.context["form"].fields["applicant_as"].choices]
    assert choices[:-1] == ["Egen kommun"]


def test_apply_without_accepting_the_agreement_is_refused(buyer_client, buyer, programme):
    response = buyer_client.post(
        reverse("programmes:apply", args=[programme.slug]),
        _application_data(applicant_as=str(buyer.pk), agreement_accepted=""),
    )

    assert response.status_code == 200
    assert "agreement_accepted" in response.context["form"].errors
    assert not Application.objects.exists()


def test_apply_without_every_answer_is_refused(buyer_client, buyer, programme):
    response = buyer_client.post(
        reverse("programmes:apply", args=[programme.slug]),
        _application_data(applicant_as=str(buyer.pk), answer_1="  "),
    )

    assert "answer_1" in response.context["form"].errors
    assert not Application.objects.exists()


def test_apply_duplicate_is_refused_with_a_message_and_keeps_the_answers(
    buyer_client, buyer, programme
):
    first = ApplicationFactory(programme=programme, organisation=buyer)

    response = buyer_client.post(
        reverse("programmes:apply", args=[programme.slug]),
        _application_data(applicant_as=str(buyer.pk), answer_0="Ett nytt svar som inte försvinner"),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == [
        gettext(
            "%(name)s has already applied to %(programme)s; the application is waiting for a "
            "decision."
        )
        % {"name": buyer.name, "programme": programme.name}
    ]
    assert "Ett nytt svar som inte försvinner" in response.content.decode()
    assert list(Application.objects.all()) == [first]


def test_apply_to_a_closed_programme_is_refused(buyer_client, buyer, programme):
    programme.is_open_for_applications = False
    programme.save()

    get = buyer_client.get(reverse("programmes:apply", args=[programme.slug]))
    post = buyer_client.post(
        reverse("programmes:apply", args=[programme.slug]),
        _application_data(applicant_as=str(buyer.pk)),
    )

    assert (get.context["form"], post.context["form"]) == (None, None)
    assert not Application.objects.exists()


def test_apply_chooses_among_open_rounds(buyer_client, buyer, programme):
    CohortFactory(programme=programme, name="Stängd", is_open=False)
    spring = CohortFactory(programme=programme, name="Våren")
    CohortFactory(programme=programme, name="Hösten")

    missing = buyer_client.post(
        reverse("programmes:apply", args=[programme.slug]),
        _application_data(applicant_as=str(buyer.pk)),
    )
    buyer_client.post(
        reverse("programmes:apply", args=[programme.slug]),
        _application_data(applicant_as=str(buyer.pk), cohort=spring.pk),
    )

    assert "cohort" in missing.context["form"].errors
    offered = missing.context["form"].fields["cohort"].queryset
    assert {cohort.name for cohort in offered} == {"Våren", "Hösten"}
    assert Application.objects.get().cohort == spring


## The applicant's own application


def test_my_application_is_404_without_one(outsider_client, programme, world):
    assert (
        outsider_client.get(reverse("programmes:my_application", args=[programme.slug])).status_code
        == 404
    )


def test_declined_applicant_sees_reason_but_not_resources(buyer_client, programme, buyer, world):
    application = world["pending"]
    application.status = ApplicationStatus.DECLINED
    application.decision_reason = "Vi tar bara in kommuner i Stockholms län."
    application.save()

    own = buyer_client.get(reverse("programmes:my_application", args=[programme.slug]))
    resources = buyer_client.get(reverse("programmes:resources", args=[programme.slug]))

    assert own.context["applications"] == [application]
    assert "Vi tar bara in kommuner i Stockholms län." in own.content.decode()
    assert resources.status_code == 404
    assert SECRET not in resources.content.decode()


def test_my_application_does_not_show_others_applications(buyer_client, programme, world):
    response = buyer_client.get(reverse("programmes:my_application", args=[programme.slug]))

    assert response.context["applications"] == [world["pending"]]
    assert "Solgläntan Energi AB" not in response.content.decode()


def test_applicant_withdraws_a_pending_application(buyer_client, programme, world):
    buyer_client.post(
        reverse("programmes:application_withdraw", args=[programme.slug, world["pending"].pk])
    )

    world["pending"].refresh_from_db()
    assert world["pending"].status == ApplicationStatus.WITHDRAWN


## Staff decide


def test_decline_needs_a_reason(staff_client, programme, world):
    staff_client.post(
        reverse("programmes:application_decline", args=[programme.slug, world["pending"].pk]),
        {"reason": ""},
    )

    world["pending"].refresh_from_db()
    assert world["pending"].status == ApplicationStatus.PENDING


def test_decline_with_reason(staff_client, staff, programme, world):
    response = staff_client.post(
        reverse("programmes:application_decline", args=[programme.slug, world["pending"].pk]),
        {"reason": "Programmet är fullt."},
    )

    world["pending"].refresh_from_db()
    assert (world["pending"].status, world["pending"].decision_reason) == (
        ApplicationStatus.DECLINED,
        "Programmet är fullt.",
    )
    assert world["pending"].decided_by == staff
    assert response.url == reverse("programmes:applications", args=[programme.slug])


def test_approve_without_accepted_agreement_is_refused(staff_client, programme, world):
    application = world["pending"]
    application.agreement_accepted_at = None
    application.save()

    response = staff_client.post(
        reverse("programmes:application_approve", args=[programme.slug, application.pk])
    )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    assert _messages(response) == [
        gettext("The applicant has not accepted the participation agreement.")
    ]


## Resources


def test_resources_member_sees_them_but_cannot_add(member_client, programme, world):
    response = member_client.get(reverse("programmes:resources", args=[programme.slug]))

    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert response.context["form"] is None


def test_resources_staff_add_and_delete(staff_client, programme, world):
    staff_client.post(
        reverse("programmes:resources", args=[programme.slug]),
        {"title": "Inspelning av matchdagen", "kind": "recording", "url": "https://example.se/v"},
    )
    added = ProgrammeResource.objects.get(title="Inspelning av matchdagen")
    assert added.members_only is False  # an unticked box is a public resource

    staff_client.post(
        reverse("programmes:resource_delete", args=[programme.slug, world["resource"].pk])
    )

    assert set(ProgrammeResource.objects.values_list("title", flat=True)) == {
        "Inspelning av matchdagen"
    }


## Reminders and the report


def test_reminders_lists_members_to_nudge_and_sends_one(
    staff_client, programme, world, organisation, owner
):
    page = staff_client.get(reverse("programmes:reminders", args=[programme.slug]))
    [nudge] = page.context["nudges"]
    assert nudge.application == world["member"]

    staff_client.post(
        reverse("programmes:reminder_send", args=[programme.slug, nudge.application.pk])
    )

    reminder = Reminder.objects.get()
    assert (reminder.application, reminder.programme) == (world["member"], programme)
    assert [message.to for message in mail.outbox] == [[owner.email]]
    again = staff_client.get(reverse("programmes:reminders", args=[programme.slug]))
    assert again.context["nudges"][0].last_reminded_at == reminder.sent_at


def test_report_csv_has_figures_and_members(staff_client, programme, world):
    response = staff_client.get(reverse("programmes:report_csv", args=[programme.slug]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    member = world["member"]
    assert rows[0][0] == "Ignite Public"
    assert [gettext("Members in total"), "1"] in rows
    assert rows[-1] == [
        "Solgläntan Energi AB",
        str(member.get_participant_kind_display()),
        "",
        member.decided_at.date().isoformat(),
    ]


def test_report_csv_never_writes_a_formula(staff_client, programme):
    ApplicationFactory(
        programme=programme, organisation=OrganisationFactory(name="=HYPERLINK(1)"), approved=True
    )

    response = staff_client.get(reverse("programmes:report_csv", args=[programme.slug]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[-1][0] == "'=HYPERLINK(1)"


## Query counts


@pytest.mark.parametrize("item_count", [1, 3])
def test_programme_list_query_count_is_constant(client, django_assert_num_queries, item_count):
    for _ in range(item_count):
        ApplicationFactory(approved=True)

    with django_assert_num_queries(1):
        response = client.get(reverse("programmes:list"))

    assert len(response.context["programmes"]) == item_count


@pytest.mark.parametrize("item_count", [1, 3])
def test_programme_page_query_count_is_constant(
    client, programme, django_assert_num_queries, item_count
):
    for _ in range(item_count):
        ApplicationFactory(
            programme=programme, approved=True, cohort=CohortFactory(programme=programme)
        )
        ApplicationFactory(programme=programme, organisation=OrganisationFactory(), approved=True)
        ProgrammeResourceFactory(programme=programme, members_only=False)
        EventFactory(programme=programme)

    # programme, members, 6 for the outcomes, public resources, open rounds, events
    with django_assert_num_queries(11):
        response = client.get(reverse("programmes:detail", args=[programme.slug]))

    assert response.context["outcomes"].members_total == 2 * item_count


@pytest.mark.parametrize("item_count", [1, 3])
def test_programme_page_logged_in_query_count_is_constant(
    member_client, programme, membership, django_assert_num_queries, item_count
):
    for _ in range(item_count):
        ApplicationFactory(programme=programme, approved=True)
        EventFactory(programme=programme)

    # + session, user and the viewer's own applications
    with django_assert_num_queries(14):
        member_client.get(reverse("programmes:detail", args=[programme.slug]))


@pytest.mark.parametrize("item_count", [1, 3])
def test_applications_page_query_count_is_constant(
    staff_client, programme, django_assert_num_queries, item_count
):
    for _ in range(item_count):
        ApplicationFactory(programme=programme, cohort=CohortFactory(programme=programme))
        ApplicationFactory(programme=programme, declined=True)

    # session, user, programme, pending, decided
    with django_assert_num_queries(5):
        response = staff_client.get(reverse("programmes:applications", args=[programme.slug]))

    assert len(response.context["pending"]) == item_count


@pytest.mark.parametrize("item_count", [1, 3])
def test_reminders_page_query_count_is_constant(
    staff_client, programme, django_assert_num_queries, item_count
):
    for _ in range(item_count):
        ApplicationFactory(programme=programme, approved=True)

    # session, user, programme, the nudge list
    with django_assert_num_queries(4):
        response = staff_client.get(reverse("programmes:reminders", args=[programme.slug]))

    assert len(response.context["nudges"]) == item_count


def test_public_page_does_not_count_confidential_challenges(client, programme, buyer):
    from arena.needs.enums import Visibility

    ApplicationFactory(programme=programme, organisation=buyer, approved=True)
    ChallengeFactory(
        owners=[buyer], status="pilot", programme=programme, visibility=Visibility.CONFIDENTIAL
    )
    outcomes = client.get(reverse("programmes:detail", args=[programme.slug])).context["outcomes"]
    assert outcomes.pilots == 0


def test_former_member_cannot_see_or_withdraw_the_organisations_membership(
    client, programme, buyer, buyer_member
):
    from arena.organisations.models import Membership
    from arena.programmes.models import Application

    application = ApplicationFactory(
        programme=programme, organisation=buyer, applicant=buyer_member, approved=True
    )
    Membership.objects.filter(user=buyer_member, organisation=buyer).delete()
    client.force_login(buyer_member)
    assert (
        client.get(reverse("programmes:my_application", args=[programme.slug])).status_code == 404
    )
    client.post(reverse("programmes:application_withdraw", args=[programme.slug, application.pk]))
    assert Application.objects.get(pk=application.pk).status == "approved"


def test_programme_dates_outside_sane_range_are_refused(staff_client, programme):
    response = staff_client.post(
        reverse("programmes:edit", args=[programme.slug]),
        {"name_sv": "X", "starts_on": "0001-01-01"},
    )
    assert response.status_code == 200
    assert "starts_on" in response.context["form"].errors
