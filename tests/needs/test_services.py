import pytest
from django.core.exceptions import ValidationError

from arena.needs.services import challenge_create, challenge_update, focus_area_create
from tests.factories.accounts import UserFactory
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.programmes import ApplicationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_focus_area_tied_to_programme_only_by_approved_member():
    buyer = BuyerFactory()
    programme = ProgrammeFactory()
    with pytest.raises(ValidationError) as error:
        focus_area_create(organisation=buyer, year=2026, title="Skolmat", programme=programme)
    assert "programme" in error.value.message_dict
    ApplicationFactory(programme=programme, organisation=buyer, approved=True)
    area = focus_area_create(organisation=buyer, year=2026, title="Skolmat", programme=programme)
    assert list(programme.focus_areas.all()) == [area]


def test_challenge_tied_to_programme_only_by_approved_member():
    buyer = BuyerFactory()
    programme = ProgrammeFactory()
    ApplicationFactory(programme=programme, organisation=buyer)  # pending is not enough
    fields = {"title_sv": "Utmaning", "text_sv": "Text", "problem": "P", "desired_effects": "E"}
    with pytest.raises(ValidationError):
        challenge_create(owner=buyer, user=UserFactory(), programme=programme, **fields)
    challenge = ChallengeFactory(owners=[buyer])
    with pytest.raises(ValidationError):
        challenge_update(challenge=challenge, programme=programme)
    challenge.refresh_from_db()
    assert challenge.programme is None
