"""Abuse of the privacy pages: reserved addresses, unverified addresses, guessing, namesakes."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arena.accounts.models import User
from arena.events.models import LogEntry
from arena.networks.models import NetworkLogEntry
from arena.organisations.models import Invitation
from arena.privacy.inventory import PLACEHOLDER_EMAIL
from arena.programmes.models import Application
from arena.supply.models import ContactPerson
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.events import EventFactory
from tests.factories.networks import NetworkFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.programmes import ApplicationFactory
from tests.factories.supply import ContactPersonFactory

pytestmark = pytest.mark.django_db


ATTACKER_PASSWORD = "Xq7-unguessable-pass"


def _signup_as_placeholder(client) -> None:
    response = client.post(
        reverse("accounts:signup"),
        {
            "full_name": "Mallory",
            "email": PLACEHOLDER_EMAIL,
            "password1": ATTACKER_PASSWORD,
            "password2": ATTACKER_PASSWORD,
        },
    )
    assert response.status_code == 200, "sign-up accepted the reserved placeholder address"


def test_signup_with_placeholder_address_is_refused(client):
    _signup_as_placeholder(client)
    assert not User.objects.filter(email=PLACEHOLDER_EMAIL, is_active=True).exists()


def test_deleted_persons_records_never_reach_a_loginable_account(client):
    # The attacker registers the placeholder address on a fresh installation.
    attacker_client = client
    attacker_client.post(
        reverse("accounts:signup"),
        {
            "full_name": "Mallory",
            "email": PLACEHOLDER_EMAIL,
            "password1": ATTACKER_PASSWORD,
            "password2": ATTACKER_PASSWORD,
        },
    )
    # A victim with an organisation application (questions and private answers) deletes the account.
    victim = UserFactory()
    company = OrganisationFactory()
    MembershipFactory(organisation=company, user=victim, role="admin")
    MembershipFactory(organisation=company, role="admin")
    application = ApplicationFactory(organisation=company, applicant=victim)
    Application.objects.filter(pk=application.pk).update(answers=["HEMLIGT SVAR om budget"])

    victim_client = Client()
    victim_client.force_login(victim)
    assert (
        victim_client.post(reverse("privacy:delete"), {"confirmation": PASSWORD}).status_code == 302
    )

    placeholder = User.objects.get(email=PLACEHOLDER_EMAIL)
    application.refresh_from_db()
    assert application.applicant_id == placeholder.pk
    # The account now holding the records must not be able to log in ...
    assert not (placeholder.is_active and placeholder.has_usable_password()), (
        "the placeholder is an ordinary, active account with the attacker's password"
    )
    # ... nor download them.
    attacker = Client()
    attacker.post(
        reverse("accounts:login"), {"username": PLACEHOLDER_EMAIL, "password": ATTACKER_PASSWORD}
    )
    assert "_auth_user_id" not in attacker.session


VICTIM_ADDRESS = "saljchef@vagbolaget.se"


def _register(address: str) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:signup"),
        {
            "full_name": "Mallory",
            "email": address,
            "password1": ATTACKER_PASSWORD,
            "password2": ATTACKER_PASSWORD,
        },
    )
    assert response.status_code == 302  # no verification: logged in at once
    return client


def test_export_does_not_reveal_a_hidden_contact_entry_to_an_unverified_address():
    company = OrganisationFactory(name="Vågbolaget AB")
    ContactPersonFactory(
        company=company,
        email=VICTIM_ADDRESS,
        name="Sara Säljare",
        phone="+46 70 123 45 67",
        is_public=False,
    )
    admin = UserFactory()
    MembershipFactory(organisation=company, user=admin, role="admin")
    Invitation.objects.create(
        organisation=OrganisationFactory(name="Hemlig Kommun"),
        email="ny@vagbolaget.se",
        role="admin",
        token="t" * 40,
        invited_by=admin,
        expires_at=timezone.now() + timedelta(days=7),
    )
    body = _register(VICTIM_ADDRESS).post(reverse("privacy:export")).content.decode()
    assert "+46 70 123 45 67" not in body
    body = _register("ny@vagbolaget.se").post(reverse("privacy:export")).content.decode()
    assert "Hemlig Kommun" not in body


def test_deleting_an_unverified_account_does_not_delete_another_companys_contact_or_invitation():
    company = OrganisationFactory(name="Vågbolaget AB")
    contact = ContactPersonFactory(company=company, email=VICTIM_ADDRESS, is_public=True)
    admin = UserFactory()
    MembershipFactory(organisation=company, user=admin, role="admin")
    invitation = Invitation.objects.create(
        organisation=company,
        email="ny@vagbolaget.se",
        role="member",
        token="u" * 40,
        invited_by=admin,
        expires_at=timezone.now() + timedelta(days=7),
    )
    # Mallory is no member of Vågbolaget AB; she only typed its addresses at sign-up.
    for address in (VICTIM_ADDRESS, "ny@vagbolaget.se"):
        client = _register(address)
        assert (
            client.post(reverse("privacy:delete"), {"confirmation": ATTACKER_PASSWORD}).status_code
            == 302
        )
    assert ContactPerson.objects.filter(pk=contact.pk).exists(), "company's contact entry deleted"
    assert Invitation.objects.filter(pk=invitation.pk).exists(), "pending invitation deleted"


def test_password_guesses_on_the_delete_form_are_limited(settings):
    user = UserFactory()
    client = Client()
    client.force_login(user)  # e.g. a borrowed/stolen session
    for n in range(settings.AXES_FAILURE_LIMIT * 3):
        client.post(reverse("privacy:delete"), {"confirmation": f"guess-{n}"})
    response = client.post(reverse("privacy:delete"), {"confirmation": PASSWORD})
    assert response.status_code in (403, 429), "the right guess after 15 wrong ones still works"


def test_deleting_an_account_leaves_unrelated_log_entries_alone():
    someone_else = UserFactory()
    event = EventFactory()
    # The equal-treatment log of an event Mallory never touched.
    unrelated = LogEntry.objects.create(
        event=event,
        action="request_created",
        actor=someone_else,
        details={"organisation": "Vågbolaget AB", "contact": "joanna@kommun.se"},
    )
    network = NetworkFactory()
    namesake_entry = NetworkLogEntry.objects.create(
        network=network,
        actor=someone_else,
        action="member_added",
        details={"person": "Anna Svensson"},
    )
    # Mallory names herself after the company and picks an address that is a suffix of another.
    mallory = UserFactory(full_name="Vågbolaget AB", email="anna@kommun.se")
    client = Client()
    client.force_login(mallory)
    assert client.post(reverse("privacy:delete"), {"confirmation": PASSWORD}).status_code == 302
    unrelated.refresh_from_db()
    assert unrelated.details == {"organisation": "Vågbolaget AB", "contact": "joanna@kommun.se"}

    # A real namesake: deleting one "Anna Svensson" scrubs the other one's entries too.
    anna = UserFactory(full_name="Anna Svensson")
    client.force_login(anna)
    client.post(reverse("privacy:delete"), {"confirmation": PASSWORD})
    namesake_entry.refresh_from_db()
    assert namesake_entry.details == {"person": "Anna Svensson"}


def test_delete_refused_when_a_usable_account_holds_the_placeholder_address(client):
    # An account made with the address before sign-up refused it: records must never go there.
    User.objects.create_user(PLACEHOLDER_EMAIL, "ett-langt-losenord-42")
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("privacy:delete"), {"confirmation": PASSWORD})
    assert response.status_code == 200
    assert User.objects.filter(pk=user.pk).exists()
