"""The pipeline pages: the funnel from challenge to contract per organisation and per programme.

Personas from the conftests: `organisation` owns `challenge` (with `owner` and `member`), the
`startup` is the company in `group`, whose `pilot` is planned; the `outsider` has no tie.
"""

import datetime
import re

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from arena.events.enums import OutcomeResult, Side
from arena.events.models import MeetingOutcome
from arena.needs.enums import ChallengeStatus, Visibility
from arena.needs.models import ChallengeAccess
from arena.pilots import selectors
from arena.pilots.enums import PilotStatus
from tests.e2e.conftest import browser_context, live_url, login_as, page  # noqa: F401
from tests.e2e.test_browser import assert_no_serious_axe_violations, assert_stylesheet_applied
from tests.factories.events import EventFactory, MeetingFactory, RegistrationFactory
from tests.factories.matches import SuggestionFactory
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.pilots import PilotFactory, ProjectGroupFactory
from tests.factories.programmes import IntermediaryFactory, ProgrammeFactory
from tests.factories.supply import SolutionFactory

pytestmark = pytest.mark.django_db

FUNNEL = [
    "challenges",
    "matched",
    "meetings",
    "promising",
    "groups",
    "pilots",
    "procurements",
    "contracts",
]


def _org_url(organisation) -> str:
    return reverse("pilots:organisation_pipeline", kwargs={"slug": organisation.slug})


def _programme_url(programme) -> str:
    return reverse("pilots:programme_pipeline", kwargs={"slug": programme.slug})


def _counts(pipeline) -> dict[str, int]:
    return {stage.key: stage.count for stage in pipeline.stages}


def _statuses(pipeline) -> dict[str, int]:
    return {stage.key: stage.count for stage in pipeline.pilots_by_status}


def _page_counts(html: str, prefix: str = "stage") -> dict[str, int]:
    """The numbers as the table shows them, row by row."""
    rows = re.findall(
        rf'data-testid="{prefix}-([a-z_]+)">.*?data-testid="count">(\d+)<', html, flags=re.S
    )
    return {key: int(count) for key, count in rows}


def _evaluated(pilot, days_ago: int):
    pilot.status = PilotStatus.EVALUATED
    pilot.status_changed_at = timezone.now() - datetime.timedelta(days=days_ago)
    pilot.save()
    return pilot


def _outcome(meeting, registration, result):
    return MeetingOutcome.objects.create(
        meeting=meeting, registration=registration, result=result, rating=4
    )


def _meeting(buyer_org, company_org, *, event=None, published=True):
    event = event or EventFactory()
    meeting = MeetingFactory(
        buyer=RegistrationFactory(event=event, organisation=buyer_org, side=Side.BUYER),
        company=RegistrationFactory(event=event, organisation=company_org, side=Side.COMPANY),
        is_published=published,
        slot=event.meetings.count(),
    )
    return meeting


@pytest.fixture
def funnel_data(organisation, challenge, startup, group, pilot, settings):
    """The organisation's figures: see each line for what counts and what does not."""
    settings.ARENA_PILOT_GRAVEYARD_DAYS = 30
    # Challenges: `challenge` (published) and one in dialogue count; a draft does not.
    in_dialogue = ChallengeFactory(owners=[organisation], status=ChallengeStatus.IN_DIALOGUE)
    draft = ChallengeFactory(owners=[organisation], status=ChallengeStatus.DRAFT)
    ChallengeFactory()  # Another buyer's.
    # Matches: a published solution on the challenge in dialogue; a draft one does not count,
    # nor does a match on the draft challenge.
    SuggestionFactory(challenge=in_dialogue)
    SuggestionFactory(challenge=challenge, solution=SolutionFactory())
    SuggestionFactory(challenge=draft)
    # Meetings: two published ones; the first with our follow-up, the second with our "no fit"
    # (the company's "pilot" there is theirs, not ours); an unpublished one does not count.
    first = _meeting(organisation, startup)
    _outcome(first, first.buyer, OutcomeResult.FOLLOW_UP)
    second = _meeting(organisation, OrganisationFactory())
    _outcome(second, second.buyer, OutcomeResult.NO_FIT)
    _outcome(second, second.company, OutcomeResult.PILOT)
    _meeting(organisation, OrganisationFactory(), published=False)
    _meeting(BuyerFactory(), startup)  # Others' meeting.
    # Groups: `group`, plus one on another buyer's challenge; pilots: `pilot` (planned), one
    # evaluated long ago (stalled), one with a procurement and a contract.
    ProjectGroupFactory()
    stalled = _evaluated(PilotFactory(group=group, title="Bortglömd pilot"), days_ago=60)
    PilotFactory(
        group=group,
        status=PilotStatus.PROCUREMENT_DECIDED,
        notice_id="2026/S 123-456789",
        contract_date=datetime.date(2026, 10, 1),
    )
    PilotFactory(title="Någon annans pilot")
    return {"stalled": stalled}


def test_member_sees_the_organisations_funnel(member_client: Client, organisation, funnel_data):
    response = member_client.get(_org_url(organisation))

    assert response.status_code == 200
    pipeline = response.context["pipeline"]
    expected = {
        "challenges": 2,
        "matched": 1,
        "meetings": 2,
        "promising": 1,
        "groups": 1,
        "pilots": 3,
        "procurements": 1,
        "contracts": 1,
    }
    assert _counts(pipeline) == expected
    assert [stage.key for stage in pipeline.stages] == FUNNEL
    assert _statuses(pipeline) == {
        "planned": 1,
        "running": 0,
        "evaluated": 1,
        "procurement_decided": 1,
        "closed": 0,
    }
    assert pipeline.stalled == [funnel_data["stalled"]]
    html = response.content.decode()
    assert _page_counts(html) == expected
    assert _page_counts(html, "status")["evaluated"] == 1
    assert funnel_data["stalled"].title in html
    assert reverse("pilots:pilot", kwargs={"pk": funnel_data["stalled"].pk}) in html
    assert "Någon annans pilot" not in html


def test_conversion_and_bars(owner, organisation, funnel_data):
    pipeline = selectors.organisation_pipeline(slug=organisation.slug, user=owner)
    stages = {stage.key: stage for stage in pipeline.stages}

    assert stages["challenges"].conversion is None
    assert stages["matched"].conversion == 50  # 1 of 2
    assert stages["meetings"].conversion == 200  # 2 after 1: not a subset, shown as it is
    assert stages["pilots"].conversion == 300  # 3 pilots in 1 group
    assert stages["procurements"].conversion == 33  # 1 of 3
    # The largest figure has the full bar; the others in steps of 5 %, rounded up.
    assert stages["pilots"].bar == 100
    assert stages["challenges"].bar == 70  # 2/3 = 66.7 %
    assert stages["contracts"].bar == 35  # 1/3 = 33.3 %


def test_conversion_after_an_empty_stage_is_not_shown(member_client: Client, organisation):
    pipeline = member_client.get(_org_url(organisation)).context["pipeline"]

    assert all(stage.count == 0 for stage in pipeline.stages)
    assert all(stage.conversion is None for stage in pipeline.stages)
    assert all(stage.bar == 0 for stage in pipeline.stages)


def test_bars_are_classes_not_inline_styles(member_client: Client, organisation, funnel_data):
    html = member_client.get(_org_url(organisation)).content.decode()

    assert 'class="pipeline-bar pipeline-bar--100"' in html
    assert "style=" not in html
    assert html.count('<th scope="row">') == len(FUNNEL) + len(PilotStatus)


def test_company_side_sees_its_groups_and_pilots(founder_client: Client, startup, pilot):
    response = founder_client.get(_org_url(startup))

    assert response.status_code == 200
    counts = _counts(response.context["pipeline"])
    assert counts["challenges"] == 0
    assert counts["groups"] == 1
    assert counts["pilots"] == 1


def test_outsider_and_anonymous_get_no_organisation_pipeline(
    outsider_client: Client, client: Client, organisation, funnel_data
):
    assert outsider_client.get(_org_url(organisation)).status_code == 404
    missing = reverse("pilots:organisation_pipeline", kwargs={"slug": "finns-inte"})
    assert outsider_client.get(missing).status_code == 404
    response = client.get(_org_url(organisation))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


## Programmes


@pytest.fixture
def operator_org(db):
    return IntermediaryFactory(name="Ignite Sverige", slug="ignite-sverige")


@pytest.fixture
def operator(operator_org):
    return MembershipFactory(organisation=operator_org).user


@pytest.fixture
def operator_client(operator):
    client = Client()
    client.force_login(operator)
    return client


@pytest.fixture
def programme(operator_org):
    return ProgrammeFactory(owner=operator_org, slug="ignite-public")


def _challenge_with_pilot(programme, *, title: str, notice_id: str = "", **challenge_fields):
    challenge = ChallengeFactory(programme=programme, **challenge_fields)
    SuggestionFactory(challenge=challenge)
    pilot = PilotFactory(group=ProjectGroupFactory(challenge=challenge), title=title)
    pilot.notice_id = notice_id
    pilot.save()
    return _evaluated(pilot, days_ago=200)


@pytest.fixture
def programme_data(programme, operator_org, challenge, pilot, settings):
    settings.ARENA_PILOT_GRAVEYARD_DAYS = 30
    # Counted: `challenge` (public, with `pilot`, planned) and the operator's own confidential one.
    challenge.programme = programme
    challenge.save()
    own = _challenge_with_pilot(
        programme,
        title="Egen konfidentiell pilot",
        owners=[operator_org],
        visibility=Visibility.CONFIDENTIAL,
    )
    # Never counted: another buyer's confidential challenge, a network-only one the operator
    # shares no network with, and a draft; nor a challenge of no programme.
    _challenge_with_pilot(
        programme,
        title="Hemlig pilot",
        notice_id="HEMLIG-1",
        visibility=Visibility.CONFIDENTIAL,
    )
    # Even with the NDA accepted by the operator, another buyer's confidential challenge stays out.
    ChallengeAccess.objects.create(
        challenge=_challenge_with_pilot(
            programme, title="Pilot under NDA", visibility=Visibility.CONFIDENTIAL
        ).group.challenge,
        organisation=operator_org,
        nda_accepted_at=timezone.now(),
    )
    _challenge_with_pilot(programme, title="Nätverkspilot", visibility=Visibility.NETWORK)
    _challenge_with_pilot(programme, title="Utkastpilot", status=ChallengeStatus.DRAFT)
    _challenge_with_pilot(None, title="Pilot utan program")
    # Meetings at the programme's events count; those at other events do not.
    event = EventFactory(programme=programme)
    held = _meeting(BuyerFactory(), OrganisationFactory(), event=event)
    _outcome(held, held.company, OutcomeResult.PILOT)
    _meeting(BuyerFactory(), OrganisationFactory(), event=event)
    _meeting(BuyerFactory(), OrganisationFactory(), event=event, published=False)
    elsewhere = _meeting(BuyerFactory(), OrganisationFactory())
    _outcome(elsewhere, elsewhere.buyer, OutcomeResult.FOLLOW_UP)
    return {"own": own}


def test_operator_sees_the_programme_funnel_without_others_confidential_challenges(
    operator_client: Client, programme, programme_data, pilot
):
    _evaluated(pilot, days_ago=100)
    response = operator_client.get(_programme_url(programme))

    assert response.status_code == 200
    pipeline = response.context["pipeline"]
    expected = {
        "challenges": 2,
        "matched": 1,
        "meetings": 2,
        "promising": 1,
        "groups": 2,
        "pilots": 2,
        "procurements": 0,
        "contracts": 0,
    }
    assert _counts(pipeline) == expected
    assert _statuses(pipeline)["planned"] == 0
    assert _statuses(pipeline)["evaluated"] == 2
    assert pipeline.stalled == [programme_data["own"], pilot]
    html = response.content.decode()
    assert _page_counts(html) == expected
    hidden_titles = (
        "Hemlig pilot",
        "Pilot under NDA",
        "Nätverkspilot",
        "Utkastpilot",
        "Pilot utan program",
    )
    for hidden in hidden_titles:
        assert hidden not in html
    # The operator opens the pilot on its own challenge; of the other it sees only the title.
    assert reverse("pilots:pilot", kwargs={"pk": programme_data["own"].pk}) in html
    assert pilot.title in html
    assert reverse("pilots:pilot", kwargs={"pk": pilot.pk}) not in html


def test_programme_pipeline_is_404_for_others(
    owner_client: Client,
    outsider_client: Client,
    client: Client,
    programme,
    programme_data,
):
    # `owner` runs a challenge in the programme, but not the programme itself.
    assert owner_client.get(_programme_url(programme)).status_code == 404
    assert outsider_client.get(_programme_url(programme)).status_code == 404
    response = client.get(_programme_url(programme))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_operator_has_no_pipeline_of_a_challenge_owner(
    operator_client: Client, organisation, programme_data
):
    assert operator_client.get(_org_url(organisation)).status_code == 404


## Links and queries


def test_my_pilots_links_to_every_pipeline_of_the_person(
    operator, operator_org, programme, organisation
):
    MembershipFactory(organisation=organisation, user=operator)
    other = ProgrammeFactory(owner=operator_org, slug="ignite-two")
    client = Client()
    client.force_login(operator)

    html = client.get(reverse("pilots:mine")).content.decode()

    assert 'data-testid="pipelines"' in html
    for url in (_org_url(organisation), _org_url(operator_org)):
        assert url in html
    for url in (_programme_url(programme), _programme_url(other)):
        assert url in html


def test_my_pilots_links_nothing_else(owner_client: Client, organisation, programme):
    html = owner_client.get(reverse("pilots:mine")).content.decode()

    assert _org_url(organisation) in html
    assert _programme_url(programme) not in html


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more_organisation_data(organisation, startup, group):
    challenge = ChallengeFactory(owners=[organisation])
    SuggestionFactory(challenge=challenge)
    meeting = _meeting(organisation, startup)
    _outcome(meeting, meeting.buyer, OutcomeResult.PILOT)
    more = ProjectGroupFactory(challenge=challenge, companies=[startup])
    _evaluated(PilotFactory(group=more), days_ago=100)
    _evaluated(PilotFactory(group=group), days_ago=100)


def test_organisation_pipeline_query_count_does_not_grow(
    owner_client: Client, organisation, startup, group, funnel_data
):
    url = _org_url(organisation)
    before = _queries(owner_client, url)
    for _ in range(3):
        _more_organisation_data(organisation, startup, group)

    after = _queries(owner_client, url)

    assert after == before
    assert after <= 8  # session, user, the page's subject and five reads
    assert len(owner_client.get(url).context["pipeline"].stalled) == 7


def test_programme_pipeline_query_count_does_not_grow(
    operator_client: Client, programme, programme_data
):
    url = _programme_url(programme)
    before = _queries(operator_client, url)
    for n in range(3):
        _challenge_with_pilot(programme, title=f"Ny pilot {n}")
        held = _meeting(
            BuyerFactory(), OrganisationFactory(), event=EventFactory(programme=programme)
        )
        _outcome(held, held.buyer, OutcomeResult.FOLLOW_UP)

    after = _queries(operator_client, url)

    assert after == before
    assert after <= 8  # session, user, the page's subject and five reads
    assert len(operator_client.get(url).context["pipeline"].stalled) == 4


## In the browser: axe on both pages, in both languages.


@pytest.mark.e2e
@pytest.mark.parametrize("language", ["sv", "en"])
def test_pipeline_pages_pass_axe(request, transactional_db, language, settings):
    # The browser fixtures are imported above from tests/e2e; asked for by name, not shadowed.
    browser = request.getfixturevalue("page")
    log_in = request.getfixturevalue("login_as")
    base_url = request.getfixturevalue("live_url")
    settings.ARENA_PILOT_GRAVEYARD_DAYS = 30
    request.getfixturevalue("browser_context").add_cookies(
        [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
    )
    operator_org = IntermediaryFactory()
    programme = ProgrammeFactory(owner=operator_org)
    buyer = BuyerFactory()
    person = MembershipFactory(organisation=buyer).user
    MembershipFactory(organisation=operator_org, user=person)
    _challenge_with_pilot(programme, title="Smarta vågar", owners=[buyer])
    log_in(person)

    for url in (reverse("pilots:mine"), _org_url(buyer), _programme_url(programme)):
        browser.goto(url)
        assert_stylesheet_applied(browser)
        assert_no_serious_axe_violations(browser)


def test_company_pipeline_never_names_a_confidential_challenge_it_cannot_read(
    startup, challenge, group, pilot, settings
):
    """A colleague of the company contact, outside the group and without an NDA, sees no title."""
    settings.ARENA_PILOT_GRAVEYARD_DAYS = 30
    challenge.visibility = Visibility.CONFIDENTIAL
    challenge.save()
    pilot.status = PilotStatus.EVALUATED
    pilot.status_changed_at = timezone.now() - datetime.timedelta(days=45)
    pilot.save()
    colleague = MembershipFactory(organisation=startup).user
    client = Client()
    client.force_login(colleague)

    response = client.get(_org_url(startup))

    assert response.status_code == 200
    assert response.context["pipeline"].stalled == []
    html = response.content.decode()
    assert challenge.title not in html
    assert pilot.title not in html
