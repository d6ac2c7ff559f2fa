import csv
import datetime
import io
import json
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arena.events.enums import EventKind
from arena.events.models import Pitch
from arena.needs.enums import ChallengeStatus, Visibility
from arena.opendata import selectors
from arena.organisations.enums import MembershipRole
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.impact import dated_challenge
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.pilots import GroupMemberFactory, KpiFactory, PilotFactory, ProjectGroupFactory
from tests.factories.reference import CpvCodeFactory
from tests.factories.supply import ContactPersonFactory

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "arena"
RELEASE_SCHEMA = SRC / "notices" / "data" / "ocds" / "release-schema.json"
PACKAGE_SCHEMA = SRC / "opendata" / "data" / "release-package-schema.json"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


@pytest.fixture
def published(db):
    """A public challenge with a dialogue and an evaluated pilot, and everything that must stay out."""
    buyer = BuyerFactory(name="Malmö stad")
    person = MembershipFactory(organisation=buyer, role=MembershipRole.ADMIN).user
    company = OrganisationFactory(name="Hemliga Bolaget AB")
    contact = ContactPersonFactory(company=company)
    cpv = CpvCodeFactory(code="90500000", check_digit="2", label_sv="Avfallstjänster")
    challenge = dated_challenge(
        published=datetime.date(2026, 2, 1),
        owners=[buyer],
        budget_min=100_000,
        budget_max=400_000,
        problem="Matsvinnet är stort. Kontakt: kalle.anka@malmo.se",
    )
    challenge.cpv_codes.set([cpv])
    event = EventFactory(kind=EventKind.BUSINESS_DIALOGUE, title="Affärsdialog om matsvinn")
    Pitch.objects.create(
        event=event,
        registration=RegistrationFactory(event=event, organisation=company),
        title="Vår våg",
        challenge=challenge,
    )
    group = ProjectGroupFactory(challenge=challenge, companies=[company])
    GroupMemberFactory(group=group, user=person, organisation=buyer)
    pilot = PilotFactory(
        group=group,
        status="evaluated",
        route="innovation_partnership",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 6, 1),
        evaluation_report="Anna Svensson tyckte att det gick bra.",
    )
    KpiFactory(pilot=pilot, measured=35)
    PilotFactory(group=group, status="running", title="Pågående pilot")
    hidden = [
        ChallengeFactory(
            owners=[buyer], visibility=Visibility.CONFIDENTIAL, title_sv="Konfidentiell X"
        ),
        ChallengeFactory(
            owners=[buyer], visibility=Visibility.NETWORK, title_sv="Nätverksintern Y"
        ),
        ChallengeFactory(owners=[buyer], status=ChallengeStatus.DRAFT, title_sv="Utkast Z"),
    ]
    return {
        "challenge": challenge,
        "person": person,
        "company": company,
        "contact": contact,
        "hidden": hidden,
    }


def _package(client=None) -> dict:
    response = (client or Client()).get(reverse("opendata:releases"))
    assert response.status_code == 200
    assert response.streaming
    return json.loads(b"".join(response.streaming_content))


def schema_validator():
    """The OCDS package schema with its reference to the release schema resolved offline."""
    import jsonschema
    import referencing
    import referencing.jsonschema

    release_schema = json.loads(RELEASE_SCHEMA.read_text())
    package_schema = json.loads(PACKAGE_SCHEMA.read_text())
    registry = referencing.Registry().with_resource(
        release_schema["id"],
        referencing.Resource.from_contents(
            release_schema, default_specification=referencing.jsonschema.DRAFT4
        ),
    )
    return jsonschema.Draft4Validator(
        package_schema, registry=registry, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def test_release_package_validates_against_ocds_schema(published):
    package = _package()

    errors = sorted(schema_validator().iter_errors(package), key=lambda error: list(error.path))

    assert [f"{list(error.path)}: {error.message}" for error in errors] == []
    assert len(package["releases"]) == 1


def test_release_is_a_planning_release_with_buyer_cpv_budget_and_links(published):
    release = _package()["releases"][0]
    challenge = published["challenge"]

    assert release["ocid"] == f"ocds-arena00-{challenge.pk}"
    assert release["tag"] == ["planning"]
    assert release["buyer"]["name"] == "Malmö stad"
    assert release["parties"][0]["roles"] == ["buyer"]
    assert release["parties"][0]["identifier"]["scheme"] == "SE-BLV"
    assert release["planning"]["budget"]["amount"] == {"amount": 400_000, "currency": "SEK"}
    assert "Matsvinnet är stort." in release["planning"]["rationale"]
    assert release["tender"]["items"][0]["classification"] == {
        "scheme": "CPV",
        "id": "90500000",
        "description": "Avfallstjänster",
    }
    assert release["planning"]["documents"][0]["url"].endswith(f"/utmaningar/{challenge.slug}/")
    kinds = [milestone["type"] for milestone in release["planning"]["milestones"]]
    assert kinds == ["engagement", "assessment"]
    assert "35.0" in release["planning"]["milestones"][1]["description"]


def test_ocid_prefix_comes_from_the_setting(published, settings):
    settings.ARENA_OCID_PREFIX = "ocds-abc123"

    release = _package()["releases"][0]

    assert release["ocid"] == f"ocds-abc123-{published['challenge'].pk}"


def test_nothing_confidential_network_only_or_draft_appears(published):
    json_text = json.dumps(_package(), ensure_ascii=False)
    csv_text = b"".join(Client().get(reverse("opendata:challenges_csv")).streaming_content).decode()

    for challenge in published["hidden"]:
        for text in (json_text, csv_text):
            assert challenge.title_sv not in text
            assert challenge.slug not in text
            assert f'ocds-arena00-{challenge.pk}"' not in text


def test_no_personal_data_appears(published):
    json_text = json.dumps(_package(), ensure_ascii=False)
    csv_text = b"".join(Client().get(reverse("opendata:challenges_csv")).streaming_content).decode()
    person = published["person"]

    for text in (json_text, csv_text):
        assert EMAIL.search(text) is None
        assert person.full_name not in text
        assert published["contact"].name not in text
        assert "Anna Svensson" not in text
        assert published["company"].name not in text
        assert "Pågående pilot" not in text


def test_logged_in_owner_gets_the_same_public_data(published):
    client = Client()
    client.force_login(published["person"])

    assert len(_package(client)["releases"]) == 1


def test_csv_has_header_and_one_row_per_public_challenge(published):
    response = Client().get(reverse("opendata:challenges_csv"))

    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["ocid", "title_sv", "title_en"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["buyers"] == "Malmö stad"
    assert row["cpv"] == "90500000"
    assert row["market_dialogues"] == "1"
    assert row["evaluated_pilots"] == "1"


def test_exports_stream_in_chunks(published, monkeypatch):
    monkeypatch.setattr(selectors, "CHUNK_SIZE", 2)
    buyer = BuyerFactory()
    for day in range(1, 8):
        dated_challenge(published=datetime.date(2026, 3, day), owners=[buyer])
    response = Client().get(reverse("opendata:releases"))
    chunks = iter(response.streaming_content)

    with CaptureQueriesContext(connection) as head:
        next(chunks)
        next(chunks)
    with CaptureQueriesContext(connection) as rest:
        remaining = list(chunks)

    # Eight releases in chunks of two: the first release needs only the first chunk's queries.
    assert len(remaining) == 8
    assert len(rest) > len(head) > 0


def test_export_query_count_does_not_grow_per_row(published, django_assert_max_num_queries):
    buyer = BuyerFactory()
    for day in range(1, 30):
        dated_challenge(published=datetime.date(2026, 3, day), owners=[buyer])

    with django_assert_max_num_queries(20):
        b"".join(Client().get(reverse("opendata:releases")).streaming_content)


def test_index_page_links_the_data_and_the_licence(published):
    response = Client().get(reverse("opendata:index"))

    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("opendata:releases") in html
    assert reverse("opendata:challenges_csv") in html
    assert "creativecommons.org/publicdomain/zero/1.0/" in html


def test_schema_check_reaches_into_the_releases(published):
    package = _package()
    package["releases"][0]["tag"] = "planning"
    package["releases"][0]["planning"]["budget"]["amount"]["currency"] = "kronor"

    messages = [error.message for error in schema_validator().iter_errors(package)]

    assert len(messages) >= 2
